"""The moderators' side of comments in the Wagtail admin: the review queue with filters, search and bulk
approve / reject / remove (with a reason), blocks on workers, the sensitive-word list, the history of every
decision (Wagtail's audit log, per comment and under Reports → Site history) and a dashboard panel."""

from datetime import timedelta

from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

import django_filters

from core.takedown import bulk_action_for
from screening.matcher import highlight
from screening.models import Category as WordCategory
from screening.wagtail_hooks import SensitiveWordViewSet

from . import policy
from .forms import CommentModerationForm
from .models import Comment, CommentBlock, HeldBecause, Status
from .moderation import (
    DECISIONS,
    MODERATE_PERMISSION,
    ApproveCommentsBulkAction,
    CreateBlock,
    EditComment,
    RejectCommentsBulkAction,
    RemoveCommentsBulkAction,
)


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
        ],
        base_form_class=CommentModerationForm,
    )

    def get_queryset(self, request):
        return Comment.objects.select_related("author").prefetch_related("reports")


class CommentBlockViewSet(SnippetViewSet):
    model = CommentBlock
    icon = "lock"
    menu_label = _("Blocked commenters")
    list_display = [
        "user",
        "reason",
        "ends_at",
        DateColumn("created_at", label=_("blocked at")),
        "created_by",
        "lifted_at",
    ]
    ordering = ["-created_at"]
    panels = [FieldPanel("user"), FieldPanel("reason"), FieldPanel("ends_at"), FieldPanel("lifted_at")]


class ModerationGroup(SnippetViewSetGroup):
    menu_label = _("Moderation")
    menu_icon = "warning"
    menu_order = 240
    items = (CommentViewSet, CommentBlockViewSet, SensitiveWordViewSet)


register_snippet(ModerationGroup)


# ---- decisions: the queue's bulk buttons and the edit view run the same actions (comments/moderation.py) --------

TakeDownCommentsBulkAction = bulk_action_for(Comment, "comments/admin/moderation_item.html")  # 一键下线

for bulk_action in (
    ApproveCommentsBulkAction,
    RejectCommentsBulkAction,
    RemoveCommentsBulkAction,
    TakeDownCommentsBulkAction,
):
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("register_actions")
def register_comment_actions(registry):
    registry.register(Comment, EditComment)
    registry.register(CommentBlock, CreateBlock)


@hooks.register("register_log_actions")
def register_comment_log_actions(actions):
    for action in DECISIONS:
        action.register_log_action(actions)
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
