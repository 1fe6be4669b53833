"""A hung, dead or emptied search engine neither holds the site up nor breaks it (real engine processes).

Each test runs its own osmem-server process: SIGSTOP makes it a hung engine (connections are accepted, nothing is
answered), SIGCONT brings it back; a restart at the same address is an engine that came back empty.
"""

import time

from django.core.management import call_command
from django.urls import reverse

from wagtail.test.utils.form_data import querydict_from_html

import pytest

from ..conftest import search_titles


def timed(call, *args, **kwargs):
    started = time.monotonic()
    result = call(*args, **kwargs)
    return result, time.monotonic() - started


def refresh_admin(engine):
    from elasticsearch import Elasticsearch

    from search.transport import PlainJsonNode

    Elasticsearch(engine.url, node_class=PlainJsonNode).indices.refresh(index="test-admin-*")


@pytest.fixture
def indexed(own_engine, sync, make_feature, make_room):
    """Content in both indexes (the site's and the admin's) on the test's own engine."""
    from search.index import ensure_index

    ensure_index()
    make_feature(title="荆江汽车职工书屋升级")
    make_room(title="沙市区职工书屋")
    sync()
    call_command("update_index", verbosity=0)
    refresh_admin(own_engine)
    assert search_titles("书屋")  # from the engine
    return own_engine


def publish_feature(client, parent, title, slug):
    """A superuser writes and publishes a feature in the Wagtail admin, as in the browser (staff go through the
    publishing workflow, which publishes the same way once approved)."""
    url = reverse("wagtailadmin_pages:add", args=("home", "featurepage", parent.pk))
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data.setdefault("body-count", "0")
    data.update({"title": title, "slug": slug, "summary": "摘要", "date_published": "2022-03-01"})
    data["action-publish"] = "action-publish"
    return client.post(url, data)


ADMIN_NOTICE = "搜索引擎没有响应"


# ---- a hung engine ---------------------------------------------------------------------------------------


def test_hung_engine_costs_one_short_timeout_then_nothing(client, indexed, superuser, news_index, caplog):
    from home.models import FeaturePage

    indexed.pause()
    first, seconds = timed(client.get, reverse("search:search"), {"q": "书屋"})
    assert first.status_code == 200 and "降级模式" in first.content.decode()
    assert "荆江汽车职工书屋升级" in first.content.decode(), "answered from the database"
    assert seconds < 3, f"the first search waited {seconds:.1f} s for the hung engine"
    for _ in range(5):
        answer, seconds = timed(client.get, reverse("search_api"), {"q": "书屋"})
        assert answer.json()["mode"] == "reduced" and seconds < 0.5, f"{seconds:.2f} s: the breaker did not open"
    suggestions, seconds = timed(client.get, reverse("search:suggest"), {"q": "书屋"})
    assert suggestions.status_code == 200 and seconds < 0.5
    assert "沙市区职工书屋" in [item["title"] for item in suggestions.json()["suggestions"]]
    assert any("skipping it for 30 s" in record.message for record in caplog.records)

    # Publishing still works, at once; its index updates wait in the outbox.
    client.force_login(superuser)
    response, seconds = timed(publish_feature, client, news_index, "停机时发布的书屋文章", "published-while-hung")
    assert response.status_code == 302 and seconds < 3
    assert FeaturePage.objects.get(slug="published-while-hung").live

    # The engine answers again: the worker's check notices, closes the breaker and drains the outbox.
    indexed.resume()
    from search.repair import worker_pass

    report = worker_pass()
    assert report.get("synced", 0) >= 1 and not report.get("failed"), report
    api = client.get(reverse("search_api"), {"q": "书屋"}).json()
    assert api["mode"] == "engine"
    assert "停机时发布的书屋文章" in [hit["title"] for hit in api["results"]]
    refresh_admin(indexed)
    pages = client.get(reverse("wagtailadmin_pages:search"), {"q": "停机时发布"}).content.decode()
    assert "停机时发布的书屋文章" in pages and ADMIN_NOTICE not in pages, "the admin index got the page too"


