"""Admin for judging: the objections to 公示 results (a moderation queue) and judges' recusals.

Scorecards have no admin view: a judge sees their own on the judging pages, everyone's once judging has closed,
and the results show only the computed scores.
"""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Objection, Recusal
from .moderation import DECISIONS, DismissObjectionsBulkAction, EditObjection, UpholdObjectionsBulkAction


class ObjectionViewSet(SnippetViewSet):
    model = Objection
    icon = "warning"
    menu_label = _("Objections (公示)")
    add_to_admin_menu = True
    menu_order = 262
    list_display = [
        Column("reason", label=_("objection")),
        Column("contest", label=_("contest")),
        Column("entry", label=_("entry")),
        Column("author", label=_("author")),
        DateColumn("created_at", label=_("raised at")),
        Column("status_label", label=_("status"), accessor="get_status_display"),
    ]
    list_filter = ["status", "contest"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    edit_handler = ObjectList([FieldPanel("reason", read_only=True), FieldPanel("status"), FieldPanel("response")])

    def get_queryset(self, request):
        return Objection.objects.select_related("contest", "entry", "author")


class RecusalViewSet(SnippetViewSet):
    model = Recusal
    icon = "cross"
    menu_label = _("Judges' recusals")
    add_to_admin_menu = True
    menu_order = 263
    list_display = ["judge", "entry", "reason", DateColumn("recorded_at", label=_("recorded at"))]
    ordering = ["-recorded_at"]
    panels = [FieldPanel("judge"), FieldPanel("entry"), FieldPanel("reason")]


register_snippet(ObjectionViewSet)
register_snippet(RecusalViewSet)

for bulk_action in (UpholdObjectionsBulkAction, DismissObjectionsBulkAction):
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("register_actions")
def register_objection_actions(registry):
    registry.register(Objection, EditObjection)


@hooks.register("register_log_actions")
def register_judging_log_actions(actions):
    for action in DECISIONS:
        action.register_log_action(actions)
    actions.register_action("judging.objection.raise", _("Raise objection"), _("Objection raised"))
