"""Checks for video entries: the file is judged by its content (ffprobe), never by its name.

Used by the moderators' entry form in the admin and by the workers' submission form on the public site.
"""

import json
import logging
import math
import os
import re
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

import filetype

logger = logging.getLogger(__name__)

# Containers we accept, as ffprobe names them (its format_name lists every alias of the demuxer that read the file):
# MP4, MOV/QuickTime and 3GP share one demuxer; WebM and MKV (Matroska) the other.
ACCEPTED_FORMATS = {"mov,mp4,m4a,3gp,3g2,mj2": "video/quicktime", "matroska,webm": "video/x-matroska"}
ACCEPTED_NAMES = "MP4、MOV、3GP、WebM、MKV"
HEADER_BYTES = 8192
PROBE_TIMEOUT = 60  # seconds; ffprobe reads the container's index, not the whole file


class FfmpegMissing(RuntimeError):
    """ffprobe or ffmpeg is not installed (Debian: apt-get install ffmpeg)."""


def ffmpeg_binary(name):
    """The path of ``ffprobe`` / ``ffmpeg`` (settings ``FFPROBE`` / ``FFMPEG``, else the PATH)."""
    configured = getattr(settings, name.upper(), None)
    path = shutil.which(configured or name)
    if not path:
        raise FfmpegMissing(f"{name} is not installed: apt-get install ffmpeg")
    return path


@dataclass
class VideoInfo:
    """What ffprobe read from a file: the container, the first video stream and the duration."""

    container: str
    mime: str
    codec: str
    width: int
    height: int
    duration: float
    has_audio: bool

    @property
    def extension(self):
        return {"video/quicktime": "mov", "video/x-matroska": "mkv"}.get(self.mime, "bin")


