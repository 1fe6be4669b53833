"""Whole-page cache for every visitor, signed in or not, in the shared cache (Redis in production), with exact
invalidation.

How it decides
- GET/HEAD requests of cacheable routes are looked up and stored whoever asks: public pages are one copy for
  everyone. Their templates hold nothing personal (no CSRF token, no "signed in as", no vote state, no pending
  comment); the personal parts come from ``/accounts/me/`` (``accounts.views.me``), which the page's script
  (``site/static/js/personal.js``) asks once per view. A hit is answered before sessions and authentication, so
  it costs a signed-in worker what it costs an anonymous reader.
- Only responses marked ``Cache-Control: public`` with a 200 status, an HTML/XML/text body, no cookie and no use
  of the CSRF token are stored: a render that reached for something personal (a token, the messages) changes a
  cookie and so is never stored. Wagtail pages are marked here (``mark_page_response``): public for public pages
  (``core.visibility``: no view restriction on the page or above it), for ``PAGE_CACHE_TTL`` seconds or the
  page type's own ``cache_max_age`` (a few seconds on pages that show live vote and view counts) and never
  beyond the page's expiry time; private on restricted pages. Routes of a page that are personal (a contest's
  submission form) mark themselves private (``never_cache``). Other views mark themselves with Django's
  ``cache_control`` decorator.

How it forgets
- Every cached path has a generation number in the cache, and every stored page records the generations it was
  made under. Invalidating a path bumps its generation, which voids every variant of that path at once
  (pagination, filters); a global generation voids everything (after a site-wide change such as the footer
  settings). A lookup reads the page and both generations in one round trip (MGET).
- ``invalidate_pages`` / ``invalidate_urls`` also purge the same URLs from a CDN in front, through Wagtail's
  frontend cache (configured by environment variables in production; see README).

When Redis is unreachable (``core.cache``)
- Lookups miss, so every page is rendered; nothing is stored. Fragments (menu, site, settings) are built from the
  database every time.
- A generation that cannot be bumped is not lost silently: any process that found Redis unreachable bumps the
  global generation, before anything else, when it reaches Redis again (``core.cache.on_reconnect``). So pages
  stored before an outage are not served after it, whichever process's invalidation was lost: the page cache
  starts cold after every outage. The gaps: until the first process that saw the outage makes its next call
  (on a busy site, within ``REDIS_RETRY_INTERVAL`` of Redis's return), other processes may serve those pages;
  and a process that alone saw Redis fail and ended before it returned (a cron run) cannot make its
  invalidation good, which then lives no longer than the pages' TTL (``PAGE_CACHE_TTL``; an hour for the
  fragments). Each lost invalidation is logged as an error.
"""

import functools
import hashlib
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control

from .cache import CacheUnavailable, increment, on_reconnect

logger = logging.getLogger(__name__)

PREFIX = "pagecache"
GLOBAL_GENERATION = f"{PREFIX}:gen"
STORED_HEADERS = ("Content-Type", "Content-Language", "Cache-Control", "Vary", "Link")
CACHEABLE_TYPES = (
    "text/html",
    "application/xml",
    "application/rss+xml",
    "text/plain",
    "application/json",
    "text/javascript",  # the JavaScript catalogue (core.views.javascript_catalog)
)


def _path_key(path):
    return f"{PREFIX}:path:{hashlib.sha1(path.encode(), usedforsecurity=False).hexdigest()}"


def page_key(request):
    """The cache key of this request's page: host and full path (the generations are checked on reading)."""
    digest = hashlib.sha1(f"{request.get_host()}{request.get_full_path()}".encode(), usedforsecurity=False)
    return f"{PREFIX}:page:{digest.hexdigest()}"


def _read(key, paths):
    """(what is stored under ``key`` or None, current generations of the site and ``paths``) in one round trip.

    Whatever is stored records the ``generations`` it was made under; made before the site or one of the paths
    was invalidated, it counts as not stored.
    """
    path_keys = [_path_key(path) for path in paths]
    values = cache.get_many([key, GLOBAL_GENERATION, *path_keys])
    generations = (values.get(GLOBAL_GENERATION, 0), *(values.get(k, 0) for k in path_keys))
    stored = values.get(key)
    if stored is not None and tuple(stored["generations"]) != generations:
        stored = None
    return stored, generations


def lookup(request):
    """(cache key, stored page or None, current generations) in one round trip."""
    key = page_key(request)
    stored, generations = _read(key, [request.path])
    return key, stored, generations


def is_read(request):
    return request.method in ("GET", "HEAD")


def cacheable(view):
    """Mark a view whose GET answers the page cache may look up and store for everyone (an answer is stored only
    if it also says ``Cache-Control: public``): its answer must not depend on who asks. Wagtail's page-serving
    view is cacheable without a mark."""
    view.page_cacheable = True
    return view


@functools.lru_cache(maxsize=4096)
def route_of(path):
    """The URLconf's match for ``path`` (None when nothing matches), remembered per process (the URLconf does not
    change while it runs). The path is resolved in its own interface language (``/en/…`` in English), as Django
    will resolve it. Middleware that runs before Django resolves the path reads a view's marks through it."""
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            return resolve(path)
        except Resolver404:
            return None


def route_is_cacheable(path):
    """Whether ``path`` is served by a cacheable view: read from the URLconf, so no list of paths is kept by hand."""
    match = route_of(path)
    return match is not None and (match.url_name == "wagtail_serve" or getattr(match.func, "page_cacheable", False))


