"""The publishing workflows' glue: what their last approval does, and which pages get the campaign workflow.

Imported by ``wagtail.models`` itself (``WAGTAIL_FINISH_WORKFLOW_ACTION``), so models are imported inside functions.
"""

from . import roles

CAMPAIGN_INDEX_MODELS = ["tourindexpage", "contestindexpage", "readingroomindexpage", "festivalindexpage"]


def publish_approved(workflow_state, user=None):
    """``WAGTAIL_FINISH_WORKFLOW_ACTION``: the last approval publishes the approved revision.

    The workflow itself is the authority to publish: 终审 (分管领导) signs the page off without holding Wagtail's
    publish permission, so no reviewer can publish a page by the editor's "Publish" button and skip the levels.
    """
    workflow_state.content_object.get_latest_revision().publish(user=user, skip_permission_checks=True)


def assign_campaign_workflow():
    """Campaign index pages (and so every campaign below them) keep one human step: 活动发布审核."""
    from wagtail.models import Page, Workflow, WorkflowPage

    workflow = Workflow.objects.filter(name=roles.CAMPAIGN_WORKFLOW, active=True).first()
    if workflow is None:
        return 0
    assigned = 0
    pages = Page.objects.filter(content_type__app_label="campaigns", content_type__model__in=CAMPAIGN_INDEX_MODELS)
    for page in pages:
        _row, created = WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
        assigned += created
    return assigned
