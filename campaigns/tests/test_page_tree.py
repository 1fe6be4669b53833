"""Every campaign page type can be created only where it belongs."""

from wagtail.models import Page

import pytest

from campaigns.models import (
    ContestIndexPage,
    FestivalIndexPage,
    FestivalPage,
    LectureTourPage,
    ReadingRoomIndexPage,
    ReadingRoomPage,
    TourIndexPage,
    VideoContestPage,
)
from home.models import FeaturePage, HomePage, NewsIndexPage
from stats.models import StatsPage

INDEX_AND_CHILD = [
    (TourIndexPage, LectureTourPage),
    (ContestIndexPage, VideoContestPage),
    (ReadingRoomIndexPage, ReadingRoomPage),
    (FestivalIndexPage, FestivalPage),
]


@pytest.mark.parametrize(("index_class", "child_class"), INDEX_AND_CHILD)
def test_indexes_live_under_the_home_page_and_hold_their_own_type(home_page, news_index, index_class, child_class):
    root = Page.objects.get(depth=1)
    assert index_class.can_create_at(home_page)
    assert not index_class.can_create_at(root)
    assert not index_class.can_create_at(news_index)
    assert index_class.allowed_subpage_models() == [child_class]
    assert child_class.allowed_parent_page_models() == [index_class]
    assert not child_class.can_create_at(home_page)
    assert not child_class.can_create_at(news_index)
    assert child_class.allowed_subpage_models() == []


@pytest.mark.parametrize(("index_class", "child_class"), INDEX_AND_CHILD)
def test_one_index_of_each_kind(home_page, index_class, child_class):
    index = index_class(title="索引", slug="index")
    if hasattr(index, "start_date"):
        index.start_date = None
    home_page.add_child(instance=index)
    assert not index_class.can_create_at(home_page), "max_count = 1"
    assert child_class.can_create_at(index)


def test_campaign_pages_never_go_under_the_news(news_index):
    for page_class in (LectureTourPage, VideoContestPage, ReadingRoomPage, FestivalPage):
        assert not page_class.can_create_at(news_index)
    assert not FeaturePage.can_create_at(TourIndexPage(title="x"))


def test_home_page_allows_every_index(home_page):
    allowed = set(HomePage.allowed_subpage_models())
    indexes = {NewsIndexPage, TourIndexPage, ContestIndexPage, ReadingRoomIndexPage, FestivalIndexPage}
    assert indexes | {StatsPage} == allowed  # and the year in figures (数说工会)
