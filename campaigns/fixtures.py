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


# ---- real videos, made with ffmpeg once per test session --------------------------------------------------------

CLIP_INPUT = ["-f", "lavfi", "-i", "testsrc=size={size}:rate=15:duration={seconds}"]
CLIP_AUDIO = ["-f", "lavfi", "-i", "sine=frequency=440:duration={seconds}"]
CLIPS = {
    # name: (file name, size, seconds, with sound, encoder arguments)
    "h264_mp4": ("phone.mp4", "160x120", 2, True, ["-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"]),
    "hevc_mov": (
        "IMG_0001.MOV",
        "160x120",
        2,
        True,
        [
            "-c:v",
            "libx265",
            "-preset",
            "ultrafast",
            "-tag:v",
            "hvc1",
            "-x265-params",
            "log-level=none",
            "-c:a",
            "aac",
            "-f",
            "mov",
        ],
    ),
    "hevc_mp4": (
        "android.mp4",
        "120x160",
        2,
        False,
        ["-c:v", "libx265", "-preset", "ultrafast", "-tag:v", "hvc1", "-x265-params", "log-level=none"],
    ),
    "h264_3gp": (
        "VID_0001.3gp",
        "176x144",
        2,
        True,
        ["-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-ar", "16000", "-f", "3gp"],
    ),
    "webm": ("clip.webm", "160x120", 2, True, ["-c:v", "libvpx", "-b:v", "200k", "-c:a", "libopus"]),
    "mkv": ("clip.mkv", "160x120", 2, True, ["-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"]),
    "large_mp4": ("big.mp4", "1280x960", 1, False, ["-c:v", "libx264", "-preset", "ultrafast"]),
    "long_mp4": ("long.mp4", "160x120", 6, False, ["-c:v", "libx264", "-preset", "ultrafast"]),
    "audio_only": ("voice.m4a", None, 2, True, ["-c:a", "aac", "-f", "mp4"]),
}


def make_clip(folder, name):
    """Make one of ``CLIPS`` with ffmpeg (testsrc picture, a sine tone) in ``folder``; returns its path."""
    import shutil
    import subprocess

    filename, size, seconds, sound, codec = CLIPS[name]
    inputs = []
    if size:
        inputs += [arg.format(size=size, seconds=seconds) for arg in CLIP_INPUT]
    if sound:
        inputs += [arg.format(seconds=seconds) for arg in CLIP_AUDIO]
    path = folder / filename
    subprocess.run(  # noqa: S603
        [shutil.which("ffmpeg"), "-nostdin", "-v", "error", "-y", *inputs, *codec, "-shortest", str(path)],
        check=True,
        timeout=120,
    )
    return path


@pytest.fixture(scope="session")
def video_clips(tmp_path_factory):
    """Real small videos (a few KB each) in every format phones record, plus broken files: ``clips["hevc_mov"]``.

    Made on first use and kept for the session. Broken ones: ``empty`` (0 bytes), ``truncated`` (an MP4 cut in
    half, its index at the end lost), ``text`` (a text file named .mp4)."""
    import shutil

    if not shutil.which("ffmpeg") or not shutil.which("ffprobe"):
        pytest.skip("needs ffmpeg and ffprobe: apt-get install ffmpeg")
    folder = tmp_path_factory.mktemp("clips")

    class Clips(dict):
        def __missing__(self, name):
            if name == "empty":
                path = folder / "empty.mp4"
                path.write_bytes(b"")
            elif name == "text":
                path = folder / "notes.mp4"
                path.write_text("这不是视频，只是一段文字。\n" * 50, encoding="utf-8")
            elif name == "truncated":
                whole = self["h264_mp4"].read_bytes()  # ffmpeg writes the index (moov) last
                path = folder / "cut.mp4"
                path.write_bytes(whole[: len(whole) // 2])
            else:
                path = make_clip(folder, name)
            self[name] = path
            return path

    return Clips()
