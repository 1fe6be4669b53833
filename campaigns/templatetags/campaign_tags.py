from django import template

from ..models import VideoEntry, VideoUpload

register = template.Library()


@register.simple_tag
def unfinished_uploads(user):
    """A worker's chunked uploads not yet finished (上传中): the submission form resumes them."""
    if not getattr(user, "is_authenticated", False):
        return []
    uploads = VideoUpload.objects.filter(user=user).select_related("contest").order_by("-updated_at")
    return [upload for upload in uploads[:10] if not upload.complete]


@register.simple_tag
def my_entries(user, limit=None):
    """A worker's own entries, any status, newest first (for the account page)."""
    if not getattr(user, "is_authenticated", False):
        return []
    entries = VideoEntry.objects.filter(author=user).select_related("contest").order_by("-submitted_at")
    return list(entries[:limit] if limit else entries)
