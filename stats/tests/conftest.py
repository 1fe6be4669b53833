"""A year of hand-built records (2022) whose every figure is known, and the people of each role."""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

import pytest

from campaigns.fixtures import aware
from conftest import make_user


@pytest.fixture
def viewer(db):
    """The read-only 统计查看 role (data migration stats 0002)."""
    return make_user("viewer1", "统计查看", display_name="统计员")


def set_checked_in(page, model, item_pk, count):
    from django.contrib.contenttypes.models import ContentType

    from signups.models import Activity

    ct = ContentType.objects.get_for_model(model)
    assert Activity.objects.filter(page=page, content_type=ct, object_id=item_pk).update(checked_in_count=count) == 1


@pytest.fixture
def records(make_tour, make_contest, make_entry, make_room, make_festival, speaker, districts, worker, moderator):
    """Records of 2022 (and a few of 2021 and of unpublished pages, which no 2022 figure counts)."""
    from campaigns.models import LectureSession, LectureTourPage, ReadingEvent, ReadingRoomPage, Speaker
    from comments.models import Comment, Status
    from search.models import SearchQueryDay
    from voting.models import Vote

    other_speaker = Speaker.objects.create(name="李红梅", organisation="市图书馆")
    enterprise, workshop, team = "enterprise", "workshop", "team"
    tour = make_tour(
        sessions=[
            # Two sessions in 沙市区, two in 荆州区, two without a district.
            {
                "starts_at": aware(2022, 1, 10, 9),
                "level": enterprise,
                "actual_attendance": 100,
                "district": districts[0],
            },
            {
                "starts_at": aware(2022, 1, 20, 9),
                "level": enterprise,
                "actual_attendance": 50,
                "district": districts[0],
            },
            {"starts_at": aware(2022, 3, 5, 9), "level": enterprise, "actual_attendance": None},
            {
                "starts_at": aware(2022, 3, 6, 9),
                "level": workshop,
                "actual_attendance": 30,
                "speaker": other_speaker,
                "district": districts[1],
            },
            {
                "starts_at": aware(2022, 3, 7, 9),
                "level": workshop,
                "actual_attendance": 40,
                "speaker": other_speaker,
                "district": districts[1],
                "signup_enabled": True,
                "signup_capacity": 100,
            },
            {"starts_at": aware(2022, 6, 1, 9), "level": team, "actual_attendance": 20},
            {"starts_at": aware(2021, 12, 31, 9), "level": team, "actual_attendance": 999},  # another year
        ]
    )
    # The session with sign-up has 45 check-ins: they count instead of the 40 its editor entered.
    checked = LectureSession.objects.get(tour=tour, signup_enabled=True)
    set_checked_in(tour, LectureSession, checked.pk, 45)
    draft = make_tour(sessions=[{"starts_at": aware(2022, 2, 1, 9), "level": team, "actual_attendance": 500}])
    draft.unpublish()

    contest = make_contest(page_views=1000)
    old_contest = make_contest(
        submission_opens_at=aware(2021, 3, 1, 9),
        submission_closes_at=aware(2021, 4, 1, 9),
        voting_opens_at=aware(2021, 4, 2, 9),
        voting_closes_at=aware(2021, 5, 1, 9),
        results_at=aware(2021, 5, 2, 9),
    )
    first_prize = contest.prizes.get(rank=1)
    a = make_entry(contest, title="绝活甲", work_unit="机械厂", view_count=300, vote_count=3, award=first_prize)
    b = make_entry(contest, title="绝活乙", work_unit="纺织厂", view_count=200, vote_count=2)
    make_entry(contest, title="绝活丙", view_count=50)
    make_entry(contest, status="pending", title="待审", view_count=7)
    make_entry(contest, status="rejected", rejection_reason="与主题无关", title="未通过", view_count=3)
    make_entry(old_contest, title="去年的", view_count=10000)
    voters = [
        make_user("voter1", "职工", work_unit="机械厂"),
        make_user("voter2", "职工", work_unit="机械厂"),
        make_user("voter3", "职工", work_unit="纺织厂"),
        make_user("voter4", "职工"),
    ]
    day1, day2 = datetime.date(2022, 5, 1), datetime.date(2022, 5, 2)
    for voter, entry, day in [
        (voters[0], a, day1),
        (voters[1], a, day1),
        (voters[2], a, day2),
        (voters[3], b, day2),
        (voters[0], b, day2),
    ]:
        Vote.objects.create(entry=entry, contest=contest, voter=voter, day=day, ip="10.0.0.1")
    Vote.objects.create(
        entry=b,
        contest=contest,
        voter=voters[2],
        day=day2,
        slot=2,
        ip="10.0.0.2",
        status="void",
        voided_at=timezone.now(),
    )

    national = make_room(level="national", district=districts[0], collection_size=5000)
    make_room(level="provincial", district=districts[0], collection_size=3000)
    city = make_room(
        level="city",
        district=districts[1],
        collection_size=2000,
        events=[
            {"starts_at": aware(2022, 4, 23, 14), "topic": "读书日", "signup_enabled": True, "signup_capacity": 50},
            {"starts_at": aware(2022, 4, 24, 14), "topic": "读书会"},
            {"starts_at": aware(2021, 4, 23, 14), "topic": "去年读书日"},
        ],
    )
    event = ReadingEvent.objects.get(room=city, topic="读书日")
    set_checked_in(city, ReadingEvent, event.pk, 12)
    hidden = make_room(level="national", district=districts[1])
    hidden.unpublish()
    assert ReadingRoomPage.objects.live().count() == 3

    festival = make_festival(events=3, awards=2)  # events with 10, 11 and 12 participants
    # The first event's venue is in 沙市区, the second's in 荆州区, the third has no district.
    for participants, district in ((10, districts[0]), (11, districts[1])):
        assert festival.programme.filter(participants=participants).update(district=district) == 1
    make_festival(events=5, awards=5, edition_year=2021)

    def comment(status, minutes=None, held="", **fields):
        c = Comment.objects.create(
            target=contest,
            target_title=contest.title,
            author=worker,
            body="评论",
            status=status,
            held_because=held,
            created_at=aware(2022, 5, 3, 10),
            **fields,
        )
        if minutes is not None:
            c.moderated_by = moderator
            c.moderated_at = c.created_at + datetime.timedelta(minutes=minutes)
            c.save()
        return c

    comment(Status.APPROVED, minutes=10, held="new")
    comment(Status.APPROVED, minutes=20, held="new")
    comment(Status.REJECTED, minutes=60, held="screening", moderation_reason="辱骂")
    comment(Status.PENDING, held="reports")
    comment(Status.APPROVED)  # post-moderated: never held, no review
    Comment.objects.create(
        target=contest, target_title="x", author=worker, body="去年", created_at=aware(2021, 5, 3, 10)
    )

    SearchQueryDay.objects.create(day=datetime.date(2022, 1, 3), query="书屋", searches=10, no_results=0, clicks=4)
    SearchQueryDay.objects.create(day=datetime.date(2022, 2, 3), query="书屋", searches=5, no_results=0, clicks=1)
    SearchQueryDay.objects.create(day=datetime.date(2022, 2, 3), query="劳模工匠", searches=7, no_results=2, clicks=0)
    SearchQueryDay.objects.create(day=datetime.date(2022, 3, 3), query="不存在", searches=3, no_results=3, clicks=0)
    SearchQueryDay.objects.create(day=datetime.date(2021, 3, 3), query="去年", searches=99, no_results=99, clicks=0)
    return {
        "tour": tour,
        "contest": contest,
        "rooms": (national, city),
        "draft": draft,
        "LectureTourPage": LectureTourPage,
    }


@pytest.fixture
def stats_group_exists(db):
    assert Group.objects.filter(name="统计查看").exists()
