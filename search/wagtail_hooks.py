"""Admin for the site search: the synonym groups and hot-search decisions editors maintain (Snippets), and the
search analytics (Reports)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import PERMISSION, SearchAnalyticsView
from .models import HotSearchTerm, SynonymGroup


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = _("Search synonyms")
    list_display = ["terms", "enabled", "note", "updated_at"]
    list_filter = ["enabled"]
    ordering = ["terms"]
    list_per_page = 100


register_snippet(SynonymGroupViewSet)


class HotSearchTermViewSet(SnippetViewSet):
    model = HotSearchTerm
    icon = "pick"
    menu_label = _("Hot search terms")
    list_display = ["term", "action", "order", "updated_at"]
    list_filter = ["action"]
    ordering = ["action", "order", "term"]


register_snippet(HotSearchTermViewSet)


@hooks.register("register_admin_urls")
def register_search_analytics_url():
    return [path("search-analytics/", SearchAnalyticsView.as_view(), name="search_analytics")]


class SearchAnalyticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_reports_menu_item")
def register_search_analytics_menu_item():
    return SearchAnalyticsMenuItem(_("Search analytics"), reverse("search_analytics"), icon_name="search", order=900)
