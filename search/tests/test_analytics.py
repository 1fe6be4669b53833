"""Search analytics and hot searches: the page's beacon (signed, anonymous, counted once per visitor), clicks by
position, the hot-search list without screened or hidden words, pinned terms, related searches, and the editors'
report with its CSV export."""

import re

from django.urls import reverse
from django.utils import timezone

import pytest

from search import analytics
from search.models import HotSearchTerm, SearchClickDay, SearchQueryDay

pytestmark = pytest.mark.django_db


def token_of(page):
    found = re.search(r'data-search-token="([^"]+)"', page.content.decode())
    return found.group(1) if found else None


def beacon(client, token, address="10.0.0.1", **extra):
    return client.post(reverse("search:log"), {"t": token, **extra}, REMOTE_ADDR=address)


def test_the_beacon_counts_searches_and_clicks_anonymously(client, engine, sync, make_feature, settings):
    settings.PAGE_CACHE_ENABLED = True
    make_feature(title="職工書屋開放", summary="书屋开放。")
    sync()
    page = client.get(reverse("search:search"), {"q": "書屋"})
    token = token_of(page)
    assert token and "public" in page["Cache-Control"] and not page.cookies
    assert token_of(client.get(reverse("search:search"), {"q": "書屋"})) == token  # the cached copy holds it too
    assert token_of(client.get(reverse("search:search"), {"q": "書屋", "page": 2})) is None  # one count a search

    assert beacon(client, token).status_code == 204
    assert beacon(client, token).status_code == 204  # a reload by the same visitor counts once
    assert beacon(client, token, address="10.0.0.2").status_code == 204
    row = SearchQueryDay.objects.get()
    assert (row.day, row.query, row.searches, row.no_results) == (timezone.localdate(), "书屋", 2, 0)
    assert {f.name for f in SearchQueryDay._meta.get_fields()} == {
        "id",
        "day",
        "query",
        "searches",
        "no_results",
        "clicks",
    }, "no user, address or session is stored"

    assert beacon(client, token, pos="3").status_code == 204
    assert beacon(client, token, pos="3").status_code == 204  # counted once
    assert beacon(client, token, pos="1", address="10.0.0.2").status_code == 204
    assert SearchQueryDay.objects.get().clicks == 2
    assert dict(SearchClickDay.objects.values_list("position", "clicks")) == {1: 1, 3: 1}

    nothing = token_of(client.get(reverse("search:search"), {"q": "不存在的词组合"}))
    beacon(client, nothing)
    assert SearchQueryDay.objects.get(query="不存在的词组合").no_results == 1


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"t": "forged"},
        {"t": "WyLkuabnsYsiLDBd:1tXYZ:abc"},
        {"t": "GOOD", "pos": "0"},
        {"t": "GOOD", "pos": "501"},
        {"t": "GOOD", "pos": "²"},
        {"t": "GOOD", "pos": "-1"},
    ],
)
def test_forged_or_malformed_beacons_are_refused(client, data):
    from django.core import signing

    if data.get("t") == "GOOD":
        data["t"] = signing.dumps(["书屋", 3], salt=analytics.SALT, compress=False)
    assert client.post(reverse("search:log"), data).status_code == 400
    assert not SearchQueryDay.objects.exists() and not SearchClickDay.objects.exists()
    assert client.get(reverse("search:log")).status_code == 405


def test_beacons_are_rate_limited_per_address(client, settings, monkeypatch):
    from django.core import signing

    monkeypatch.setattr("search.views.BEACON_RATE", "3/m")
    statuses = [
        beacon(client, signing.dumps([f"词{n}", 1], salt=analytics.SALT, compress=False)).status_code for n in range(5)
    ]
    assert statuses == [204, 204, 204, 429, 429]
    assert SearchQueryDay.objects.count() == 3


def hot_list(html):
    found = re.search(r'<nav class="hot-searches".*?</nav>', html, re.S)
    return found.group(0) if found else ""


