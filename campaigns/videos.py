"""Checks for video entries: the file is judged by its content (magic bytes), never by its name.

Used by the moderators' entry form in the admin and by the workers' submission form on the public site.
"""

import math
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

import filetype

ACCEPTED_VIDEO_TYPES = {"video/mp4": "MP4", "video/webm": "WebM"}
HEADER_BYTES = 8192

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


def detect_video_type(upload):
    """The MIME type read from the file's first bytes, or None when it is not an accepted video."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    header = upload.read(HEADER_BYTES)
    upload.seek(position)
    kind = filetype.video_match(header)
    if kind is not None and kind.mime in ACCEPTED_VIDEO_TYPES:
        return kind.mime
    return None


def validate_video_file(upload, max_mb):
    """Return the detected MIME type, or raise a ValidationError that says exactly what is wrong."""
    limit = max_mb * 1024 * 1024
    if upload.size > limit:
        size_mb = math.ceil(upload.size / 1024 / 1024 * 10) / 10  # rounded up, so it never reads as the limit
        raise ValidationError(
            _("The video is %(size)s MB; this contest accepts files up to %(limit)s MB.")
            % {"size": f"{size_mb:.1f}", "limit": max_mb},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The video file is empty."), code="empty")
    mime = detect_video_type(upload)
    if mime is None:
        raise ValidationError(
            _("This file is not an MP4 or WebM video (we check what is inside the file, not its name)."),
            code="not_a_video",
        )
    return mime


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
