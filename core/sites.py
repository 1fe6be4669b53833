"""Which Wagtail site a request is for, from the shared cache instead of a query per request.

Wagtail looks the site up (``Site.find_for_request``: a query with a CASE ranking of hostname and port
matches) on every request that renders a page, the search page included, and keeps it only on that request.
The answer changes only when a site is edited, which forgets everything cached (``core.cache_invalidation``),
so this middleware reads it from the cache with the page cache's generations and hands it to Wagtail the
documented way, as ``request._wagtail_site``. Site settings are cached the same way (``core.models``).
"""

from django.http.request import split_domain_port

from wagtail.models import Site

from . import pagecache


def site_for_request(request):
    hostname = split_domain_port(request._get_raw_host())[0]  # as Wagtail does: no ALLOWED_HOSTS check here
    port = request.get_port()
    return pagecache.cached_until_changed(f"site:{hostname}:{port}", [], lambda: Site._find_for_request(request))


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only for reads, which render pages. Writes (votes, comments, sign-ins) mostly answer with JSON or a
        # redirect and need no site; the few that render one let Wagtail look it up. Not for the health check,
        # which must answer (503) when the database is down.
        if request.method in ("GET", "HEAD") and not hasattr(request, "_wagtail_site") and request.path != "/healthz":
            request._wagtail_site = site_for_request(request)
        return self.get_response(request)