def test_admin_search_answers_from_the_database_while_the_engine_hangs(
    client, indexed, moderator, image, category, settings
):
    from django.core.files.base import ContentFile

    from wagtail.documents.models import Document

    image.title = "职工书屋读书会照片"
    image.save()
    document = Document(title="书屋管理办法")
    document.file.save("rules.txt", ContentFile(b"rules"), save=False)
    document.save()
    category.name = "职工书屋专栏"
    category.save()
    client.force_login(moderator)

    # A timeout well above what a database search takes on a loaded host, so that "waited for the engine" and
    # "answered from the database" cannot be confused.
    settings.SEARCH_TIMEOUT = 3.0
    indexed.pause()
    pages, seconds = timed(client.get, reverse("wagtailadmin_pages:search"), {"q": "书屋"})
    assert pages.status_code == 200 and seconds < 6, f"{seconds:.1f} s"
    html = pages.content.decode()
    assert "荆江汽车职工书屋升级" in html and ADMIN_NOTICE in html
    for url, title in [
        (reverse("wagtailimages:index"), "职工书屋读书会照片"),
        (reverse("wagtaildocs:index"), "书屋管理办法"),
        (reverse("wagtailsnippets_home_category:list"), "职工书屋专栏"),
    ]:
        response, seconds = timed(client.get, url, {"q": "书屋"})
        # (0.1 s on a quiet host; any request that waited for the engine would take its whole 3 s timeout)
        assert response.status_code == 200 and seconds < 2, (url, seconds)
        assert title in response.content.decode() and ADMIN_NOTICE in response.content.decode(), url
    # The search box's partial update (fetched by script, as Wagtail does): results, and no notice left queued
    # for the next page.
    partial = client.get(
        reverse("wagtailadmin_pages:search_results"), {"q": "书屋"}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )
    assert "荆江汽车职工书屋升级" in partial.content.decode()

    # Saving an image while the engine hangs neither fails nor waits; the admin index catches up afterwards.
    image.title = "停机时改名的书屋照片"
    _, seconds = timed(image.save)
    assert seconds < 0.5

    indexed.resume()
    from search.repair import worker_pass

    worker_pass()
    refresh_admin(indexed)
    images = client.get(reverse("wagtailimages:index"), {"q": "停机时改名"}).content.decode()
    assert "停机时改名的书屋照片" in images and ADMIN_NOTICE not in images


def test_after_the_breaker_time_one_search_tries_the_engine_again(client, indexed, settings):
    settings.SEARCH_BREAKER_SECONDS = 0.5
    indexed.pause()
    assert client.get(reverse("search_api"), {"q": "书屋"}).json()["mode"] == "reduced"
    time.sleep(0.6)  # the breaker is half-open: the next search is a trial, and the engine still hangs
    answer, seconds = timed(client.get, reverse("search_api"), {"q": "书屋"})
    assert answer.json()["mode"] == "reduced" and 0.9 < seconds < 3, "the trial waited for one timeout"
    _, seconds = timed(client.get, reverse("search_api"), {"q": "书屋"})
    assert seconds < 0.5, "the failed trial opened the breaker again"

    indexed.resume()
    time.sleep(0.6)
    assert client.get(reverse("search_api"), {"q": "书屋"}).json()["mode"] == "engine", "the trial closed it"
    assert client.get(reverse("search_api"), {"q": "书屋"}).json()["mode"] == "engine"


def test_search_index_drain_asks_the_engine_whatever_the_breaker_says(client, indexed, make_feature):
    from io import StringIO

    from django.core.management.base import CommandError

    indexed.pause()
    client.get(reverse("search_api"), {"q": "书屋"})  # opens the breaker
    make_feature(title="停机时写的书屋文章")  # waits in the outbox
    with pytest.raises(CommandError, match="unavailable"):
        call_command("search_index", "drain")
    indexed.resume()
    out = StringIO()
    call_command("search_index", "drain", stdout=out)
    assert out.getvalue().startswith("2 objects synced, 0 failed"), out.getvalue()  # the site's and the admin's
    assert "停机时写的书屋文章" in search_titles("书屋")


