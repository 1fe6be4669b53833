"""The moderators' side of comments in the Wagtail admin: the review queue with filters, search and bulk
approve / reject / remove (with a reason), blocks on workers, the sensitive-word list, the history of every
decision (Wagtail's audit log, per comment and under Reports → Site history) and a dashboard panel."""

from datetime import timedelta

from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

import django_filters

from screening.matcher import highlight
from screening.models import Category as WordCategory
from screening.wagtail_hooks import SensitiveWordViewSet

from . import policy
from .forms import ModerationReasonForm
from .models import Comment, CommentBlock, HeldBecause, Status

MODERATE_PERMISSION = "publiccomments.moderate_comment"


class CommentFilterSet(WagtailFilterSet):
    """The queue opens on the comments awaiting review (待审核); "All statuses" shows every comment."""

    status = django_filters.ChoiceFilter(label=_("status"), choices=Status.choices, empty_label=_("All statuses"))
    held_because = django_filters.ChoiceFilter(label=_("held because"), choices=HeldBecause.choices)
    match_category = django_filters.ChoiceFilter(
        label=_("category matched"), choices=WordCategory.choices, method="filter_match_category"
    )
    target_title = django_filters.CharFilter(label=_("page"), lookup_expr="icontains")
    reported = django_filters.BooleanFilter(label=_("reported"), method="filter_reported")

    class Meta:
        model = Comment
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and "status" not in data:
            data = data.copy()
            data["status"] = Status.PENDING
        super().__init__(data, *args, **kwargs)

    def filter_match_category(self, queryset, name, value):
        return queryset.filter(match_categories__contains=value)

    def filter_reported(self, queryset, name, value):
        return queryset.filter(report_count__gt=0) if value else queryset.filter(report_count=0)


class BodyColumn(TitleColumn):
    """The comment, matched words highlighted, linked to its review page."""

    def get_value(self, instance):
        return highlight(instance.body[:300], [m for m in instance.matches if m["end"] <= 300])


class MatchesColumn(Column):
    def get_value(self, instance):
        terms = sorted({m["term"] for m in instance.matches})
        reasons = instance.report_reasons() if instance.report_count else []
        return format_html(
            "{}{}",
            "、".join(terms),
            format_html(" <br>{}", _("Reports: %(reasons)s") % {"reasons": "、".join(reasons)}) if reasons else "",
        )


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = _("Comments")
    list_display = [
        BodyColumn("body", label=_("comment"), url_name="wagtailsnippets_publiccomments_comment:edit"),
        Column("target_title", label=_("on")),
        Column("author", label=_("author")),
        DateColumn("created_at", label=_("written at")),
        Column("status_label", label=_("status"), accessor="get_status_display"),
        Column("held_label", label=_("held because"), accessor="get_held_because_display"),
        MatchesColumn("matches", label=_("matched words / reports")),
    ]
    filterset_class = CommentFilterSet  # search uses the model's search_fields (body, page, author)
    ordering = ["-created_at"]
    list_per_page = 50
    inspect_view_enabled = True
    edit_handler = ObjectList(
        [
            HelpPanel(template="comments/admin/comment_help_panel.html", heading=_("The comment")),
            FieldPanel("status"),
            FieldPanel("moderation_reason"),
        ]
    )

    def get_queryset(self, request):
        return Comment.objects.select_related("author").prefetch_related("reports")


class CommentBlockViewSet(SnippetViewSet):
    model = CommentBlock
    icon = "lock"
    menu_label = _("Blocked commenters")
    list_display = ["user", "reason", "ends_at", DateColumn("created_at", label=_("blocked at")), "created_by",
                    "lifted_at"]  # fmt: skip
    ordering = ["-created_at"]
    panels = [FieldPanel("user"), FieldPanel("reason"), FieldPanel("ends_at"), FieldPanel("lifted_at")]


class ModerationGroup(SnippetViewSetGroup):
    menu_label = _("Moderation")
    menu_icon = "warning"
    menu_order = 240
    items = (CommentViewSet, CommentBlockViewSet, SensitiveWordViewSet)


register_snippet(ModerationGroup)


@hooks.register("after_create_snippet")
def record_block_author(request, instance):
    if isinstance(instance, CommentBlock) and instance.created_by_id is None:
        CommentBlock.objects.filter(pk=instance.pk).update(created_by=request.user)


