"""三审: the publishing workflow becomes three levels of review, and campaign pages get a one-step workflow.

- New groups: 编辑部 (初审, the editorial office) and 分管领导 (终审, the leader in charge). Both use the admin;
  编辑部 may add and edit pages anywhere (to correct what it reviews) but not publish; 分管领导 may edit (to
  correct what it reviews, and to open the revision comparison) but neither add nor publish.
- The existing task 审核员审批 becomes 复审（审核员）, so pages waiting for it keep their place; 初审 and 终审 are
  added around it in the workflow 发布审核 (assigned to the tree root: every page, district sections included).
- 活动发布审核 (one step, the moderators) is assigned to the campaign index pages that exist; new ones get it from
  the demo loader or the workflow admin.
The screening task that comes first in both workflows is added by ``screening``'s migration.
"""

from django.db import migrations

from accounts.migration_helpers import ensure_permissions, get_permissions

EDITORS = "编辑"
FIRST_REVIEWERS = "编辑部"
MODERATORS = "审核员"
LEADERS = "分管领导"
WORKFLOW = "发布审核"
CAMPAIGN_WORKFLOW = "活动发布审核"
OLD_TASK = "审核员审批"
FIRST, SECOND, FINAL = "初审（编辑部）", "复审（审核员）", "终审（分管领导）"
CAMPAIGN_INDEXES = ["tourindexpage", "contestindexpage", "readingroomindexpage", "festivalindexpage"]

MEDIA_PERMS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]


def approval_task(apps, name, group, old_name=None):
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    ContentType = apps.get_model("contenttypes.ContentType")
    task = GroupApprovalTask.objects.filter(name=name).first()
    if task is None and old_name:
        task = GroupApprovalTask.objects.filter(name=old_name).first()
    if task is None:
        task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.create(name=name, content_type=task_type, active=True)
    task.name = name
    task.active = True
    task.save()
    task.groups.set([group])
    return task


def set_tasks(apps, workflow, tasks):
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowTask.objects.filter(workflow=workflow).exclude(task__in=tasks).delete()
    for order, task in enumerate(tasks):
        WorkflowTask.objects.update_or_create(workflow=workflow, task=task, defaults={"sort_order": order})


def forwards(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")

    ensure_permissions(apps, "wagtailadmin", "wagtailcore", "wagtailimages", "wagtaildocs")
    admin_access = get_permissions(apps, ["wagtailadmin.access_admin"])
    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)

    first_reviewers, _ = Group.objects.get_or_create(name=FIRST_REVIEWERS)
    leaders, _ = Group.objects.get_or_create(name=LEADERS)
    moderators = Group.objects.get(name=MODERATORS)
    for group in (first_reviewers, leaders):
        group.permissions.add(*admin_access)
    for permission in get_permissions(apps, ["wagtailcore.add_page", "wagtailcore.change_page"]):
        GroupPagePermission.objects.get_or_create(group=first_reviewers, page=root_page, permission=permission)
    for permission in get_permissions(apps, MEDIA_PERMS):
        GroupCollectionPermission.objects.get_or_create(
            group=first_reviewers, collection=root_collection, permission=permission
        )
    for permission in get_permissions(apps, ["wagtailcore.change_page"]):
        GroupPagePermission.objects.get_or_create(group=leaders, page=root_page, permission=permission)
    for permission in get_permissions(apps, ["wagtailimages.choose_image", "wagtaildocs.choose_document"]):
        GroupCollectionPermission.objects.get_or_create(group=leaders, collection=root_collection, permission=permission)

    first = approval_task(apps, FIRST, first_reviewers)
    second = approval_task(apps, SECOND, moderators, old_name=OLD_TASK)
    final = approval_task(apps, FINAL, leaders)

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    set_tasks(apps, workflow, [first, second, final])
    if not WorkflowPage.objects.filter(page=root_page).exists():
        WorkflowPage.objects.create(workflow=workflow, page=root_page)

    campaign_workflow, _ = Workflow.objects.get_or_create(name=CAMPAIGN_WORKFLOW, defaults={"active": True})
    set_tasks(apps, campaign_workflow, [second])
    for page in Page.objects.filter(content_type__app_label="campaigns", content_type__model__in=CAMPAIGN_INDEXES):
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": campaign_workflow})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_moderators_manage_workers")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
