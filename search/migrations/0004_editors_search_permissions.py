"""Editors maintain the synonym groups and hot-search decisions and read the search analytics."""

from django.db import migrations

from accounts.migration_helpers import ensure_permissions, grant

EDITOR_PERMS = [
    "sitesearch.add_synonymgroup",
    "sitesearch.change_synonymgroup",
    "sitesearch.delete_synonymgroup",
    "sitesearch.view_synonymgroup",
    "sitesearch.add_hotsearchterm",
    "sitesearch.change_hotsearchterm",
    "sitesearch.delete_hotsearchterm",
    "sitesearch.view_hotsearchterm",
    "sitesearch.view_searchqueryday",
]


def forwards(apps, schema_editor):
    ensure_permissions(apps, "sitesearch")
    grant(apps, "编辑", EDITOR_PERMS)


class Migration(migrations.Migration):
    dependencies = [
        ("sitesearch", "0003_search_analytics"),
        ("accounts", "0002_roles_and_publishing_workflow"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
