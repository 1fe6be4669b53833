"""``MEDIA_STORAGE=s3``: a worker's chunked upload, the original, the converted MP4, the poster frames and the poster
image all land in the bucket of a real S3-compatible server (moto's server mode, started as its own process), and
nothing is written to MEDIA_ROOT. The bucket serves the video in ranges, as nginx does for local media."""

import datetime
import shutil
import socket
import subprocess
import sys
import time

from django.urls import reverse
from django.utils import timezone

import pytest
import requests

from campaigns.models import Processing, VideoEntry, VideoUpload

from .test_submissions import form_data, submit_url
from .test_uploads import create, send

BUCKET = "workershome-media"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    """moto's S3 server on a free port, for this module; stopped afterwards."""
    pytest.importorskip("moto.server", reason="needs moto[server] (requirements.txt)")
    port = free_port()
    binary = shutil.which("moto_server", path=str(__import__("pathlib").Path(sys.executable).parent))
    command = [binary, "-H", "127.0.0.1", "-p", str(port)] if binary else [sys.executable, "-m", "moto.server"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            requests.get(url, timeout=5)
            break
        except requests.RequestException:  # refused while starting, or slow to answer
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("moto_server did not start")
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def s3_media(s3_server, settings, tmp_path):
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id="test",
        aws_secret_access_key="test",  # noqa: S106
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)
    options = {
        "bucket_name": BUCKET,
        "endpoint_url": s3_server,
        "access_key": "test",
        "secret_key": "test",
        "region_name": "us-east-1",
        "querystring_auth": True,  # a private bucket: signed, expiring URLs (MEDIA_S3_SIGNED_URLS=1)
        "file_overwrite": False,
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    settings.MEDIA_ROOT = tmp_path / "must-stay-empty"
    yield client
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for item in listed:
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client):
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_uploads_conversions_and_posters_land_in_the_bucket(
    s3_media, client, worker, make_contest, video_clips, settings, django_capture_on_commit_callbacks
):
    now = timezone.now()
    contest = make_contest(
        submission_opens_at=now - datetime.timedelta(days=1),
        submission_closes_at=now + datetime.timedelta(days=10),
        voting_opens_at=now + datetime.timedelta(days=11),
        voting_closes_at=now + datetime.timedelta(days=20),
        results_at=now + datetime.timedelta(days=25),
    )
    client.force_login(worker)
    data = video_clips["hevc_mov"].read_bytes()
    url = create(client, contest, len(data)).json()["url"]
    half = len(data) // 2
    send(client, url, data[:half], 0, len(data))
    upload = VideoUpload.objects.get()
    pieces = [key for key in keys(s3_media) if key.startswith("uploads/")]
    assert pieces == [upload.chunk_name(0)], "the first piece is in the bucket, for any app server"
    assert client.get(url).json()["offset"] == half
    send(client, url, data[half:], half, len(data))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url(contest), form_data(contest, upload=str(upload.id)))
    assert response.status_code == 302
    entry = VideoEntry.objects.get()
    assert entry.processing == Processing.READY
    stored = keys(s3_media)
    for field in (entry.original, entry.video, entry.poster_frame, entry.poster_frame_webp, entry.poster.file):
        assert field.name in stored, field.name
    assert not any(key.startswith("uploads/") for key in stored), "the pieces are removed"
    assert s3_media.get_object(Bucket=BUCKET, Key=entry.original.name)["Body"].read() == data
    assert not (settings.MEDIA_ROOT).exists(), "nothing on the app server's disk"

    assert entry.video.url.startswith(settings.STORAGES["default"]["OPTIONS"]["endpoint_url"])
    assert "Signature=" in entry.video.url or "X-Amz-Signature=" in entry.video.url
    ranged = requests.get(entry.video.url, headers={"Range": "bytes=0-99"}, timeout=10)
    assert ranged.status_code == 206 and len(ranged.content) == 100
    mine = client.get(reverse("campaigns:my_entries")).content.decode()
    assert "待审核" in mine
