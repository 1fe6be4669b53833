"""Moderators manage the feature categories; editors may pick them (the category chooser needs view)."""

from django.db import migrations

from accounts.migration_helpers import ensure_permissions, grant


def forwards(apps, schema_editor):
    ensure_permissions(apps, "home")
    grant(apps, "审核员", ["home.add_category", "home.change_category", "home.delete_category", "home.view_category"])
    grant(apps, "编辑", ["home.view_category"])


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_homepage"),
        ("accounts", "0002_roles_and_publishing_workflow"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
