"""Create the site's roles and the publishing workflow.

- 编辑 (editors): use the admin, create and edit pages and media, cannot publish.
- 审核员 (moderators): everything editors can, plus publish, lock and unlock; they are the approvers of the
  workflow 发布审核, which is assigned to the whole page tree.
- 职工 (workers): members using the public site; no admin access.

Wagtail's own migrations create English "Editors"/"Moderators" groups and a "Moderators approval" workflow; we
take those rows over (renaming them) rather than leave two sets of roles side by side.
"""

from django.db import migrations

from accounts.migration_helpers import ensure_permissions, get_permissions

EDITORS = "编辑"
MODERATORS = "审核员"
WORKERS = "职工"
WORKFLOW = "发布审核"
TASK = "审核员审批"

EDITOR_PAGE_PERMS = ["add_page", "change_page"]
MODERATOR_PAGE_PERMS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"]
MEDIA_PERMS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]


def take_over_group(Group, old_name, new_name):
    group = Group.objects.filter(name=new_name).first()
    if group is None:
        group = Group.objects.filter(name=old_name).first()
        if group is not None:
            group.name = new_name
            group.save()
        else:
            group = Group.objects.create(name=new_name)
    return group


def forwards(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    ContentType = apps.get_model("contenttypes.ContentType")

    ensure_permissions(apps, "wagtailadmin", "wagtailcore", "wagtailimages", "wagtaildocs")

    editors = take_over_group(Group, "Editors", EDITORS)
    moderators = take_over_group(Group, "Moderators", MODERATORS)
    Group.objects.get_or_create(name=WORKERS)

    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)
    admin_access = get_permissions(apps, ["wagtailadmin.access_admin"])
    media = get_permissions(apps, MEDIA_PERMS)

    for group, page_perms in ((editors, EDITOR_PAGE_PERMS), (moderators, MODERATOR_PAGE_PERMS)):
        group.permissions.add(*admin_access)
        # Page permissions on the tree root reach every page; replace whatever was there before.
        GroupPagePermission.objects.filter(group=group).delete()
        for permission in get_permissions(apps, [f"wagtailcore.{name}" for name in page_perms]):
            GroupPagePermission.objects.create(group=group, page=root_page, permission=permission)
        GroupCollectionPermission.objects.filter(group=group).delete()
        for permission in media:
            GroupCollectionPermission.objects.create(group=group, collection=root_collection, permission=permission)

    # The workflow: one approval step by the moderators, assigned to the root so every page goes through it.
    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=TASK).first()
    if task is None:
        task = (
            GroupApprovalTask.objects.filter(groups=moderators, active=True).first()
            or GroupApprovalTask.objects.create(name=TASK, content_type=task_type, active=True)
        )
        task.name = TASK
        task.save()
    task.groups.set([moderators])

    workflow = Workflow.objects.filter(name=WORKFLOW).first()
    if workflow is None:
        workflow = Workflow.objects.filter(workflow_tasks__task=task).first() or Workflow.objects.create(
            name=WORKFLOW, active=True
        )
        workflow.name = WORKFLOW
        workflow.active = True
        workflow.save()
    WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).delete()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.filter(page=root_page).delete()
    WorkflowPage.objects.create(workflow=workflow, page=root_page)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