def applies(request):
    return (
        getattr(settings, "PAGE_CACHE_ENABLED", True)
        and is_read(request)
        and "preview" not in request.GET
        and route_is_cacheable(request.path_info)
    )


def ttl_of(response):
    """Seconds to keep a response: its s-maxage, if it is public and storable; else None."""
    if response.status_code != 200 or response.cookies or response.streaming:
        return None
    control = response.get("Cache-Control", "")
    directives = {part.strip().split("=")[0]: part.strip() for part in control.split(",") if part.strip()}
    if "public" not in directives or "private" in directives or "no-store" in directives:
        return None
    if not response.get("Content-Type", "").startswith(CACHEABLE_TYPES):
        return None
    if "s-maxage" in directives:
        return int(directives["s-maxage"].split("=")[1])
    if "max-age" in directives:
        return int(directives["max-age"].split("=")[1])
    return None


def page_ttl(page):
    """The page type's ``cache_max_age`` or ``PAGE_CACHE_TTL``, but no later than the page's expiry time."""
    ttl = getattr(page.specific_class, "cache_max_age", None)
    ttl = settings.PAGE_CACHE_TTL if ttl is None else ttl
    if page.expire_at is not None:
        ttl = max(0, min(ttl, int((page.expire_at - timezone.now()).total_seconds())))
    return ttl


def mark_page_response(request, response):
    """Cache headers for a served Wagtail page, unless the view already chose its own."""
    page = getattr(request, "served_page", None)
    if page is None or "Cache-Control" in response or request.method not in ("GET", "HEAD"):
        return
    if response.status_code == 200 and request.served_page_is_public:
        patch_cache_control(response, public=True, max_age=0, s_maxage=page_ttl(page))
    else:
        patch_cache_control(response, private=True, no_cache=True)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not applies(request):
            response = self.get_response(request)
            mark_page_response(request, response)
            return response
        key, stored, generations = lookup(request)
        if stored is not None:
            response = HttpResponse(stored["content"], status=200)
            for header, value in stored["headers"].items():
                response[header] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        mark_page_response(request, response)
        ttl = ttl_of(response) if request.method == "GET" else None
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the render used a CSRF token: personal, never shared
            ttl = None
        if ttl and not getattr(cache, "unreachable", False):  # Redis down: nothing is stored (core.cache)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            headers = {h: response[h] for h in STORED_HEADERS if h in response}
            cache.set(key, {"content": response.content, "headers": headers, "generations": generations}, ttl)
            response["X-Page-Cache"] = "miss"
        return response


def cached_until_changed(key, paths, build, timeout=3600):
    """``build()``'s value, cached until the whole site or any of ``paths`` is invalidated.

    For fragments that every page repeats (the main menu): the value is stored with the generations it was made
    under and read back with them in one round trip, like a page (see ``_read``); a generation bumped while
    ``build`` runs leaves a value that the next read rejects.
    """
    stored, generations = _read(key, paths)
    if stored is not None:
        return stored["value"]
    value = build()
    if not getattr(cache, "unreachable", False):
        cache.set(key, {"value": value, "generations": generations}, timeout)
    return value


# ---- invalidation -----------------------------------------------------------------------------------------


def _bump(key, backend=cache):
    increment(key, backend=backend)


def _bump_all(keys, what):
    try:
        for key in keys:
            _bump(key)
    except CacheUnavailable:
        logger.error(
            "Could not forget the cached %s: Redis is unreachable. This process forgets every cached page as soon "
            "as it reaches Redis again.",
            what,
        )


def invalidate_paths(paths):
    """Forget every cached variant of these paths (``/news/x/``), in this cache only."""
    paths = set(paths)
    _bump_all([_path_key(path) for path in paths], f"pages of {len(paths)} paths")


def invalidate_everything():
    _bump_all([GLOBAL_GENERATION], "pages")


@on_reconnect
def _forget_pages_stored_before_the_outage(backend):
    """Invalidations made while Redis was unreachable are lost; forget every page stored before (see above)."""
    _bump(GLOBAL_GENERATION, backend)


def language_variants(path):
    """A path as served in each interface language: ``/news/x/`` and ``/en/news/x/``."""
    variants = {path}
    prefixes = [f"/{code}" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    bare = path
    for prefix in prefixes:
        if path.startswith(prefix + "/"):
            bare = path[len(prefix) :]
    variants.add(bare)
    variants.update(prefix + bare for prefix in prefixes)
    return variants


def page_urls(page):
    """Full URLs of a page in every interface language (for the CDN), or [] if it has no URL."""
    urls = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            url = page.get_full_url()
        if url:
            urls.append(url)
    return urls


def invalidate_urls(urls):
    """Forget these URLs here and purge them from the CDN."""
    urls = [url for url in urls if url]
    paths = set()
    for url in urls:
        paths |= language_variants(urlsplit(url).path or "/")
    invalidate_paths(paths)
    if urls and getattr(settings, "WAGTAILFRONTENDCACHE", None):
        from wagtail.contrib.frontend_cache.utils import PurgeBatch

        batch = PurgeBatch()
        batch.add_urls(sorted({u for url in urls for u in _full_variants(url)}))
        batch.purge()


def _full_variants(url):
    parts = urlsplit(url)
    root = f"{parts.scheme}://{parts.netloc}"
    return {root + path for path in language_variants(parts.path or "/")}


def invalidate_pages(pages):
    """Forget pages (and purge them from the CDN) in every language."""
    urls = []
    for page in pages:
        urls.extend(page_urls(page))
    invalidate_urls(urls)
