from django import template

from ..models import Comment
from ..policy import active_block

register = template.Library()


@register.simple_tag
def my_comments(user, limit=20):
    """The worker's latest comments with their outcome; decisions they have not seen yet are counted, then
    marked as seen (showing them on the account page is the notification)."""
    items = list(Comment.objects.filter(author=user).exclude(status="deleted", moderated_by__isnull=True)[:limit])
    unseen = [comment.pk for comment in items if not comment.author_notified]
    if unseen:
        Comment.objects.filter(pk__in=unseen).update(author_notified=True)
    return {"items": items, "unseen": len(unseen), "block": active_block(user)}
