"""Search tests run against a real engine: a fresh clone of an osmem-server cluster per test."""

import pytest


@pytest.fixture
def engine(osmem_clone, settings):
    """Point the site at a fresh engine with an empty index behind the alias."""
    from search.index import ensure_index

    settings.ELASTICSEARCH_URL = osmem_clone.url
    ensure_index()
    return osmem_clone.url


@pytest.fixture
def dead_engine(settings):
    """An engine address where nothing listens."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
    return settings.ELASTICSEARCH_URL


@pytest.fixture
def sync():
    """Drain the outbox as the worker would (tests never commit, so the on-commit task does not run)."""
    from search.sync import drain_all

    def run():
        synced, failed = drain_all(max_seconds=30)
        assert failed == 0
        return synced

    return run


def search_titles(q, **params):
    from search.query import SearchParams, run_search

    results = run_search(SearchParams(q=q, **params))
    return [hit.title for hit in results.hits]
