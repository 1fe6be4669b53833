"""Workers submit entries during the submission phase; they wait for review and the worker sees their status."""

import datetime
import io

from django.urls import reverse
from django.utils import timezone

import pytest
from PIL import Image

from accounts import roles
from campaigns.models import EntryStatus, VideoEntry
from campaigns.moderation import approve_entries, reject_entries
from conftest import make_user

from .test_contests import PNG, mp4_bytes


@pytest.fixture
def open_contest(make_contest):
    now = timezone.now()
    return make_contest(
        submission_opens_at=now - datetime.timedelta(days=1),
        submission_closes_at=now + datetime.timedelta(days=10),
        voting_opens_at=now + datetime.timedelta(days=11),
        voting_closes_at=now + datetime.timedelta(days=20),
        results_at=now + datetime.timedelta(days=25),
        max_entries_per_worker=2,
        max_video_mb=1,
    )


def poster(name="poster.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 36), "#b3121b").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = name
    return buffer


def form_data(contest, **extra):
    data = {
        "title": "盲拧螺栓不差半圈",
        "category": contest.categories.first().pk,
        "description": "总装车间的老师傅闭着眼睛拧螺栓。",
        "external_url": "",
        "poster": poster(),
    }
    data.update(extra)
    return data


def submit_url(contest):
    return contest.url + contest.reverse_subpage("submit")


@pytest.fixture
def worker_client(client, worker):
    client.force_login(worker)
    return client


def test_worker_submits_a_link_and_it_waits_for_review(worker_client, worker, open_contest):
    response = worker_client.post(
        submit_url(open_contest), form_data(open_contest, external_url="https://v.douyin.com/abc123/")
    )
    assert response.status_code == 302 and response["Location"] == reverse("campaigns:my_entries")
    entry = VideoEntry.objects.get()
    assert (entry.status, entry.author, entry.author_name, entry.work_unit) == (
        EntryStatus.PENDING,
        worker,
        "职工丙",
        "测试机械厂",
    )
    assert entry.poster.collection.name == "参赛作品封面" and entry.poster.uploaded_by_user == worker
    mine = worker_client.get(response["Location"]).content.decode()
    assert "盲拧螺栓不差半圈" in mine and "待审核" in mine and "正在等待审核" in mine
    assert "盲拧螺栓不差半圈" not in worker_client.get(open_contest.url).content.decode(), "not public yet"


def test_worker_uploads_a_video_file(worker_client, open_contest, video_clips, django_capture_on_commit_callbacks):
    video = io.BytesIO(video_clips["hevc_mov"].read_bytes())
    video.name = "我的作品.MOV"
    with django_capture_on_commit_callbacks(execute=True):
        response = worker_client.post(submit_url(open_contest), form_data(open_contest, video=video))
    assert response.status_code == 302
    entry = VideoEntry.objects.get()
    assert entry.video_type == "video/mp4" and entry.video.name.endswith(".mp4") and entry.processing == "ready"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"external_url": ""}, "请上传视频文件或填写视频平台链接，二者选其一。"),
        ({"external_url": "https://evil.example/v/1"}, "只接受以下视频平台的链接"),
        ({"external_url": "javascript:alert(1)"}, "请输入合法的URL"),
        ({"video": "disguised"}, "这不是可接受的视频文件"),
        ({"video": "too_big"}, "本次征集最大接受1MB的文件"),
        ({"video": "mp4", "external_url": "https://v.douyin.com/abc/"}, "二者选其一"),
        ({"poster": "not_an_image"}, "请上传有效图片"),
        ({"title": ""}, "必需字段"),
    ],
)
def test_bad_submissions_say_what_is_wrong_and_save_nothing(worker_client, open_contest, extra, message, video_clips):
    files = {
        "disguised": ("clip.mp4", PNG),
        "too_big": ("big.mp4", mp4_bytes(1024 * 1024 + 10)),
        "mp4": ("a.mp4", video_clips["h264_mp4"].read_bytes()),
    }
    if extra.get("video") in files:
        name, data = files[extra["video"]]
        extra["video"] = io.BytesIO(data)
        extra["video"].name = name
    if extra.get("poster") == "not_an_image":
        extra["poster"] = io.BytesIO(b"<svg onload=alert(1)>")
        extra["poster"].name = "poster.png"
    response = worker_client.post(submit_url(open_contest), form_data(open_contest, **extra))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not VideoEntry.objects.exists()
    from wagtail.images import get_image_model

    assert not get_image_model().objects.filter(collection__name="参赛作品封面").exists(), "no orphan poster"


def test_limit_of_entries_per_worker(worker_client, open_contest):
    for n in range(2):
        worker_client.post(
            submit_url(open_contest),
            form_data(open_contest, title=f"作品{n}", external_url=f"https://v.douyin.com/{n}/"),
        )
    third = worker_client.post(
        submit_url(open_contest), form_data(open_contest, title="第三件", external_url="https://v.douyin.com/3/")
    )
    assert third.status_code == 200 and "每人限报数量" in third.content.decode()
    assert VideoEntry.objects.count() == 2


