"""Moderating video entries: approve or reject, who did it and why, in the audit log.

Entries are saved one by one (not with a bulk UPDATE) so that everything listening to ``post_save`` — the
search index, caches — hears about each change.
"""

from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from .models import EntryStatus

APPROVE_ACTION = "campaigns.entry.approve"
REJECT_ACTION = "campaigns.entry.reject"


def _moderate(entry, status, user, reason=""):
    entry.status = status
    entry.rejection_reason = reason if status == EntryStatus.REJECTED else ""
    entry.moderated_by = user
    entry.moderated_at = timezone.now()
    entry.save(update_fields=["status", "rejection_reason", "moderated_by", "moderated_at"])
    log(
        entry,
        APPROVE_ACTION if status == EntryStatus.APPROVED else REJECT_ACTION,
        user=user,
        data={"reason": reason} if reason else {},
    )


@transaction.atomic
def approve_entries(entries, user):
    for entry in entries:
        _moderate(entry, EntryStatus.APPROVED, user)
    return len(entries)


@transaction.atomic
def reject_entries(entries, user, reason):
    reason = reason.strip()
    if not reason:
        raise ValueError("a reason is required to reject an entry")
    for entry in entries:
        _moderate(entry, EntryStatus.REJECTED, user, reason)
    return len(entries)
