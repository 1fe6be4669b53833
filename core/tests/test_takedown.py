"""一键下线: one action takes a page, an entry or a comment off the site at once — page, page cache, CDN, search
index and audit log — whichever path runs it (the admin's button, the queues' bulk action, the command)."""

from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from wagtail.models import PageLogEntry, WorkflowState

import pytest

from core.takedown import LOG_ACTION, TakeDown
from core.tests import test_pagecache
from search.sync import drain_all

cdn = test_pagecache.cdn  # the fixture: a CDN that records PURGE requests

REASON = "接到网信部门通知，立即下线核查。"


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_TTL = 300


@pytest.fixture
def engine(osmem_clone, settings):
    from search.index import ensure_index

    settings.ELASTICSEARCH_URL = osmem_clone.url
    ensure_index()
    return osmem_clone.url


def in_index(source):
    from search.client import alias_name, get_client

    client = get_client()
    client.indices.refresh(index=alias_name())
    hits = client.search(index=alias_name(), query={"term": {"source": source}})
    return bool(hits["hits"]["hits"])


def cached(client, url):
    client.get(url)
    return client.get(url)["X-Page-Cache"] == "hit"


def test_the_admin_button_takes_a_page_down_everywhere_at_once(
    client, engine, cdn, moderator, make_feature, django_capture_on_commit_callbacks
):
    from django.test import Client

    page = make_feature(title="需要下线的文章")
    drain_all()
    source = f"home.featurepage:{page.pk}"
    assert in_index(source)
    anonymous = Client()
    assert cached(anonymous, page.url)
    cdn.clear()

    client.force_login(moderator)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    url = reverse("take_down_page", args=(page.pk,))
    assert url in edit, "the page's header offers the button"
    assert client.post(url, {"reason": ""}).status_code == 200, "no reason, no take-down"
    page.refresh_from_db()
    assert page.live

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": REASON})
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert anonymous.get(page.url).status_code == 404, "the cached copy is gone"
    assert any(purged.endswith(page.url) for purged in cdn), cdn
    assert not in_index(source), "the index is updated at once, without the worker"
    entry = PageLogEntry.objects.get(page=page, action=LOG_ACTION)
    assert entry.user == moderator and entry.data["reason"] == REASON


def test_a_review_in_progress_is_cancelled(client, editor, moderator, make_feature):
    from accounts.tests.test_publishing_workflow import AdminSession

    page = make_feature(title="正在修改的文章")
    AdminSession(client, editor).edit(page, action="action-submit", summary="新摘要")
    assert WorkflowState.objects.for_instance(page).filter(status=WorkflowState.STATUS_IN_PROGRESS).exists()
    TakeDown(page, user=moderator, reason=REASON).execute()
    page.refresh_from_db()
    assert not page.live
    assert not WorkflowState.objects.for_instance(page).filter(status=WorkflowState.STATUS_IN_PROGRESS).exists()


@pytest.mark.parametrize("who", ["editor", "worker", "first_reviewer", "leader"])
def test_who_may_not_take_a_page_down(request, client, make_feature, who):
    user = request.getfixturevalue(who)
    page = make_feature(title="文章")
    assert not TakeDown(page, user=user, reason=REASON).user_has_permission()
    client.force_login(user)
    response = client.post(reverse("take_down_page", args=(page.pk,)), {"reason": REASON})
    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert page.live


def test_the_command_takes_an_entry_down(
    engine, cdn, contest, make_entry, moderator, django_capture_on_commit_callbacks
):
    from campaigns.models import EntryStatus

    entry = make_entry(contest, title="需要下线的作品")
    drain_all()
    source = f"campaigns.videoentry:{entry.pk}"
    assert in_index(source)
    cdn.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("take_down", "entry", str(entry.pk), user=moderator.username, reason=REASON)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.REJECTED and entry.rejection_reason == REASON
    assert not in_index(source)
    assert any(purged.endswith(contest.url) for purged in cdn), cdn

    from wagtail.models import ModelLogEntry

    actions = set(ModelLogEntry.objects.filter(object_id=str(entry.pk)).values_list("action", flat=True))
    assert {LOG_ACTION, "campaigns.entry.reject"} <= actions

    with pytest.raises(CommandError):
        call_command("take_down", "entry", str(entry.pk), user=moderator.username, reason="")
    with pytest.raises(CommandError):
        call_command("take_down", "page", "999999", user=moderator.username, reason=REASON)


def test_the_queue_bulk_action_takes_comments_down(client, moderator, worker, make_feature):
    from comments.models import Comment, Status

    feature = make_feature(title="评论所在文章")
    comments = [
        Comment.objects.create(
            target=feature,
            target_title=feature.title,
            target_url=feature.url,
            author=worker,
            body=f"评论{n}",
            status=Status.APPROVED,
        )
        for n in range(2)
    ]
    client.force_login(moderator)
    url = reverse("wagtail_bulk_action", args=("publiccomments", "comment", "take_down"))
    query = "?" + "&".join(f"id={c.pk}" for c in comments)
    confirm = client.get(url + query)
    assert confirm.status_code == 200
    response = client.post(url + query, {"reason": REASON})
    assert response.status_code == 302
    from wagtail.models import ModelLogEntry

    for comment in comments:
        comment.refresh_from_db()
        assert comment.status == Status.DELETED
        entry = ModelLogEntry.objects.get(object_id=str(comment.pk), action=LOG_ACTION)
        assert entry.data["reason"] == REASON and entry.user == moderator
    html = client.get(feature.url).content.decode()
    assert "评论0" not in html and "评论1" not in html
