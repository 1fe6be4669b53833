"""Home page, news index and feature articles: tree rules, rendering, filters, pagination, query budgets."""

from django.urls import reverse

from wagtail.models import Page

import pytest

from core import pagecache
from home.models import FEATURES_PER_PAGE, FeaturePage, HomePage, NewsIndexPage


def test_page_tree_rules(home_page, news_index):
    root = Page.objects.get(depth=1)
    assert not HomePage.can_create_at(root), "only one home page per installation"
    assert not HomePage.can_create_at(news_index)
    assert NewsIndexPage.can_create_at(home_page)
    assert not NewsIndexPage.can_create_at(root)
    assert NewsIndexPage.can_create_at(news_index), "a district section (accounts.districts)"
    section = NewsIndexPage(title="沙市区总工会", slug="shashi")
    news_index.add_child(instance=section)
    assert not NewsIndexPage.can_create_at(section), "no deeper than a district section"
    assert FeaturePage.can_create_at(section)
    assert FeaturePage.can_create_at(news_index)
    assert not FeaturePage.can_create_at(home_page)
    assert not FeaturePage.can_create_at(root)
    assert FeaturePage.allowed_subpage_models() == []


def test_home_page_shows_latest_features_as_cards(client, make_feature):
    old = make_feature(title="较早的文章")
    newest = [make_feature(title=f"新文章{i}") for i in range(6)]
    html = client.get("/").content.decode()
    for page in newest:
        assert page.title in html
    assert old.title not in html, "only the six newest features are on the home page"
    assert 'type="image/webp"' in html, "card images are served as WebP with a fallback"
    assert "最新资讯" in html


def test_unpublished_features_are_not_listed(client, make_feature, news_index):
    make_feature(title="已发布")
    make_feature(title="草稿文章", publish=False)
    for url in ("/", news_index.url):
        html = client.get(url).content.decode()
        assert "已发布" in html
        assert "草稿文章" not in html


def test_news_index_filters_by_category_and_tag(client, make_feature, news_index, category):
    from home.models import Category

    other = Category.objects.create(name="维权服务", slug="weiquan")
    make_feature(title="宣讲进车间", tags=["宣讲"])
    make_feature(title="送清凉到工地", category=other, tags=["送清凉"])

    by_category = client.get(news_index.url, {"category": "weiquan"}).content.decode()
    assert "送清凉到工地" in by_category and "宣讲进车间" not in by_category

    by_tag = client.get(news_index.url, {"tag": "宣讲"}).content.decode()
    assert "宣讲进车间" in by_tag and "送清凉到工地" not in by_tag

    unknown = client.get(news_index.url, {"category": "no-such"})
    assert unknown.status_code == 200
    assert "没有符合条件的文章" in unknown.content.decode()


def test_news_index_paginates(client, make_feature, news_index):
    for i in range(FEATURES_PER_PAGE + 2):
        make_feature(title=f"第{i:02d}篇")
    first = client.get(news_index.url).content.decode()
    second = client.get(news_index.url, {"page": 2}).content.decode()
    assert first.count('class="card"') == FEATURES_PER_PAGE
    assert second.count('class="card"') == 2
    assert "第 2 页，共 2 页" in second
    # Out-of-range and junk page numbers fall back instead of failing.
    assert client.get(news_index.url, {"page": 99}).status_code == 200
    assert client.get(news_index.url, {"page": "x"}).status_code == 200


