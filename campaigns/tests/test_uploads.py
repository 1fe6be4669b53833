"""Resumable chunked uploads (campaigns/uploads.py): pieces, resuming from the server's offset, hostile input,
someone else's upload, quotas and rate limits, the form turning a finished upload into an entry, and cleanup."""

import datetime
import io

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest

from accounts import roles
from campaigns.models import Processing, VideoEntry, VideoUpload
from conftest import make_user

from .test_submissions import form_data, submit_url


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
    )


@pytest.fixture
def worker_client(client, worker):
    client.force_login(worker)
    return client


def create(client, contest, size, name="IMG_0001.MOV"):
    return client.post(reverse("campaigns:uploads"), {"contest": contest.pk, "size": size, "name": name})


def send(client, url, data, first, total):
    last = first + len(data) - 1
    return client.generic(
        "PATCH",
        url,
        data,
        content_type="application/octet-stream",
        HTTP_CONTENT_RANGE=f"bytes {first}-{last}/{total}",
    )


def test_a_video_in_pieces_resumes_from_the_servers_offset_and_becomes_an_entry(
    worker_client, worker, open_contest, video_clips, settings, django_capture_on_commit_callbacks
):
    settings.UPLOAD_CHUNK_KB = 1024
    data = video_clips["hevc_mov"].read_bytes()
    answer = create(worker_client, open_contest, len(data))
    assert answer.status_code == 201
    url = answer.json()["url"]
    assert answer.json()["offset"] == 0 and answer.json()["chunk_size"] == 1024 * 1024
    third = len(data) // 3
    assert send(worker_client, url, data[:third], 0, len(data)).json()["offset"] == third
    # The connection drops; the page asks where to go on from.
    status = worker_client.get(url)
    assert status.json() == {"ok": True, "offset": third, "size": len(data)}
    assert worker_client.head(url)["Upload-Offset"] == str(third)
    # The same piece again (the answer was lost): 409 with the offset, nothing written twice.
    again = send(worker_client, url, data[:third], 0, len(data))
    assert again.status_code == 409 and again.json()["offset"] == third
    assert send(worker_client, url, data[third:], third, len(data)).json()["offset"] == len(data)
    upload = VideoUpload.objects.get()
    assert upload.complete and upload.chunks == 2
    mine = worker_client.get(reverse("campaigns:my_entries")).content.decode()
    assert "上传中" not in mine, "a finished upload waits for the form, it is not listed as uploading"

    with django_capture_on_commit_callbacks(execute=True):
        response = worker_client.post(submit_url(open_contest), form_data(open_contest, upload=str(upload.id)))
    assert response.status_code == 302, response.content.decode()[-3000:]
    entry = VideoEntry.objects.get()
    assert entry.original.read() == data and entry.processing == Processing.READY
    assert entry.video.name.endswith(".mp4") and entry.author == worker
    assert not VideoUpload.objects.exists() and not default_storage.exists(upload.chunk_name(0)), "pieces removed"


def test_an_unfinished_upload_is_listed_and_cannot_be_submitted(worker_client, open_contest, video_clips):
    data = video_clips["h264_mp4"].read_bytes()
    url = create(worker_client, open_contest, len(data), name="车间.mp4").json()["url"]
    send(worker_client, url, data[:1000], 0, len(data))
    upload = VideoUpload.objects.get()
    mine = worker_client.get(reverse("campaigns:my_entries")).content.decode()
    assert "车间.mp4" in mine and "上传中" in mine
    response = worker_client.post(submit_url(open_contest), form_data(open_contest, upload=str(upload.id)))
    assert response.status_code == 200 and "视频还没有上传完" in response.content.decode()
    assert not VideoEntry.objects.exists()


def test_a_refused_video_is_said_at_submission_and_its_pieces_removed(worker_client, open_contest, video_clips):
    data = video_clips["truncated"].read_bytes()
    url = create(worker_client, open_contest, len(data)).json()["url"]
    send(worker_client, url, data, 0, len(data))
    upload = VideoUpload.objects.get()
    response = worker_client.post(submit_url(open_contest), form_data(open_contest, upload=str(upload.id)))
    assert response.status_code == 200 and "视频文件已损坏或不完整" in response.content.decode()
    assert not VideoEntry.objects.exists() and not VideoUpload.objects.exists()
    assert not default_storage.exists(upload.chunk_name(0))


@pytest.mark.parametrize(
    ("headers", "body", "status", "code"),
    [
        ({}, b"x" * 10, 400, "content_range"),
        ({"HTTP_CONTENT_RANGE": "bytes 0-9/999"}, b"x" * 10, 400, "bad_range"),  # not the declared size
        ({"HTTP_CONTENT_RANGE": "bytes 0-19/100"}, b"x" * 10, 400, "bad_range"),  # shorter than it says
        ({"HTTP_CONTENT_RANGE": "bytes 95-104/100"}, b"x" * 10, 400, "bad_range"),  # past the end
        ({"HTTP_CONTENT_RANGE": "bytes 9-0/100"}, b"", 400, "bad_range"),
        ({"HTTP_CONTENT_RANGE": "bytes 50-59/100"}, b"x" * 10, 409, "offset"),  # a gap
        ({"HTTP_CONTENT_RANGE": "bytes -1-9/100"}, b"x" * 10, 400, "content_range"),
        ({"HTTP_CONTENT_RANGE": "bytes 0-9/100; drop table"}, b"x" * 10, 400, "content_range"),
        ({"HTTP_CONTENT_RANGE": "bytes 0-99999999999999999999/100"}, b"x" * 10, 400, "content_range"),
    ],
)
def test_hostile_pieces_are_refused_clearly_and_nothing_is_written(
    worker_client, open_contest, headers, body, status, code
):
    url = create(worker_client, open_contest, 100).json()["url"]
    response = worker_client.generic("PATCH", url, body, content_type="application/octet-stream", **headers)
    assert response.status_code == status and response.json()["code"] == code
    upload = VideoUpload.objects.get()
    assert upload.received == 0 and upload.chunks == 0


