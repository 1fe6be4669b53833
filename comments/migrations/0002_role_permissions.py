"""Moderators review comments, block commenters and maintain the sensitive-word list."""

from django.db import migrations

from accounts.migration_helpers import ensure_permissions, grant


def forwards(apps, schema_editor):
    ensure_permissions(apps, "publiccomments", "screening")
    grant(
        apps,
        "审核员",
        [
            "publiccomments.view_comment",
            "publiccomments.change_comment",
            "publiccomments.moderate_comment",
            "publiccomments.add_commentblock",
            "publiccomments.change_commentblock",
            "publiccomments.view_commentblock",
            "publiccomments.change_commentsettings",
            "screening.add_sensitiveword",
            "screening.change_sensitiveword",
            "screening.delete_sensitiveword",
            "screening.view_sensitiveword",
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("publiccomments", "0001_initial"),
        ("screening", "0001_initial"),
        ("accounts", "0002_roles_and_publishing_workflow"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
