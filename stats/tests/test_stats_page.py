"""The public page 数说工会: what it shows, that it is cached, and that a change to its records forgets it."""

import pytest

from campaigns.fixtures import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def stats_page(home_page):
    from stats.models import StatsPage

    return publish(home_page, StatsPage(title="数说工会", slug="figures", year=2022))


def test_the_page_shows_the_public_figures_with_charts_and_tables(client, records, stats_page):
    response = client.get(stats_page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert [g.key for g in response.context["groups"]] == ["lectures", "contests", "reading_rooms", "festivals"]
    assert "绝活甲" in html  # an approved entry of a public contest
    assert 'data-chart-source="lectures_by_level"' in html and 'id="lectures_by_level" type="application/json"' in html
    assert "<table>" in html and "echarts.min.js" in html
    assert html.count('class="room-map__pin') == 3 and "campaigns/room-map.css" in html  # the public rooms' map
    for private in ("contests_voters_by_unit", "comments_by_month", "search_top_terms", "劳模工匠"):
        assert private not in html  # no voters' work units, moderation or search terms in public


def test_editors_choose_the_groups_and_charts(client, records, stats_page):
    stats_page.show_contests = stats_page.show_festivals = stats_page.show_charts = False
    stats_page.save_revision().publish()
    response = client.get(stats_page.url)
    assert [g.key for g in response.context["groups"]] == ["lectures", "reading_rooms"]
    html = response.content.decode()
    assert "data-chart-source" not in html and "echarts.min.js" not in html and "<table>" in html


def test_a_page_for_one_district_counts_only_what_is_there(client, records, stats_page, districts):
    stats_page.district = districts[1]
    stats_page.save_revision().publish()
    response = client.get(stats_page.url)
    assert response.status_code == 200
    assert "荆州区的职工书屋、宣讲场次和文体节项目。" in response.content.decode()
    groups = {g.key: g for g in response.context["groups"]}
    tables = {t.key: t for g in groups.values() for t in g.tables}
    assert tables["lectures_by_district"].rows == [["荆州区", 2, 75]]
    assert tables["festivals_events_by_district"].rows == [["荆州区", 1, 11]]
    assert [row[0] for row in tables["rooms_by_district"].rows] == ["荆州区"]
    sessions_held = groups["lectures"].totals[0][1]
    assert sessions_held == 2


def test_the_page_is_cached_and_forgotten_when_its_records_change(
    client, records, stats_page, settings, django_capture_on_commit_callbacks, make_entry
):
    from campaigns.models import VideoEntry

    settings.PAGE_CACHE_ENABLED = True
    assert "public" in client.get(stats_page.url)["Cache-Control"]
    VideoEntry.objects.filter(title="绝活甲").update(title="改名不经模型")  # no signal: the cached copy stays
    assert "绝活甲" in client.get(stats_page.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        make_entry(records["contest"], title="新作品", vote_count=99)  # a saved entry forgets the page
    html = client.get(stats_page.url).content.decode()
    assert "新作品" in html and "改名不经模型" in html


def test_a_published_campaign_page_forgets_the_figures_page(
    client, records, stats_page, settings, django_capture_on_commit_callbacks
):
    from campaigns.models import LectureSession

    settings.PAGE_CACHE_ENABLED = True
    client.get(stats_page.url)
    tour = records["tour"]
    LectureSession.objects.filter(tour=tour).update(actual_attendance=1000)
    assert client.get(stats_page.url).context is None  # a cache hit: the old figures
    with django_capture_on_commit_callbacks(execute=True):
        tour.save_revision().publish()  # publishing a tour saves its sessions
    response = client.get(stats_page.url)
    assert response.context is not None  # rendered again
    lectures = next(g for g in response.context["groups"] if g.key == "lectures")
    assert lectures.totals[1][1] == 1000 * 5 + 45  # five sessions without check-ins at 1000, one with 45


def test_many_changes_in_one_transaction_forget_the_pages_once(
    records, stats_page, monkeypatch, make_entry, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from stats import signals

    calls = []
    monkeypatch.setattr(signals, "forget_now", lambda: calls.append(1))
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for i in range(5):
            make_entry(records["contest"], title=f"批量{i}")
        assert calls == []  # nothing before the commit
    assert len(callbacks) >= 5 and calls == [1]


def test_a_rolled_back_change_does_not_block_the_next_purge(
    records, stats_page, monkeypatch, make_entry, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from stats import signals

    calls = []
    monkeypatch.setattr(signals, "forget_now", lambda: calls.append(1))
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                make_entry(records["contest"], title="回滚")
                raise RuntimeError
        except RuntimeError:
            pass
        assert calls == []
        make_entry(records["contest"], title="提交")
    assert calls == [1]
