"""One test per shim of ``core.compat``: each fails loudly when the Django or Wagtail internal it relies on moves.

Each checks the internal itself (the private attribute or function is there, with the signature the shim uses)
and that the shim still does what it is for (its saving is real: without it the work happens again).
"""

import inspect

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail import hooks
from wagtail.models import Page, PageViewRestriction, Site

import pytest

from core import compat

REDIS_LOCATION = settings.REDIS_URL or "redis://127.0.0.1:6379/0"


def queries(function):
    with CaptureQueriesContext(connection) as captured:
        result = function()
    return result, len(captured.captured_queries)


# ---- Django's Redis cache backend -----------------------------------------------------------------------------


def test_djangos_redis_backend_still_has_the_internals_the_client_reuse_uses():
    backend = DjangoRedisCache(REDIS_LOCATION, {})
    assert backend._class is RedisCacheClient, "RedisCache._class: the client class it instantiates"
    assert backend._servers == [REDIS_LOCATION], "RedisCache._servers: the server URLs"
    assert list(inspect.signature(RedisCacheClient._get_connection_pool).parameters) == ["self", "write"]
    assert list(inspect.signature(RedisCacheClient.get_client).parameters) == ["self", "key", "write"]
    assert list(inspect.signature(RedisCacheClient.delete_many).parameters) == ["self", "keys"]
    compat.reuse_redis_clients(backend)
    assert type(backend._cache) is compat.ReusedClientRedisCacheClient, "RedisCache._cache is made from _class"
    assert compat.redis_servers(backend) == [REDIS_LOCATION]


@pytest.mark.redis
def test_djangos_client_is_built_per_call_and_ours_once_per_pool():
    import redis

    stock = DjangoRedisCache(settings.REDIS_URL, {})
    assert stock._cache._client is redis.Redis, "RedisCacheClient._client: the redis-py class"
    assert stock._cache.get_client(None) is not stock._cache.get_client(None), "the reason for the shim is gone"
    ours = DjangoRedisCache(settings.REDIS_URL, {"KEY_PREFIX": "compat-test"})
    compat.reuse_redis_clients(ours)
    client = compat.redis_client(ours, write=False)
    assert compat.redis_client(ours, write=True) is client
    ours.set("k", "职工书屋")
    assert client.ping() and ours.get("k") == "职工书屋"
    compat.redis_delete_many(ours, [ours.make_and_validate_key("k")])
    assert ours.get("k") is None


# ---- Wagtail's site of a request ------------------------------------------------------------------------------


def test_wagtail_takes_the_site_handed_to_the_request(home_page):
    site = Site.objects.get(is_default_site=True)
    request = RequestFactory().get("/")
    assert not compat.has_request_site(request)
    compat.set_request_site(request, site)
    assert compat.has_request_site(request)
    found, count = queries(lambda: Site.find_for_request(request))
    assert found is site and count == 0, "Site.find_for_request no longer reads request._wagtail_site"
    _, count = queries(lambda: Site.find_for_request(RequestFactory().get("/")))
    assert count == 1, "without it Wagtail asks the database"


# ---- Wagtail's view restriction check -------------------------------------------------------------------------


def wagtail_check_view_restrictions():
    from wagtail import wagtail_hooks

    return wagtail_hooks.check_view_restrictions


def test_wagtails_restriction_check_runs_after_ours_and_reads_the_page_method(home_page):
    from wagtail import views

    from core.wagtail_hooks import remember_served_page

    check = wagtail_check_view_restrictions()
    assert remember_served_page in hooks.get_hooks("before_serve_page")
    assert check in hooks.get_hooks("on_serve_page")
    serve = inspect.getsource(views.serve)
    assert serve.index('get_hooks("before_serve_page")') < serve.index("return on_serve_chain("), "ours runs first"
    assert "page.get_view_restrictions()" in inspect.getsource(check), "Wagtail's check reads restrictions otherwise"

    served = check(lambda *args: "served")
    request = RequestFactory().get("/")
    page = Page.objects.get(pk=home_page.pk)
    result, count = queries(lambda: served(page, request, [], {}))
    assert result == "served" and count >= 1, "without the shim Wagtail asks the database"
    compat.reuse_view_restrictions(page, [])
    result, count = queries(lambda: served(page, request, [], {}))
    assert result == "served" and count == 0