def test_feature_page_renders_every_block(client, make_feature, image):
    from django.core.files.base import ContentFile

    from wagtail.documents.models import Document

    document = Document(title="活动通知")
    document.file.save("notice.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    document.save()
    page = make_feature(
        title="大讲堂进车间",
        author="宣教部",
        tags=["进车间"],
        body=[
            ("heading", {"text": "一年的宣讲账本", "size": "h2"}),
            ("paragraph", "<p>宣讲员走进<b>车间</b>。</p>"),
            ("image", {"image": image, "caption": "宣讲现场", "attribution": "摄影 张三"}),
            ("quote", {"text": "听得懂，用得上。", "attribution": "班组长"}),
            ("document", {"document": document, "title": "下载通知"}),
            (
                "table",
                {
                    "caption": "场次表",
                    "table": {"data": [["层级", "场次"], ["进车间", "200"]], "first_row_is_table_header": True},
                },
            ),
            (
                "statistics",
                {
                    "title": "数据",
                    "items": [
                        {"value": "550", "unit": "场次", "label": "宣讲"},
                        {"value": "20", "unit": "万人次", "label": "参与"},
                    ],
                },
            ),
        ],
    )
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    for expected in (
        "一年的宣讲账本",
        "<b>车间</b>",
        "宣讲现场",
        "摄影 张三",
        "听得懂，用得上。",
        "下载通知",
        "进车间",
        "<strong>550</strong>",
        "万人次",
        "作者：宣教部",
        'class="tag"',
    ):
        assert expected in html, expected


def test_feature_page_share_metadata(client, make_feature):
    page = make_feature(title="职工书屋升级", summary="书屋可以借电子书了。")
    html = client.get(page.url).content.decode()
    assert '<meta property="og:title" content="职工书屋升级">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:description" content="书屋可以借电子书了。">' in html
    assert '<meta property="og:image" content="http://testserver/' in html
    assert f'<link rel="canonical" href="http://localhost{page.url}">' in html or 'rel="canonical"' in html


def test_english_interface_under_en_prefix(client, make_feature):
    make_feature(title="一篇文章")
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert "Latest features" in html
    assert "一篇文章" in html, "content stays Chinese; the interface changes"
    zh = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in zh
    assert '<a href="/en/" lang="en" hreflang="en">English</a>' in zh


def test_404_page_is_friendly(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_500_page_needs_no_context(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "服务暂时不可用" in response.content.decode()


@pytest.mark.parametrize("count", [3, 20])
def test_query_budget_is_independent_of_list_length(
    client, make_feature, news_index, count, django_assert_max_num_queries
):
    for _ in range(count):
        make_feature(tags=["宣讲", "进企业"])
    feature = FeaturePage.objects.live().first()
    client.get("/")  # renditions are generated once, then reused
    client.get(news_index.url)
    client.get(feature.url)
    # The home page's cards come from the cache until a page below it changes (``until_changed``): the page
    # itself, its ancestors' aliases and view restrictions.
    with django_assert_max_num_queries(3):
        assert client.get("/").status_code == 200
    pagecache.invalidate_paths(["/"])  # as publishing a page below it does
    with django_assert_max_num_queries(17):  # 12 + the campaigns running today (see campaigns.live_campaigns)
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(news_index.url).status_code == 200
    with django_assert_max_num_queries(15):  # 14 + counting the approved comments (see comments' own budget test)
        assert client.get(feature.url).status_code == 200


def test_menu_lists_pages_shown_in_menus(client, news_index):
    html = client.get("/").content.decode()
    assert f'href="{news_index.url}"' in html
    assert "新闻资讯" in html


def test_reverse_wagtail_serve_root(db):
    assert reverse("wagtail_serve", args=[""]) == "/"


def test_home_cards_change_as_soon_as_a_feature_is_published(client, make_feature, news_index):
    """The cards are cached (``until_changed``) even with the page cache off; publishing forgets them."""
    make_feature(title="第一篇专题")
    assert "第一篇专题" in client.get("/").content.decode()
    assert "第一篇专题" in client.get("/en/").content.decode()
    fresh = make_feature(title="新发布的专题")
    assert "新发布的专题" in client.get("/").content.decode()
    assert "新发布的专题" in client.get("/en/").content.decode()
    fresh.unpublish()
    assert "新发布的专题" not in client.get("/").content.decode()
