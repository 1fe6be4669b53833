"""The search page, the search box's suggestions and the JSON search API for the mobile app."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from core import throttle
from core.inputs import parse_int
from core.net import client_ip
from core.pagecache import cacheable

from . import analytics, synonyms
from .query import MAX_QUERY, PER_PAGE, SORTS, SearchParams, run_search, suggest

BEACON_RATE = "120/m"  # beacons per address: a page view and a few clicks each

# Search responses are cached like pages (and forgotten whenever the index changes, see search.sync), except in
# reduced mode: once the engine is back, the full answer should show at once.
SEARCH_PATHS = ("/search/", "/search/suggest/", "/api/search/")


def cache_headers(response, results=None):
    if results is not None and results.mode == "reduced":
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PAGE_CACHE_TTL)
    return response


def facet_links(request, results):
    """Each facet value with the URL that turns it on (or, when on, off), keeping the other choices."""
    facets = []
    for param, label, values in results.facets:
        name = "type" if param == "kind" else param
        links = []
        for value, shown, count, active in values:
            query = request.GET.copy()
            query.pop("page", None)
            if active:
                query.pop(name, None)
            else:
                query[name] = value
            links.append({"shown": shown, "count": count, "active": active, "url": "?" + query.urlencode()})
        facets.append({"label": label, "links": links})
    return facets


def cached_lists():
    """The synonym groups and the hot-search lists, read from the cache in one round trip ({} when the cache is
    down or they are not cached: then each is read, or computed, where it is used)."""
    try:
        return cache.get_many([synonyms.CACHE_KEY, analytics.HOT_KEY])
    except Exception:  # noqa: BLE001 - the cache is down: the page goes on without it
        return {}


@cacheable
@require_GET
def search_page(request):
    params = SearchParams.from_query_dict(request.GET)
    lists = cached_lists() if not params.is_empty else {}
    results = run_search(params, lists.get(synonyms.CACHE_KEY))
    hot = lists.get(analytics.HOT_KEY)
    context = {
        "params": params,
        "results": results,
        "sorts": SORTS,
        "facets": facet_links(request, results),
        "max_query": MAX_QUERY,
        "first_position": (params.page - 1) * PER_PAGE,
        "beacon_token": analytics.beacon_token(params, results),
        "hot_searches": analytics.hot_searches(hot) if results.mode == "empty" or not results.hits else [],
        "related_searches": analytics.related_searches(params.q, hot) if params.q else [],
    }
    return cache_headers(render(request, "search/search.html", context), results)


@cacheable
@require_GET
def suggestions(request):
    return cache_headers(JsonResponse({"suggestions": suggest(request.GET.get("q", ""))}))


@cacheable
@require_GET
def api_search(request):
    """The same search as the page, as JSON (for the union's mobile app)."""
    params = SearchParams.from_query_dict(request.GET)
    results = run_search(params)
    data = {
        "query": params.q,
        "shortened": params.shortened,
        "did_you_mean": results.did_you_mean,
        "mode": results.mode,
        "total": results.total,
        "page": params.page,
        "pages": results.pages,
        "results": [hit.as_dict() for hit in results.hits],
        "facets": {
            param: [{"value": value, "label": str(label), "count": count} for value, label, count, _ in values]
            for param, _label, values in results.facets
        },
        "suggestions": [hit.as_dict() for hit in results.suggestions],
    }
    return cache_headers(JsonResponse(data, json_dumps_params={"ensure_ascii": False}), results)


@csrf_exempt  # a beacon from cached pages: it changes nothing but anonymous counters and carries no credentials
@require_POST
@never_cache
def log_search(request):
    """The search page's beacon: the search was shown (``t``), or its result at position ``pos`` was clicked."""
    found = analytics.read_token(request.POST.get("t"))
    if found is None:
        return HttpResponseBadRequest()
    if throttle.hit([("search-beacon", client_ip(request), BEACON_RATE)]):
        return HttpResponse(status=429)
    from campaigns.views import visitor_id

    query, total = found
    position = parse_int(request.POST.get("pos"), 1, analytics.MAX_POSITION)
    if "pos" in request.POST:
        if position is None:
            return HttpResponseBadRequest()
        analytics.record_click(query, position, visitor_id(request))
    else:
        analytics.record_search(query, total, visitor_id(request))
    return HttpResponse(status=204)