@hooks.register("after_edit_snippet")
def after_comment_edit(request, instance):
    """A moderator changed a comment's status in its edit view: the author hears of it, caches forget it."""
    if isinstance(instance, Comment):
        Comment.objects.filter(pk=instance.pk).update(
            moderated_by=request.user, moderated_at=timezone.now(), author_notified=False
        )
        policy.forget_pages(instance)


# ---- bulk actions in the queue ---------------------------------------------------------------------------


class _CommentAction(SnippetBulkAction):
    models = [Comment]
    action = None

    def check_perm(self, comment):
        return self.request.user.has_perm(MODERATE_PERMISSION)

    @classmethod
    def execute_action(cls, objects, user=None, reason="", **kwargs):
        return policy.moderate(list(objects), cls.action, kwargs["self"].request.user, reason), 0


class _ReasonedCommentAction(_CommentAction):
    form_class = ModerationReasonForm

    def get_execution_context(self):
        return {**super().get_execution_context(), "reason": self.cleaned_form.cleaned_data["reason"]}


@hooks.register("register_bulk_action")
class ApproveCommentsBulkAction(_CommentAction):
    display_name = _("Approve")
    action_type = "approve_comments"
    aria_label = _("Approve the selected comments")
    template_name = "comments/admin/confirm_approve.html"
    action_priority = 10
    action = policy.APPROVE

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(count)d comment approved.", "%(count)d comments approved.", num_parent_objects) % {
            "count": num_parent_objects
        }


@hooks.register("register_bulk_action")
class RejectCommentsBulkAction(_ReasonedCommentAction):
    display_name = _("Reject")
    action_type = "reject_comments"
    aria_label = _("Reject the selected comments")
    template_name = "comments/admin/confirm_reject.html"
    action_priority = 20
    action = policy.REJECT

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(count)d comment rejected.", "%(count)d comments rejected.", num_parent_objects) % {
            "count": num_parent_objects
        }


@hooks.register("register_bulk_action")
class RemoveCommentsBulkAction(_ReasonedCommentAction):
    # Not "Delete": that is Wagtail's own bulk action, which erases comments with their history (superusers only).
    display_name = _("Remove with a reason")
    action_type = "remove_comments"
    aria_label = _("Remove the selected comments from the site, telling their authors why")
    template_name = "comments/admin/confirm_remove.html"
    action_priority = 30
    action = policy.DELETE

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(count)d comment removed.", "%(count)d comments removed.", num_parent_objects) % {
            "count": num_parent_objects
        }


@hooks.register("register_log_actions")
def register_comment_log_actions(actions):
    actions.register_action(policy.APPROVE, _("Approve comment"), _("Comment approved"))
    actions.register_action(policy.REJECT, _("Reject comment"), _("Comment rejected"))
    actions.register_action(policy.DELETE, _("Remove comment"), _("Comment removed"))
    actions.register_action(policy.HIDE, _("Hide reported comment"), _("Comment hidden after reports"))
    actions.register_action(policy.BLOCK, _("Block commenter"), _("Commenter blocked"))


# ---- dashboard -------------------------------------------------------------------------------------------


class CommentQueuePanel(Component):
    name = "comment_queue"
    template_name = "comments/admin/dashboard_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        now = timezone.now()
        today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        pending = Comment.objects.filter(status=Status.PENDING)
        oldest = pending.aggregate(oldest=Min("created_at"))["oldest"]
        moderated_today = Comment.objects.filter(moderated_at__gte=today)
        return {
            "pending": pending.count(),
            "oldest_age": age_label(now - oldest) if oldest else "",
            "approved_today": moderated_today.filter(status=Status.APPROVED).count(),
            "rejected_today": moderated_today.filter(status__in=[Status.REJECTED, Status.DELETED]).count(),
            "queue_url": reverse(CommentViewSet().get_url_name("list")) + "?status=pending",
        }


@hooks.register("construct_homepage_panels")
def add_comment_queue_panel(request, panels):
    if request.user.has_perm(MODERATE_PERMISSION):
        panels.append(CommentQueuePanel())


def age_label(age):
    if age < timedelta(hours=1):
        return _("%(n)d minutes") % {"n": age.total_seconds() // 60}
    return _("%(n)d hours") % {"n": age.total_seconds() // 3600}
