"""The Elasticsearch client, from ``settings.ELASTICSEARCH_URL`` (comma-separated URLs; None: no engine)."""

import functools

from django.conf import settings

from elasticsearch import Elasticsearch

from .transport import PlainJsonNode


def engine_configured():
    return bool(settings.ELASTICSEARCH_URL)


@functools.cache
def _client(urls, timeout):
    return Elasticsearch(
        [url.strip() for url in urls.split(",") if url.strip()],
        node_class=PlainJsonNode,
        request_timeout=timeout,
        max_retries=1,
        retry_on_timeout=False,
    )


def get_client(timeout=None):
    """The client for requests someone waits for (``SEARCH_TIMEOUT``), or with another ``timeout``."""
    if not engine_configured():
        raise RuntimeError("No search engine configured (ELASTICSEARCH_URL is not set).")
    return _client(settings.ELASTICSEARCH_URL, timeout or settings.SEARCH_TIMEOUT)


def index_client():
    """The client for background writes (the outbox, reconcile): ``SEARCH_INDEX_TIMEOUT``."""
    return get_client(timeout=settings.SEARCH_INDEX_TIMEOUT)


def alias_name():
    return f"{settings.SEARCH_INDEX_PREFIX}-site"
