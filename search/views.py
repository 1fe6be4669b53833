"""The search page, the search box's suggestions and the JSON search API for the mobile app."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from core.pagecache import cacheable

from .query import MAX_QUERY, SORTS, SearchParams, run_search, suggest

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


@cacheable
@require_GET
def search_page(request):
    params = SearchParams.from_query_dict(request.GET)
    results = run_search(params)
    context = {
        "params": params,
        "results": results,
        "sorts": SORTS,
        "facets": facet_links(request, results),
        "max_query": MAX_QUERY,
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
