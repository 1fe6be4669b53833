"""The 活动管理员 role: organisers who check workers in and export the sign-ups of every event."""

from django.db import migrations

from accounts.migration_helpers import ensure_permissions, grant

ORGANISERS = "活动管理员"  # signups.roles.ORGANISERS, written out: a migration does not import app code that may change


def forwards(apps, schema_editor):
    ensure_permissions(apps, "signups")
    grant(apps, ORGANISERS, ["signups.organise_activity"])


def backwards(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name=ORGANISERS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("signups", "0001_initial"),
        ("accounts", "0008_sign_in_events_and_password_history"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
