"""The moderators' decisions on video entries, each one action class (see core.moderation): approve, reject,
and shortlist (入围: the entries the judges score) or take an entry off the shortlist.

The queue's bulk buttons, the entry's edit view and the functions below all run these. Entries are saved one by
one (not with a bulk UPDATE) so that everything listening to ``post_save`` (the search index, the page cache,
see campaigns/signals.py) hears about each change.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.moderation import ModeratedEditAction, ModerationAction, ModerationBulkAction

from .models import EntryStatus, Processing, VideoEntry

MODERATE_PERMISSION = "campaigns.change_videoentry"


class EntryModeration(ModerationAction):
    model = VideoEntry
    permission = MODERATE_PERMISSION
    reason_field = "rejection_reason"
    public_status = EntryStatus.APPROVED


class ApproveEntry(EntryModeration):
    action_name = "approve"
    log_action = "campaigns.entry.approve"
    target_status = EntryStatus.APPROVED
    label = _("Approve")
    done_label = _("Entry approved")
    bulk_label = _("Approve the selected entries")
    title = _("Approve entries")
    question = ngettext_lazy(
        "Approve this entry? It appears on the contest page at once.",
        "Approve these %(count)d entries? They appear on the contest page at once.",
        "count",
    )
    success_message = ngettext_lazy("%(count)d entry approved.", "%(count)d entries approved.", "count")

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks=skip_permission_checks)
        if self.instance.processing != Processing.READY:
            raise ValidationError(
                _("“%(title)s” cannot be approved before its video is processed.") % {"title": self.instance.title},
                code="not_processed",
            )

    def apply(self):
        self.reason = ""  # an approval clears an earlier rejection's reason
        return super().apply()


class RejectEntry(EntryModeration):
    action_name = "reject"
    log_action = "campaigns.entry.reject"
    target_status = EntryStatus.REJECTED
    reason_required = True
    label = _("Reject")
    done_label = _("Entry rejected")
    bulk_label = _("Reject the selected entries")
    title = _("Reject entries")
    question = ngettext_lazy(
        "Reject this entry? Its author sees the reason on their account page.",
        "Reject these %(count)d entries? Their authors see the reason on their account pages.",
        "count",
    )
    success_message = ngettext_lazy("%(count)d entry rejected.", "%(count)d entries rejected.", "count")


class ShortlistEntry(EntryModeration):
    """入围: the entry goes to the judges (and stays in the public vote). Only an approved entry can be shortlisted."""

    action_name = "shortlist"
    log_action = "campaigns.entry.shortlist"
    target_status = EntryStatus.APPROVED  # the status is left as it is
    shortlisted = True
    label = _("Shortlist")
    done_label = _("Entry shortlisted")
    bulk_label = _("Shortlist the selected entries for judging")
    title = _("Shortlist entries")
    question = ngettext_lazy(
        "Shortlist this entry? The contest's judges score it.",
        "Shortlist these %(count)d entries? The contest's judges score them.",
        "count",
    )
    success_message = ngettext_lazy("%(count)d entry shortlisted.", "%(count)d entries shortlisted.", "count")

    @classmethod
    def is_done(cls, instance):
        return instance.shortlisted == cls.shortlisted

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks=skip_permission_checks)
        if self.shortlisted and self.instance.status != EntryStatus.APPROVED:
            raise ValidationError(_("Only approved entries can be shortlisted."), code="not_approved")

    def apply(self):
        self.instance.shortlisted = self.shortlisted
        self.instance.moderated_by = self.user
        self.instance.moderated_at = timezone.now()
        return ["shortlisted", "moderated_by", "moderated_at"]  # saving forgets the cached pages (signals.py)


class UnshortlistEntry(ShortlistEntry):
    action_name = "unshortlist"
    log_action = "campaigns.entry.unshortlist"
    shortlisted = False
    reason_required = True
    label = _("Remove from shortlist")
    done_label = _("Entry removed from the shortlist")
    bulk_label = _("Remove the selected entries from the shortlist")
    title = _("Remove entries from the shortlist")
    question = ngettext_lazy(
        "Remove this entry from the shortlist? The judges no longer score it.",
        "Remove these %(count)d entries from the shortlist? The judges no longer score them.",
        "count",
    )
    success_message = ngettext_lazy(
        "%(count)d entry removed from the shortlist.", "%(count)d entries removed from the shortlist.", "count"
    )


class RetryProcessing(EntryModeration):
    """A moderator sends a video whose conversion failed to the task worker again (the status is left as it is)."""

    action_name = "retry_processing"
    log_action = "campaigns.entry.retry_processing"
    label = _("Retry processing")
    done_label = _("Video processing retried")
    bulk_label = _("Process the selected entries' videos again")
    title = _("Retry processing")
    question = ngettext_lazy(
        "Convert this entry's video again? Its author sees 处理中 until the task worker is done.",
        "Convert these %(count)d entries' videos again? Their authors see 处理中 until the task worker is done.",
        "count",
    )
    success_message = ngettext_lazy(
        "%(count)d video queued for processing.", "%(count)d videos queued for processing.", "count"
    )

    @classmethod
    def is_done(cls, instance):
        return instance.processing != Processing.FAILED

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks=skip_permission_checks)
        if not self.instance.original:
            raise ValidationError(_("This entry has no uploaded video to process."), code="no_upload")

    def apply(self):
        from .transcode import start_processing

        start_processing(self.instance)
        return ["processing", "processing_error", "processing_since"]


DECISIONS = (ApproveEntry, RejectEntry)
SHORTLIST_DECISIONS = (ShortlistEntry, UnshortlistEntry)


class EditEntry(ModeratedEditAction):
    moderation_actions = DECISIONS


class EntryBulkAction(ModerationBulkAction):
    item_template = "campaigns/admin/moderation_item.html"


class ApproveEntriesBulkAction(EntryBulkAction):
    moderation_action = ApproveEntry
    action_type = "approve_entries"
    action_priority = 10


class RejectEntriesBulkAction(EntryBulkAction):
    moderation_action = RejectEntry
    action_type = "reject_entries"
    action_priority = 20


class RetryProcessingBulkAction(EntryBulkAction):
    moderation_action = RetryProcessing
    action_type = "retry_entry_processing"
    action_priority = 50


class ShortlistEntriesBulkAction(EntryBulkAction):
    moderation_action = ShortlistEntry
    action_type = "shortlist_entries"
    action_priority = 30


class UnshortlistEntriesBulkAction(EntryBulkAction):
    moderation_action = UnshortlistEntry
    action_type = "unshortlist_entries"
    action_priority = 40


def retry_processing(entries, user):
    return RetryProcessing.execute_many(list(entries), user)


def approve_entries(entries, user):
    return ApproveEntry.execute_many(list(entries), user)


def reject_entries(entries, user, reason):
    return RejectEntry.execute_many(list(entries), user, reason)


def shortlist_entries(entries, user):
    return ShortlistEntry.execute_many(list(entries), user)
