"""Wagtail's own search (the editors' admin search: pages, images, documents, snippets) on the same engine,
with Chinese analysis.

modelsearch's Elasticsearch 8 backend (``SEARCH_ENGINE=elasticsearch``), or its OpenSearch 3 backend with the
opensearch-py client (``SEARCH_ENGINE=opensearch``, see search.client), changed in the same ways:
- the Elasticsearch client talks plain JSON (search.transport.PlainJsonNode), so osmem works too;
- the default analyzer of its indexes is the CJK bigram analyzer, so "书屋" finds "职工书屋";
- the autocomplete field (the admin's page search uses autocomplete) indexes characters and bigrams and is
  searched with the bigram analyzer, so a partial title finds its page;
- it never holds an editor up or answers 500 because of the engine: searches and single-object writes wait at
  most ``SEARCH_TIMEOUT`` and go through the engine's circuit breaker (search.breaker). A search the engine cannot
  answer is answered by Wagtail's database fallback backend (substring matching, which finds Chinese words too)
  with a notice to the editor; a write it cannot take waits in the search outbox (search.sync) and is replayed.
"""

import contextvars
import functools
import logging

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext as _

from modelsearch.backends.database.fallback import (
    DatabaseSearchBackend,
    DatabaseSearchQueryCompiler,
    DatabaseSearchResults,
)
from modelsearch.backends.elasticsearch8 import (
    Elasticsearch8AutocompleteQueryCompiler,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
    Elasticsearch8SearchResults,
)
from modelsearch.query import PlainText

from .breaker import EngineError, EngineSkipped, Unavailable, breaker_for, is_outage
from .transport import PlainJsonNode

logger = logging.getLogger("search.admin")

CJK_ANALYSIS = {
    "settings": {
        "analysis": {
            "filter": {
                "cjk_bigrams_and_chars": {"type": "cjk_bigram", "output_unigrams": True},
                "edgengram": {"type": "edge_ngram", "min_gram": 1, "max_gram": 15},
            },
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["cjk_width", "lowercase", "cjk_bigram"],
                },
                "cjk_search": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["cjk_width", "lowercase", "cjk_bigram"],
                },
                "edgengram_analyzer": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["cjk_width", "lowercase", "cjk_bigrams_and_chars", "edgengram"],
                },
            },
        }
    }
}


class CJKMappingMixin:
    edgengram_analyzer_config = {"analyzer": "edgengram_analyzer", "search_analyzer": "cjk_search"}


class CJKMapping(CJKMappingMixin, Elasticsearch8Mapping):
    pass


class CJKSearchQueryCompiler(Elasticsearch8SearchQueryCompiler):
    mapping_class = CJKMapping


class CJKAutocompleteQueryCompiler(Elasticsearch8AutocompleteQueryCompiler):
    mapping_class = CJKMapping


# ---- searching: the engine, or the database -------------------------------------------------------------


