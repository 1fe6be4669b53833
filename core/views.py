import logging

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from .cache import RedisCache

logger = logging.getLogger(__name__)


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /api/",
        "Disallow: /search/",
        "Disallow: /en/search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


HEALTHZ_SEARCH_TIMEOUT = 1.0


def _database_part():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        logger.error("healthz: the database does not answer: %s", error)
        return {"ok": False}
    return {"ok": True}


def _cache_part():
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return {"ok": True, "backend": "memory"}  # this process's own memory: nothing to reach
    return {"ok": backend.is_available(), "backend": "redis"}  # a PING, or nothing while Redis is being skipped


def _search_part():
    from search.client import engine_configured, get_client

    if not engine_configured():
        return {"configured": False}  # the search page answers from the database by design
    return {"configured": True, "ok": get_client(timeout=HEALTHZ_SEARCH_TIMEOUT).ping()}  # HEAD /


@require_GET
@never_cache
def healthz(request):
    """For the load balancer and monitoring: the state of each part the site uses.

    200 while pages can be served (the database answers): ``"status": "ok"``, or ``"degraded"`` with the failing
    parts named in ``"failing"`` (Redis: pages are served uncached and rate-limited actions answer 503; the search
    engine: the search page answers from the database). 503 with ``"status": "down"`` when the database does not
    answer. Cheap: one query, one Redis PING and one HEAD request to the search engine, each with a short timeout.
    """
    parts = {"database": _database_part(), "cache": _cache_part(), "search": _search_part()}
    failing = [name for name, part in parts.items() if part.get("ok") is False]
    status = "down" if "database" in failing else "degraded" if failing else "ok"
    return JsonResponse(
        {"status": status, "failing": failing, "parts": parts, "debug": settings.DEBUG},
        status=503 if status == "down" else 200,
    )


def page_password(request, page_view_restriction_id, page_id):
    """Wagtail's page-password form, with the guessing slowed: per address, and per protected page from all
    addresses together (``PAGE_PASSWORD_RATE_PER_IP``, ``PAGE_PASSWORD_RATE``)."""
    from django.shortcuts import get_object_or_404

    from wagtail.forms import PasswordViewRestrictionForm
    from wagtail.models import Page, PageViewRestriction
    from wagtail.views import authenticate_with_password

    from .net import client_ip
    from .throttle import hit

    if request.method == "POST":
        over = hit(
            [
                ("page-password-ip", client_ip(request), settings.PAGE_PASSWORD_RATE_PER_IP),
                ("page-password", page_view_restriction_id, settings.PAGE_PASSWORD_RATE),
            ]
        )
        if over:
            restriction = get_object_or_404(PageViewRestriction, id=page_view_restriction_id)
            page = get_object_or_404(Page, id=page_id).specific
            form = PasswordViewRestrictionForm({"return_url": request.POST.get("return_url", "")}, instance=restriction)
            form.errors.clear()  # the password was not checked: only the refusal is shown
            form.add_error(None, _("Too many attempts. Please wait a few minutes and try again."))
            action_url = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, page.id])
            response = page.serve_password_required_response(request, form, action_url)
            response.status_code = 429
            return response
    return authenticate_with_password(request, page_view_restriction_id, page_id)


def bare(request):
    """A fixed response through the full middleware stack: the ceiling the benchmarks compare pages against.

    Routed only when BENCH_BARE_VIEW is set (see workershome/urls.py).
    """
    return HttpResponse(b"ok", content_type="text/plain")
