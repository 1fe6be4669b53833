"""The search page, suggestions and the JSON API: Chinese queries, facets, highlights, paging, reduced mode."""

import re

from django.urls import reverse

import pytest

from campaigns.fixtures import aware

from ..conftest import search_titles


@pytest.fixture
def content(engine, sync, make_feature, make_tour, make_room, make_festival, category):
    from home.models import Category

    rights = Category.objects.create(name="维权服务", slug="weiquan")
    make_feature(title="荆江汽车职工书屋升级", summary="书屋可以借电子书了。", tags=["书屋", "阅读"])
    make_feature(
        title="送清凉到工地",
        category=rights,
        tags=["送清凉"],
        body=[("paragraph", "<p>高温季节，职工书屋也成了清凉驿站。</p>")],
    )
    make_feature(title="e有绝活短视频征集启动", summary="晒出你的绝活，550场次宣讲同步进行。", tags=["短视频"])
    make_tour(title="大讲堂进车间", sessions=[{"starts_at": aware(2022, 4, 1, 9), "level": "workshop"}])
    make_room(title="沙市区职工书屋", address="江津东路88号")
    make_festival(title="荆江之春职工艺术节")
    sync()


def test_chinese_words_find_their_pages(content):
    found = search_titles("书屋")
    assert set(found) >= {"职工书屋", "荆江汽车职工书屋升级", "送清凉到工地", "沙市区职工书屋"}
    assert found.index("荆江汽车职工书屋升级") < found.index("送清凉到工地"), "a title match ranks above a body match"
    assert search_titles("艺术节") == ["荆江之春职工艺术节"]
    assert "大讲堂进车间" in search_titles("进车间")
    assert search_titles("e有绝活") == ["e有绝活短视频征集启动"]
    assert search_titles("550场次") == ["e有绝活短视频征集启动"]
    assert "荆江之春职工艺术节" in search_titles("艺"), "one character is searchable too"
    assert search_titles("ＥＸＡＭＰＬＥ书屋不存在的词组合") == []


def test_page_shows_highlights_facets_and_counts(client, content):
    html = client.get(reverse("search:search"), {"q": "书屋"}).content.decode()
    assert "<mark>书屋</mark>" in html
    assert re.search(r"3\s*条结果", html) or "条结果" in html
    assert "新闻资讯" in html and "职工书屋" in html  # type facet labels
    assert "维权服务" in html  # category facet
    assert 'class="facet__count">2<' in html or 'class="facet__count">1<' in html


def test_filters_and_sort(client, content):
    assert search_titles("书屋", kind="reading_room") == ["沙市区职工书屋"]
    assert search_titles("书屋", category="维权服务") == ["送清凉到工地"]
    assert search_titles("书屋", tag="阅读") == ["荆江汽车职工书屋升级"]
    page = client.get(reverse("search:search"), {"q": "书屋", "type": "reading_room"}).content.decode()
    assert "送清凉到工地" not in page and "沙市区职工<mark>书屋</mark>" in page
    newest = search_titles("书屋", sort="newest")
    assert newest.index("送清凉到工地") < newest.index("荆江汽车职工书屋升级"), "made later, dated later"


def test_paging(engine, sync, make_feature, client):
    for n in range(23):
        make_feature(title=f"书屋活动第{n}期")
    sync()
    from search.query import SearchParams, run_search

    first, third = run_search(SearchParams(q="书屋")), run_search(SearchParams(q="书屋", page=3))
    assert first.total == 23 and first.pages == 3 and len(first.hits) == 10 and len(third.hits) == 3
    page = client.get(reverse("search:search"), {"q": "书屋", "page": 2}).content.decode()
    assert "第 2 页，共 3 页" in page
    assert client.get(reverse("search:search"), {"q": "书屋", "page": "abc"}).status_code == 200


