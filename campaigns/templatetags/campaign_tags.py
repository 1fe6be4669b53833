from django import template

from ..models import VideoEntry

register = template.Library()


@register.simple_tag
def my_entries(user, limit=None):
    """A worker's own entries, any status, newest first (for the account page)."""
    if not getattr(user, "is_authenticated", False):
        return []
    entries = VideoEntry.objects.filter(author=user).select_related("contest").order_by("-submitted_at")
    return list(entries[:limit] if limit else entries)
