"""Videos from real phones: accepted by what ffprobe reads (never the name), refused with the reason, converted by
the task worker to an H.264/AAC MP4 with faststart at 720p at most, with poster frames, the original kept.

Every video here is made by ffmpeg in the test session (``video_clips`` in campaigns/fixtures.py)."""

import datetime
import io
import json
import subprocess

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest

from campaigns.models import EntryStatus, Processing, VideoEntry
from campaigns.moderation import ApproveEntry, approve_entries, retry_processing
from campaigns.transcode import process_entry_video, requeue_stuck, stuck_entries
from campaigns.videos import validate_video_file

from .test_submissions import form_data, submit_url


def ffprobe(path_or_bytes):
    if isinstance(path_or_bytes, bytes):
        result = subprocess.run(
            ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", "-"],
            input=path_or_bytes,
            capture_output=True,
            check=True,
        )
    else:
        result = subprocess.run(
            ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path_or_bytes)],
            capture_output=True,
            check=True,
        )
    return json.loads(result.stdout)


def uploaded_entry(make_entry, contest, path, **fields):
    """An entry with an uploaded original (as the submission form leaves it), processing by default."""
    fields.setdefault("processing", Processing.PROCESSING)
    original = ContentFile(path.read_bytes(), name="original.mov")
    return make_entry(contest, status=EntryStatus.PENDING, external_url="", original=original, **fields)


def as_upload(path, name=None):
    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("clip", "codec", "size"),
    [
        ("hevc_mov", "hevc", (160, 120)),
        ("hevc_mp4", "hevc", (120, 160)),
        ("h264_mp4", "h264", (160, 120)),
        ("h264_3gp", "h264", (176, 144)),
        ("webm", "vp8", (160, 120)),
        ("mkv", "h264", (160, 120)),
    ],
)
def test_what_phones_record_is_accepted_by_its_content(video_clips, clip, codec, size):
    info = validate_video_file(as_upload(video_clips[clip], "whatever.bin"), max_mb=1, max_seconds=10)
    assert (info.codec, (info.width, info.height)) == (codec, size)
    assert 1.9 < info.duration < 2.1


@pytest.mark.parametrize(
    ("clip", "code", "message"),
    [
        ("empty", "empty", "视频文件是空的"),
        ("text", "not_a_video", "这不是可接受的视频文件，请上传MP4、MOV、3GP、WebM、MKV格式的视频"),
        ("truncated", "corrupt", "视频文件已损坏或不完整，无法读取"),
        ("audio_only", "no_video_stream", "这个文件没有画面"),
        ("long_mp4", "too_long", "视频时长为6秒，本次征集最长接受5秒的视频。"),
        ("large_mp4", "too_high_resolution", "视频分辨率为1280×960，本次征集接受的视频长边最多1000像素。"),
    ],
)
def test_what_we_refuse_says_why_in_chinese(video_clips, clip, code, message):
    with pytest.raises(ValidationError) as error:
        validate_video_file(as_upload(video_clips[clip]), max_mb=1, max_seconds=5, max_pixels=1000)
    assert error.value.code == code
    assert message in error.value.messages[0]


def test_without_ffprobe_the_upload_is_refused_with_a_message_not_an_error(video_clips, settings):
    settings.FFPROBE = "/nonexistent/ffprobe"
    with pytest.raises(ValidationError) as error:
        validate_video_file(as_upload(video_clips["h264_mp4"]), max_mb=1)
    assert error.value.code == "unavailable" and "暂时无法检查视频" in error.value.messages[0]


@pytest.fixture
def open_contest(make_contest):
    now = timezone.now()
    return make_contest(
        submission_opens_at=now - datetime.timedelta(days=1),
        submission_closes_at=now + datetime.timedelta(days=10),
        voting_opens_at=now + datetime.timedelta(days=11),
        voting_closes_at=now + datetime.timedelta(days=20),
        results_at=now + datetime.timedelta(days=25),
        max_video_mb=1,
        max_video_seconds=5,
    )


def submit(client, contest, path, capture, name=None, **extra):
    video = io.BytesIO(path.read_bytes())
    video.name = name or path.name
    with capture(execute=True):
        return client.post(submit_url(contest), form_data(contest, video=video, **extra))


