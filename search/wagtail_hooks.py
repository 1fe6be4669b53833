"""Admin for the site search: the synonym groups editors maintain (Snippets)."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SynonymGroup


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = _("Search synonyms")
    list_display = ["terms", "enabled", "note", "updated_at"]
    list_filter = ["enabled"]
    ordering = ["terms"]
    list_per_page = 100


register_snippet(SynonymGroupViewSet)
