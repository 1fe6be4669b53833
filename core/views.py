from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.static import serve

NAME_MAX, PATH_MAX = 255, 4096  # bytes, as on Linux file systems


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


@require_GET
def healthz(request):
    """For the load balancer: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "debug": settings.DEBUG})


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
