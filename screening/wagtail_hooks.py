"""Admin for the sensitive-word list: moderators add, edit, disable and search words (Moderation menu)."""

from django.contrib.messages import get_messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin import messages
from wagtail.models import WorkflowState
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Action, ScreeningReport, SensitiveWord
from .review import summary_html


class SensitiveWordViewSet(SnippetViewSet):
    model = SensitiveWord
    icon = "warning"
    menu_label = _("Sensitive words")
    list_display = ["term", "category", "action", "enabled", "note", "updated_at"]
    list_filter = ["category", "action", "enabled"]
    ordering = ["term"]
    list_per_page = 100
    add_to_admin_menu = False  # shown in the Moderation menu group (see publiccomments' wagtail_hooks)


# ---- the screening step of the publishing workflows, as editors and reviewers see it -------------------------


def latest_page_report(page):
    revision_id = type(page).objects.filter(pk=page.pk).values_list("latest_revision_id", flat=True).first()
    return ScreeningReport.objects.filter(revision_id=revision_id).first() if revision_id else None


def blocked_by_screening(request, page):
    """After a submission: a page the screening step sent back returns to its editor with the words marked,
    instead of Wagtail's "submitted for moderation"."""
    state = WorkflowState.objects.for_instance(page).order_by("-created_at").first()
    if state is None or state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return None
    report = latest_page_report(page)
    if report is None or report.action != Action.REJECT:
        return None
    list(get_messages(request))  # reading the queued messages clears them ("submitted" is not true)
    messages.error(request, summary_html(report))
    return redirect(reverse("wagtailadmin_pages:edit", args=(page.pk,)))


@hooks.register("after_create_page")
def after_create_page(request, page):
    return blocked_by_screening(request, page)


@hooks.register("after_edit_page")
def after_edit_page(request, page):
    return blocked_by_screening(request, page)


@hooks.register("before_edit_page")
def show_screening_flags(request, page):
    """Whoever opens a page that waits for review (or was sent back by screening) sees what screening found in
    the revision under review, with the words marked, at every level."""
    if request.method != "GET":
        return None
    state = WorkflowState.objects.for_instance(page).order_by("-created_at").first()
    if state is None or state.status not in (WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES):
        return None
    report = latest_page_report(page)
    if report is not None and report.action != Action.ALLOW:
        level = messages.error if report.action == Action.REJECT else messages.warning
        level(request, summary_html(report))
    return None
