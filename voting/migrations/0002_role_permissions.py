"""Moderators see the votes' audit trail and may void votes."""

from django.db import migrations

from accounts.migration_helpers import ensure_permissions, grant


def forwards(apps, schema_editor):
    ensure_permissions(apps, "voting")
    grant(apps, "审核员", ["voting.view_vote", "voting.void_vote"])


class Migration(migrations.Migration):
    dependencies = [
        ("voting", "0001_initial"),
        ("accounts", "0002_roles_and_publishing_workflow"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
