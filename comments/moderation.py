"""The moderators' decisions on comments, each one action class (see core.moderation): approve, reject, remove.

The queue's bulk buttons, the comment's edit view and ``policy.moderate`` all run these, so every decision has
its reason, its audit-log entry, the author's notice and the cache invalidation.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from wagtail.actions.create import CreateAction
from wagtail.log_actions import log

from core.moderation import ModeratedEditAction, ModerationAction, ModerationBulkAction

from .models import Comment, Status

MODERATE_PERMISSION = "publiccomments.moderate_comment"
BLOCK = "publiccomments.block"


class CommentModeration(ModerationAction):
    model = Comment
    permission = MODERATE_PERMISSION
    public_status = Status.APPROVED

    def apply(self):
        fields = super().apply()
        comment = self.instance
        if self.target_status == Status.APPROVED:
            comment.held_because = ""
        comment.author_notified = False  # the account page marks the new decision
        return [*fields, "held_because", "author_notified"]

    def notify(self):
        from .policy import notify_authors

        notify_authors([self.instance])

    def invalidate(self, was_public):
        from .policy import forget_pages

        if was_public or self.instance.status == Status.APPROVED:
            forget_pages(self.instance)


class ApproveComment(CommentModeration):
    action_name = "approve"
    log_action = "publiccomments.approve"
    target_status = Status.APPROVED
    label = _("Approve")
    done_label = _("Comment approved")
    bulk_label = _("Approve the selected comments")
    title = _("Approve comments")
    question = ngettext_lazy(
        "Approve this comment? It appears on the page at once.",
        "Approve these %(count)d comments? They appear on their pages at once.",
        "count",
    )
    success_message = ngettext_lazy("%(count)d comment approved.", "%(count)d comments approved.", "count")


class RejectComment(CommentModeration):
    action_name = "reject"
    log_action = "publiccomments.reject"
    target_status = Status.REJECTED
    reason_required = True
    label = _("Reject")
    done_label = _("Comment rejected")
    bulk_label = _("Reject the selected comments")
    title = _("Reject comments")
    question = ngettext_lazy(
        "Reject this comment? Its author sees the reason.",
        "Reject these %(count)d comments? Their authors see the reason.",
        "count",
    )
    success_message = ngettext_lazy("%(count)d comment rejected.", "%(count)d comments rejected.", "count")


class RemoveComment(CommentModeration):
    action_name = "remove"
    log_action = "publiccomments.delete"
    target_status = Status.DELETED
    reason_required = True
    # Not "Delete": that is Wagtail's own bulk action, which erases comments with their history (superusers only).
    label = _("Remove with a reason")
    done_label = _("Comment removed")
    bulk_label = _("Remove the selected comments from the site, telling their authors why")
    title = _("Remove comments")
    question = ngettext_lazy(
        "Remove this comment from the site? Its author sees the reason; the record stays in the history.",
        "Remove these %(count)d comments from the site? Their authors see the reason; the records stay in the history.",
        "count",
    )
    success_message = ngettext_lazy("%(count)d comment removed.", "%(count)d comments removed.", "count")


DECISIONS = (ApproveComment, RejectComment, RemoveComment)


class EditComment(ModeratedEditAction):
    moderation_actions = DECISIONS


class CommentBulkAction(ModerationBulkAction):
    item_template = "comments/admin/moderation_item.html"


class ApproveCommentsBulkAction(CommentBulkAction):
    moderation_action = ApproveComment
    action_type = "approve_comments"
    action_priority = 10


class RejectCommentsBulkAction(CommentBulkAction):
    moderation_action = RejectComment
    action_type = "reject_comments"
    action_priority = 20


class RemoveCommentsBulkAction(CommentBulkAction):
    moderation_action = RemoveComment
    action_type = "remove_comments"
    action_priority = 30


class CreateBlock(CreateAction):
    """Blocking a worker from commenting, from the admin's form or from code: who blocked, and the reason, in the
    audit log (``publiccomments.block``) besides Wagtail's own creation entry."""

    def __init__(self, instance, user=None, **kwargs):
        super().__init__(instance, user=user, **kwargs)
        instance.created_by = user

    @transaction.atomic
    def execute(self, skip_permission_checks=False):
        block = super().execute(skip_permission_checks=skip_permission_checks)
        log(block, BLOCK, user=self.user, data={"reason": block.reason, "worker": block.user.get_username()})
        return block
