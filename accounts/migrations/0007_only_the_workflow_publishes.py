"""三审 without a way around it: no group keeps Wagtail's publish permission.

With ``publish_page`` a moderator could press "Publish" in the editor (or publish in bulk, or copy with "publish
copies") and skip 初审 and 终审. The workflow's last approval publishes on the workflow's own authority
(``accounts.workflows.publish_approved``), so nobody but a superuser needs the permission. What moderators used it
for besides, unpublishing in an emergency, is ``core.take_down`` (一键下线, ``core.takedown``).
"""

from django.db import migrations

from accounts.migration_helpers import ensure_permissions, get_permissions, grant


def forwards(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    ensure_permissions(apps, "core", "wagtailcore")
    (publish,) = get_permissions(apps, ["wagtailcore.publish_page"])
    GroupPagePermission.objects.filter(permission=publish).delete()
    grant(apps, "审核员", ["core.take_down"])


def backwards(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    (publish,) = get_permissions(apps, ["wagtailcore.publish_page"])
    moderators = Group.objects.filter(name="审核员").first()
    if moderators is not None:
        GroupPagePermission.objects.get_or_create(group=moderators, page=Page.objects.get(depth=1), permission=publish)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_three_level_review"),
        ("core", "0003_take_down_permission"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
