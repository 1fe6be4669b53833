"""Admin for the sensitive-word list: moderators add, edit, disable and search words (Moderation menu)."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SensitiveWord


class SensitiveWordViewSet(SnippetViewSet):
    model = SensitiveWord
    icon = "warning"
    menu_label = _("Sensitive words")
    list_display = ["term", "category", "action", "enabled", "note", "updated_at"]
    list_filter = ["category", "action", "enabled"]
    ordering = ["term"]
    list_per_page = 100
    add_to_admin_menu = False  # shown in the Moderation menu group (see publiccomments' wagtail_hooks)
