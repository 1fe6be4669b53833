"""Video contests: phases at their boundaries, entries' visibility and moderation, and bad uploads."""

import datetime
import io
import re

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from wagtail.models import ModelLogEntry

import pytest
import time_machine

from campaigns.fixtures import CONTEST_TIMES
from campaigns.models import EntryStatus, Phase, VideoEntry
from campaigns.videos import validate_video_file, validate_video_link

MICROSECOND = datetime.timedelta(microseconds=1)


# ---- phases -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("boundary", "before", "at"),
    [
        ("submission_opens_at", Phase.UPCOMING, Phase.SUBMISSION),
        ("submission_closes_at", Phase.SUBMISSION, Phase.REVIEW),
        ("voting_opens_at", Phase.REVIEW, Phase.VOTING),
        ("voting_closes_at", Phase.VOTING, Phase.COUNTING),
        ("results_at", Phase.COUNTING, Phase.RESULTS),
    ],
)
def test_each_phase_starts_exactly_at_its_boundary(contest, boundary, before, at):
    instant = CONTEST_TIMES[boundary]
    assert contest.phase_at(instant - MICROSECOND) == before
    assert contest.phase_at(instant) == at
    with time_machine.travel(instant, tick=False):
        assert contest.current_phase == at
    with time_machine.travel(instant - MICROSECOND, tick=False):
        assert contest.current_phase == before


def test_voting_and_submission_windows(contest):
    opens, closes = CONTEST_TIMES["voting_opens_at"], CONTEST_TIMES["voting_closes_at"]
    assert not contest.is_open_for_voting(opens - MICROSECOND)
    assert contest.is_open_for_voting(opens)
    assert contest.is_open_for_voting(closes - MICROSECOND)
    assert not contest.is_open_for_voting(closes)
    assert contest.is_open_for_submissions(CONTEST_TIMES["submission_opens_at"])
    assert not contest.is_open_for_submissions(CONTEST_TIMES["submission_closes_at"])


def test_countdown_points_at_the_next_boundary(contest):
    transition = contest.next_transition(CONTEST_TIMES["voting_opens_at"])
    assert transition.at == CONTEST_TIMES["voting_closes_at"]
    assert str(transition.label) == "投票截止"
    assert contest.next_transition(CONTEST_TIMES["results_at"]) is None
    assert contest.next_transition(CONTEST_TIMES["results_at"] - MICROSECOND).at == CONTEST_TIMES["results_at"]


def test_contest_page_shows_the_phase_and_counts_down(client, contest):
    with time_machine.travel(CONTEST_TIMES["voting_opens_at"] + datetime.timedelta(hours=1), tick=False):
        html = client.get(contest.url).content.decode()
    assert 'aria-current="step"><span>公众投票' in html
    assert f'data-countdown datetime="{CONTEST_TIMES["voting_closes_at"].isoformat()}"' in html


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("submission_closes_at", CONTEST_TIMES["submission_opens_at"]),
        ("voting_opens_at", CONTEST_TIMES["submission_closes_at"] - MICROSECOND),
        ("voting_closes_at", CONTEST_TIMES["voting_opens_at"]),
        ("results_at", CONTEST_TIMES["voting_closes_at"] - datetime.timedelta(days=1)),
    ],
)
def test_phases_out_of_order_are_rejected(contest, field, value):
    setattr(contest, field, value)
    with pytest.raises(ValidationError) as error:
        contest.full_clean()
    assert field in error.value.message_dict


# ---- entries: visibility and moderation ---------------------------------------------------------------------


def test_only_approved_entries_are_public(client, contest, make_entry):
    approved = make_entry(contest, title="三秒穿针")
    pending = make_entry(contest, status=EntryStatus.PENDING, title="还在审核")
    rejected = make_entry(contest, status=EntryStatus.REJECTED, title="不合格", rejection_reason="与主题无关")
    html = client.get(contest.url).content.decode()
    assert "三秒穿针" in html and "还在审核" not in html and "不合格" not in html
    assert client.get(approved.get_url()).status_code == 200
    assert client.get(pending.get_url()).status_code == 404
    assert client.get(rejected.get_url()).status_code == 404


def test_entry_page_has_a_share_card(client, contest, make_entry):
    entry = make_entry(contest, title="焊缝像鱼鳞", description="一位焊工的十年。")
    html = client.get(entry.get_url()).content.decode()
    assert '<meta property="og:title" content="焊缝像鱼鳞">' in html
    assert '<meta property="og:description" content="一位焊工的十年。">' in html
    assert '<meta property="og:type" content="video.other">' in html
    assert f'<meta property="og:url" content="http://testserver{entry.get_url()}">' in html
    assert '<meta property="og:image" content="http://testserver/' in html
    assert f'href="{entry.external_url}"' in html


