"""The moderators' review queue in the Wagtail admin: filters, bulk decisions with reasons, history, dashboard,
blocks, permissions, and the cached pages that follow each decision."""

import re

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from comments.models import Comment, CommentBlock, HeldBecause, Status
from comments.policy import post_comment

pytestmark = pytest.mark.django_db
LIST = "wagtailsnippets_publiccomments_comment:list"


def bulk_url(action, comments):
    url = reverse("wagtail_bulk_action", args=("publiccomments", "comment", action))
    return url + "?" + "&".join(f"id={c.pk}" for c in comments)


@pytest.fixture
def queue(feature, worker, other_worker, words, make_comment):
    held = post_comment(worker, feature, "组织的人都是废物", ip="10.0.0.1")
    plain = post_comment(other_worker, feature, "书屋周末开门吗", ip="10.0.0.2")
    reported = make_comment(
        feature, "被举报的评论", status=Status.PENDING, held_because=HeldBecause.REPORTS, report_count=3
    )
    return {"held": held, "plain": plain, "reported": reported}


def test_the_queue_lists_pending_comments_with_matches_highlighted(client, moderator, queue):
    client.force_login(moderator)
    html = client.get(reverse(LIST), {"status": "pending"}).content.decode()
    assert "组织的人都是<mark>废物</mark>" in html
    assert "书屋周末开门吗" in html and "被举报的评论" in html


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"match_category": "abuse"}, {"组织的人都是废物"}),
        ({"held_because": "reports"}, {"被举报的评论"}),
        ({"reported": "true"}, {"被举报的评论"}),
        ({"status": "approved"}, set()),
        ({"target_title": "大讲堂"}, {"组织的人都是废物", "书屋周末开门吗", "被举报的评论"}),
    ],
)
def test_queue_filters(client, moderator, queue, params, expected):
    client.force_login(moderator)
    response = client.get(reverse(LIST), params)
    shown = {c.body for c in response.context["object_list"]}
    assert shown == expected


def test_the_queue_opens_on_the_comments_awaiting_review(client, moderator, queue, make_comment):
    make_comment(queue["plain"].target, "早已通过的评论")
    client.force_login(moderator)
    opened = {c.body for c in client.get(reverse(LIST)).context["object_list"]}
    assert opened == {"组织的人都是废物", "书屋周末开门吗", "被举报的评论"}, "待审核 only"
    everything = {c.body for c in client.get(reverse(LIST), {"status": ""}).context["object_list"]}
    assert "早已通过的评论" in everything and len(everything) == 4, "“All statuses” shows every comment"


def test_every_bulk_action_has_a_label_of_its_own(client, moderator, queue):
    """The reasoned removal is not mistaken for Wagtail's delete, which erases comments and their history."""
    client.force_login(moderator)
    html = client.get(reverse(LIST)).content.decode()
    labels = [
        re.sub(r"\s+", " ", label).strip()
        for label in re.findall(r"data-bulk-action-button[^>]*>(.*?)</a>", html, re.S)
    ]
    assert "说明理由并移除" in labels and "删除" in labels
    assert len(labels) == len(set(labels)), labels


def test_queue_search(client, moderator, queue, worker):
    post_comment(worker, queue["plain"].target, "Reading room WiFi password please", ip="10.0.0.3")
    client.force_login(moderator)
    response = client.get(reverse(LIST), {"q": "WiFi"})
    assert [c.body for c in response.context["object_list"]] == ["Reading room WiFi password please"]


def test_bulk_approve_publishes_and_forgets_the_cached_page(
    client, moderator, queue, feature, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    anonymous = client.get(feature.url)
    assert "书屋周末开门吗" not in anonymous.content.decode()
    assert client.get(feature.url)["X-Page-Cache"] == "hit"
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):  # the cache is told once the decision is committed
        response = client.post(bulk_url("approve_comments", [queue["plain"], queue["reported"]]))
    assert response.status_code == 302
    assert set(Comment.objects.approved().values_list("body", flat=True)) == {"书屋周末开门吗", "被举报的评论"}
    client.logout()
    fresh = client.get(feature.url)
    assert fresh["X-Page-Cache"] == "miss" and "书屋周末开门吗" in fresh.content.decode()


