import logging

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.db.models import Min
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_safe
from django.views.i18n import JavaScriptCatalog
from django.views.static import serve

from .cache import RedisCache
from .pagecache import cacheable

NAME_MAX, PATH_MAX = 255, 4096  # bytes, as on Linux file systems

logger = logging.getLogger(__name__)


@cacheable
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


# The translations of the site's own scripts: the ``djangojs`` catalogue of site/locale in the language of the URL
# (``/jsi18n/`` Chinese, ``/en/jsi18n/`` English). Django's documented ``packages`` argument names the apps whose
# catalogues to merge, and LOCALE_PATHS (site/locale) is always included; naming ``core`` (which has no catalogue)
# keeps out the admin's catalogues that other installed apps (Django's admin, Wagtail) ship. A script file like any
# other (no inline script, so the CSP's ``script-src 'self'`` allows it), loaded by base.html before the site's
# scripts, and cacheable like a page (browsers, a CDN and the page cache): it changes only with a deployment.
javascript_catalog = cacheable(
    require_safe(
        cache_control(public=True, max_age=settings.PAGE_CACHE_TTL, s_maxage=settings.PAGE_CACHE_TTL)(
            JavaScriptCatalog.as_view(packages=["core"])
        )
    )
)


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


def _backlog_part(oldest, stale_after):
    """A queue that some worker empties: ``ok`` while its oldest due item has waited less than ``stale_after``."""
    if oldest is None:
        return {"ok": True, "oldest_seconds": 0}
    waited = max(0, int((timezone.now() - oldest).total_seconds()))
    return {"ok": waited < stale_after, "oldest_seconds": waited}


def _tasks_part():
    """The background task queue (django-tasks' database backend, emptied by ``manage.py db_worker``)."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return {"backend": "immediate"}  # tasks run where they are enqueued: no worker to watch

    oldest = DBTaskResult.objects.ready().aggregate(oldest=Min("enqueued_at"))["oldest"]
    return {"backend": "database", **_backlog_part(oldest, settings.HEALTHZ_QUEUE_STALE_SECONDS)}


def _search_sync_part():
    """The search outbox (emptied by the drain task and ``manage.py search_worker``)."""
    from search.client import engine_configured
    from search.models import PendingIndexUpdate

    if not engine_configured():
        return {"configured": False}
    oldest = PendingIndexUpdate.objects.filter(next_attempt_at__lte=timezone.now()).aggregate(oldest=Min("created_at"))[
        "oldest"
    ]
    return {"configured": True, **_backlog_part(oldest, settings.HEALTHZ_QUEUE_STALE_SECONDS)}


def _scheduler_part(cache_part):
    """The scheduler (``manage.py scheduler``), by its heartbeat in Redis (core/heartbeat.py). Checked where the
    deployment runs its worker processes (the database task backend) and Redis answers; the heartbeat is
    missing or stale (older than HEALTHZ_QUEUE_STALE_SECONDS) when no scheduler is running."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db import DatabaseBackend

    from .heartbeat import seconds_since_last

    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return {"checked": False}  # no worker processes here (development, tests): nothing runs a scheduler
    if cache_part.get("backend") != "redis" or not cache_part["ok"]:
        return {"checked": False}  # a heartbeat in another process's memory, or Redis down (its own part fails)
    seconds = seconds_since_last()
    if seconds is None:
        return {"checked": True, "ok": False, "last_seconds": None}
    return {"checked": True, "ok": seconds < settings.HEALTHZ_QUEUE_STALE_SECONDS, "last_seconds": int(seconds)}


@require_GET
@never_cache
def healthz(request):
    """For the load balancer and monitoring: the state of each part the site uses.

    200 while pages can be served (the database answers): ``"status": "ok"``, or ``"degraded"`` with the failing
    parts named in ``"failing"`` (Redis: pages are served uncached and rate-limited actions answer 503; the search
    engine: the search page answers from the database; ``tasks`` or ``search_sync``: a queue whose oldest due item
    has waited longer than ``HEALTHZ_QUEUE_STALE_SECONDS``, i.e. ``db_worker`` or ``search_worker`` is not running;
    ``scheduler``: its last heartbeat is older than that, or missing).
    503 with ``"status": "down"`` when the database does not answer. Cheap: three small queries, one Redis PING and
    one HEAD request to the search engine, each with a short timeout.
    """
    parts = {"database": _database_part(), "cache": _cache_part(), "search": _search_part()}
    if parts["database"]["ok"]:
        # Queues the workers empty: a backlog older than HEALTHZ_QUEUE_STALE_SECONDS means a worker is not running.
        parts["tasks"] = _tasks_part()
        parts["search_sync"] = _search_sync_part()
        parts["scheduler"] = _scheduler_part(parts["cache"])
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


def media_file(request, path):
    """An uploaded file from MEDIA_ROOT (SERVE_MEDIA: development, or one host without a proxy), with Django's
    static view; a path no file system can hold is not found (the view would raise OSError ENAMETOOLONG: a 500)."""
    parts = path.encode().split(b"/")
    if len(path.encode()) + len(str(settings.MEDIA_ROOT).encode()) >= PATH_MAX or max(map(len, parts)) > NAME_MAX:
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def bare(request):
    """A fixed response through the full middleware stack: the ceiling the benchmarks compare pages against.

    Routed only when BENCH_BARE_VIEW is set (see workershome/urls.py).
    """
    return HttpResponse(b"ok", content_type="text/plain")
