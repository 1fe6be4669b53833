"""Moderators moderate video entries and manage the lecture library; editors maintain the lecture library."""

from django.db import migrations

from accounts.migration_helpers import ensure_permissions, grant

MODERATOR_PERMS = [
    "campaigns.add_videoentry",
    "campaigns.view_videoentry",
    "campaigns.change_videoentry",
    "campaigns.delete_videoentry",
    "campaigns.add_speaker",
    "campaigns.change_speaker",
    "campaigns.view_speaker",
    "campaigns.add_district",
    "campaigns.change_district",
    "campaigns.view_district",
]
EDITOR_PERMS = [
    "campaigns.add_speaker",
    "campaigns.change_speaker",
    "campaigns.view_speaker",
    "campaigns.view_district",
]


def forwards(apps, schema_editor):
    ensure_permissions(apps, "campaigns")
    grant(apps, "审核员", MODERATOR_PERMS)
    grant(apps, "编辑", EDITOR_PERMS)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
        ("accounts", "0002_roles_and_publishing_workflow"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
