"""The page cache: public pages come from the cache for everyone, signed in or not (the personal parts come from
/accounts/me/, see accounts/tests/test_personal_parts.py), and every change that shows on a page makes it forget
that page at once (here and in a CDN in front)."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from django.core.cache import cache

from wagtail.models import Site

import pytest

from core import pagecache
from core.models import SiteSettings


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_TTL = 300


def get(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.content.decode()


def test_anonymous_pages_come_from_the_cache_without_touching_the_database(
    client, make_feature, django_assert_num_queries
):
    feature = make_feature(title="书屋读书会")
    first, _ = get(client, feature.url)
    assert first["X-Page-Cache"] == "miss"
    assert "public" in first["Cache-Control"] and "s-maxage=300" in first["Cache-Control"]
    with django_assert_num_queries(0):
        second, html = get(client, feature.url)
    assert second["X-Page-Cache"] == "hit" and "书屋读书会" in html
    assert second["Content-Type"] == first["Content-Type"] and second["Content-Language"] == "zh-hans"


def test_signed_in_users_get_the_same_cached_page_without_touching_the_database(
    client, worker, make_feature, django_assert_num_queries
):
    feature = make_feature(title="送清凉")
    client.force_login(worker)
    first, html = get(client, feature.url)  # a signed-in worker's miss stores the shared page
    assert first["X-Page-Cache"] == "miss" and "public" in first["Cache-Control"]
    with django_assert_num_queries(0):
        second, again = get(client, feature.url)
    assert second["X-Page-Cache"] == "hit" and again == html
    client.logout()
    third, anonymous = get(client, feature.url)
    assert third["X-Page-Cache"] == "hit" and anonymous == html


def test_a_render_that_shows_messages_is_not_stored(client, worker, make_feature):
    """The safety net: a render that reaches for something personal (here the messages waiting for this worker,
    which a page shows when it is rendered for them) changes a cookie, and such an answer is never shared."""
    feature = make_feature(title="夏送清凉")
    client.force_login(worker)
    target = f"home.featurepage:{feature.pk}"
    posted = client.post("/comments/post/", {"target": target, "body": "不用脚本的评论"})  # a message waits
    assert posted.status_code == 302
    response, html = get(client, feature.url)
    assert "message--" in html and "X-Page-Cache" not in response, "shown to its reader, not stored"
    client.logout()
    response, html = get(client, feature.url)
    assert "message--" not in html and response["X-Page-Cache"] == "miss"


def test_languages_are_cached_apart(client, make_feature):
    make_feature()
    _, zh = get(client, "/")
    _, en = get(client, "/en/")
    assert '<html lang="zh-hans">' in zh and '<html lang="en">' in en
    assert get(client, "/en/")[0]["X-Page-Cache"] == "hit"


def test_what_is_never_cached(client, superuser, make_feature):
    feature = make_feature()
    get(client, feature.url)
    assert client.post(feature.url).status_code in (200, 405)
    assert "X-Page-Cache" not in client.get("/admin/login/")
    assert "X-Page-Cache" not in client.get("/healthz")
    assert get(client, "/no-such-page/")[0].status_code == 404
    assert "X-Page-Cache" not in client.get("/no-such-page/"), "errors are not stored"


def test_publishing_a_feature_refreshes_every_page_that_lists_it(client, make_feature, news_index, home_page):
    make_feature(title="第一篇")
    for url in ("/", news_index.url, "/feeds/features.xml", "/sitemap.xml"):
        get(client, url)
        assert get(client, url)[0]["X-Page-Cache"] == "hit", url
    new = make_feature(title="刚发布的第二篇")
    for url in ("/", news_index.url, "/feeds/features.xml"):
        response, html = get(client, url)
        assert response["X-Page-Cache"] == "miss" and "刚发布的第二篇" in html, url
    assert new.url in get(client, "/sitemap.xml")[1]


def test_unpublishing_removes_the_page_and_its_cards_at_once(client, make_feature, news_index):
    feature = make_feature(title="要撤下的文章")
    get(client, feature.url)
    get(client, news_index.url)
    feature.unpublish()
    assert client.get(feature.url).status_code == 404
    assert "要撤下的文章" not in get(client, news_index.url)[1]
    assert "要撤下的文章" not in get(client, "/")[1]


def test_editing_and_republishing_shows_the_new_title(client, make_feature, news_index):
    feature = make_feature(title="旧标题")
    get(client, feature.url)
    get(client, news_index.url)
    feature.title = "新标题"
    feature.save_revision().publish()
    assert "新标题" in get(client, feature.url)[1]
    assert "新标题" in get(client, news_index.url)[1] and "旧标题" not in get(client, news_index.url)[1]


def test_moving_a_page_forgets_its_old_and_new_places(client, make_feature, news_index, home_page):
    from home.models import NewsIndexPage

    other = NewsIndexPage(title="通知公告", slug="notices")
    home_page.add_child(instance=other)
    other.save_revision().publish()
    feature = make_feature(title="会搬家的文章")
    old_url = feature.url
    get(client, old_url)
    get(client, news_index.url)
    get(client, other.url)
    feature.move(other, pos="last-child")
    feature.refresh_from_db()
    moved = client.get(old_url)  # not the stale cached copy: Wagtail's automatic redirect to the new place
    assert moved.status_code == 301 and moved["Location"] == feature.url
    assert get(client, feature.url)[0].status_code == 200
    assert "会搬家的文章" not in get(client, news_index.url)[1]
    assert "会搬家的文章" in get(client, other.url)[1]


def test_site_settings_change_refreshes_every_page(client, make_feature, news_index):
    make_feature()
    get(client, "/")
    get(client, news_index.url)
    settings_ = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings_.organisation = "荆江市总工会"
    settings_.save()
    assert "荆江市总工会" in get(client, "/")[1]
    assert "荆江市总工会" in get(client, news_index.url)[1]


def test_category_rename_refreshes_listings(client, make_feature, news_index, category):
    make_feature()
    get(client, news_index.url)
    category.name = "思想引领（新）"
    category.save()
    assert "思想引领（新）" in get(client, news_index.url)[1]


def test_approving_an_entry_shows_it_on_the_contest_page_at_once(client, contest, make_entry, moderator):
    from campaigns.models import EntryStatus
    from campaigns.moderation import approve_entries

    pending = make_entry(contest, title="待审核的作品", status=EntryStatus.PENDING)
    get(client, contest.url)
    assert client.get(pending.get_url()).status_code == 404
    approve_entries([pending], moderator)
    assert "待审核的作品" in get(client, contest.url)[1]
    assert client.get(pending.get_url()).status_code == 200


def test_live_counts_are_cached_for_seconds_only(client, contest, make_entry, monkeypatch):
    import time

    from campaigns.models import VideoContestPage, VideoEntry

    entry = make_entry(contest, title="热门作品")
    response, _ = get(client, entry.get_url())
    assert "s-maxage=5" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
    assert "s-maxage=5" in get(client, contest.url)[0]["Cache-Control"]
    # Votes arrive without invalidating anything: the short lifetime bounds how stale a count is.
    monkeypatch.setattr(VideoContestPage, "cache_max_age", 1)
    cache.clear()
    get(client, entry.get_url())
    VideoEntry.objects.filter(pk=entry.pk).update(vote_count=42)
    assert "42票" not in get(client, entry.get_url())[1], "still the cached copy"
    time.sleep(1.5)  # expiry is measured by the cache's own clock (Redis), so real time must pass
    response, html = get(client, entry.get_url())
    assert response["X-Page-Cache"] == "miss" and "42票" in html


class PurgeRecorder(BaseHTTPRequestHandler):
    purged = []

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        PurgeRecorder.purged.append(self.headers["Host"] + self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn(settings):
    PurgeRecorder.purged = []
    server = HTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield PurgeRecorder.purged
    server.shutdown()


def test_publishing_purges_the_cdn_too_once_per_url(cdn, make_feature, news_index):
    feature = make_feature(title="推送到CDN")
    for path in (feature.url, news_index.url, "/", "/en" + feature.url, "/en/", "/sitemap.xml", "/feeds/features.xml"):
        assert f"localhost{path}" in cdn, (path, cdn)
    del cdn[:]
    feature.title = "再次发布"
    feature.save_revision().publish()
    assert cdn, "a publish purges"
    assert sorted(cdn) == sorted(set(cdn)), "each URL is purged once per change (not also by Wagtail's own handlers)"


@pytest.mark.parametrize(
    ("path", "cacheable"),
    [
        ("/", True),
        ("/en/", True),
        ("/news/some-page/", True),
        ("/en/news/some-page/", True),
        ("/search/", True),
        ("/en/search/suggest/", True),
        ("/api/search/", True),
        ("/sitemap.xml", True),
        ("/feeds/features.xml", True),
        ("/robots.txt", True),
        ("/accounts/login/", False),
        ("/en/accounts/login/", False),
        ("/voting/entries/1/vote/", False),
        ("/comments/post/", False),
        ("/en/comments/post/", False),
        ("/campaigns/my-entries/", False),
        ("/api/v2/pages/", False),
        ("/admin/", False),
        ("/healthz", False),
        ("/documents/1/a.pdf", False),
    ],
)
def test_which_routes_the_cache_looks_up_comes_from_the_urlconf(path, cacheable):
    """No list of paths kept by hand: the views that may be cached are marked (core.pagecache.cacheable) or are
    Wagtail's page view, in every interface language."""
    assert pagecache.route_is_cacheable(path) is cacheable


def test_renditions_are_made_once_then_reused(client, make_feature, settings, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wagtail.images.models import Rendition

    settings.PAGE_CACHE_ENABLED = False  # render every time: the hot path after warm-up
    feature = make_feature(title="有图的文章")
    client.get(feature.url)
    client.get("/")
    made = Rendition.objects.count()
    assert made > 0
    with CaptureQueriesContext(connection) as queries:
        client.get(feature.url)
        client.get("/")
    assert Rendition.objects.count() == made
    assert not [q for q in queries.captured_queries if "INSERT" in q["sql"] and "rendition" in q["sql"]]


def test_a_new_view_restriction_forgets_the_public_copy(client, make_feature, news_index):
    from wagtail.models import PageViewRestriction

    feature = make_feature(title="仅限会员阅读")
    assert get(client, feature.url)[0]["X-Page-Cache"] == "miss"
    assert get(client, feature.url)[0]["X-Page-Cache"] == "hit"
    PageViewRestriction.objects.create(page=news_index, restriction_type="login")
    response, html = get(client, feature.url)
    assert response.status_code == 302 and "仅限会员阅读" not in html, "the cached public copy is not served"
