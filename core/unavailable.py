"""A clear 503, in the visitor's language, when something needs Redis and Redis cannot be reached.

Reads degrade on their own (``core.cache``: pages are rendered, sessions come from the database). What cannot be
done correctly without Redis raises ``core.cache.CacheUnavailable``: every rate limit (votes, sign-in,
registration, comments, entry submissions, page passwords) and view counts, so nothing is let through
uncounted. This middleware turns that into 503 Service Unavailable with ``Retry-After``: JSON ``{"ok": false, "code":
"service_unavailable", "message": ...}`` for scripts, a small page otherwise. Never a 500, never a wait.
"""

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from .cache import CacheUnavailable

RETRY_AFTER_SECONDS = 30


def wants_json(request):
    return (
        "application/json" in request.headers.get("Accept", "")
        or request.headers.get("X-Requested-With") == "XMLHttpRequest"
        or request.path.startswith("/api/")
    )


def unavailable_response(request):
    message = _(
        "This cannot be done right now: a service the site depends on is not answering. Please try again in a minute."
    )
    if wants_json(request):
        response = JsonResponse({"ok": False, "code": "service_unavailable", "message": message}, status=503)
    else:
        response = TemplateResponse(request, "core/unavailable.html", {"message": message}, status=503)
        response.render()
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class ServiceUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, CacheUnavailable):
            return unavailable_response(request)
        return None