def test_awards_show_only_in_the_results_phase(client, contest, make_entry):
    prize = contest.prizes.get(name="一等奖")
    make_entry(contest, title="获奖作品", award=prize)
    with time_machine.travel(CONTEST_TIMES["voting_opens_at"], tick=False):
        assert "评委奖项" not in client.get(contest.url).content.decode()
    with time_machine.travel(CONTEST_TIMES["results_at"], tick=False):
        html = client.get(contest.url).content.decode()
    assert "评委奖项" in html and '<strong class="award">一等奖</strong>' in html


def test_moderator_approves_in_bulk_and_rejects_with_a_reason(client, moderator, contest, make_entry):
    entries = [make_entry(contest, status=EntryStatus.PENDING, title=f"待审{i}") for i in range(3)]
    client.force_login(moderator)
    approve_url = reverse("wagtail_bulk_action", args=("campaigns", "videoentry", "approve_entries"))
    query = "&".join(f"id={e.pk}" for e in entries[:2])
    response = client.post(f"{approve_url}?{query}")
    assert response.status_code == 302
    statuses = dict(VideoEntry.objects.values_list("title", "status"))
    assert statuses == {"待审0": "approved", "待审1": "approved", "待审2": "pending"}
    approved = VideoEntry.objects.get(title="待审0")
    assert approved.moderated_by == moderator and approved.moderated_at is not None

    reject_url = reverse("wagtail_bulk_action", args=("campaigns", "videoentry", "reject_entries"))
    missing_reason = client.post(f"{reject_url}?id={entries[2].pk}", {"reason": ""})
    assert missing_reason.status_code == 200, "the form is shown again, asking for a reason"
    assert VideoEntry.objects.get(pk=entries[2].pk).status == EntryStatus.PENDING
    client.post(f"{reject_url}?id={entries[2].pk}", {"reason": "画面与主题无关"})
    rejected = VideoEntry.objects.get(pk=entries[2].pk)
    assert rejected.status == EntryStatus.REJECTED and rejected.rejection_reason == "画面与主题无关"
    actions = list(ModelLogEntry.objects.filter(user=moderator).values_list("action", flat=True))
    assert actions.count("campaigns.entry.approve") == 2 and actions.count("campaigns.entry.reject") == 1


def test_editors_and_workers_cannot_moderate_entries(client, editor, worker, contest, make_entry):
    entry = make_entry(contest, status=EntryStatus.PENDING)
    url = reverse("wagtail_bulk_action", args=("campaigns", "videoentry", "approve_entries")) + f"?id={entry.pk}"
    for user in (editor, worker):
        client.force_login(user)
        client.post(url)
        assert VideoEntry.objects.get(pk=entry.pk).status == EntryStatus.PENDING, user


# ---- uploads: judged by content, with clear messages --------------------------------------------------------


def mp4_bytes(size=2048):
    """The start of a real MP4 file: an ftyp box with the isom brand, then padding."""
    ftyp = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41"
    return ftyp + b"\x00" * (size - len(ftyp))


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def upload(name, data, content_type="video/mp4"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def clip_upload(path, name=None, content_type="video/mp4"):
    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type=content_type)


def test_video_type_comes_from_the_content_not_the_name(video_clips):
    info = validate_video_file(clip_upload(video_clips["hevc_mov"], "clip.txt", "text/plain"), max_mb=5)
    assert (info.codec, info.width, info.height, info.extension) == ("hevc", 160, 120, "mov")
    assert validate_video_file(clip_upload(video_clips["webm"], "clip.mp4"), max_mb=5).extension == "mkv"
    for name, data in [("clip.mp4", PNG), ("clip.webm", b"hello world"), ("clip.mp4", b"<script>alert(1)</script>")]:
        with pytest.raises(ValidationError) as error:
            validate_video_file(upload(name, data), max_mb=5)
        assert error.value.code == "not_a_video"


def test_size_limit_is_per_contest_with_a_clear_message(video_clips):
    big = upload("big.mp4", mp4_bytes(1024 * 1024 + 1))
    with pytest.raises(ValidationError) as error:
        validate_video_file(big, max_mb=1)
    assert error.value.code == "too_large"
    assert error.value.messages[0] == "视频大小为1.1MB，本次征集最大接受1MB的文件。"
    assert validate_video_file(clip_upload(video_clips["h264_mp4"]), max_mb=1).codec == "h264"
    with pytest.raises(ValidationError) as error:
        validate_video_file(upload("empty.mp4", b""), max_mb=1)
    assert error.value.code == "empty"


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.douyin.com/video/7100000000000000001", True),
        ("https://b23.tv/abc", True),
        ("http://v.kuaishou.com/xyz", True),
        ("javascript:alert(1)", False),
        ("https://douyin.com.evil.example/video/1", False),
        ("https://evil.example/?u=douyin.com", False),
        ("ftp://www.bilibili.com/video/1", False),
        # Browsers read a backslash as a slash: these go to evil.example, though urlsplit reads douyin.com.
        ("https://evil.example\\@www.douyin.com/", False),
        ("https://evil.example\\.www.douyin.com/", False),
        ("https://evil.example%5C@www.douyin.com/", False),
        ("https://user:pass@www.douyin.com/video/1", False),
        ("https://www.douyin.com@evil.example/", False),
        ("https://www.douyin.com:8443/video/1", False),
        ("https://www.douyin.com:abc/video/1", False),
        ("https://www.douyin.com:99999/video/1", False),
        ("https://www.douyin.com /video/1", False),
        ("https://www.douyin.com\t/video/1", False),
        ("https://www.douyin.com:443/video/1", True),
    ],
)
def test_links_must_point_at_a_known_video_platform(url, ok):
    if ok:
        assert validate_video_link(url) == url
    else:
        with pytest.raises(ValidationError):
            validate_video_link(url)