def test_rejection_reason_reaches_the_author(worker_client, worker, open_contest, moderator):
    worker_client.post(submit_url(open_contest), form_data(open_contest, external_url="https://v.douyin.com/x/"))
    entry = VideoEntry.objects.get()
    reject_entries([entry], moderator, "画面与征集主题无关")
    mine = worker_client.get(reverse("campaigns:my_entries")).content.decode()
    assert "未通过" in mine and "原因：画面与征集主题无关" in mine
    approve_entries([entry], moderator)
    mine = worker_client.get(reverse("campaigns:my_entries")).content.decode()
    assert "已通过" in mine and f'href="{entry.get_url()}"' in mine


def test_submissions_only_during_the_submission_phase(worker_client, contest):
    response = worker_client.get(submit_url(contest))  # the fixture contest's phases are long past
    assert response.status_code == 302 and response["Location"] == contest.url
    assert "本次征集目前不接受投稿" in worker_client.get(contest.url).content.decode()


def test_signed_out_visitors_go_to_sign_in(client, open_contest):
    response = client.get(submit_url(open_contest))
    assert response.status_code == 302 and "next=" in response["Location"]


def test_staff_accounts_cannot_submit(client, open_contest, db):
    client.force_login(make_user("someeditor", roles.EDITORS))
    response = client.post(submit_url(open_contest), form_data(open_contest, external_url="https://v.douyin.com/1/"))
    assert response.status_code == 302 and not VideoEntry.objects.exists()


def test_submission_is_rate_limited(worker_client, open_contest, settings):
    settings.ENTRY_SUBMIT_RATE = "1/h"
    bad = form_data(open_contest, external_url="")
    worker_client.post(submit_url(open_contest), bad)
    second = worker_client.post(
        submit_url(open_contest), form_data(open_contest, external_url="https://v.douyin.com/1/")
    )
    assert "提交太频繁了" in second.content.decode()
    assert not VideoEntry.objects.exists()


@pytest.mark.parametrize("field", ["title", "description"])
def test_titles_and_descriptions_are_screened_like_comments(worker_client, open_contest, field):
    """The same folding as comments: a reject word hidden by a Hangul filler is still found."""
    from screening.models import Action, Category, SensitiveWord

    SensitiveWord.objects.create(term="网络赌场", category=Category.ILLEGAL, action=Action.REJECT)
    data = form_data(open_contest, external_url="https://v.douyin.com/x/", **{field: "欢迎来网络\u3164赌场"})
    response = worker_client.post(submit_url(open_contest), data)
    assert response.status_code == 200
    assert "包含不允许发布的词语（违法犯罪）" in response.content.decode()


VTT = "WEBVTT\n\n00:00.000 --> 00:03.500\n盲拧螺栓，一次到位。\n\n00:03.500 --> 00:07.000\n老师傅闭着眼睛也不差半圈。\n"


def upload(name, content):
    data = io.BytesIO(content.encode("utf-8") if isinstance(content, str) else content)
    data.name = name
    return data


def test_captions_and_the_posters_description_reach_the_player(
    worker_client, open_contest, moderator, video_clips, django_capture_on_commit_callbacks
):
    video = upload("作品.mp4", video_clips["h264_mp4"].read_bytes())
    extra = {"video": video, "captions": upload("字幕.vtt", VTT), "poster_alt": "老师傅戴着眼罩在车间拧螺栓"}
    with django_capture_on_commit_callbacks(execute=True):
        assert worker_client.post(submit_url(open_contest), form_data(open_contest, **extra)).status_code == 302
    entry = VideoEntry.objects.get()
    assert entry.captions.name.startswith("entries/captions/") and entry.captions.name.endswith(".vtt")
    assert entry.captions.read().decode() == VTT
    approve_entries([entry], moderator)
    html = worker_client.get(entry.get_url()).content.decode()
    player = html.split("<video")[1].split("</video>")[0]
    assert f'<track kind="captions" src="{entry.captions.url}" srclang="zh-Hans" label="字幕" default>' in player
    assert f'aria-describedby="entry-poster-{entry.pk}"' in player
    assert f'id="entry-poster-{entry.pk}">老师傅戴着眼罩在车间拧螺栓</p>' in html


def test_a_poster_without_a_description_is_described_by_the_title(worker_client, open_contest, moderator):
    extra = {"external_url": "https://v.douyin.com/abc123/"}
    worker_client.post(submit_url(open_contest), form_data(open_contest, **extra))
    entry = VideoEntry.objects.get()
    approve_entries([entry], moderator)
    html = worker_client.get(entry.get_url()).content.decode()
    assert 'alt="“盲拧螺栓不差半圈”的海报"' in html.split('class="entry__media"')[1].split("</div>")[0]


@pytest.mark.parametrize(
    ("captions", "message"),
    [
        (upload("a.vtt", "1\n00:00:01,000 --> 00:00:02,000\nSRT, not WebVTT\n"), "这不是WebVTT字幕文件"),
        (upload("a.vtt", "WEBVTT\n\nno timings at all\n"), "这不是WebVTT字幕文件"),
        (upload("a.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\n字幕".encode("gbk")), "请把字幕文件存为UTF-8文本"),
        (upload("a.vtt", "WEBVTT\n" + "x" * 600 * 1024), "字幕文件超过了512 KB"),
    ],
    ids=["srt", "no cues", "gbk", "too large"],
)
def test_captions_must_be_webvtt(worker_client, open_contest, captions, message):
    extra = {"external_url": "https://v.douyin.com/abc123/", "captions": captions}
    response = worker_client.post(submit_url(open_contest), form_data(open_contest, **extra))
    assert response.status_code == 200 and message in response.content.decode()
    assert not VideoEntry.objects.exists()
