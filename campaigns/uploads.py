"""Resumable, chunked video uploads for the submission form: a weak mobile connection sends a 200 MB file in pieces
and, when it drops, carries on from what the server has (not from the start).

The protocol (small and plain, like tus's core without its extensions); every answer is JSON:

- ``POST /campaigns/uploads/`` with ``contest``, ``size`` (bytes) and ``name``: a new upload, ``201 {"id", "offset":
  0, "size", "chunk_size", "url"}``. Only a signed-in worker, in the contest's submission phase, for a file within
  the contest's size limit and the worker's quota of unfinished uploads.
- ``GET`` (or ``HEAD``: the offset in ``Upload-Offset``) ``/campaigns/uploads/<id>/``: ``{"offset", "size"}``, how
  much has arrived: where to resume.
- ``PATCH`` (or ``PUT``) ``/campaigns/uploads/<id>/`` with ``Content-Range: bytes <first>-<last>/<size>`` and the
  bytes: ``{"offset"}``. A piece must start exactly at the offset: one that overlaps what has arrived, leaves a gap,
  or runs past the size is refused (``409`` with the offset to resume from, or ``400``); nothing is half-written.
- ``DELETE``: the upload and its pieces are gone.

The submission form then names the finished upload in its ``upload`` field instead of sending the file. Someone
else's upload id answers 404, as if it did not exist. Pieces are stored through Django's storage API (local disk or
object storage), so any app server can take the next piece. ``manage.py prune_uploads`` (the scheduler, hourly)
removes uploads left unfinished for ``UPLOAD_SESSION_HOURS``.
"""

import re
import shutil
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Sum
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.inputs import parse_int
from core.throttle import hit

from .models import VideoContestPage, VideoUpload

MB = 1024 * 1024
CONTENT_RANGE = re.compile(r"^bytes (\d{1,15})-(\d{1,15})/(\d{1,15})$")


def chunk_size():
    return settings.UPLOAD_CHUNK_KB * 1024


def error(status, code, message, **extra):
    return JsonResponse({"ok": False, "code": code, "message": message, **extra}, status=status)


def signed_in_worker(request):
    if not request.user.is_authenticated:
        return error(403, "sign_in", _("Sign in to upload a video."))
    if not request.user.is_worker:
        return error(403, "not_a_worker", _("Only union members' accounts can submit entries."))
    return None


@never_cache
@require_http_methods(["POST"])
def create_upload(request):
    refused = signed_in_worker(request)
    if refused:
        return refused
    if hit([("video-upload", request.user.pk, settings.UPLOAD_CREATE_RATE)]):
        return error(429, "rate", _("You are uploading too fast. Please wait a while and try again."))
    contest_id = parse_int(request.POST.get("contest"), minimum=1)
    size = parse_int(request.POST.get("size"), minimum=0)
    contest = VideoContestPage.objects.live().filter(pk=contest_id).first() if contest_id else None
    if contest is None or size is None:
        return error(400, "bad_request", _("Say which contest and how large the file is."))
    if not contest.is_open_for_submissions():
        return error(400, "closed", _("This contest is not taking entries now."))
    if size == 0:
        return error(400, "empty", _("The video file is empty."))
    if size > contest.max_video_mb * MB:
        size_mb = f"{size / MB:.1f}"
        return error(
            413,
            "too_large",
            _("The video is %(size)s MB; this contest accepts files up to %(limit)s MB.")
            % {"size": size_mb, "limit": contest.max_video_mb},
        )
    open_uploads = VideoUpload.objects.filter(user=request.user)
    quota = settings.UPLOAD_QUOTA_MB * MB
    pending = open_uploads.aggregate(total=Sum("size"))["total"] or 0
    if open_uploads.count() >= settings.UPLOAD_MAX_OPEN or pending + size > quota:
        return error(
            429,
            "quota",
            _("You have too many unfinished uploads. Finish or cancel one first, or wait a day for them to expire."),
        )
    name = (request.POST.get("name") or "")[:200]
    name = "".join(c for c in name if c.isprintable())
    upload = VideoUpload.objects.create(user=request.user, contest=contest, size=size, filename=name)
    return JsonResponse(
        {
            "ok": True,
            "id": str(upload.id),
            "offset": 0,
            "size": size,
            "chunk_size": chunk_size(),
            "url": reverse("campaigns:upload", args=[upload.id]),
        },
        status=201,
    )


def upload_offset(upload):
    response = JsonResponse({"ok": True, "offset": upload.received, "size": upload.size})
    response["Upload-Offset"] = str(upload.received)
    response["Upload-Length"] = str(upload.size)
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "PATCH", "PUT", "DELETE"])
def upload_detail(request, upload_id):
    refused = signed_in_worker(request)
    if refused:
        return refused
    upload = get_object_or_404(VideoUpload, pk=upload_id, user=request.user)  # someone else's: as if none
    if request.method in ("GET", "HEAD"):
        return upload_offset(upload)
    if request.method == "DELETE":
        delete_upload(upload)
        return HttpResponse(status=204)
    if hit([("video-chunk", request.user.pk, settings.UPLOAD_CHUNK_RATE)]):
        return error(429, "rate", _("You are uploading too fast. Please wait a while and try again."))
    match = CONTENT_RANGE.match(request.headers.get("Content-Range", ""))
    if not match:
        return error(400, "content_range", _("Send each piece with a Content-Range header: bytes first-last/size."))
    first, last, total = (int(n) for n in match.groups())
    body = request.body
    if total != upload.size or last < first or last >= total or len(body) != last - first + 1:
        return error(400, "bad_range", _("This piece does not fit the file: check its range and size."))
    if len(body) > chunk_size():
        message = _("Send the file in pieces of at most %(kb)s KB.") % {"kb": settings.UPLOAD_CHUNK_KB}
        return error(413, "chunk_too_large", message)
    with transaction.atomic():
        upload = VideoUpload.objects.select_for_update().get(pk=upload.pk)
        if first != upload.received:  # an overlap, a gap, or a piece sent twice
            response = error(
                409,
                "offset",
                _("The server has %(offset)s bytes of this file; continue from there.") % {"offset": upload.received},
                offset=upload.received,
            )
            response["Upload-Offset"] = str(upload.received)
            return response
        default_storage.save(upload.chunk_name(upload.chunks), ContentFile(body))
        upload.chunks += 1
        upload.received = last + 1
        upload.save(update_fields=["chunks", "received", "updated_at"])
    return upload_offset(upload)


def delete_upload(upload):
    for index in range(upload.chunks):
        default_storage.delete(upload.chunk_name(index))
    upload.delete()


def assemble(upload):
    """The finished upload as one local temporary file (deleted when closed): ffprobe and ffmpeg need a path."""
    local = tempfile.NamedTemporaryFile(prefix="upload-", suffix=".video")  # noqa: SIM115 (the caller closes it)
    for index in range(upload.chunks):
        with default_storage.open(upload.chunk_name(index), "rb") as piece:
            shutil.copyfileobj(piece, local, MB)
    local.flush()
    local.seek(0)
    return local


def prune(now=None):
    """Remove uploads unfinished (or finished but never submitted) for ``UPLOAD_SESSION_HOURS``; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.UPLOAD_SESSION_HOURS)
    old = list(VideoUpload.objects.filter(updated_at__lt=cutoff))
    for upload in old:
        delete_upload(upload)
    return len(old)