@pytest.mark.redis
def test_other_processes_skip_the_engine_too(client, indexed):
    """The open breaker is shared through the cache: a process that never waited skips the engine at once."""
    from search.breaker import Breaker, engine_key, site_breaker

    indexed.pause()
    client.get(reverse("search_api"), {"q": "书屋"})
    other_process = Breaker(engine_key(indexed.url))
    assert site_breaker().is_open() and not other_process.allow()


def test_a_dead_cache_leaves_each_process_its_own_breaker(indexed, settings):
    """The breaker uses the cache only as a helper. (The engine is asked through the breaker directly: Wagtail's
    site lookup behind the database fallback needs the cache, whose outages are another part's business.)"""
    import socket

    from elastic_transport import ConnectionTimeout

    from search.breaker import EngineSkipped, site_breaker
    from search.query import SearchParams, engine_search

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead_port = sock.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{dead_port}",
        }
    }
    breaker = site_breaker()
    indexed.pause()
    with pytest.raises(ConnectionTimeout):
        breaker.call(engine_search, SearchParams(q="书屋"))
    for _ in range(3):
        started = time.monotonic()
        with pytest.raises(EngineSkipped):
            breaker.call(engine_search, SearchParams(q="书屋"))
        assert time.monotonic() - started < 0.5
    indexed.resume()
    settings.SEARCH_BREAKER_SECONDS = 0.5
    breaker.failed(ConnectionTimeout("still down, as far as this process knows"))
    with pytest.raises(EngineSkipped):
        breaker.call(engine_search, SearchParams(q="书屋"))
    time.sleep(0.6)
    assert breaker.call(engine_search, SearchParams(q="书屋")).mode == "engine", "the trial closed it"
    assert not breaker.is_open()


# ---- an engine that comes back empty ---------------------------------------------------------------------


def test_worker_recreates_and_refills_lost_indexes(client, indexed, moderator, make_feature, caplog):
    from search.models import PendingIndexUpdate
    from search.repair import worker_pass
    from search.sync import drain

    indexed.restart_empty()
    assert client.get(reverse("search_api"), {"q": "书屋"}).json()["mode"] == "reduced"
    make_feature(title="引擎清空后发布的书屋文章")  # its admin index write recreates a bare index by itself
    assert drain() == (0, 1), "the outbox keeps the update while the index is missing"
    assert PendingIndexUpdate.objects.exists()

    report = worker_pass()
    assert "site" in report["repaired"] and report["repaired"]["admin"], report
    assert not PendingIndexUpdate.objects.exists(), "nothing lost: the waiting updates were drained after the rebuild"
    assert {"荆江汽车职工书屋升级", "沙市区职工书屋", "引擎清空后发布的书屋文章"} <= set(search_titles("书屋"))
    assert client.get(reverse("search_api"), {"q": "书屋"}).json()["mode"] == "engine"

    refresh_admin(indexed)
    client.force_login(moderator)
    pages = client.get(reverse("wagtailadmin_pages:search"), {"q": "书屋"}).content.decode()
    assert "荆江汽车职工书屋升级" in pages and "引擎清空后发布的书屋文章" in pages and ADMIN_NOTICE not in pages
    assert worker_pass() == {}, "the next round finds nothing to do"


def test_drain_task_repairs_a_lost_index_too(indexed, make_feature):
    from search.tasks import drain_search_outbox

    indexed.restart_empty()
    make_feature(title="任务修复的书屋文章")
    result = drain_search_outbox.call()
    assert result["repaired"] and result["failed"] == 0, result
    assert "任务修复的书屋文章" in search_titles("书屋")