def test_overlapping_pieces_and_oversized_pieces(worker_client, open_contest, settings):
    settings.UPLOAD_CHUNK_KB = 1024
    size = 1024 * 1024
    url = create(worker_client, open_contest, size).json()["url"]
    assert send(worker_client, url, b"a" * 100, 0, size).status_code == 200
    overlap = send(worker_client, url, b"b" * 100, 50, size)
    assert overlap.status_code == 409 and overlap.json()["offset"] == 100
    settings.UPLOAD_CHUNK_KB = 0  # every piece is now too large
    assert send(worker_client, url, b"c" * 10, 100, size).status_code == 413
    assert VideoUpload.objects.get().received == 100


def test_uploads_are_for_signed_in_workers_and_their_own(client, worker_client, open_contest, worker, editor):
    url = create(worker_client, open_contest, 100).json()["url"]
    client.logout()
    assert client.post(reverse("campaigns:uploads"), {"contest": open_contest.pk, "size": 100}).status_code == 403
    assert client.get(url).status_code == 403
    other = make_user("other-worker", roles.WORKERS, membership_number="W0999")
    client.force_login(other)
    assert client.get(url).status_code == 404, "someone else's upload is as if it did not exist"
    assert send(client, url, b"x" * 10, 0, 100).status_code == 404
    assert client.delete(url).status_code == 404
    response = client.post(submit_url(open_contest), form_data(open_contest, upload=url.rstrip("/").rsplit("/", 1)[1]))
    assert response.status_code == 200 and "这次上传已过期或不属于你" in response.content.decode()
    client.force_login(editor)
    assert create(client, open_contest, 100).status_code == 403, "not a union member's account"
    assert client.get(reverse("campaigns:uploads") + "not-a-uuid/").status_code == 404


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        ({"size": 100}, 400, "bad_request"),
        ({"contest": "abc", "size": 100}, 400, "bad_request"),
        ({"contest": "{contest}", "size": "-5"}, 400, "bad_request"),
        ({"contest": "{contest}", "size": "1e9"}, 400, "bad_request"),
        ({"contest": "{contest}", "size": 0}, 400, "empty"),
        ({"contest": "{contest}", "size": 2 * 1024 * 1024}, 413, "too_large"),
        ({"contest": "999999", "size": 100}, 400, "bad_request"),
    ],
)
def test_creating_an_upload_checks_what_it_is_told(worker_client, open_contest, data, status, code):
    data = {k: str(v).replace("{contest}", str(open_contest.pk)) for k, v in data.items()}
    response = worker_client.post(reverse("campaigns:uploads"), data)
    assert response.status_code == status and response.json()["code"] == code
    assert not VideoUpload.objects.exists()


def test_a_closed_contest_takes_no_uploads(worker_client, make_contest):
    past = timezone.now() - datetime.timedelta(days=30)
    days = datetime.timedelta(days=1)
    contest = make_contest(
        submission_opens_at=past,
        submission_closes_at=past + days,
        voting_opens_at=past + 2 * days,
        voting_closes_at=past + 3 * days,
        results_at=past + 4 * days,
    )
    response = create(worker_client, contest, 100)
    assert response.status_code == 400 and response.json()["code"] == "closed"


def test_quota_of_unfinished_uploads_and_the_rate_limit(worker_client, open_contest, settings):
    settings.UPLOAD_MAX_OPEN = 2
    assert create(worker_client, open_contest, 100).status_code == 201
    assert create(worker_client, open_contest, 100).status_code == 201
    third = create(worker_client, open_contest, 100)
    assert third.status_code == 429 and third.json()["code"] == "quota"
    settings.UPLOAD_MAX_OPEN = 10
    settings.UPLOAD_QUOTA_MB = 1
    big = create(worker_client, open_contest, 1024 * 1024)
    assert big.status_code == 429 and big.json()["code"] == "quota"
    settings.UPLOAD_CREATE_RATE = "5/h"  # four tries so far
    assert create(worker_client, open_contest, 10).status_code == 201
    limited = create(worker_client, open_contest, 10)
    assert limited.status_code == 429 and limited.json()["code"] == "rate"
    url = reverse("campaigns:upload", args=[VideoUpload.objects.first().id])
    settings.UPLOAD_CHUNK_RATE = "1/m"
    send(worker_client, url, b"x", 0, 100)
    assert send(worker_client, url, b"x", 1, 100).json()["code"] == "rate"


def test_a_worker_can_cancel_and_old_unfinished_uploads_are_pruned(worker_client, open_contest, settings):
    url = create(worker_client, open_contest, 100).json()["url"]
    send(worker_client, url, b"x" * 10, 0, 100)
    upload = VideoUpload.objects.get()
    assert default_storage.exists(upload.chunk_name(0))
    assert worker_client.delete(url).status_code == 204
    assert not VideoUpload.objects.exists() and not default_storage.exists(upload.chunk_name(0))

    url = create(worker_client, open_contest, 100).json()["url"]
    send(worker_client, url, b"x" * 10, 0, 100)
    old = VideoUpload.objects.get()
    create(worker_client, open_contest, 100)
    VideoUpload.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=25))
    out = io.StringIO()
    call_command("prune_uploads", stdout=out)
    assert out.getvalue().startswith("1 unfinished upload(s) older than 24 h removed")
    assert VideoUpload.objects.count() == 1 and not default_storage.exists(old.chunk_name(0))
