"""Moderators verify and disable workers (through the Workers admin, not Wagtail's user administration)."""

from django.db import migrations

from accounts.migration_helpers import ensure_permissions, grant


def forwards(apps, schema_editor):
    ensure_permissions(apps, "accounts")
    grant(apps, "审核员", ["accounts.moderate_worker"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_worker_moderation")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