def probe(path):
    """ffprobe's JSON for a local file, or None when ffprobe cannot read it as media."""
    command = [ffmpeg_binary("ffprobe"), "-v", "error", "-print_format", "json", "-show_format", "-show_streams"]
    try:
        result = subprocess.run(  # noqa: S603 (a fixed command; the path is ours, a temporary file)
            [*command, "--", str(path)], capture_output=True, timeout=PROBE_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        return None
    if result.returncode != 0:
        return None
    try:
        return json.loads(result.stdout or b"{}")
    except ValueError:
        return None


def looks_like_a_container(path):
    """Whether the first bytes are those of a video container (so a file ffprobe cannot read is damaged, not
    something else): an ISO base media ``ftyp``/``moov``/``mdat`` box, an EBML (Matroska/WebM) header, or
    whatever ``filetype`` knows as video."""
    with open(path, "rb") as handle:
        header = handle.read(HEADER_BYTES)
    if header[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip") or header[:4] == b"\x1a\x45\xdf\xa3":
        return True
    return filetype.video_match(header) is not None


def decodes(path):
    """Whether ffmpeg can decode the first frame of the video stream (a damaged or unknown codec cannot)."""
    command = [ffmpeg_binary("ffmpeg"), "-nostdin", "-v", "error", "-xerror", "-i", str(path)]
    try:
        result = subprocess.run(  # noqa: S603
            [*command, "-map", "0:v:0", "-frames:v", "1", "-f", "null", "-"],
            capture_output=True,
            timeout=PROBE_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return False
    return result.returncode == 0


def _number(value, default=0.0):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if math.isfinite(number) else default


def read_video_info(path):
    """A VideoInfo for a file we accept, or a ValidationError saying why not (not a video, no picture, damaged)."""
    data = probe(path)
    if data is None or not data.get("format"):
        if looks_like_a_container(path):
            raise ValidationError(CORRUPT_MESSAGE(), code="corrupt")
        raise ValidationError(NOT_A_VIDEO_MESSAGE(), code="not_a_video")
    container = data["format"].get("format_name", "")
    if container not in ACCEPTED_FORMATS:
        raise ValidationError(NOT_A_VIDEO_MESSAGE(), code="not_a_video")
    streams = data.get("streams") or []
    video = next(
        (s for s in streams if s.get("codec_type") == "video" and not (s.get("disposition") or {}).get("attached_pic")),
        None,
    )
    if video is None:
        raise ValidationError(
            _("This file has no picture, only sound or nothing at all. Upload the video itself."),
            code="no_video_stream",
        )
    width, height = int(_number(video.get("width"))), int(_number(video.get("height")))
    duration = _number(data["format"].get("duration")) or _number(video.get("duration"))
    if width <= 0 or height <= 0 or not decodes(path):
        raise ValidationError(CORRUPT_MESSAGE(), code="corrupt")
    rotation = _rotation(video)
    if rotation in (90, 270):
        width, height = height, width
    return VideoInfo(
        container=container,
        mime=ACCEPTED_FORMATS[container],
        codec=video.get("codec_name", ""),
        width=width,
        height=height,
        duration=duration,
        has_audio=any(s.get("codec_type") == "audio" for s in streams),
    )


def _rotation(stream):
    """A phone's portrait video is stored landscape with a rotation: in a tag (older ffmpeg) or side data."""
    rotate = _number((stream.get("tags") or {}).get("rotate"))
    for side in stream.get("side_data_list") or []:
        if "rotation" in side:
            rotate = _number(side["rotation"])
    return int(rotate) % 360


def CORRUPT_MESSAGE():  # noqa: N802 (a message, read where it is raised)
    return _("The video file is damaged or incomplete and cannot be read. Export it again on your phone and retry.")


def NOT_A_VIDEO_MESSAGE():  # noqa: N802
    return _("This file is not a video we accept: %(formats)s (we check what is inside the file, not its name).") % {
        "formats": ACCEPTED_NAMES
    }


def check_size(size, max_mb):
    if size > max_mb * 1024 * 1024:
        size_mb = math.ceil(size / 1024 / 1024 * 10) / 10  # rounded up, so it never reads as the limit
        raise ValidationError(
            _("The video is %(size)s MB; this contest accepts files up to %(limit)s MB.")
            % {"size": f"{size_mb:.1f}", "limit": max_mb},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("The video file is empty."), code="empty")


def inspect_video(path, max_mb, max_seconds=None, max_pixels=None):
    """Check a local video file against a contest's limits; a VideoInfo, or a ValidationError with the reason."""
    check_size(os.path.getsize(path), max_mb)
    try:
        info = read_video_info(path)
    except FfmpegMissing:
        logger.exception("Cannot check an uploaded video")
        message = _("Videos cannot be checked just now. Please try again later.")
        raise ValidationError(message, code="unavailable") from None
    if max_seconds and info.duration > max_seconds:
        raise ValidationError(
            _("The video is %(seconds)s seconds long; this contest accepts videos up to %(limit)s seconds.")
            % {"seconds": math.ceil(info.duration), "limit": max_seconds},
            code="too_long",
        )
    if max_pixels and max(info.width, info.height) > max_pixels:
        raise ValidationError(
            _("The video is %(width)s×%(height)s; this contest accepts up to %(limit)s pixels on the longer side.")
            % {"width": info.width, "height": info.height, "limit": max_pixels},
            code="too_high_resolution",
        )
    return info


@contextmanager
def local_path(upload):
    """A path on this machine holding the upload's bytes: Django's temporary file for large uploads, else a copy."""
    if hasattr(upload, "temporary_file_path"):
        yield upload.temporary_file_path()
        return
    with tempfile.NamedTemporaryFile(prefix="upload-", suffix=".video") as handle:
        upload.seek(0)
        for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(1 << 20), b""):
            handle.write(chunk)
        handle.flush()
        upload.seek(0)
        yield handle.name


def validate_video_file(upload, max_mb, max_seconds=None, max_pixels=None):
    """Return the VideoInfo of an uploaded file, or raise a ValidationError that says exactly what is wrong."""
    check_size(upload.size, max_mb)
    with local_path(upload) as path:
        return inspect_video(path, max_mb, max_seconds, max_pixels)


def contest_limits(contest):
    """The keyword arguments of ``inspect_video`` / ``validate_video_file`` for a contest."""
    return {
        "max_mb": contest.max_video_mb,
        "max_seconds": contest.max_video_seconds,
        "max_pixels": contest.max_video_pixels,
    }


DEFAULT_VIDEO_PLATFORMS = [
    "douyin.com",
    "iesdouyin.com",
    "kuaishou.com",
    "bilibili.com",
    "b23.tv",
    "ixigua.com",
    "weixin.qq.com",
    "v.qq.com",
    "youku.com",
    "weibo.com",
]


HOSTNAME = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")


def validate_video_link(url):
    """Links must be plain http(s) links to a video platform we know, read the way a browser reads them.

    Python's ``urlsplit`` and a browser can disagree on the host: browsers treat a backslash as a slash and
    ``https://evil.example\\@www.douyin.com/`` takes them to evil.example, while ``urlsplit`` reads the part after
    the ``@``. So links with a backslash, a user name or password, spaces or control characters are refused
    outright, and the host must be a plain DNS name.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_("Give a web link starting with https://."), code="bad_scheme")
    host = parts.hostname.lower().rstrip(".")
    try:
        port = parts.port
    except ValueError:  # not a number, or out of range
        port = -1
    unusual = "\\" in url or "@" in parts.netloc or any(ord(c) <= 32 or ord(c) == 127 for c in url)
    if unusual or not HOSTNAME.match(host) or port not in (None, 80, 443):
        raise ValidationError(
            _("This is not a plain web link. Copy the link from the video platform's share button."),
            code="unusual_link",
        )
    platforms = getattr(settings, "VIDEO_PLATFORM_HOSTS", DEFAULT_VIDEO_PLATFORMS)
    if not any(host == domain or host.endswith("." + domain) for domain in platforms):
        raise ValidationError(
            _("Links are accepted from these video platforms: %(platforms)s.") % {"platforms": "、".join(platforms)},
            code="unknown_platform",
        )
    return url


MAX_CAPTIONS_KB = 512
WEBVTT_HEADER = re.compile(r"\AWEBVTT(?:[ \t][^\r\n]*)?(?:\r\n|\r|\n|\Z)")
CUE_TIMING = re.compile(r"(?:\d+:)?\d{2}:\d{2}\.\d{3}[ \t]+-->[ \t]+(?:\d+:)?\d{2}:\d{2}\.\d{3}")


def validate_captions_file(upload):
    """A WebVTT file: UTF-8 text that starts with "WEBVTT" and has at least one cue ("00:01.000 --> 00:04.000")."""
    if upload.size > MAX_CAPTIONS_KB * 1024:
        raise ValidationError(
            _("The captions file is larger than %(kb)s KB.") % {"kb": MAX_CAPTIONS_KB}, code="captions_too_large"
        )
    upload.seek(0)
    raw = upload.read()
    upload.seek(0)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("Save the captions file as UTF-8 text."), code="captions_encoding") from None
    if not WEBVTT_HEADER.match(text) or not CUE_TIMING.search(text):
        message = _(
            "This is not a WebVTT captions file: it must start with WEBVTT and give each caption a time, "
            "e.g. 00:01.000 --> 00:04.000."
        )
        raise ValidationError(message, code="not_webvtt")