def entry_form_data(contest, **extra):
    data = {
        "contest": contest.pk,
        "category": contest.categories.first().pk,
        "title": "一刀切出0.02毫米",
        "description": "",
        "author_name": "黄伟",
        "work_unit": "江汉石油装备厂",
        "external_url": "",
        "status": "pending",
        "rejection_reason": "",
        "award_note": "",
    }
    data.update(extra)
    return data


def test_admin_upload_of_a_disguised_file_is_refused_and_nothing_is_saved(client, moderator, contest, settings):
    client.force_login(moderator)
    url = reverse("wagtailsnippets_campaigns_videoentry:add")
    fake = io.BytesIO(PNG)
    fake.name = "movie.mp4"
    response = client.post(url, entry_form_data(contest, video=fake))
    assert response.status_code == 200
    assert "这不是可接受的视频文件" in response.content.decode()
    assert not VideoEntry.objects.exists()


def test_admin_upload_of_a_real_video_is_stored_under_our_own_name(
    client, moderator, contest, video_clips, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    url = reverse("wagtailsnippets_campaigns_videoentry:add")
    video = io.BytesIO(video_clips["hevc_mov"].read_bytes())
    video.name = "../../etc/passwd.txt"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, entry_form_data(contest, video=video))
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = VideoEntry.objects.get()
    assert entry.original.name.startswith("entries/originals/") and entry.original.name.endswith(".mov")
    assert entry.video_type == "video/mp4" and entry.processing == "ready"
    assert entry.video.name.startswith("entries/videos/") and entry.video.name.endswith(".mp4")
    assert "passwd" not in entry.video.name and "passwd" not in entry.original.name


def test_admin_upload_over_the_contests_limit_is_refused(client, moderator, make_contest):
    small = make_contest(max_video_mb=1)
    client.force_login(moderator)
    video = io.BytesIO(mp4_bytes(2 * 1024 * 1024))
    video.name = "long.mp4"
    response = client.post(reverse("wagtailsnippets_campaigns_videoentry:add"), entry_form_data(small, video=video))
    assert response.status_code == 200
    assert "本次征集最大接受" in response.content.decode()
    assert not VideoEntry.objects.exists()


def test_an_entry_has_exactly_one_video_source(contest, make_entry):
    entry = make_entry(contest)
    entry.video = "entries/videos/x.mp4"
    with pytest.raises(ValidationError):
        entry.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        VideoEntry.objects.filter(pk=entry.pk).update(video="entries/videos/x.mp4")
    with pytest.raises(IntegrityError), transaction.atomic():
        VideoEntry.objects.filter(pk=entry.pk).update(external_url="")


def test_rejection_needs_a_reason(contest, make_entry):
    entry = make_entry(contest, status=EntryStatus.REJECTED)
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "rejection_reason" in error.value.message_dict


def test_categories_and_awards_must_belong_to_the_entrys_contest(make_contest, make_entry):
    first, second = make_contest(), make_contest()
    entry = make_entry(first, category=second.categories.first())
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "category" in error.value.message_dict


def test_figures_agree_with_their_numbers_in_english(client, contest, make_entry):
    """One entry, one vote, one view: "1 entry", not the "1 views" a fixed unit gave."""
    from campaigns.models import VideoEntry

    entry = make_entry(contest, title="一件作品")
    url = "/en" + contest.url

    def figures():
        with translation.override("zh-hans"):  # the request switches this thread to English; switch it back after
            html = client.get(url).content.decode()
        block = html.split('class="block-stats campaign-figures"')[1].split("</section>")[0]
        return re.findall(r"<strong>(\d+)</strong> <span>([^<]+)</span>", block)

    VideoEntry.objects.filter(pk=entry.pk).update(vote_count=1, view_count=1)
    assert figures() == [("1", "entry"), ("1", "vote"), ("1", "view")]
    VideoEntry.objects.filter(pk=entry.pk).update(vote_count=2, view_count=3)
    assert figures() == [("1", "entry"), ("2", "votes"), ("3", "views")]
