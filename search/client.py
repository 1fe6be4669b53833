"""The search engine's client, from ``settings.ELASTICSEARCH_URL`` (comma-separated URLs; None: no engine).

``SEARCH_ENGINE`` says which engine answers there, and so which client talks to it, each the engine's own:
``elasticsearch`` (Elasticsearch 8/9, and osmem-server for development and tests) uses the elasticsearch 8 client,
``opensearch`` (OpenSearch 2/3) uses opensearch-py. Both clients take the same calls for what the project does
(index admin with ``body=``, ``search``, ``count``, the ``bulk``/``streaming_bulk``/``scan`` helpers), so the rest
of the search app is written once against this module: queries are built with ``elasticsearch.dsl`` and sent with
:func:`execute`, helpers come from :func:`helpers`, and :func:`answered_status` reads either client's errors.
"""

import functools

from django.conf import settings


def engine_configured():
    return bool(settings.ELASTICSEARCH_URL)


def is_opensearch():
    return settings.SEARCH_ENGINE == "opensearch"


def urls(value):
    return [url.strip() for url in value.split(",") if url.strip()]


@functools.cache
def _client(kind, addresses, timeout):
    if kind == "opensearch":
        from opensearchpy import OpenSearch

        return OpenSearch(urls(addresses), timeout=timeout, max_retries=1, retry_on_timeout=False)
    from elasticsearch import Elasticsearch

    from .transport import PlainJsonNode

    return Elasticsearch(
        urls(addresses), node_class=PlainJsonNode, request_timeout=timeout, max_retries=1, retry_on_timeout=False
    )


def get_client(timeout=None):
    """The client for requests someone waits for (``SEARCH_TIMEOUT``), or with another ``timeout``."""
    if not engine_configured():
        raise RuntimeError("No search engine configured (ELASTICSEARCH_URL is not set).")
    return _client(settings.SEARCH_ENGINE, settings.ELASTICSEARCH_URL, timeout or settings.SEARCH_TIMEOUT)


def index_client():
    """The client for background writes (the outbox, reconcile): ``SEARCH_INDEX_TIMEOUT``."""
    return get_client(timeout=settings.SEARCH_INDEX_TIMEOUT)


def helpers():
    """The client's bulk helpers: ``bulk``, ``streaming_bulk`` and ``scan``, with the same arguments on both."""
    if is_opensearch():
        from opensearchpy import helpers as engine_helpers
    else:
        from elasticsearch import helpers as engine_helpers
    return engine_helpers


def execute(search, index, client=None):
    """Run a query built with ``elasticsearch.dsl`` (its ``Search``) on either client; returns the dsl's
    ``Response`` (hits, aggregations, meta) as ``Search.execute()`` would."""
    from elasticsearch.dsl.response import Response

    answer = (client or get_client()).search(index=index, body=search.to_dict())
    return Response(search, getattr(answer, "body", answer))  # elasticsearch wraps the body; opensearch-py does not


@functools.cache
def engine_errors():
    """What either client raises when the engine is down, hung, refuses or answers an error."""
    from elasticsearch import ApiError, TransportError

    errors = [ApiError, TransportError]
    try:
        from opensearchpy.exceptions import OpenSearchException

        errors.append(OpenSearchException)
    except ImportError:  # opensearch-py is only needed for SEARCH_ENGINE=opensearch
        pass
    return (*errors, ConnectionError, OSError)


def answered_status(error):
    """The HTTP status the engine answered with, or None when it did not answer (refused, timed out)."""
    from elasticsearch import ApiError

    if isinstance(error, ApiError):
        return error.status_code
    status = getattr(error, "status_code", None)  # opensearch-py: an int, or "N/A" for a connection error
    return status if isinstance(status, int) else None


def alias_name():
    return f"{settings.SEARCH_INDEX_PREFIX}-site"
