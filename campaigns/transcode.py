"""Uploaded videos become something every phone plays, in the task worker (``manage.py db_worker``), never in a
web request: an H.264/AAC MP4 with ``+faststart`` (the index first, so playback starts before the download ends) at
720p at most, a poster frame as JPEG and WebP, and the duration and picture size read by ffprobe. The original
upload stays for the judges.

Files go through Django's storage API only (local disk or object storage): ffmpeg needs a local path, so the task
copies the original to a temporary folder, converts it there and stores the results.

A crash loses nothing: the entry stays 处理中 until a run finishes it. ``manage.py requeue_videos`` (run by the
scheduler every few minutes) queues again entries whose run started longer ago than ``VIDEO_PROCESSING_STALE_MINUTES``
or that never started; each run claims the entry first, so two runs never both finish it.
"""

import logging
import shutil
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from django_tasks import task

from .models import Processing, VideoEntry
from .videos import FfmpegMissing, ffmpeg_binary, read_video_info

logger = logging.getLogger(__name__)

MAX_SHORT_SIDE = 720
# Fit into 720p whichever way up the phone was held; even dimensions (H.264 with 4:2:0 needs them).
SCALE = (
    f"scale=w='if(gte(iw,ih),-2,min({MAX_SHORT_SIDE},trunc(iw/2)*2))'"
    f":h='if(gte(iw,ih),min({MAX_SHORT_SIDE},trunc(ih/2)*2),-2)'"
)


def stale_after():
    return timedelta(minutes=getattr(settings, "VIDEO_PROCESSING_STALE_MINUTES", 60))


def start_processing(entry):
    """Mark the entry 处理中 (saved by the caller) and queue its conversion once the current transaction commits
    (the worker must see the row)."""
    entry.processing, entry.processing_error, entry.processing_since = Processing.PROCESSING, "", timezone.now()
    transaction.on_commit(lambda: process_entry_video.enqueue(entry.pk))


def _run(command, timeout):
    """Run ffmpeg below the web's priority (``VIDEO_TRANSCODE_NICE``, 10): on a shared host a conversion takes the
    CPU the app servers leave, not the other way round."""
    nice = getattr(settings, "VIDEO_TRANSCODE_NICE", 10)
    if nice and shutil.which("nice"):
        command = [shutil.which("nice"), "-n", str(nice), *command]
    result = subprocess.run(command, capture_output=True, timeout=timeout, check=False)  # noqa: S603
    if result.returncode != 0:
        raise RuntimeError(result.stderr.decode("utf-8", "replace")[-2000:])


def convert(source, folder, duration):
    """Write ``video.mp4``, ``poster.jpg`` and ``poster.webp`` into ``folder``; returns their paths."""
    ffmpeg = ffmpeg_binary("ffmpeg")
    timeout = max(600, int(duration * 30))
    mp4, jpeg, webp = folder / "video.mp4", folder / "poster.jpg", folder / "poster.webp"
    threads = str(getattr(settings, "VIDEO_TRANSCODE_THREADS", 0))
    _run(
        [
            ffmpeg,
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-i",
            str(source),
            "-map",
            "0:v:0",
            "-map",
            "0:a:0?",
            "-vf",
            SCALE,
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-crf",
            "23",
            "-pix_fmt",
            "yuv420p",
            "-profile:v",
            "high",
            "-level",
            "4.0",
            "-threads",
            threads,
            "-c:a",
            "aac",
            "-b:a",
            "128k",
            "-ac",
            "2",
            "-movflags",
            "+faststart",
            "-map_metadata",
            "-1",
            str(mp4),
        ],
        timeout,
    )
    at = f"{min(1.0, duration / 2):.2f}"  # a frame a second in (the first is often black)
    _run(
        [ffmpeg, "-nostdin", "-v", "error", "-y", "-ss", at, "-i", str(mp4), "-frames:v", "1", "-q:v", "3", str(jpeg)],
        120,
    )
    _run(
        [ffmpeg, "-nostdin", "-v", "error", "-y", "-i", str(jpeg), "-c:v", "libwebp", "-quality", "80", str(webp)], 120
    )
    return mp4, jpeg, webp


