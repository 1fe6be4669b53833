"""Each figure equals the count or sum of the hand-built records of 2022 (stats/tests/conftest.py)."""

import pytest

from stats import figures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The labels compared below are the English msgids (the Chinese ones are checked in test_exports.py)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def totals(group):
    return {str(label): value for label, value in group.totals}


def table(group, key):
    found = next(t for t in group.tables if t.key == key)
    return [[str(v) if not isinstance(v, int | float) and v is not None else v for v in row] for row in found.rows]


def test_lecture_sessions_by_venue_kind_month_and_speaker(records):
    group = figures.lectures(2022)
    # 6 sessions of 2022 on the live tour (the 2021 one and the unpublished tour's are not counted); people reached:
    # 100 + 50 + 0 (not recorded) + 30 + 45 check-ins (not the 40 entered) + 20
    assert totals(group) == {
        "Sessions held": 6,
        "People reached": 245,
        "Tours with sessions": 1,
        "Sessions coming up": 0,
    }
    assert table(group, "lectures_by_level") == [
        ["Into enterprises (进企业)", 3, 150],
        ["Into workshops (进车间)", 2, 75],
        ["Into teams (进班组)", 1, 20],
    ]
    months = {row[0]: row[1:] for row in table(group, "lectures_by_month")}
    assert len(months) == 12
    assert months["2022-01"] == [2, 0, 0, 150]
    assert months["2022-03"] == [1, 2, 0, 75]
    assert months["2022-06"] == [0, 0, 1, 20]
    assert months["2022-02"] == [0, 0, 0, 0]  # the unpublished tour's session
    assert table(group, "lectures_speakers") == [
        ["张建国", "荆江汽车零部件有限公司", 4, 170],
        ["李红梅", "市图书馆", 2, 75],
    ]
    assert totals(figures.lectures(2021))["People reached"] == 999
    assert totals(figures.lectures(2022, campaign=records["draft"]))["Sessions held"] == 0


def test_video_contest_entries_votes_views_and_voters(records):
    group = figures.contests(2022)
    assert totals(group) == {
        "Contests": 1,
        "Entries submitted": 5,
        "Entries approved": 3,
        "Valid votes": 5,  # the entries' counters (3 + 2): the voided vote is not counted
        "Workers who voted": 4,
        "Views": 1000 + 300 + 200 + 50 + 7 + 3,
        "Entries awarded": 1,
    }
    assert table(group, "contests_entries_by_status") == [["Awaiting review", 1], ["Approved", 3], ["Not approved", 1]]
    assert table(group, "contests_votes_per_day") == [["2022-05-01", 2], ["2022-05-02", 3]]
    top = table(group, "contests_top_entries")
    assert [row[0] for row in top] == ["绝活甲", "绝活乙", "绝活丙"]  # approved entries only, by votes
    assert top[0][4:] == [3, 300]
    units = table(group, "contests_voters_by_unit")
    assert units[0] == ["机械厂", 2]
    assert sorted(units[1:]) == [["(not given)", 1], ["纺织厂", 1]]
    assert totals(figures.contests(2021))["Views"] == 10000


def test_reading_rooms_by_level_and_district_and_events(records, districts):
    group = figures.reading_rooms(2022)
    assert totals(group) == {
        "Reading rooms": 3,  # the unpublished room is not counted
        "Books on the shelves": 10000,
        "National demonstration site (全国示范点)": 1,
        "Provincial demonstration site (省级示范点)": 1,
        "City demonstration site (市级示范点)": 1,
        "Reading events": 2,
        "Checked in at reading events": 12,
    }
    assert table(group, "rooms_by_district") == [["沙市区", 1, 1, 0, 0, 8000], ["荆州区", 0, 0, 1, 0, 2000]]
    assert table(group, "rooms_by_level")[:3] == [
        ["National demonstration site (全国示范点)", 1],
        ["Provincial demonstration site (省级示范点)", 1],
        ["City demonstration site (市级示范点)", 1],
    ]
    assert {row[0]: row[1:] for row in table(group, "rooms_events_by_month")}["2022-04"] == [2, 12]
    one = figures.reading_rooms(2022, district=districts[1])
    assert totals(one)["Reading rooms"] == 1 and totals(one)["Reading events"] == 2
    assert totals(figures.reading_rooms(2022, district=districts[2]))["Reading rooms"] == 0


def test_festivals_events_participants_awards(records):
    group = figures.festivals(2022)
    assert totals(group) == {
        "Arts festival": 1,
        "Sports festival": 0,
        "Programme events": 3,
        "Participants": 10 + 11 + 12,
        "Awards": 2,
    }
    assert table(group, "festivals_events_by_category") == [["Stage performance (文艺汇演)", 3, 33]]
    assert table(group, "festivals_awards") == [["一等奖", 2]]
    assert totals(figures.festivals(2021))["Awards"] == 5


