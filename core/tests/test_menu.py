"""The main menu is cached per host and language, and changes the moment its pages do."""

import re

from django.test import override_settings
from django.urls import reverse

from wagtail.models import Page, PageViewRestriction, Site

import pytest


def menu(client, url="/search/"):
    html = client.get(url).content.decode()
    block = re.search(r'<ul class="menu">(.*?)</ul>', html, re.S).group(1)
    return re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', block)


def publish_section(home_page, title, slug, show_in_menus=True):
    from home.models import NewsIndexPage

    page = NewsIndexPage(title=title, slug=slug, show_in_menus=show_in_menus)
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_menu_is_built_once_then_served_from_the_cache(client, news_index, django_assert_num_queries):
    assert menu(client)[1:] == [(news_index.url, "新闻资讯")]
    with django_assert_num_queries(0):
        from django.template import Context, Template
        from django.test import RequestFactory

        request = RequestFactory().get("/search/")
        html = Template("{% load core_tags %}{% main_menu %}").render(Context({"request": request}))
    assert "新闻资讯" in html and news_index.url in html


def test_publishing_unpublishing_and_reordering_change_the_menu_at_once(client, home_page, news_index):
    assert [title for _url, title in menu(client)] == ["首页", "新闻资讯"]
    rooms = publish_section(home_page, "职工书屋", "rooms")
    publish_section(home_page, "不在菜单的栏目", "hidden", show_in_menus=False)
    assert [title for _url, title in menu(client)] == ["首页", "新闻资讯", "职工书屋"]
    rooms.move(news_index, pos="left")  # reordered among its siblings: before the news index
    assert [title for _url, title in menu(client)] == ["首页", "职工书屋", "新闻资讯"]
    rooms.title = "职工书屋阵地"
    rooms.save_revision().publish()
    assert [title for _url, title in menu(client)] == ["首页", "职工书屋阵地", "新闻资讯"]
    Page.objects.get(pk=rooms.pk).unpublish()
    assert [title for _url, title in menu(client)] == ["首页", "新闻资讯"]


def test_a_private_section_leaves_the_menu(client, news_index):
    assert "新闻资讯" in [title for _url, title in menu(client)]
    restriction = PageViewRestriction.objects.create(page=news_index, restriction_type="login")
    assert [title for _url, title in menu(client)] == ["首页"]
    restriction.delete()
    assert [title for _url, title in menu(client)] == ["首页", "新闻资讯"]


def test_each_language_and_host_has_its_own_menu(client, news_index, home_page):
    assert menu(client, "/en/search/")[1:] == [("/en/news/", "新闻资讯")]
    assert menu(client)[1:] == [("/news/", "新闻资讯")]
    Site.objects.create(hostname="rooms.example.org", root_page=news_index, is_default_site=False)
    with override_settings(ALLOWED_HOSTS=["*"]):
        other = client.get("/search/", HTTP_HOST="rooms.example.org").content.decode()
    assert 'href="/news/"' not in re.search(r'<ul class="menu">(.*?)</ul>', other, re.S).group(1)


@pytest.mark.parametrize("url_name", ["search:search"])
def test_the_current_section_is_marked(client, news_index, make_feature, url_name):
    feature = make_feature()
    html = client.get(feature.url).content.decode()
    assert f'<a href="{news_index.url}" aria-current="page">' in html
    html = client.get(reverse(url_name)).content.decode()
    assert 'aria-current="page"' not in html
