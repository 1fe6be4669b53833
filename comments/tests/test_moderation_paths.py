"""Every way of making a moderation decision leaves the same trail: the queue's bulk buttons, the comment's own
edit view and code (policy.moderate) all run the same action, which records who, when and why, writes the audit
log, marks the decision new for the author, e-mails them when the site says so, and forgets the cached page."""

from django.core import mail
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from comments.models import Comment, CommentBlock, CommentSettings, Status
from comments.policy import block_user, moderate
from core import pagecache

pytestmark = pytest.mark.django_db


def by_bulk_action(client, comment, action, reason):
    url = reverse("wagtail_bulk_action", args=("publiccomments", "comment", f"{action}_comments"))
    return client.post(f"{url}?id={comment.pk}", {"reason": reason} if reason else {})


def by_edit_view(client, comment, action, reason):
    status = {"approve": Status.APPROVED, "reject": Status.REJECTED, "remove": Status.DELETED}[action]
    url = reverse("wagtailsnippets_publiccomments_comment:edit", args=[comment.pk])
    return client.post(url, {"status": status, "moderation_reason": reason})


def by_code(client, comment, action, reason):
    code = {"approve": "publiccomments.approve", "reject": "publiccomments.reject", "remove": "publiccomments.delete"}
    moderate([comment], code[action], client.moderator, reason)


@pytest.fixture
def notify_by_email(home_page):
    from wagtail.models import Site

    settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    settings.notify_by_email = True
    settings.save()


@pytest.mark.parametrize("path", [by_bulk_action, by_edit_view, by_code], ids=["bulk", "edit", "code"])
@pytest.mark.parametrize(
    ("action", "reason", "status", "log_action"),
    [
        ("approve", "", Status.APPROVED, "publiccomments.approve"),
        ("reject", "与文章无关", Status.REJECTED, "publiccomments.reject"),
        ("remove", "人身攻击", Status.DELETED, "publiccomments.delete"),
    ],
)
def test_every_path_leaves_the_same_trail(
    client,
    moderator,
    worker,
    feature,
    make_comment,
    notify_by_email,
    path,
    action,
    reason,
    status,
    log_action,
    django_capture_on_commit_callbacks,
):
    worker.email = "worker@example.com"
    worker.save()
    start = Status.PENDING if action == "approve" else Status.APPROVED
    comment = make_comment(feature, "一条评论", status=start, author_notified=True)
    client.force_login(moderator)
    client.moderator = moderator
    generation = pagecache._read("x", [feature.url])[1]
    with django_capture_on_commit_callbacks(execute=True):
        path(client, comment, action, reason)
    comment.refresh_from_db()
    assert (comment.status, comment.moderated_by, comment.moderation_reason) == (status, moderator, reason)
    assert comment.moderated_at is not None and comment.author_notified is False
    entries = ModelLogEntry.objects.filter(object_id=str(comment.pk), action=log_action)
    assert [(e.user, e.data.get("reason", "")) for e in entries] == [(moderator, reason)]
    assert [m.to for m in mail.outbox] == [["worker@example.com"]]
    assert pagecache._read("x", [feature.url])[1] != generation, "the page showing the comment is forgotten"


@pytest.mark.parametrize("path", [by_bulk_action, by_edit_view], ids=["bulk", "edit"])
def test_rejecting_without_a_reason_is_refused_on_every_path(client, moderator, feature, make_comment, path):
    comment = make_comment(feature, "一条评论", status=Status.PENDING)
    client.force_login(moderator)
    response = path(client, comment, "reject", "")
    assert response.status_code == 200 and "请填写" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert not ModelLogEntry.objects.filter(action="publiccomments.reject").exists()


def test_blocks_made_in_the_admin_and_in_code_are_logged_with_their_reason(client, moderator, worker, other_worker):
    client.force_login(moderator)
    url = reverse("wagtailsnippets_publiccomments_commentblock:add")
    response = client.post(url, {"user": worker.pk, "reason": "多次发布广告", "ends_at": "", "lifted_at": ""})
    assert response.status_code == 302
    block_user(other_worker, "辱骂他人", moderator)
    for blocked, reason in ((worker, "多次发布广告"), (other_worker, "辱骂他人")):
        block = CommentBlock.objects.get(user=blocked)
        assert block.created_by == moderator
        entry = ModelLogEntry.objects.get(object_id=str(block.pk), action="publiccomments.block")
        assert (entry.user, entry.data["reason"]) == (moderator, reason)


def test_workers_cannot_moderate_by_any_path(client, worker, feature, make_comment):
    from django.core.exceptions import PermissionDenied

    comment = make_comment(feature, "一条评论", status=Status.PENDING)
    with pytest.raises(PermissionDenied):
        moderate([comment], "publiccomments.approve", worker)
    assert Comment.objects.get(pk=comment.pk).status == Status.PENDING
