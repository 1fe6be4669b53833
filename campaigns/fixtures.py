"""Pytest fixtures: builders for campaign pages and records (a plugin loaded by the root conftest.py, so the
campaigns, voting and search tests all share them)."""

import datetime
from decimal import Decimal

from django.utils import timezone

import pytest

from core.demo import demo_image


def publish(parent, page):
    page.live = False
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def aware(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def tour_index(home_page):
    from campaigns.models import TourIndexPage

    return publish(home_page, TourIndexPage(title="宣讲活动", slug="lectures"))


@pytest.fixture
def speaker(db):
    from campaigns.models import Speaker

    return Speaker.objects.create(name="张建国", title="高级技师", organisation="荆江汽车零部件有限公司")


@pytest.fixture
def make_tour(tour_index, speaker, image):
    from campaigns.models import LectureSession, LectureTourPage

    counter = {"n": 0}

    def build(sessions=(), **fields):
        counter["n"] += 1
        defaults = {
            "title": f"大讲堂{counter['n']}",
            "slug": f"tour-{counter['n']}",
            "summary": "宣讲进企业。",
            "theme": "中国梦·劳动美",
            "start_date": datetime.date(2022, 3, 1),
            "end_date": datetime.date(2022, 12, 31),
            "listing_image": image,
        }
        defaults.update(fields)
        page = LectureTourPage(**defaults)
        page.speakers = [speaker]
        for spec in sessions:
            values = {
                "venue": "会议室",
                "host_enterprise": "测试企业",
                "level": "enterprise",
                "speaker": speaker,
                "planned_attendance": 50,
            }
            values.update(spec)
            page.sessions.add(LectureSession(**values))
        return publish(tour_index, page)

    return build


@pytest.fixture
def contest_index(home_page):
    from campaigns.models import ContestIndexPage

    return publish(home_page, ContestIndexPage(title="微视频征集", slug="video-contests"))


CONTEST_TIMES = {
    "submission_opens_at": aware(2022, 3, 1, 9),
    "submission_closes_at": aware(2022, 4, 30, 18),
    "voting_opens_at": aware(2022, 5, 1, 9),
    "voting_closes_at": aware(2022, 5, 31, 18),
    "results_at": aware(2022, 6, 10, 10),
}


@pytest.fixture
def make_contest(contest_index, image):
    from campaigns.models import ContestCategory, ContestPrize, VideoContestPage

    counter = {"n": 0}

    def build(**fields):
        counter["n"] += 1
        defaults = {
            "title": f"e有绝活短视频征集{counter['n']}",
            "slug": f"contest-{counter['n']}",
            "summary": "晒出你的绝活。",
            "listing_image": image,
            **CONTEST_TIMES,
        }
        defaults.update(fields)
        page = VideoContestPage(**defaults)
        page.categories.add(ContestCategory(name="技能绝活", sort_order=0))
        page.categories.add(ContestCategory(name="岗位风采", sort_order=1))
        page.prizes.add(ContestPrize(name="一等奖", rank=1, quantity=1, sort_order=0))
        page.prizes.add(ContestPrize(name="二等奖", rank=2, quantity=2, sort_order=1))
        return publish(contest_index, page)

    return build


@pytest.fixture
def contest(make_contest):
    return make_contest()


@pytest.fixture
def make_entry(image):
    from campaigns.models import EntryStatus, VideoEntry

    counter = {"n": 0}

    def build(contest, status=EntryStatus.APPROVED, **fields):
        counter["n"] += 1
        defaults = {
            "contest": contest,
            "category": contest.categories.first(),
            "title": f"参赛作品{counter['n']}",
            "author_name": "李师傅",
            "work_unit": "测试机械厂",
            "external_url": f"https://www.douyin.com/video/{counter['n']}",
            "poster": image,
            "status": status,
        }
        defaults.update(fields)
        return VideoEntry.objects.create(**defaults)

    return build


@pytest.fixture
def rooms_index(home_page):
    from campaigns.models import ReadingRoomIndexPage

    return publish(
        home_page, ReadingRoomIndexPage(title="职工书屋", slug="reading-rooms", start_date=datetime.date(2022, 1, 1))
    )


@pytest.fixture
def districts(db):
    from campaigns.models import District

    return [District.objects.create(name=name, sort_order=i) for i, name in enumerate(["沙市区", "荆州区", "江陵县"])]


@pytest.fixture
def make_room(rooms_index, districts):
    from campaigns.models import ReadingEvent, ReadingRoomPage

    counter = {"n": 0}

    def build(events=(), **fields):
        counter["n"] += 1
        n = counter["n"]
        defaults = {
            "title": f"职工书屋{n}",
            "slug": f"room-{n}",
            "district": districts[n % len(districts)],
            "address": f"测试路{n}号",
            "latitude": Decimal("30.30") + Decimal(n) / 100,
            "longitude": Decimal("112.20") + Decimal(n) / 100,
            "collection_size": 1000 * n,
            "level": "city",
            "level_year": 2021,
        }
        defaults.update(fields)
        page = ReadingRoomPage(**defaults)
        for spec in events:
            page.events.add(ReadingEvent(**spec))
        return publish(rooms_index, page)

    return build


@pytest.fixture
def festival_index(home_page):
    from campaigns.models import FestivalIndexPage

    return publish(home_page, FestivalIndexPage(title="文体节", slug="festivals"))


@pytest.fixture
def make_festival(festival_index, image):
    from campaigns.models import FestivalAward, FestivalEvent, FestivalPage

    counter = {"n": 0}

    def build(events=0, awards=0, gallery=None, **fields):
        counter["n"] += 1
        defaults = {
            "title": f"荆江之春职工艺术节{counter['n']}",
            "slug": f"festival-{counter['n']}",
            "kind": "arts",
            "edition_year": 2022,
            "start_date": datetime.date(2022, 4, 15),
            "end_date": datetime.date(2022, 5, 31),
            "listing_image": image,
            "gallery_collection": gallery,
        }
        defaults.update(fields)
        page = FestivalPage(**defaults)
        for i in range(events):
            page.programme.add(
                FestivalEvent(
                    name=f"项目{i}",
                    category="performance",
                    date=datetime.date(2022, 4, 20 + i % 10),
                    venue="文化宫",
                    participants=10 + i,
                    sort_order=i,
                )
            )
        for i in range(awards):
            page.awards.add(FestivalAward(event=f"项目{i}", award="一等奖", winner=f"获奖者{i}", sort_order=i))
        return publish(festival_index, page)

    return build


@pytest.fixture
def gallery_collection(db):
    from wagtail.models import Collection

    return Collection.get_first_root_node().add_child(name="艺术节图片")


def gallery_images(collection, count):
    images = []
    for i in range(count):
        image = demo_image(f"艺术节图片{i}", "notes", "purple")
        image.collection = collection
        image.save()
        images.append(image)
    return images
