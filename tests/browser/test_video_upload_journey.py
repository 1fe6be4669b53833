"""A worker on a phone uploads an iPhone-style HEVC ``.mov`` (made by ffmpeg in the test) in resumable pieces: the
progress bar moves, the connection drops after the first piece and the page is reloaded, the same file is chosen
again and the upload continues from the server's offset (not from the start). A moderator approves the entry and it
plays in Chromium as an H.264 MP4 with a poster; ffprobe of the file the site serves says so too."""

import datetime
import json
import subprocess

from django.utils import timezone

import pytest
import requests

from .conftest import PHONE, screenshot, site_login, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHUNK_KB = 8
# Every text the upload's status line shows, in order (it changes faster than a test can look).
RECORD_STATUS = """() => {
    window.__statuses = [];
    const status = document.querySelector('[data-upload-status]');
    new MutationObserver(() => window.__statuses.push(status.textContent)).observe(
        status, {childList: true, characterData: true, subtree: true});
}"""


@pytest.fixture
def small_pieces(monkeypatch):
    """The site's server sends the video in 8 KB pieces, so a 30 KB clip takes several (read when gunicorn starts)."""
    monkeypatch.setenv("UPLOAD_CHUNK_KB", str(CHUNK_KB))


def test_worker_uploads_an_hevc_mov_on_a_phone_resumes_and_it_plays_as_h264(
    small_pieces, site, open_page, video_clips, tmp_path, moderator
):
    from campaigns.models import VideoContestPage, VideoEntry, VideoUpload
    from campaigns.moderation import approve_entries

    now = timezone.now()
    contest = VideoContestPage.objects.get(title__contains="e有绝活")
    VideoContestPage.objects.filter(pk=contest.pk).update(
        submission_opens_at=now - datetime.timedelta(days=1),
        submission_closes_at=now + datetime.timedelta(days=5),
        voting_opens_at=now + datetime.timedelta(days=6),
        voting_closes_at=now + datetime.timedelta(days=9),
        results_at=now + datetime.timedelta(days=10),
        max_entries_per_worker=20,
    )
    movie = tmp_path / "IMG_0420.MOV"
    movie.write_bytes(video_clips["hevc_mov"].read_bytes())
    size = movie.stat().st_size
    assert size > 3 * CHUNK_KB * 1024, "several pieces"
    poster = tmp_path / "poster.png"
    from PIL import Image

    Image.new("RGB", (320, 180), "#b3121b").save(poster)

    page, watch = open_page(**PHONE)
    site_login(page, site, "worker")
    submit_url = site + contest.url + "submit/"
    ranges = []
    page.on(
        "request",
        lambda request: ranges.append(request.headers.get("content-range")) if request.method == "PATCH" else None,
    )

    def fill_in():
        page.goto(submit_url)
        page.fill("#id_title", "焊花里的夜班（手机上传）")
        page.fill("#id_description", "总装车间的老师傅闭着眼睛拧螺栓。")
        page.set_input_files("#id_video", str(movie))
        page.set_input_files("#id_poster", str(poster))

    # The connection drops after the first piece: every later piece fails, as on a train going into a tunnel.
    state = {"sent": 0}

    def flaky(route):
        if route.request.method == "PATCH":
            state["sent"] += 1
            if state["sent"] > 1:
                route.abort("internetdisconnected")
                return
        route.continue_()

    page.route("**/campaigns/uploads/**", flaky)
    fill_in()
    page.evaluate(RECORD_STATUS)
    page.locator("main form button[type=submit]").click()
    wait_until(page, "document.querySelector('[data-upload-progress] progress').value > 0")
    assert page.locator("[data-upload-progress]").is_visible()
    deadline = timezone.now() + datetime.timedelta(seconds=20)
    while VideoUpload.objects.filter(received=CHUNK_KB * 1024).count() == 0:
        assert timezone.now() < deadline, "the first piece never arrived"
        page.wait_for_timeout(100)
    wait_until(page, "document.querySelector('[data-upload-status]').textContent.indexOf('连接中断') >= 0")
    shown = page.evaluate("window.__statuses")
    assert any(text.startswith("已上传") and "MB" in text for text in shown), shown
    screenshot(page, "journey-video-upload-interrupted-phone")

    # The worker reloads, chooses the same file again: the upload goes on from what the server has.
    page.unroute("**/campaigns/uploads/**")
    ranges.clear()
    fill_in()
    with page.expect_navigation(timeout=60000):
        page.locator("main form button[type=submit]").click()
    assert ranges and ranges[0].startswith(f"bytes {CHUNK_KB * 1024}-"), ranges
    assert "待审核" in page.content(), "converted (the site's tasks run at once) and waiting for review"

    entry = VideoEntry.objects.get(title="焊花里的夜班（手机上传）")
    assert entry.processing == "ready" and entry.original.read() == movie.read_bytes()
    assert not VideoUpload.objects.exists()
    approve_entries([entry], moderator)

    page.goto(site + entry.get_url())
    video = page.locator(".entry video")
    assert video.get_attribute("preload") == "none" and video.get_attribute("poster")
    assert page.locator(".entry video source").get_attribute("type") == "video/mp4"
    video.evaluate("v => { v.muted = true; return v.play().catch(() => null); }")
    wait_until(page, "document.querySelector('.entry video').readyState >= 2", timeout=20)
    played = video.evaluate("v => ({duration: v.duration, width: v.videoWidth, height: v.videoHeight, error: v.error})")
    assert (
        played["error"] is None and 1.9 < played["duration"] < 2.2 and (played["width"], played["height"]) == (160, 120)
    )
    poster_status = requests.get(site + video.get_attribute("poster"), timeout=10).status_code
    assert poster_status == 200
    screenshot(page, "journey-video-upload-playing-phone")

    served = requests.get(site + entry.video.url, timeout=10).content
    probe = json.loads(
        subprocess.run(
            ["ffprobe", "-v", "error", "-print_format", "json", "-show_streams", "-"],  # noqa: S607
            input=served,
            capture_output=True,
            check=True,
        ).stdout
    )
    codecs = sorted(stream["codec_name"] for stream in probe["streams"])
    assert codecs == ["aac", "h264"]
    # The pieces the journey made fail on purpose are the only problems allowed on the page.
    watch.problems[:] = [problem for problem in watch.problems if "ERR_INTERNET_DISCONNECTED" not in problem]