def searched(query, searches, no_results=0, days_ago=0):
    SearchQueryDay.objects.create(
        day=timezone.localdate() - timezone.timedelta(days=days_ago),
        query=query,
        searches=searches,
        no_results=no_results,
    )


def test_hot_searches_leave_out_screened_hidden_and_fruitless_queries(
    client, engine, django_capture_on_commit_callbacks
):
    from screening.models import Action, SensitiveWord

    SensitiveWord.objects.create(term="加微信领红包", action=Action.REJECT)
    SensitiveWord.objects.create(term="赌博", action=Action.HOLD)
    searched("加微信领红包", 50)
    searched("网络赌博平台", 40)  # holds a word on the list
    searched("书屋", 10)
    searched("职工书屋", 5)
    searched("乱码乱码", 30, no_results=30)  # never found anything
    searched("体育节", 20)
    searched("艺术节", 2)  # too few visitors
    searched("拔河", 30, days_ago=8)  # last week's
    with django_capture_on_commit_callbacks(execute=True):
        HotSearchTerm.objects.create(term="体育节", action=HotSearchTerm.Action.HIDE)
        HotSearchTerm.objects.create(term="送清涼", action=HotSearchTerm.Action.PIN)  # folded: 送清凉

    assert analytics.hot_searches() == ["送清凉", "书屋", "职工书屋"]
    page = client.get(reverse("search:search")).content.decode()
    hot = hot_list(page)
    assert "热搜" in page and "?q=%E9%80%81%E6%B8%85%E5%87%89" in hot and ">职工书屋<" in hot
    for word in ("加微信领红包", "赌博", "乱码", "体育节", "拔河"):
        assert word not in page
    assert analytics.related_searches("职工书屋") == ["书屋"]

    # A word added to the list disappears at once, from the list and from the cached search page.
    with django_capture_on_commit_callbacks(execute=True):
        SensitiveWord.objects.create(term="书屋", action=Action.HOLD)
    assert analytics.hot_searches() == ["送清凉"]
    assert "书屋" not in hot_list(client.get(reverse("search:search")).content.decode())


def test_related_searches_on_the_results_page(client, engine, sync, make_feature):
    make_feature(title="职工书屋开放", summary="书屋开放。")
    sync()
    searched("书屋活动", 4)
    searched("艺术节", 9)
    page = client.get(reverse("search:search"), {"q": "职工书屋"}).content.decode()
    related = re.search(r'<nav class="related-searches".*?</nav>', page, re.S).group(0)
    assert "相关搜索" in related and ">书屋活动<" in related and "艺术节" not in related


def test_editors_read_the_weekly_report_and_export_it(client, editor, worker, moderator):
    searched("书屋", 12)
    searched("劳摸", 3, no_results=3)
    searched("=cmd|' /C calc'!A0", 3, no_results=3)
    SearchClickDay.objects.create(day=timezone.localdate(), position=1, clicks=6)
    SearchClickDay.objects.create(day=timezone.localdate(), position=14, clicks=1)
    url = reverse("search_analytics")
    for user in (worker, moderator):
        client.force_login(user)
        assert client.get(url).status_code in (302, 403)
    client.force_login(editor)
    html = client.get(url).content.decode()
    assert "书屋" in html and "劳摸" in html and "搜索分析" in html
    assert "0.333" in html  # 6 clicks on the first result in 18 searches
    queries = client.get(url, {"export": "queries"})
    assert queries["Content-Type"].startswith("text/csv")
    text = queries.content.decode("utf-8-sig")
    assert "week,query,searches,searches_without_results,clicks" in text and ",书屋,12,0,0" in text
    assert "'=cmd" in text, "a query that looks like a formula is written as text"
    clicks = client.get(url, {"export": "clicks", "weeks": "999"}).content.decode("utf-8-sig")
    assert ",1,6,18,0.3333" in clicks and ",11+,1,18," in clicks
    assert client.get(url, {"weeks": "x<script>"}).status_code == 200
