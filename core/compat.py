"""Every use of a private Django or Wagtail internal in the project, in one place.

Each shim here is kept because it saves measurable time on a busy path and no public API does the same; each
says which internal it uses and what it saves, and ``core/tests/test_compat.py`` has a test per shim that fails
loudly when the internal it relies on moves (so an upgrade of Django or Wagtail shows here first, not as a slow
or broken site). Nothing else in the project may read or write a private attribute of Django, Wagtail or a
library: add a shim here (with its measurement and its test) or use a public API.

Measured with ``bench/internals.py`` (the shim's way and the public way alternately in one process, median µs
per call, range of the rounds in brackets), twice on 2026-11-30 on this shared 2-core host under heavy load (its
speed check 3.1-4.0 s; 0.85 s when idle):

=================================  ===================================  =========================================
call                               with the shim (run 1 / run 2)        the public way (run 1 / run 2)
=================================  ===================================  =========================================
Redis cache GET                    153 (131-236) / 161 (122-347)        383 (306-589) / 402 (271-721)
the site of a request              404 (244-922) / 799 (221-1870)       4870 (3842-5102) / 5581 (3985-10377)
Wagtail's view-restriction check   0 (a list) / 0                       3015 (1667-3949) / 4185 (3240-4930)
page URL during an index rebuild   39 (31-42) / 32 (23-59)              417 (365-515) / 353 (288-525)
=================================  ===================================  =========================================

Each gain is several times the spread of its rounds. At the level of whole requests it is a few per cent (a
page-cache hit, an uncached render), below the run-to-run spread of ``bench/pages.py`` on this host today (the
same page varied by a third between back-to-back runs), so the page benchmark neither confirms nor refutes them;
they are kept on the operation-level figures. Removing one is a one-line change where it is called.

Not shims, but named here because they are private by name: ``search.admin_backend`` extends modelsearch's
search results through the methods modelsearch's own backends implement (``_do_search``, ``_do_count``,
``_backend_do_search``, ``_get_es_body``, ``_score_field``): the editors' admin search, not a busy path. The test
module pins them too.

Removed, each replaced by a public API in the module that used it: the signed-in user's PostgreSQL-only fast
path on ORM internals (``accounts.backends``: ``Manager.raw``, the same on SQLite; its gain over ``raw`` was
within the vote benchmark's noise), ``Site._find_for_request`` and ``request._get_raw_host`` (``core.sites``:
``Site.find_for_request`` and ``get_host``), the session store's ``_cache`` (``core.sessions``), Wagtail's
``Page._slug_is_available`` (``core.slugs``), ``_state.fields_cache`` (``core.models``), Wagtail actions'
``_edit``/``_create`` (``core.moderation``, ``comments.moderation``: ``execute``), and the faked product header
(``search.transport``: osmem and Elasticsearch send it). Not hot paths, except the first two.
"""

from django.core.cache.backends.redis import RedisCacheClient

# ---- Django's Redis cache backend -----------------------------------------------------------------------------
# Internals: RedisCache._class (the client class it instantiates), RedisCache._servers, RedisCache._cache (the
# client instance), RedisCacheClient._get_connection_pool(write) and RedisCacheClient._client (redis.Redis).
# Why: Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache call; building it (its
# table of ~170 response callbacks) costs more than the GET itself. One client per connection pool takes a GET
# from 383 µs to 153 µs (table above). Every anonymous page served from the page cache and every signed-in
# request's session read pays it. A ``redis.Redis`` is safe to share between threads and the pool notices a fork.


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client, with one ``redis.Redis`` per connection pool instead of one per call."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._reused_clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._reused_clients.get(pool)
        if client is None:
            client = self._reused_clients[pool] = self._client(connection_pool=pool)
        return client


def reuse_redis_clients(backend):
    """Make a ``django.core.cache.backends.redis.RedisCache`` (before its first call) reuse its clients."""
    backend._class = ReusedClientRedisCacheClient


def redis_servers(backend):
    """The list of server URLs a Django ``RedisCache`` was configured with."""
    return backend._servers