def test_lecture_sessions_and_festival_events_by_district(records, districts):
    lectures = figures.lectures(2022)
    # Sessions without a district come last; people reached as for the whole year (the 45 check-ins count).
    assert table(lectures, "lectures_by_district") == [["沙市区", 2, 150], ["荆州区", 2, 75], ["(no district)", 2, 20]]
    one = figures.lectures(2022, district=districts[1])
    assert totals(one)["Sessions held"] == 2 and totals(one)["People reached"] == 75
    assert table(one, "lectures_by_district") == [["荆州区", 2, 75]]
    assert table(one, "lectures_by_level") == [
        ["Into enterprises (进企业)", 0, 0],
        ["Into workshops (进车间)", 2, 75],
        ["Into teams (进班组)", 0, 0],
    ]
    assert table(one, "lectures_speakers") == [["李红梅", "市图书馆", 2, 75]]
    assert totals(figures.lectures(2022, district=districts[2]))["Sessions held"] == 0

    festivals = figures.festivals(2022)
    assert table(festivals, "festivals_events_by_district") == [
        ["沙市区", 1, 10],
        ["荆州区", 1, 11],
        ["(no district)", 1, 12],
    ]
    assert festivals.note == ""
    # With a district: the festivals with events there, those events, and those festivals' awards.
    there = figures.festivals(2022, district=districts[1])
    assert totals(there) == {
        "Arts festival": 1,
        "Sports festival": 0,
        "Programme events": 1,
        "Participants": 11,
        "Awards": 2,
    }
    assert "festivals with events there" in str(there.note)
    assert totals(figures.festivals(2022, district=districts[2])) == {
        "Arts festival": 0,
        "Sports festival": 0,
        "Programme events": 0,
        "Participants": 0,
        "Awards": 0,
    }
    # Contests have no district: the filter leaves them whole and says so.
    contests = figures.contests(2022, district=districts[2])
    assert totals(contests)["Valid votes"] == totals(figures.contests(2022))["Valid votes"] == 5
    assert "no district" in str(contests.note)


def test_comments_posted_held_rejected_and_time_to_review(records):
    group = figures.comments(2022)
    assert totals(group) == {
        "Comments posted": 5,
        "Held for review": 4,
        "Approved": 3,
        "Rejected": 1,
        "Still awaiting review": 1,
        "Reviewed by a moderator": 3,
        "Mean time to review (minutes)": 30.0,  # (10 + 20 + 60) / 3
        "Median time to review (minutes)": 20.0,
    }
    reasons = dict(table(group, "comments_held_because"))
    assert reasons["New comment (pre-moderation)"] == 2 and reasons["Sensitive words"] == 1
    assert reasons["Reported by readers"] == 1
    months = {row[0]: row[1:] for row in table(group, "comments_by_month")}
    assert months["2022-05"] == [5, 4, 1]
    assert totals(figures.comments(2022, campaign=records["tour"]))["Comments posted"] == 0
    assert totals(figures.comments(2022, campaign=records["contest"]))["Comments posted"] == 5


def test_median_of_an_even_number_is_the_mean_of_the_middle_two(records, moderator, worker):
    import datetime

    from campaigns.fixtures import aware
    from comments.models import Comment

    c = Comment.objects.create(
        target=records["contest"], target_title="x", author=worker, body="b", created_at=aware(2022, 6, 1, 10)
    )
    c.moderated_by, c.moderated_at = moderator, c.created_at + datetime.timedelta(minutes=100)
    c.save()
    assert totals(figures.comments(2022))["Median time to review (minutes)"] == 40.0  # (20 + 60) / 2


def test_search_top_terms_and_searches_without_results(records):
    group = figures.search(2022)
    assert totals(group) == {"Searches": 25, "Searches without results": 5, "Clicks on results": 5}
    assert table(group, "search_top_terms") == [["书屋", 15, 0, 5], ["劳模工匠", 7, 2, 0], ["不存在", 3, 3, 0]]
    assert table(group, "search_no_results") == [["不存在", 3], ["劳模工匠", 2]]


def test_an_empty_year_has_zero_figures_and_no_error(db):
    for group in figures.year_in_figures(1999):
        assert all(value in (0, None) for _label, value in group.totals), group.key


def test_a_campaign_narrows_to_its_own_group_and_its_comments(records):
    keys = [g.key for g in figures.year_in_figures(2022, campaign=records["contest"])]
    assert keys == ["contests", "comments"]


def test_the_public_page_leaves_out_restricted_contests_and_private_tables(records):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=records["contest"], restriction_type="login")
    public = {g.key: g for g in figures.year_in_figures(2022, public=True)}
    assert totals(public["contests"])["Entries submitted"] == 0
    assert "contests_voters_by_unit" not in [t.key for t in public["contests"].tables]
    assert totals(figures.contests(2022))["Entries submitted"] == 5  # the dashboard counts it


def test_reading_rooms_are_placed_on_a_map_of_the_chosen_rooms(records, districts):
    from campaigns.models import ReadingRoomPage

    live = set(ReadingRoomPage.objects.live().values_list("pk", flat=True))
    drawing = figures.reading_rooms(2022).map
    assert {m["room"].pk for m in drawing["markers"]} == live  # the unpublished room is not drawn
    for marker in drawing["markers"]:
        assert 0 <= marker["x"] <= drawing["width"] and 0 <= marker["y"] <= drawing["height"]
    one = figures.reading_rooms(2022, district=districts[1]).map
    assert [m["room"].district_id for m in one["markers"]] == [districts[1].pk]
    assert figures.reading_rooms(2022, district=districts[2]).map["markers"] == []
