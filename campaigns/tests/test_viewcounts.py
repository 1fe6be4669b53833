"""View counts cost a cache increment per view, are flushed in batches, and are never counted twice."""

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from campaigns import viewcounts
from campaigns.models import VideoContestPage, VideoEntry


@pytest.fixture
def entry(contest, make_entry):
    return make_entry(contest)


def test_a_view_writes_nothing_to_the_database(entry):
    cache.set("views:flush-lock", 1, 60)  # a flush just happened
    with CaptureQueriesContext(connection) as queries:
        assert viewcounts.record_view("entry", entry.pk, "visitor-1")
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["SELECT"], "one read: does it exist?"
    with CaptureQueriesContext(connection) as queries:
        assert not viewcounts.record_view("entry", entry.pk, "visitor-1")
    assert queries.captured_queries == [], "a repeat view costs no query"
    assert VideoEntry.objects.get(pk=entry.pk).view_count == 0
    assert viewcounts.pending_views("entry", [entry.pk]) == {entry.pk: 1}


def test_beacons_for_made_up_ids_leave_no_counter(client, entry):
    """The probe created ~100 never-expiring keys a second by sending beacons for ids that do not exist."""
    for pk in (entry.pk + 1000, entry.pk + 1001):
        assert client.post(reverse("campaigns:count_view", args=["entry", pk])).status_code == 204
        assert cache.get(f"views:entry:{pk}") is None
    assert viewcounts.pending_views("entry", [entry.pk + 1000]) == {entry.pk + 1000: 0}


@pytest.mark.redis
def test_counters_expire_in_redis(entry):
    from django.conf import settings

    import redis

    viewcounts.record_view("entry", entry.pk, "visitor-ttl")
    key = cache.make_key(f"views:entry:{entry.pk}")
    ttl = redis.Redis.from_url(settings.REDIS_URL).ttl(key)
    assert 0 < ttl <= viewcounts.COUNTER_TTL


def test_repeat_views_by_one_visitor_count_once(entry):
    cache.set("views:flush-lock", 1, 60)
    assert viewcounts.record_view("entry", entry.pk, "visitor-1")
    assert not viewcounts.record_view("entry", entry.pk, "visitor-1")
    assert viewcounts.record_view("entry", entry.pk, "visitor-2")
    assert viewcounts.pending_views("entry", [entry.pk])[entry.pk] == 2


def test_flush_moves_counts_into_the_database_exactly_once(entry, contest):
    cache.set("views:flush-lock", 1, 60)
    for visitor in range(5):
        viewcounts.record_view("entry", entry.pk, f"v{visitor}")
    viewcounts.record_view("contest", contest.pk, "v0")
    assert viewcounts.flush() == 6
    assert viewcounts.flush() == 0, "a second flush finds nothing left"
    entry.refresh_from_db()
    assert entry.view_count == 5
    assert VideoContestPage.objects.get(pk=contest.pk).page_views == 1
    call_command("flush_view_counts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert VideoEntry.objects.get(pk=entry.pk).view_count == 5


def test_flush_happens_by_itself_at_most_every_interval(entry):
    viewcounts.record_view("entry", entry.pk, "first")  # no lock yet: this view triggers a flush
    assert VideoEntry.objects.get(pk=entry.pk).view_count == 1
    viewcounts.record_view("entry", entry.pk, "second")  # within the interval: stays in the cache
    assert VideoEntry.objects.get(pk=entry.pk).view_count == 1
    assert viewcounts.pending_views("entry", [entry.pk])[entry.pk] == 1


def test_displayed_count_includes_unflushed_views(client, entry):
    cache.set("views:flush-lock", 1, 60)
    VideoEntry.objects.filter(pk=entry.pk).update(view_count=10)
    for visitor in range(3):
        viewcounts.record_view("entry", entry.pk, f"v{visitor}")
    assert "13次浏览" in client.get(entry.get_url()).content.decode()


def test_beacon_endpoint(client, entry):
    cache.set("views:flush-lock", 1, 60)
    url = reverse("campaigns:count_view", args=("entry", entry.pk))
    assert client.post(url).status_code == 204
    assert client.post(url).status_code == 204  # same visitor again: accepted, not counted
    assert viewcounts.pending_views("entry", [entry.pk])[entry.pk] == 1
    assert client.get(url).status_code == 405
    assert client.post(reverse("campaigns:count_view", args=("secret", entry.pk))).status_code == 400


def test_contest_attention_adds_page_views_entry_views_and_pending(contest, make_entry):
    cache.set("views:flush-lock", 1, 60)
    make_entry(contest, view_count=300)
    make_entry(contest, view_count=30)
    VideoContestPage.objects.filter(pk=contest.pk).update(page_views=900_000)
    viewcounts.record_view("contest", contest.pk, "v")
    assert VideoContestPage.objects.get(pk=contest.pk).attention() == 900_331
