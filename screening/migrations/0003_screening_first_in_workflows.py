"""内容筛查 becomes the first step of both publishing workflows (发布审核 and 活动发布审核)."""

from django.db import migrations

TASK = "内容筛查"
WORKFLOWS = ["发布审核", "活动发布审核"]


def forwards(apps, schema_editor):
    ScreeningTask = apps.get_model("screening.ScreeningTask")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    ContentType = apps.get_model("contenttypes.ContentType")

    task = ScreeningTask.objects.filter(name=TASK).first()
    if task is None:
        task_type, _ = ContentType.objects.get_or_create(app_label="screening", model="screeningtask")
        task = ScreeningTask.objects.create(name=TASK, content_type=task_type, active=True)
    for workflow in Workflow.objects.filter(name__in=WORKFLOWS):
        others = list(WorkflowTask.objects.filter(workflow=workflow).exclude(task_id=task.pk).order_by("sort_order"))
        WorkflowTask.objects.update_or_create(workflow=workflow, task_id=task.pk, defaults={"sort_order": 0})
        for order, row in enumerate(others, start=1):
            row.sort_order = order
            row.save(update_fields=["sort_order"])


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0002_screening_task_and_reports"),
        ("accounts", "0006_three_level_review"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