def claim(entry_id):
    """Mark the run as started, unless another run got there first (or the entry is no longer waiting)."""
    seen = VideoEntry.objects.filter(pk=entry_id, processing=Processing.PROCESSING).values_list(
        "processing_since", flat=True
    )
    if not seen:
        return False
    return bool(
        VideoEntry.objects.filter(pk=entry_id, processing=Processing.PROCESSING, processing_since=seen[0]).update(
            processing_since=timezone.now()
        )
    )


def fail(entry, reason):
    with override(settings.LANGUAGE_CODE):
        text = str(reason)[:300]
    VideoEntry.objects.filter(pk=entry.pk, processing=Processing.PROCESSING).update(
        processing=Processing.FAILED, processing_error=text
    )


@task()
def process_entry_video(entry_id):
    """Convert one entry's original upload; the entry ends 待审核 (ready) or 处理失败 with the reason."""
    if not claim(entry_id):
        return "skipped"
    entry = VideoEntry.objects.get(pk=entry_id)
    if not entry.original:
        fail(entry, _("The uploaded file is missing."))
        return "failed"
    with tempfile.TemporaryDirectory(prefix="transcode-") as tmp:
        folder = Path(tmp)
        source = folder / "original"
        try:
            with entry.original.open("rb") as stored, open(source, "wb") as local:
                shutil.copyfileobj(stored, local, 1 << 20)
        except OSError:
            logger.exception("Entry %s: cannot read the original", entry_id)
            fail(entry, _("The uploaded file is missing."))
            return "failed"
        try:
            info = read_video_info(source)
            mp4, jpeg, webp = convert(source, folder, info.duration)
            result = read_video_info(mp4)
        except ValidationError as error:
            with override(settings.LANGUAGE_CODE):
                fail(entry, error.messages[0])
            return "failed"
        except (RuntimeError, subprocess.TimeoutExpired, FfmpegMissing) as error:
            logger.error("Entry %s: conversion failed: %s", entry_id, error)
            with override(settings.LANGUAGE_CODE):
                fail(
                    entry, _("The video could not be converted for playback. Export it again on your phone and retry.")
                )
            return "failed"
        entry.refresh_from_db()
        if entry.processing != Processing.PROCESSING:  # deleted or retried meanwhile: leave it to that run
            return "skipped"
        old = [f.name for f in (entry.video, entry.poster_frame, entry.poster_frame_webp) if f]
        entry.video_type = "video/mp4"
        with open(mp4, "rb") as handle:
            entry.video.save("video.mp4", File(handle), save=False)
        with open(jpeg, "rb") as handle:
            entry.poster_frame.save("poster.jpg", File(handle), save=False)
        with open(webp, "rb") as handle:
            entry.poster_frame_webp.save("poster.webp", File(handle), save=False)
        entry.duration, entry.width, entry.height = round(result.duration, 3), result.width, result.height
        entry.processing, entry.processing_error = Processing.READY, ""
        entry.save(
            update_fields=[
                "video",
                "video_type",
                "poster_frame",
                "poster_frame_webp",
                "duration",
                "width",
                "height",
                "processing",
                "processing_error",
            ]
        )
    storage = VideoEntry._meta.get_field("video").storage
    for name in old:  # an earlier run's results, replaced
        storage.delete(name)
    return "ready"


def stuck_entries(now=None):
    """Entries 处理中 queued or started longer ago than the limit: the worker died mid-run, or is not running, or
    the task was lost (a re-queued task that finds the entry finished does nothing)."""
    cutoff = (now or timezone.now()) - stale_after()
    return VideoEntry.objects.filter(processing=Processing.PROCESSING).filter(
        Q(processing_since__lt=cutoff) | Q(processing_since__isnull=True)
    )


def requeue_stuck(now=None):
    """Queue the stuck entries again; returns their ids."""
    ids = list(stuck_entries(now).values_list("pk", flat=True))
    for pk in ids:
        process_entry_video.enqueue(pk)
    return ids