def test_an_iphone_hevc_mov_becomes_an_h264_mp4_with_posters_and_the_original_kept(
    client, worker, moderator, open_contest, video_clips, django_capture_on_commit_callbacks
):
    client.force_login(worker)
    response = submit(client, open_contest, video_clips["hevc_mov"], django_capture_on_commit_callbacks)
    assert response.status_code == 302
    entry = VideoEntry.objects.get()
    assert entry.processing == Processing.READY and entry.status == EntryStatus.PENDING
    assert entry.original.read() == video_clips["hevc_mov"].read_bytes(), "the original, byte for byte"
    out = entry.video.read()
    probe = ffprobe(out)
    video = next(s for s in probe["streams"] if s["codec_type"] == "video")
    audio = next(s for s in probe["streams"] if s["codec_type"] == "audio")
    assert (video["codec_name"], video["pix_fmt"], audio["codec_name"]) == ("h264", "yuv420p", "aac")
    assert (video["width"], video["height"]) == (160, 120)
    assert out.index(b"moov") < out.index(b"mdat"), "faststart: the index before the data"
    assert (entry.width, entry.height) == (160, 120) and 1.9 < entry.duration < 2.2
    assert entry.poster_frame.read()[:3] == b"\xff\xd8\xff", "a JPEG"
    webp = entry.poster_frame_webp.read()
    assert webp[:4] == b"RIFF" and webp[8:12] == b"WEBP"
    mine = client.get(reverse("campaigns:my_entries")).content.decode()
    assert "待审核" in mine

    approve_entries([entry], moderator)
    page = client.get(entry.get_url()).content.decode()
    player = page.split("<video")[1].split("</video>")[0]
    assert 'preload="none"' in player and f'src="{entry.video.url}" type="video/mp4"' in player
    assert "poster=" in player


def test_a_large_video_is_scaled_to_720p(client, worker, make_contest, video_clips, django_capture_on_commit_callbacks):
    now = timezone.now()
    contest = make_contest(
        submission_opens_at=now - datetime.timedelta(days=1),
        submission_closes_at=now + datetime.timedelta(days=10),
        voting_opens_at=now + datetime.timedelta(days=11),
        voting_closes_at=now + datetime.timedelta(days=20),
        results_at=now + datetime.timedelta(days=25),
    )
    client.force_login(worker)
    assert submit(client, contest, video_clips["large_mp4"], django_capture_on_commit_callbacks).status_code == 302
    entry = VideoEntry.objects.get()
    video = next(s for s in ffprobe(entry.video.read())["streams"] if s["codec_type"] == "video")
    assert (video["width"], video["height"]) == (960, 720) == (entry.width, entry.height)


def test_a_portrait_phone_video_stays_portrait(
    client, worker, open_contest, video_clips, django_capture_on_commit_callbacks
):
    client.force_login(worker)
    assert submit(client, open_contest, video_clips["hevc_mp4"], django_capture_on_commit_callbacks).status_code == 302
    entry = VideoEntry.objects.get()
    assert (entry.width, entry.height) == (120, 160)


@pytest.mark.parametrize(
    ("clip", "message"),
    [
        ("truncated", "视频文件已损坏或不完整"),
        ("long_mp4", "本次征集最长接受5秒的视频"),
        ("text", "这不是可接受的视频文件"),
        ("empty", "提交的是空文件"),
        ("audio_only", "这个文件没有画面"),
    ],
)
def test_the_form_refuses_bad_videos_and_saves_nothing(
    client, worker, open_contest, video_clips, clip, message, django_capture_on_commit_callbacks
):
    client.force_login(worker)
    response = submit(client, open_contest, video_clips[clip], django_capture_on_commit_callbacks)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html, html[html.find("errorlist") - 300 : html.find("errorlist") + 500]
    assert not VideoEntry.objects.exists()


