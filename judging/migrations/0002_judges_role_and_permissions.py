"""The 评委 (judges) role, and the moderators' permissions to answer objections and record recusals."""

from django.db import migrations

from accounts.migration_helpers import ensure_permissions, grant

MODERATOR_PERMS = [
    "judging.view_objection",
    "judging.change_objection",
    "judging.view_recusal",
    "judging.add_recusal",
    "judging.change_recusal",
    "judging.delete_recusal",
]


def forwards(apps, schema_editor):
    ensure_permissions(apps, "judging")
    grant(apps, "审核员", MODERATOR_PERMS)
    apps.get_model("auth.Group").objects.get_or_create(name="评委")  # accounts.roles.JUDGES: no admin permissions


class Migration(migrations.Migration):
    dependencies = [
        ("judging", "0001_initial"),
        ("accounts", "0002_roles_and_publishing_workflow"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