def test_reused_restrictions_still_protect_the_page(home_page):
    restriction = PageViewRestriction.objects.create(page=home_page, restriction_type=PageViewRestriction.LOGIN)
    request = RequestFactory().get("/")
    request.session = {}
    request.user = AnonymousUser()
    page = Page.objects.get(pk=home_page.pk)
    compat.reuse_view_restrictions(page, [restriction])
    response = wagtail_check_view_restrictions()(lambda *args: "served")(page, request, [], {})
    assert response != "served" and response.status_code == 302, "sent to sign in, not served"


# ---- Wagtail's site root paths on a page ----------------------------------------------------------------------


def test_a_page_uses_the_root_paths_kept_on_it(home_page):
    assert "_wagtail_cached_site_root_paths" in inspect.getsource(Page._get_site_root_paths)
    page = Page.objects.get(pk=home_page.pk)
    assert page.get_url_parts() is not None, "looked up: the page is under the default site"
    page = Page.objects.get(pk=home_page.pk)
    compat.keep_site_root_paths(page, [])  # no site at all: the page has no URL, so the kept paths were read
    assert page.get_url_parts() is None
    page = Page.objects.get(pk=home_page.pk)
    compat.keep_site_root_paths(page, Site.get_site_root_paths())
    assert page.get_url_parts() is not None


# ---- modelsearch's backend-author methods (search.admin_backend) ---------------------------------------------


def test_modelsearch_results_still_have_the_methods_the_admin_backend_extends():
    from modelsearch.backends.base import BaseSearchResults
    from modelsearch.backends.database.fallback import DatabaseSearchResults
    from modelsearch.backends.elasticsearch8 import Elasticsearch8SearchResults

    def parameters(function):
        return list(inspect.signature(function).parameters)

    for results in (BaseSearchResults, Elasticsearch8SearchResults, DatabaseSearchResults):
        assert parameters(results._do_search) == ["self"] and parameters(results._do_count) == ["self"]
    assert parameters(Elasticsearch8SearchResults._backend_do_search) == ["self", "body", "kwargs"]
    assert parameters(Elasticsearch8SearchResults._get_es_body) == ["self", "for_count"]
    assert "self._score_field = None" in inspect.getsource(BaseSearchResults.__init__)


@pytest.mark.parametrize(
    "module", ["core.cache", "core.sites", "core.wagtail_hooks", "search.index", "accounts.backends", "core.models"]
)
def test_no_other_module_writes_the_internals_the_shims_own(module):
    import importlib

    source = inspect.getsource(importlib.import_module(module))
    for internal in (
        "._class =",
        "._cache.",
        "._servers",
        "._wagtail_site =",
        "get_view_restrictions =",
        "_wagtail_cached_site_root_paths =",
        "fields_cache",
        "from_db(",
    ):
        assert internal not in source, f"{module} uses {internal!r}: go through core.compat"


# ---- Wagtail's image template tags ----------------------------------------------------------------------------


def test_wagtails_image_tag_nodes_still_build_filters_in_the_methods_the_shim_wraps():
    from wagtail.images.models import Filter
    from wagtail.images.templatetags.wagtailimages_tags import ImageNode, PictureNode, SrcsetImageNode

    assert issubclass(PictureNode, SrcsetImageNode) and issubclass(SrcsetImageNode, ImageNode)
    assert list(inspect.signature(ImageNode.get_filter).parameters) == ["node"], "wrapped by the shim"
    assert list(inspect.signature(SrcsetImageNode.get_filters).parameters) == ["node"], "wrapped by the shim"
    # Wagtail's nodes render through these methods (not by building Filter objects elsewhere).
    for node_class, method in ((ImageNode, "get_filter"), (SrcsetImageNode, "get_filters"), (PictureNode, None)):
        source = inspect.getsource(node_class.render)
        assert f"self.{method or 'get_filters'}()" in source, f"{node_class.__name__}.render builds its filters"
    assert "operations" in Filter.__dict__, "Filter.operations: parsed once per Filter object (cached_property)"


def test_image_tags_build_their_filters_once_per_template(db, monkeypatch):
    from django.template import engines

    from wagtail.images.models import Filter, Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="封面", file=get_test_image_file())
    template = engines["django"].from_string(
        "{% load wagtailimages_tags %}{% picture image format-{webp,jpeg} fill-{40x20,80x40} %}"
        "{% image image fill-60x30 as share %}{{ share.url }}"
    )
    first = template.render({"image": image})
    built = []
    original_init = Filter.__init__

    def counting_init(self, *args, **kwargs):
        built.append(kwargs.get("spec") or args[0])
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(Filter, "__init__", counting_init)
    assert template.render({"image": image}) == first
    assert built == [], f"filters built again on the second render: {built}"
