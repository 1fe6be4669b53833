from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import viewcounts


def visitor_id(request):
    """Who is viewing, for counting repeat views once: the session when there is one, else the address."""
    if request.user.is_authenticated:
        return f"u{request.user.pk}"
    return "ip" + (request.META.get("REMOTE_ADDR") or "unknown")


@csrf_exempt  # a view beacon from cached pages: it changes nothing but a counter and carries no credentials
@require_POST
@never_cache
def count_view(request, kind, pk):
    """Called by the page with navigator.sendBeacon, so cached pages still count their views."""
    if kind not in viewcounts.KINDS:
        return HttpResponseBadRequest()
    viewcounts.record_view(kind, pk, visitor_id(request))
    return HttpResponse(status=204)


@login_required
@never_cache
def my_entries(request):
    from .templatetags.campaign_tags import my_entries as entries_of
    from .templatetags.campaign_tags import unfinished_uploads

    context = {"my_entries": entries_of(request.user), "my_uploads": unfinished_uploads(request.user)}
    return TemplateResponse(request, "campaigns/my_entries.html", context)
