"""A cap on request bodies, decided from the Content-Length header before any of the body is read.

Django reads a whole multipart upload to disk before a form can say "too large" (the CSRF check already reads
the POST data, before the view), so a 60 MB video posted to a contest that takes 1 MB was received in full first.
This middleware answers 413 at once when the declared length is over the limit for the request:

- visitors without a session can upload nothing: ``MAX_ANONYMOUS_BODY_KB`` (sign-in and registration forms
  are a few kilobytes);
- signed-in users: ``MAX_REQUEST_BODY_MB`` (the admin's image and document uploads fit);
- routes that take larger uploads say so through the functions listed in ``REQUEST_BODY_LIMITS`` (each takes the
  request and returns a limit in bytes, or None when the route is not its own): a contest's submission form
  allows the contest's video limit plus a poster.

A body sent without a Content-Length (chunked) is not read by Django under WSGI at all, so the header is enough.
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

MB = 1024 * 1024


def declared_length(request):
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def body_limit(request):
    for path in getattr(settings, "REQUEST_BODY_LIMITS", []):
        limit = import_string(path)(request)
        if limit is not None:
            return limit
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return settings.MAX_ANONYMOUS_BODY_KB * 1024
    return settings.MAX_REQUEST_BODY_MB * MB


def too_large(request, length, limit):
    message = _("What you sent is %(size)s MB; the most accepted here is %(limit)s MB. Nothing was saved.") % {
        "size": f"{length / MB:.1f}",
        "limit": f"{limit / MB:.1f}",
    }
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"ok": False, "code": "too_large", "message": message}, status=413)
    return render(request, "413.html", {"message": message}, status=413)


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = declared_length(request)
        # Bodies up to the anonymous limit pass without looking further (every ordinary form post).
        if length > settings.MAX_ANONYMOUS_BODY_KB * 1024:
            limit = body_limit(request)
            if length > limit:
                return too_large(request, length, limit)
        return self.get_response(request)
