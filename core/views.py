from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


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