class CJKSearchResultsMixin:
    """Results from the engine (short timeout, through the breaker), else from Wagtail's database fallback."""

    def _backend_do_search(self, body, **kwargs):
        if self.backend.use_new_elasticsearch_api:  # the body's keys as arguments (elasticsearch), or body=
            return self.backend.search_client().search(**body, **kwargs)
        return self.backend.search_client().search(body=body, **kwargs)

    def _engine_count(self):
        index = self.backend.get_index_for_model(self.query_compiler.queryset.model).name
        body = self._get_es_body(for_count=True)
        if self.backend.use_new_elasticsearch_api:
            count = self.backend.search_client().count(index=index, **body)["count"]
        else:
            count = self.backend.search_client().count(index=index, body=body)["count"]
        count -= self.start
        if self.stop is not None:
            count = min(count, self.stop - self.start)
        return max(count, 0)

    def _do_search(self):
        engine_search = super()._do_search
        try:
            return self.backend.breaker.call(lambda: list(engine_search()))
        except Unavailable as error:
            return self.database_results(error)._do_search()

    def _do_count(self):
        try:
            return self.backend.breaker.call(self._engine_count)
        except Unavailable as error:
            return self.database_results(error)._do_count()

    def facet(self, field_name):
        try:
            return self.backend.breaker.call(super().facet, field_name)
        except Unavailable as error:
            return self.database_results(error).facet(field_name)

    def database_results(self, error):
        """The same search (query, fields, filters, order, slice) by Wagtail's database fallback backend."""
        logger.log(
            logging.DEBUG if isinstance(error, EngineSkipped) else logging.WARNING,
            "Admin search answered from the database, the search engine is unavailable: %s",
            error,
        )
        notify_editor()
        compiler = self.query_compiler
        query = compiler.query
        if isinstance(query, PlainText):  # without ranking, every word must match (the database backend's default)
            query = PlainText(query.query_string, operator="and", boost=query.boost)
        fallback = DatabaseSearchResults(
            DatabaseSearchBackend({}),
            DatabaseSearchQueryCompiler(
                compiler.queryset, query, fields=compiler.fields, order_by_relevance=compiler.order_by_relevance
            ),
            prefetch_related=self.prefetch_related,
        )
        fallback.start, fallback.stop, fallback._score_field = self.start, self.stop, self._score_field
        return fallback


class CJKSearchResults(CJKSearchResultsMixin, Elasticsearch8SearchResults):
    pass


# The admin request being served (set by AdminSearchNoticeMiddleware), for the notice to the editor.
current_request = contextvars.ContextVar("search_admin_request", default=None)


class AdminSearchNoticeMiddleware:
    """Remembers the request, so a search answered from the database can say so to the editor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)


def notify_editor():
    """Once per admin page: "these results come from the database". Not on the listings' partial updates and the
    choosers (requested by script: the message would only show on the next page), nor outside the admin (Wagtail's
    API search uses this backend too).
    """
    request = current_request.get()
    if request is None or getattr(request, "_search_fallback_noticed", False):
        return
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return
    if not request.path.startswith(reverse("wagtailadmin_home")):
        return
    request._search_fallback_noticed = True
    messages.warning(
        request,
        _(
            "The search engine is not answering, so this search was made in the database: it finds exact words "
            "only and does not sort by relevance. Full search comes back by itself when the engine answers."
        ),
        fail_silently=True,
    )


# ---- the backend ------------------------------------------------------------------------------------------


class CJKBackendMixin:
    """What the admin search adds to modelsearch's backend, for either engine."""

    client_options = {}

    def __init__(self, params):
        params = dict(params)
        params["OPTIONS"] = {**params.get("OPTIONS", {}), **self.client_options}
        params["INDEX_SETTINGS"] = {**CJK_ANALYSIS, **params.get("INDEX_SETTINGS", {})}
        urls = params.get("URLS") or [
            f"{host.get('host')}:{host.get('port')}" for host in params.get("HOSTS") or [] if isinstance(host, dict)
        ]
        self.params = dict(params)
        super().__init__(params)
        self.breaker = breaker_for(urls)

    def search_client(self):
        """The engine client for what someone waits for: searches and single-object writes (``SEARCH_TIMEOUT``)."""
        return self.es.options(request_timeout=settings.SEARCH_TIMEOUT)

    def add(self, obj):
        self._write_or_queue(self.add_now, obj)

    def delete(self, obj):
        self._write_or_queue(self.delete_now, obj)

    def add_now(self, obj):
        index = self.get_index_for_object(obj)
        index.es = self.search_client()
        index.add_item(obj)

    def delete_now(self, obj):
        index = self.get_index_for_object(obj)
        index.es = self.search_client()
        index.delete_item(obj)

    def _write_or_queue(self, write, obj):
        """Write now; if the engine cannot take it, queue it in the search outbox (drained by search.sync)."""
        try:
            self.breaker.call(write, obj)
        except Unavailable as error:
            if not isinstance(error, EngineSkipped) and not is_outage(error):
                raise  # refused (a bad document): modelsearch logs it, as it always did
            from .sync import queue_admin_update

            logger.log(
                logging.DEBUG if isinstance(error, EngineSkipped) else logging.WARNING,
                "Admin search index update for %r queued, the search engine is unavailable: %s",
                obj,
                error,
            )
            queue_admin_update(obj)


