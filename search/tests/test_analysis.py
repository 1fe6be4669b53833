"""Issue 19 on the real engine: traditional characters, pinyin, editors' synonyms (an edit takes effect at once,
through the page cache), typo corrections, short-query labels and long queries cut between words."""

from django.urls import reverse

import pytest

from search.analysis import fold, pinyin_of_query, readings, shorten
from search.models import SynonymGroup
from search.query import MAX_QUERY, SearchParams, run_search

from ..conftest import search_titles


def test_folding_keeps_every_position_and_pinyin_reads_words():
    assert fold("職工書屋藝術節勞模") == "职工书屋艺术节劳模"
    assert len(fold("繁體字與簡體字")) == len("繁體字與簡體字")
    assert readings("重庆长江，职工书屋") == ("chong qing chang jiang | zhi gong shu wu", "c q c j | z g s w")
    assert readings("銀行")[0] == "yin hang", "traditional text is folded before its pinyin is read"
    assert pinyin_of_query("zhigong shuwu") == ("zhi gong shu wu", "")
    assert pinyin_of_query("Zhi'gong") == ("zhi gong", "")
    assert pinyin_of_query("changjiang") == ("chang jiang", "")
    assert pinyin_of_query("zgsw") == ("", "z g s w")
    assert pinyin_of_query("shu") == ("", "")  # one syllable says too little
    assert pinyin_of_query("职工") == pinyin_of_query("e有绝活") == ("", "")


def test_long_queries_are_cut_between_words():
    words = "职工书屋 劳模讲书 " * 20
    cut, shortened = shorten(words.strip(), MAX_QUERY)
    assert shortened and len(cut) <= MAX_QUERY and cut.endswith(("职工书屋", "劳模讲书"))
    assert shorten("职工书屋", MAX_QUERY) == ("职工书屋", False)
    # No spaces at all: cut at a word boundary of pypinyin's segmenter, never inside a word it knows.
    text = "规范化" * 40
    cut, shortened = shorten(text, MAX_QUERY)
    assert shortened and len(cut) == 99 and cut.endswith("规范化")
    params = SearchParams.from_query_dict({"q": words})
    assert params.shortened and len(params.q) <= MAX_QUERY


@pytest.mark.django_db
def test_traditional_queries_find_simplified_pages_and_the_reverse(engine, sync, make_feature, client):
    make_feature(
        title="職工書屋開放時間調整",
        summary="週末照常開放。",
        body=[("paragraph", "<p>書屋週末照常開放。</p>")],
        tags=["書屋"],
    )
    make_feature(title="劳模讲书走进车间", summary="简体字的页面。")
    sync()
    assert search_titles("职工书屋") == ["職工書屋開放時間調整"]
    assert search_titles("勞模講書") == ["劳模讲书走进车间"]
    hit = run_search(SearchParams(q="书屋")).hits[0]
    # The page's own characters are shown, the highlights moved onto them.
    assert hit.title == "職工書屋開放時間調整"
    assert str(hit.title_html) == "職工<mark>書屋</mark>開放時間調整"
    assert str(hit.summary_html) == "<mark>書屋</mark>週末照常開放。", hit.summary_html
    page = client.get(reverse("search:search"), {"q": "書屋"}).content.decode()
    assert "職工<mark>書屋</mark>開放時間調整" in page and "<mark>書屋</mark>週末照常開放" in page
    suggestions = client.get(reverse("search:suggest"), {"q": "职工书屋"}).json()["suggestions"]
    assert [item["title"] for item in suggestions] == ["職工書屋開放時間調整"]
    assert search_titles("zhigongshuwu") == ["職工書屋開放時間調整"]


@pytest.mark.django_db
def test_pinyin_ranks_below_characters(engine, sync, make_feature):
    make_feature(title="LED灯具节能改造", summary="车间照明。")
    make_feature(title="乐迪职工书屋", summary="一间书屋。")  # 乐迪: ledi, not LED
    sync()
    assert search_titles("led")[0] == "LED灯具节能改造"


@pytest.mark.django_db
def test_a_synonym_edit_takes_effect_at_once(
    engine, sync, make_feature, client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    make_feature(title="车间图书室开放", summary="每天中午开放。")
    sync()
    url, api = reverse("search:search"), reverse("search_api")
    assert "车间<mark>图书室</mark>开放" not in client.get(url, {"q": "阅览室"}).content.decode()
    assert client.get(api, {"q": "阅览室"}).json()["total"] == 0
    assert client.get(api, {"q": "阅览室"}).json()["total"] == 0  # now from the page cache

    with django_capture_on_commit_callbacks(execute=True):
        group = SynonymGroup.objects.create(terms="图书室 = 閱覽室")  # traditional is folded
    assert group.words() == ["图书室", "阅览室"]
    page = client.get(url, {"q": "阅览室"}).content.decode()
    assert "车间<mark>图书室</mark>开放" in page, "the cached page was forgotten and the new group applied"
    assert client.get(api, {"q": "阅览室"}).json()["total"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        group.enabled = False
        group.save()
    assert client.get(api, {"q": "阅览室"}).json()["total"] == 0

    with django_capture_on_commit_callbacks(execute=True):
        group.enabled = True
        group.save()
    assert search_titles("阅览室") == ["车间图书室开放"]
    with django_capture_on_commit_callbacks(execute=True):
        group.delete()
    assert search_titles("阅览室") == []


@pytest.mark.django_db
def test_a_synonym_group_needs_two_words():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        SynonymGroup(terms="书屋 = 書屋").full_clean()  # the same word once folded


@pytest.mark.django_db
def test_did_you_mean_and_partial_labels_on_the_page(engine, sync, make_feature, client):
    make_feature(title="劳模工作室揭牌", summary="三位劳模带徒。")
    make_feature(title="清凉驿站开到工地", summary="驿站里有凉茶。")
    make_feature(title="送清凉慰问一线职工", summary="高温补贴。")
    sync()
    page = client.get(reverse("search:search"), {"q": "劳摸"}).content.decode()
    assert "您是不是要找" in page and 'href="?q=%E5%8A%B3%E6%A8%A1"' in page
    assert "<mark>劳模</mark>工作室揭牌" in page
    api = client.get(reverse("search_api"), {"q": "劳摸"}).json()
    assert api["did_you_mean"] == ["劳模"] and api["results"][0]["title"] == "劳模工作室揭牌"
    results = run_search(SearchParams(q="送清凉"))
    assert [(hit.title, hit.partial) for hit in results.hits] == [
        ("送清凉慰问一线职工", False),
        ("清凉驿站开到工地", True),
    ]
    page = client.get(reverse("search:search"), {"q": "送清凉"}).content.decode()
    assert page.count("部分匹配") == 1
    assert run_search(SearchParams(q="劳模")).did_you_mean == []  # a word the index holds is not corrected


@pytest.mark.django_db
def test_the_page_says_a_long_query_was_shortened(engine, client):
    page = client.get(reverse("search:search"), {"q": "职工书屋 " * 30}).content.decode()
    assert "搜索词过长" in page
    api = client.get(reverse("search_api"), {"q": "职工书屋 " * 30}).json()
    assert api["shortened"] is True and len(api["query"]) <= MAX_QUERY and api["query"].endswith("职工书屋")
