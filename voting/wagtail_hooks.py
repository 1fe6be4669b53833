"""Admin for voting: the audit trail of every vote (read-only) and the suspicious-votes view.

Ballot secrecy: no admin view lists whom a worker voted for. The audit trail lists votes by entry, address, day
and status without the voter (no voter column, search or detail view); only the suspicious-votes view names the
accounts behind a flagged pattern (a burst from one address, accounts registered minutes apart), so that a
moderator can judge and void it. Ballots and scorecards have no admin listing at all.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .admin_views import VOID_PERMISSION, SuspiciousVotesView
from .models import Vote


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Votes are never added, edited or deleted by hand: only cast by workers and voided through the service."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class VoteViewSet(ModelViewSet):
    model = Vote
    icon = "tick-inverse"
    menu_label = _("Votes")
    menu_order = 260
    add_to_admin_menu = True
    inspect_view_enabled = False  # it would show the voter (ballot secrecy, see above)
    copy_view_enabled = False
    list_display = [
        Column("entry", label=_("entry")),
        "ip",
        "status",
        DateColumn("created_at", label=_("time")),
    ]
    list_filter = ["status", "contest", "day"]
    search_fields = ["ip", "entry__title"]
    ordering = ["-created_at"]
    list_per_page = 100
    form_fields = ["void_reason"]  # required by ModelViewSet; the edit views are not routed (see get_urlpatterns)

    def get_queryset(self, request):
        return Vote.objects.select_related("entry")

    def get_urlpatterns(self):
        keep = {"index", "index_results", "history", "history_results"}
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in keep]


register_permission_policy(Vote, ReadOnlyPolicy(Vote))
vote_viewset = VoteViewSet("votes")


@hooks.register("register_admin_viewset")
def register_vote_viewset():
    return vote_viewset


@hooks.register("register_admin_urls")
def register_suspicious_votes_url():
    return [path("voting/suspicious/", SuspiciousVotesView.as_view(), name="voting_suspicious")]


class SuspiciousVotesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VOID_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_suspicious_votes_menu_item():
    return SuspiciousVotesMenuItem(_("Suspicious votes"), reverse("voting_suspicious"), icon_name="warning", order=261)


@hooks.register("register_log_actions")
def register_vote_log_actions(actions):
    actions.register_action("voting.void", _("Void votes"), _("Votes voided"))