def redis_client(backend, *, write=True):
    """The ``redis.Redis`` client a Django ``RedisCache`` uses (for commands its cache API lacks)."""
    return backend._cache.get_client(None, write=write)


def redis_delete_many(backend, keys):
    """Delete already-made keys (``make_and_validate_key``) without making them again."""
    return backend._cache.delete_many(keys)


# ---- Wagtail's site of a request ------------------------------------------------------------------------------
# Internal: ``request._wagtail_site``, where ``Site.find_for_request`` keeps its answer for the request (its
# docstring says so; there is no public setter).
# Why: Wagtail looks the site up with a query on every request that renders a page and keeps it only on that
# request; ``core.sites`` reads it from the shared cache: 404 µs instead of 4870 µs (table above).


def set_request_site(request, site):
    """Hand Wagtail the site of ``request``, so ``Site.find_for_request`` does not look it up again."""
    request._wagtail_site = site


def has_request_site(request):
    return hasattr(request, "_wagtail_site")


# ---- Wagtail's view restriction check -------------------------------------------------------------------------
# Internal: Wagtail's ``on_serve_page`` hook ``wagtail.wagtail_hooks.check_view_restrictions`` calls
# ``page.get_view_restrictions()`` on the page object it is given; replacing that method on the instance makes it
# reuse the restrictions ``core.wagtail_hooks`` has read (a ``before_serve_page`` hook: ``wagtail.views.serve``
# runs all of those before the ``on_serve_page`` chain, whatever the order of INSTALLED_APPS).
# Why: one query per page rendered (the page cache's misses and every private page): 3015 µs (table above).


def reuse_view_restrictions(page, restrictions):
    """Let Wagtail's restriction check on ``page`` use ``restrictions`` (a list) instead of a query."""
    page.get_view_restrictions = lambda: restrictions


# ---- Wagtail's site root paths on a page ----------------------------------------------------------------------
# Internal: ``Page._wagtail_cached_site_root_paths``, where ``Page._get_site_root_paths`` keeps the sites' root
# paths for a page object without a request.
# Why: every page's URL in a search index rebuild otherwise reads them from the cache again: 39 µs a page
# instead of 417 µs (table above), seconds on a rebuild of the whole site.


def keep_site_root_paths(page, root_paths):
    """Give ``page`` the sites' root paths (``Site.get_site_root_paths()``) for its URLs."""
    page._wagtail_cached_site_root_paths = root_paths


# ---- Wagtail's image template tags ----------------------------------------------------------------------------
# Internals: ``wagtail.images.templatetags.wagtailimages_tags.ImageNode.get_filter`` (``{% image %}``) and
# ``SrcsetImageNode.get_filters`` (``{% srcset_image %}``, ``{% picture %}``), which build new ``Filter`` objects
# from the node's specs on every render.
# Why: a new ``Filter`` parses its operations again (the registered-operations hooks and ``inspect.getcallargs``
# for each operation) each time a rendition key is made; a ``{% picture %}`` of 2 formats × 2 sizes costs 85 µs
# of that per render against 4 µs with the filters kept (``bench/internals.py``), ~1 ms on a contest page of
# posters. A node's specs never change after the template is compiled (templates are compiled once per process),
# and a ``Filter`` holds only its spec and the parsed operations, so keeping them on the node is safe.


def keep_image_tag_filters():
    """Make Wagtail's image tag nodes build their ``Filter`` objects once per node instead of once per render."""
    from wagtail.images.templatetags.wagtailimages_tags import ImageNode, SrcsetImageNode

    if getattr(ImageNode, "_filters_kept", False):
        return
    build_filter, build_filters = ImageNode.get_filter, SrcsetImageNode.get_filters

    def get_filter(node):
        kept = node.__dict__.get("_kept_filter")
        if kept is None:
            kept = node._kept_filter = build_filter(node)
        return kept

    def get_filters(node):
        kept = node.__dict__.get("_kept_filters")
        if kept is None:
            kept = node._kept_filters = build_filters(node)
        return kept

    ImageNode.get_filter, SrcsetImageNode.get_filters = get_filter, get_filters
    ImageNode._filters_kept = True
