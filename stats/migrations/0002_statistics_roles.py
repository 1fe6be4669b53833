"""Who sees the statistics dashboard: editors and leaders see every figure; the new read-only role 统计查看 sees
every figure and nothing else of the admin; moderators see the moderation figures (stats/permissions.py)."""

from django.db import migrations

from accounts.migration_helpers import ensure_permissions, grant

VIEWERS = "统计查看"  # stats.permissions.VIEWERS, written out: a migration does not import app code that may change
EDITORS, LEADERS, MODERATORS = "编辑", "分管领导", "审核员"


def forwards(apps, schema_editor):
    ensure_permissions(apps, "stats", "wagtailadmin")
    grant(apps, VIEWERS, ["stats.view_dashboard", "wagtailadmin.access_admin"])
    grant(apps, EDITORS, ["stats.view_dashboard"])
    grant(apps, LEADERS, ["stats.view_dashboard"])
    grant(apps, MODERATORS, ["stats.view_moderation_figures"])


def backwards(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name=VIEWERS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("stats", "0001_initial"),
        ("accounts", "0009_comment_history"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