def test_reject_and_remove_need_a_reason_and_are_recorded(client, moderator, queue):
    client.force_login(moderator)
    missing = client.post(bulk_url("reject_comments", [queue["held"]]), {"reason": ""})
    assert missing.status_code == 200 and Comment.objects.get(pk=queue["held"].pk).status == Status.PENDING
    client.post(bulk_url("reject_comments", [queue["held"]]), {"reason": "含有辱骂内容"})
    client.post(bulk_url("remove_comments", [queue["reported"]]), {"reason": "多名读者举报属实"})
    held, reported = Comment.objects.get(pk=queue["held"].pk), Comment.objects.get(pk=queue["reported"].pk)
    assert (held.status, held.moderation_reason, held.moderated_by) == (Status.REJECTED, "含有辱骂内容", moderator)
    assert reported.status == Status.DELETED and reported.moderation_reason == "多名读者举报属实"
    history = ModelLogEntry.objects.filter(user=moderator).order_by("timestamp")
    assert [(e.action, e.data.get("reason")) for e in history] == [
        ("publiccomments.reject", "含有辱骂内容"),
        ("publiccomments.delete", "多名读者举报属实"),
    ]
    page = client.get(reverse("wagtailsnippets_publiccomments_comment:history", args=[held.pk]))
    from wagtail.log_actions import registry

    assert page.status_code == 200
    assert str(registry.get_action_label("publiccomments.reject")) in page.content.decode()


def test_the_dashboard_panel_counts_the_queue(client, moderator, queue):
    client.force_login(moderator)
    panel = client.get(reverse("wagtailadmin_home")).content.decode()
    start = panel.index('id="comment-queue-heading"')
    section = panel[start : panel.index("</section>", start)]
    assert "<span>3</span>" in section, "three comments pending"


def test_moderators_block_a_worker(client, moderator, worker, feature):
    client.force_login(moderator)
    add = reverse("wagtailsnippets_publiccomments_commentblock:add")
    response = client.post(add, {"user": worker.pk, "reason": "反复发布广告", "ends_at": ""})
    assert response.status_code == 302
    block = CommentBlock.objects.get()
    assert block.created_by == moderator and block.is_active()
    assert ModelLogEntry.objects.filter(action="wagtail.create", user=moderator).exists()


def test_workers_cannot_open_the_queue_or_moderate(client, worker, queue):
    client.force_login(worker)
    assert client.get(reverse(LIST)).status_code in (302, 403)
    client.post(bulk_url("approve_comments", [queue["plain"]]))
    assert Comment.objects.get(pk=queue["plain"].pk).status == Status.PENDING


def test_staff_without_the_moderate_permission_cannot_decide(client, editor, queue):
    """An editor given access to the comment list (view/change) still cannot approve without moderate_comment."""
    group = Group.objects.get(name="编辑")
    group.permissions.add(*Permission.objects.filter(codename__in=["view_comment", "change_comment"]))
    client.force_login(editor)
    assert client.get(reverse(LIST)).status_code == 200
    client.post(bulk_url("approve_comments", [queue["plain"]]))
    assert Comment.objects.get(pk=queue["plain"].pk).status == Status.PENDING
    assert client.get(reverse("wagtailadmin_home")).content.decode().count("comment-queue-heading") == 0


def test_moderators_have_exactly_the_moderation_permissions(moderator):
    assert moderator.has_perm("publiccomments.moderate_comment")
    assert moderator.has_perm("screening.add_sensitiveword")
    assert not moderator.has_perm("publiccomments.add_comment"), "comments are written on the site, not the admin"


def test_moderators_edit_the_word_list_and_it_applies_at_once(client, moderator, worker, feature):
    client.force_login(moderator)
    add = reverse("wagtailsnippets_screening_sensitiveword:add")
    response = client.post(
        add, {"term": "刷单返利", "category": "spam", "action": "reject", "enabled": "on", "note": ""}
    )
    assert response.status_code == 302
    from comments.policy import CommentRefused

    with pytest.raises(CommentRefused):
        post_comment(worker, feature, "刷 单 返 利，日入三百", ip="10.0.0.9")