def test_hostile_content_and_queries_are_escaped(client, engine, sync, make_feature):
    make_feature(
        title='<script>alert("书屋")</script>书屋',
        summary="<img src=x onerror=alert(1)>书屋",
        body=[("paragraph", "<p>书屋</p>")],
    )
    sync()
    html = client.get(reverse("search:search"), {"q": "书屋"}).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;<mark>书屋</mark>&quot;)&lt;/script&gt;<mark>书屋</mark>" in html
    assert html.count("<mark>") == html.count("</mark>"), "every highlight is closed"
    hostile_query = client.get(reverse("search:search"), {"q": '"><script>alert(2)</script>'}).content.decode()
    assert "<script>alert(2)" not in hostile_query and "&quot;&gt;&lt;script&gt;" in hostile_query
    api = client.get(reverse("search_api"), {"q": "书屋"}).json()
    assert api["results"][0]["title"] == '<script>alert("书屋")</script>书屋', "the API gives text; apps escape"
    assert "<script>" not in api["results"][0]["title_html"]


def test_empty_query_state(client, db, engine):
    response = client.get(reverse("search:search"))
    assert response.status_code == 200
    assert "可以搜索" in response.content.decode()


def test_no_results_offers_suggestions(client, content):
    html = client.get(reverse("search:search"), {"q": "职工书屋 宣讲 早已取消的活动"}).content.decode()
    if "条结果" in html and "没有找到" in html:
        assert "您是不是要找" in html
    nothing = client.get(reverse("search:search"), {"q": "书屋 艺术节 清凉 绝活 车间 一起"}).content.decode()
    assert "没有找到" in nothing or "<mark>" in nothing


def test_suggestions_endpoint(client, content):
    data = client.get(reverse("search:suggest"), {"q": "职工书"}).json()
    titles = [item["title"] for item in data["suggestions"]]
    assert "荆江汽车职工书屋升级" in titles and "沙市区职工书屋" in titles
    assert all(set(item) == {"title", "url", "type", "type_label"} for item in data["suggestions"])
    assert client.get(reverse("search:suggest"), {"q": ""}).json() == {"suggestions": []}


def test_json_api_has_the_same_parameters(client, content):
    data = client.get(reverse("search_api"), {"q": "书屋", "type": "feature"}).json()
    assert data["mode"] == "engine" and data["total"] == 3
    assert {r["type"] for r in data["results"]} == {"feature"}
    assert "kind" in data["facets"] and "category" in data["facets"]
    assert data["results"][0]["url"].startswith("/news/")


# ---- reduced mode -----------------------------------------------------------------------------------------


def test_engine_unreachable_answers_from_the_database(client, dead_engine, make_feature, make_room, caplog):
    make_feature(title="荆江汽车职工书屋升级")
    make_room(title="沙市区职工书屋")
    with caplog.at_level("WARNING", logger="search.query"):
        response = client.get(reverse("search:search"), {"q": "书屋"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "降级模式" in html
    assert "荆江汽车职工书屋升级" in html and "沙市区职工书屋" in html
    assert 'class="facets"' not in html
    assert "no-cache" in response["Cache-Control"], "a reduced answer is not cached"
    assert any("unreachable" in record.message for record in caplog.records)
    api = client.get(reverse("search_api"), {"q": "书屋"}).json()
    assert api["mode"] == "reduced" and api["facets"] == {}
    assert {r["title"] for r in api["results"]} == {"荆江汽车职工书屋升级", "沙市区职工书屋", "职工书屋"}
    assert "沙市区职工书屋" in [
        s["title"] for s in client.get(reverse("search:suggest"), {"q": "书屋"}).json()["suggestions"]
    ]


def test_no_engine_configured_is_reduced_mode_too(client, make_feature, settings):
    settings.ELASTICSEARCH_URL = None
    make_feature(title="没有搜索引擎时的书屋")
    html = client.get(reverse("search:search"), {"q": "书屋"}).content.decode()
    assert "降级模式" in html and "没有搜索引擎时的书屋" in html


def test_highlights_are_balanced_and_escaped():
    from search.query import MARK_CLOSE, MARK_OPEN, highlighted

    assert highlighted(f"职工{MARK_OPEN}书屋") == "职工<mark>书屋</mark>"
    assert highlighted(f"{MARK_CLOSE}a<b>{MARK_OPEN}书屋{MARK_CLOSE}{MARK_CLOSE}") == "a&lt;b&gt;<mark>书屋</mark>"
    assert highlighted(f"{MARK_OPEN}{MARK_OPEN}x{MARK_CLOSE}") == "<mark>x</mark>"
    # osmem-server drops the opening marker of a match at the very start of a field
    assert highlighted(f"职工书屋{MARK_CLOSE}开放") == "<mark>职工书屋</mark>开放"
