"""Which Wagtail site a request is for, from the shared cache instead of a query per request.

Wagtail looks the site up (``Site.find_for_request``: a query with a CASE ranking of hostname and port
matches) on every request that renders a page, the search page included, and keeps it only on that request.
The answer changes only when a site is edited, which forgets everything cached (``core.cache_invalidation``),
so this middleware reads it from the cache with the page cache's generations, filling the cache with Wagtail's
own ``Site.find_for_request``, and hands it to Wagtail on the request (``core.compat.set_request_site``, with
the measurement). Site settings are cached the same way (``core.models``).
"""

import contextlib

from django.core.exceptions import DisallowedHost
from django.http.request import split_domain_port

from wagtail.models import Site

from . import compat, pagecache


def site_for_request(request):
    """The request's site (None when no site matches and none is the default). Raises DisallowedHost for a host
    not in ALLOWED_HOSTS (Django answers 400 for it)."""
    hostname = split_domain_port(request.get_host())[0]
    port = request.get_port()
    return pagecache.cached_until_changed(f"site:{hostname}:{port}", [], lambda: Site.find_for_request(request))


def site_free(view):
    """Mark a view that never needs the request's site (``/accounts/me/``, asked for on every page view): the
    middleware skips its cache read for it."""
    view.needs_site = False
    return view


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only for reads, which render pages. Writes (votes, comments, sign-ins) mostly answer with JSON or a
        # redirect and need no site; the few that render one let Wagtail look it up. Not for the health check,
        # which must answer (503) when the database is down, nor for views marked ``site_free``. A host Django
        # refuses is left to Django (400).
        if (
            request.method in ("GET", "HEAD")
            and not compat.has_request_site(request)
            and request.path != "/healthz"
            and getattr(getattr(pagecache.route_of(request.path_info), "func", None), "needs_site", True)
        ):
            with contextlib.suppress(DisallowedHost):
                compat.set_request_site(request, site_for_request(request))
        return self.get_response(request)
