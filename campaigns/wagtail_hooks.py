"""Admin for campaigns: the lecture library (speakers), districts, and the moderators' queue of video entries."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.takedown import bulk_action_for

from .forms import VideoEntryAdminForm
from .models import District, Speaker, VideoEntry
from .moderation import (
    DECISIONS,
    SHORTLIST_DECISIONS,
    ApproveEntriesBulkAction,
    EditEntry,
    RejectEntriesBulkAction,
    RetryProcessing,
    RetryProcessingBulkAction,
    ShortlistEntriesBulkAction,
    UnshortlistEntriesBulkAction,
)


class SpeakerViewSet(SnippetViewSet):
    model = Speaker
    icon = "user"
    menu_label = _("Lecture library")
    list_display = ["name", "title", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "organisation", "topics"]
    ordering = ["name"]


class DistrictViewSet(SnippetViewSet):
    model = District
    icon = "site"
    menu_label = _("Districts")
    list_display = ["name", "sort_order"]
    ordering = ["sort_order", "name"]


class VideoPreviewPanel(Panel):
    """The entry's player for the moderator: the converted video with its poster frame, the processing state and
    the original upload."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "campaigns/admin/video_preview.html"

        def get_context_data(self, parent_context=None):
            return {**super().get_context_data(parent_context), "entry": self.instance}


class VideoEntryViewSet(SnippetViewSet):
    model = VideoEntry
    icon = "media"
    menu_label = _("Video entries")
    list_display = [
        "title",
        Column("contest", label=_("contest")),
        "author_name",
        "category",
        Column("status_label", label=_("status"), accessor="get_status_display"),
        Column("processing_label", label=_("processing"), accessor="get_processing_display"),
        Column("shortlisted", label=_("shortlisted (入围)")),
        "vote_count",
        DateColumn("submitted_at", label=_("submitted at")),
    ]
    list_filter = ["status", "processing", "shortlisted", "contest", "category"]
    search_fields = ["title", "author_name", "work_unit", "description"]
    ordering = ["-submitted_at"]
    list_per_page = 50
    edit_handler = ObjectList(
        [
            FieldPanel("contest"),
            FieldPanel("category"),
            FieldPanel("title"),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("author_name"), FieldPanel("work_unit")]),
            FieldRowPanel([FieldPanel("poster"), FieldPanel("poster_alt")]),
            MultiFieldPanel(
                [VideoPreviewPanel(), FieldPanel("video"), FieldPanel("external_url")],
                heading=_("Video (one of the two)"),
            ),
            FieldPanel("captions"),
            MultiFieldPanel([FieldPanel("status"), FieldPanel("rejection_reason")], heading=_("Moderation")),
            MultiFieldPanel([FieldPanel("award"), FieldPanel("award_note")], heading=_("Judges' award")),
        ],
        base_form_class=VideoEntryAdminForm,
    )

    def get_queryset(self, request):
        return VideoEntry.objects.select_related("contest", "category")


class CampaignSnippets(SnippetViewSetGroup):
    menu_label = _("Campaigns")
    menu_icon = "date"
    menu_order = 250
    items = (VideoEntryViewSet, SpeakerViewSet, DistrictViewSet)


register_snippet(CampaignSnippets)


TakeDownEntriesBulkAction = bulk_action_for(VideoEntry, "campaigns/admin/moderation_item.html")  # 一键下线

for bulk_action in (
    ApproveEntriesBulkAction,
    RejectEntriesBulkAction,
    ShortlistEntriesBulkAction,
    UnshortlistEntriesBulkAction,
    RetryProcessingBulkAction,
    TakeDownEntriesBulkAction,
):
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("register_actions")
def register_entry_actions(registry):
    registry.register(VideoEntry, EditEntry)  # the edit view's status changes go through the moderation actions


@hooks.register("register_log_actions")
def register_entry_log_actions(actions):
    for action in (*DECISIONS, *SHORTLIST_DECISIONS, RetryProcessing):
        action.register_log_action(actions)