class CJKElasticsearchSearchBackend(CJKBackendMixin, Elasticsearch8SearchBackend):
    mapping_class = CJKMapping
    query_compiler_class = CJKSearchQueryCompiler
    autocomplete_query_compiler_class = CJKAutocompleteQueryCompiler
    results_class = CJKSearchResults
    client_options = {"node_class": PlainJsonNode}


@functools.cache
def opensearch_backend_class():
    """The same backend on modelsearch's OpenSearch 3 backend (opensearch-py), made when it is asked for, so that
    opensearch-py is needed only with ``SEARCH_ENGINE=opensearch``."""
    from modelsearch.backends.opensearch3 import (
        OpenSearch3AutocompleteQueryCompiler,
        OpenSearch3Mapping,
        OpenSearch3SearchBackend,
        OpenSearch3SearchQueryCompiler,
        OpenSearch3SearchResults,
    )

    class CJKOpenSearchMapping(CJKMappingMixin, OpenSearch3Mapping):
        pass

    class CJKOpenSearchQueryCompiler(OpenSearch3SearchQueryCompiler):
        mapping_class = CJKOpenSearchMapping

    class CJKOpenSearchAutocompleteQueryCompiler(OpenSearch3AutocompleteQueryCompiler):
        mapping_class = CJKOpenSearchMapping

    class CJKOpenSearchResults(CJKSearchResultsMixin, OpenSearch3SearchResults):
        pass

    class CJKOpenSearchSearchBackend(CJKBackendMixin, OpenSearch3SearchBackend):
        mapping_class = CJKOpenSearchMapping
        query_compiler_class = CJKOpenSearchQueryCompiler
        autocomplete_query_compiler_class = CJKOpenSearchAutocompleteQueryCompiler
        results_class = CJKOpenSearchResults

        def search_client(self):
            """opensearch-py has no per-client options(): a second client with the short timeout, made once."""
            if not hasattr(self, "_search_client"):
                self._search_client = OpenSearch3SearchBackend({**self.params, "TIMEOUT": settings.SEARCH_TIMEOUT}).es
            return self._search_client

    return CJKOpenSearchSearchBackend


def replay(keys):
    """Write queued admin index updates ((model label, pk) pairs) now; raises if the engine is unavailable."""
    from modelsearch.backends import get_search_backend
    from modelsearch.index import get_indexed_instance

    backend = get_search_backend()
    if not isinstance(backend, CJKBackendMixin):
        return  # the admin search is not on the engine (any more): nothing to write

    def write_all():
        for label, object_id in keys:
            try:
                model = apps.get_model(label)
            except LookupError:
                continue
            obj = model._default_manager.filter(pk=object_id).first()
            indexed = get_indexed_instance(obj) if obj is not None else None
            try:
                if indexed is not None:
                    backend.add_now(indexed)
                else:
                    backend.delete_now(obj or model(pk=object_id))
            except EngineError as error:
                if is_outage(error):
                    raise
                logger.exception("The search engine refused the admin index update of %s %s", label, object_id)

    backend.breaker.call(write_all, trial=False)


def SearchBackend(params):  # noqa: N802  (modelsearch calls the module's SearchBackend with the backend's params)
    """The backend for ``SEARCH_ENGINE``: modelsearch's Elasticsearch 8 or OpenSearch 3 backend, with the above."""
    from .client import is_opensearch

    return opensearch_backend_class()(params) if is_opensearch() else CJKElasticsearchSearchBackend(params)
