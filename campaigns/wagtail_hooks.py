"""Admin for campaigns: the lecture library (speakers), districts, and the moderators' queue of video entries."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .forms import RejectEntriesForm, VideoEntryAdminForm
from .models import District, EntryStatus, Speaker, VideoEntry
from .moderation import APPROVE_ACTION, REJECT_ACTION, approve_entries, reject_entries


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
        "vote_count",
        DateColumn("submitted_at", label=_("submitted at")),
    ]
    list_filter = ["status", "contest", "category"]
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
            MultiFieldPanel([FieldPanel("video"), FieldPanel("external_url")], heading=_("Video (one of the two)")),
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


class _EntryModerationAction(SnippetBulkAction):
    models = [VideoEntry]

    def check_perm(self, entry):
        return self.request.user.has_perm("campaigns.change_videoentry")


@hooks.register("register_bulk_action")
class ApproveEntriesBulkAction(_EntryModerationAction):
    display_name = _("Approve")
    action_type = "approve_entries"
    aria_label = _("Approve the selected entries")
    template_name = "campaigns/admin/confirm_approve_entries.html"
    action_priority = 10

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        pending = [entry for entry in objects if entry.status != EntryStatus.APPROVED]
        return approve_entries(pending, kwargs["self"].request.user), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(count)d entry approved.", "%(count)d entries approved.", num_parent_objects) % {
            "count": num_parent_objects
        }


@hooks.register("register_bulk_action")
class RejectEntriesBulkAction(_EntryModerationAction):
    display_name = _("Reject")
    action_type = "reject_entries"
    aria_label = _("Reject the selected entries")
    template_name = "campaigns/admin/confirm_reject_entries.html"
    action_priority = 20
    form_class = RejectEntriesForm

    def get_execution_context(self):
        return {**super().get_execution_context(), "reason": self.cleaned_form.cleaned_data["reason"]}

    @classmethod
    def execute_action(cls, objects, user=None, reason="", **kwargs):
        return reject_entries(list(objects), kwargs["self"].request.user, reason), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(count)d entry rejected.", "%(count)d entries rejected.", num_parent_objects) % {
            "count": num_parent_objects
        }


@hooks.register("register_log_actions")
def register_entry_log_actions(actions):
    actions.register_action(APPROVE_ACTION, _("Approve entry"), _("Entry approved"))
    actions.register_action(REJECT_ACTION, _("Reject entry"), _("Entry rejected"))