def test_a_failed_conversion_shows_the_reason_and_a_moderator_can_retry(
    client, worker, moderator, make_entry, open_contest, video_clips, settings, django_capture_on_commit_callbacks
):
    entry = uploaded_entry(make_entry, open_contest, video_clips["hevc_mov"], author=worker)
    settings.FFMPEG = "/nonexistent/ffmpeg"  # the task worker's host lost ffmpeg
    assert process_entry_video.call(entry.pk) == "failed"
    entry.refresh_from_db()
    assert entry.processing == Processing.FAILED and "视频无法转换为可播放的格式" in entry.processing_error
    assert not entry.video and entry.original
    client.force_login(worker)
    mine = client.get(reverse("campaigns:my_entries")).content.decode()
    assert "处理失败" in mine and "视频无法转换为可播放的格式" in mine
    with pytest.raises(ValidationError):
        ApproveEntry(entry, user=moderator).execute()

    settings.FFMPEG = None
    with django_capture_on_commit_callbacks(execute=True):
        assert retry_processing([entry], moderator) == 1
    entry.refresh_from_db()
    assert entry.processing == Processing.READY and entry.video and not entry.processing_error
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(action="campaigns.entry.retry_processing", user=moderator).exists()
    approve_entries([entry], moderator)


def test_the_moderators_bulk_retry_and_review_screen(
    client, moderator, make_entry, open_contest, video_clips, django_capture_on_commit_callbacks
):
    entry = uploaded_entry(
        make_entry, open_contest, video_clips["hevc_mov"], processing=Processing.FAILED, processing_error="转换失败"
    )
    client.force_login(moderator)
    url = reverse("wagtail_bulk_action", args=("campaigns", "videoentry", "retry_entry_processing"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{url}?id={entry.pk}")
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.processing == Processing.READY
    edit = client.get(reverse("wagtailsnippets_campaigns_videoentry:edit", args=[entry.pk])).content.decode()
    assert f'src="{entry.video.url}"' in edit and f'poster="{entry.poster_frame.url}"' in edit
    assert "下载原始上传文件" in edit


def test_a_stuck_entry_is_queued_again_and_a_duplicate_run_does_nothing(
    make_entry, open_contest, video_clips, settings
):
    died = timezone.now() - datetime.timedelta(hours=3)  # its worker died mid-run
    entry = uploaded_entry(make_entry, open_contest, video_clips["hevc_mov"], processing_since=died)
    uploaded_entry(make_entry, open_contest, video_clips["hevc_mov"], processing_since=timezone.now())
    assert list(stuck_entries()) == [entry]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    default_task_backend.clear()
    out = io.StringIO()
    call_command("requeue_videos", stdout=out)
    assert out.getvalue().startswith("1 video(s) queued again")
    assert [r.args for r in default_task_backend.results] == [[entry.pk]]
    assert process_entry_video.call(entry.pk) == "ready"
    assert process_entry_video.call(entry.pk) == "skipped", "the duplicate finds it done"
    assert requeue_stuck() == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the roles from the migrations are restored
def test_the_database_queue_and_db_worker_process_an_upload(client, worker, make_contest, video_clips, settings):
    """Production's path: the form only queues the task (database backend); ``manage.py db_worker --batch`` runs it."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    now = timezone.now()
    contest = make_contest(
        submission_opens_at=now - datetime.timedelta(days=1),
        submission_closes_at=now + datetime.timedelta(days=10),
        voting_opens_at=now + datetime.timedelta(days=11),
        voting_closes_at=now + datetime.timedelta(days=20),
        results_at=now + datetime.timedelta(days=25),
    )
    client.force_login(worker)
    video = io.BytesIO(video_clips["h264_3gp"].read_bytes())
    video.name = "VID.3gp"
    assert client.post(submit_url(contest), form_data(contest, video=video)).status_code == 302
    entry = VideoEntry.objects.get()
    assert entry.processing == Processing.PROCESSING and not entry.video, "nothing converted in the request"
    assert "处理中" in client.get(reverse("campaigns:my_entries")).content.decode()
    queued = DBTaskResult.objects.filter(task_path="campaigns.transcode.process_entry_video")
    assert [(r.status, r.args_kwargs["args"]) for r in queued] == [("READY", [entry.pk])]
    call_command("db_worker", batch=True, verbosity=0)
    entry.refresh_from_db()
    assert entry.processing == Processing.READY and entry.video.name.endswith(".mp4")
    assert queued.get().status == "SUCCESSFUL"
