"""Keep ``User.has_comment_history`` true for everyone who has a comment or a block.

``/accounts/me/`` reads the user's row anyway; for the many workers who have never commented nor been blocked
(the flag is false) its comments part answers without a query (``comments.personal``). The flag is set in the
transaction that adds the comment or block and is never cleared, so it can be stale only in the safe direction
(true for a worker whose comments are all gone: one query more).
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save


def mark_comment_history(user_id):
    get_user_model().objects.filter(pk=user_id, has_comment_history=False).update(has_comment_history=True)


def comment_written(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        mark_comment_history(instance.author_id)


def block_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        mark_comment_history(instance.user_id)


def connect():
    from .models import Comment, CommentBlock

    post_save.connect(comment_written, sender=Comment, dispatch_uid="comment_history_on_comment")
    post_save.connect(block_created, sender=CommentBlock, dispatch_uid="comment_history_on_block")
