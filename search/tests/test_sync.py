"""The index follows the site: publish, unpublish, delete, move, entry moderation — and survives an outage."""

import datetime

from django.utils import timezone

import pytest
import time_machine

from campaigns.models import EntryStatus
from campaigns.moderation import approve_entries, reject_entries
from search.client import alias_name, get_client
from search.models import PendingIndexUpdate

from ..conftest import search_titles


def indexed(**term):
    client = get_client()
    client.indices.refresh(index=alias_name())
    hits = client.search(index=alias_name(), query={"term": term} if term else {"match_all": {}}, size=100)
    return [hit["_source"] for hit in hits["hits"]["hits"]]


def test_publishing_writes_the_outbox_in_the_same_transaction(engine, make_feature):
    feature = make_feature(title="职工书屋读书会")
    assert PendingIndexUpdate.objects.filter(model="home.featurepage", object_id=str(feature.pk)).exists()


def test_publish_then_unpublish(engine, sync, make_feature):
    feature = make_feature(title="荆江汽车职工书屋开放", tags=["书屋"])
    sync()
    assert search_titles("书屋") == ["荆江汽车职工书屋开放"]
    (document,) = indexed(source=f"home.featurepage:{feature.pk}")
    assert document["url"] == feature.url and document["tags"] == ["书屋"] and document["category"] == "思想引领"
    feature.unpublish()
    sync()
    assert search_titles("书屋") == []
    assert not PendingIndexUpdate.objects.exists()


def test_drafts_and_private_pages_stay_out(engine, sync, make_feature, news_index):
    from wagtail.models import PageViewRestriction

    make_feature(title="书屋草稿", publish=False)
    private = make_feature(title="书屋内部通知")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    private.save_revision().publish()
    sync()
    assert search_titles("书屋") == []


def test_deleting_a_page_removes_it(engine, sync, make_feature):
    feature = make_feature(title="要删除的书屋文章")
    sync()
    feature.delete()
    sync()
    assert indexed() == []


def test_moving_a_page_updates_its_url_and_its_descendants(engine, sync, make_feature, home_page, news_index):
    from home.models import NewsIndexPage

    feature = make_feature(title="会搬家的书屋文章")
    sync()
    archive = NewsIndexPage(title="往年资讯", slug="archive")
    home_page.add_child(instance=archive)
    archive.save_revision().publish()
    news_index.refresh_from_db()
    news_index.move(archive, pos="last-child")  # the feature moves with its parent, without a signal of its own
    sync()
    feature.refresh_from_db()
    (document,) = indexed(source=f"home.featurepage:{feature.pk}")
    assert document["url"] == "/archive/news/" + feature.slug + "/" == feature.url


def test_renaming_a_category_reindexes_its_features(engine, sync, make_feature, category):
    feature = make_feature(title="分类改名")
    sync()
    category.name = "思想引领（新）"
    category.save()
    sync()
    (document,) = indexed(source=f"home.featurepage:{feature.pk}")
    assert document["category"] == "思想引领（新）"


def test_entries_follow_moderation_and_their_contest(engine, sync, contest, make_entry, moderator):
    entry = make_entry(contest, title="三秒穿针的绝活", status=EntryStatus.PENDING)
    sync()
    assert search_titles("穿针") == []
    approve_entries([entry], moderator)
    sync()
    assert search_titles("穿针") == ["三秒穿针的绝活"]
    (document,) = indexed(kind="video_entry")
    assert document["url"] == entry.get_url() and document["campaign"] == contest.title
    reject_entries([entry], moderator, "与主题无关")
    sync()
    assert search_titles("穿针") == []
    approve_entries([entry], moderator)
    sync()
    contest.unpublish()
    sync()
    assert search_titles("穿针") == [], "an unpublished contest takes its entries out of search"


def test_tour_sessions_are_searchable_and_follow_their_tour(engine, sync, make_tour):
    from campaigns.fixtures import aware

    tour = make_tour(
        title="大讲堂",
        sessions=[
            {"starts_at": aware(2022, 4, 1, 9), "level": "workshop", "host_enterprise": "荆州纺织印染公司"},
            {"starts_at": aware(2022, 5, 1, 9), "level": "team", "host_enterprise": "长江港口物流集团"},
        ],
    )
    sync()
    assert "大讲堂：荆州纺织印染公司" in search_titles("纺织")
    assert "大讲堂：长江港口物流集团" in search_titles("进班组")
    tour.sessions.filter(host_enterprise="荆州纺织印染公司").delete()
    tour.save_revision().publish()
    sync()
    assert search_titles("纺织") == [], "a removed session leaves the index with the republish"


# ---- the engine is down ------------------------------------------------------------------------------------


def test_publishing_and_voting_work_with_the_engine_down_and_catch_up_later(
    dead_engine, make_feature, contest, make_entry, moderator, osmem_clone, settings, sync
):
    feature = make_feature(title="断线时发布的书屋文章")
    entry = make_entry(contest, title="断线时审核的作品", status=EntryStatus.PENDING)
    approve_entries([entry], moderator)
    assert feature.live and entry.status == EntryStatus.APPROVED

    from search.sync import drain

    objects = set(PendingIndexUpdate.objects.values_list("model", "object_id"))
    assert ("home.featurepage", str(feature.pk)) in objects and ("campaigns.videoentry", str(entry.pk)) in objects
    assert drain() == (0, len(objects))
    rows = list(PendingIndexUpdate.objects.all())
    assert {row.attempts for row in rows} == {1}
    assert all(row.next_attempt_at > timezone.now() for row in rows), "retried later, with backoff"
    assert "ConnectionError" in rows[0].last_error
    assert drain() == (0, 0), "nothing is retried before its time"

    settings.ELASTICSEARCH_URL = osmem_clone.url  # the engine is back
    from search.index import ensure_index

    ensure_index()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        sync()
    assert search_titles("书屋") == ["断线时发布的书屋文章"]
    assert search_titles("审核的作品") == ["断线时审核的作品"]
    assert not PendingIndexUpdate.objects.exists()


def test_backoff_grows_and_is_capped():
    from search.sync import MAX_BACKOFF, backoff

    assert [backoff(n) for n in (1, 2, 3)] == [2, 4, 8]
    assert backoff(40) == MAX_BACKOFF


@pytest.mark.parametrize("count", [3])
def test_reconcile_repairs_a_drifted_index(engine, sync, make_feature, count):
    from search.sync import reconcile

    features = [make_feature(title=f"书屋文章{n}") for n in range(count)]
    sync()
    client = get_client()
    client.delete(index=alias_name(), id=f"page-{features[0].pk}", refresh=True)  # lost
    client.index(
        index=alias_name(),
        id="page-999999",
        refresh=True,
        document={"source": "home.featurepage:999999", "title": "早已删除的书屋", "kind": "feature"},
    )  # stray
    assert reconcile() == {"missing": 1, "stale": 0, "surplus": 1}
    sync()
    assert sorted(search_titles("书屋")) == sorted(f.title for f in features)
