"""The moderators' decisions on video entries, each one action class (see core.moderation): approve, reject.

The queue's bulk buttons, the entry's edit view and the functions below all run these. Entries are saved one by
one (not with a bulk UPDATE) so that everything listening to ``post_save`` (the search index, the page cache,
see campaigns/signals.py) hears about each change.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.moderation import ModeratedEditAction, ModerationAction, ModerationBulkAction

from .models import EntryStatus, VideoEntry

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


DECISIONS = (ApproveEntry, RejectEntry)


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


def approve_entries(entries, user):
    return ApproveEntry.execute_many(list(entries), user)


def reject_entries(entries, user, reason):
    return RejectEntry.execute_many(list(entries), user, reason)
