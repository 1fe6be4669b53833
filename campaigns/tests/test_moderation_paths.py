"""Every way of deciding on a video entry leaves the same trail: the queue's bulk buttons, the entry's edit view
and code run the same action (who, when, why, audit log, the contest and entry pages forgotten)."""

from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from campaigns.models import EntryStatus
from campaigns.moderation import approve_entries, reject_entries
from core import pagecache

pytestmark = pytest.mark.django_db


def by_bulk_action(client, entry, status, reason):
    action = {EntryStatus.APPROVED: "approve_entries", EntryStatus.REJECTED: "reject_entries"}[status]
    url = reverse("wagtail_bulk_action", args=("campaigns", "videoentry", action))
    return client.post(f"{url}?id={entry.pk}", {"reason": reason} if reason else {})


def by_edit_view(client, entry, status, reason):
    url = reverse("wagtailsnippets_campaigns_videoentry:edit", args=[entry.pk])
    data = {
        "contest": entry.contest_id,
        "category": entry.category_id,
        "title": entry.title,
        "description": "",
        "author_name": entry.author_name,
        "work_unit": entry.work_unit,
        "poster": entry.poster_id or "",
        "external_url": entry.external_url,
        "status": status,
        "rejection_reason": reason,
        "award": "",
        "award_note": "",
    }
    return client.post(url, data)


def by_code(client, entry, status, reason):
    if status == EntryStatus.APPROVED:
        approve_entries([entry], client.moderator)
    else:
        reject_entries([entry], client.moderator, reason)


@pytest.mark.parametrize("path", [by_bulk_action, by_edit_view, by_code], ids=["bulk", "edit", "code"])
@pytest.mark.parametrize(
    ("start", "status", "reason", "log_action"),
    [
        (EntryStatus.PENDING, EntryStatus.APPROVED, "", "campaigns.entry.approve"),
        (EntryStatus.APPROVED, EntryStatus.REJECTED, "与征集主题无关", "campaigns.entry.reject"),
    ],
)
def test_every_path_leaves_the_same_trail(
    client, moderator, contest, make_entry, path, start, status, reason, log_action, django_capture_on_commit_callbacks
):
    entry = make_entry(contest, status=start)
    client.force_login(moderator)
    client.moderator = moderator
    before = pagecache._read("x", [contest.url, entry.get_url()])[1]
    with django_capture_on_commit_callbacks(execute=True):
        response = path(client, entry, status, reason)
    assert response is None or response.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.moderated_by, entry.rejection_reason) == (status, moderator, reason)
    assert entry.moderated_at is not None
    logged = ModelLogEntry.objects.filter(object_id=str(entry.pk), action=log_action)
    assert [(e.user, e.data.get("reason", "")) for e in logged] == [(moderator, reason)]
    after = pagecache._read("x", [contest.url, entry.get_url()])[1]
    assert after[1] != before[1] and after[2] != before[2], "the contest page and the entry page are forgotten"


def test_an_approval_clears_an_earlier_rejections_reason(client, moderator, contest, make_entry):
    entry = make_entry(contest, status=EntryStatus.PENDING)
    reject_entries([entry], moderator, "画面模糊")
    approve_entries([entry], moderator)
    entry.refresh_from_db()
    assert (entry.status, entry.rejection_reason) == (EntryStatus.APPROVED, "")
