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


class OwnEngine:
    """An osmem-server process of the test's own (not the session's shared one), so the test may pause it
    (SIGSTOP: it accepts connections and never answers, like a hung engine), resume it, or restart it empty at
    the same address."""

    def __init__(self):
        from osmem_server import OsmemServer

        self.server = OsmemServer.start(japanese=False)
        self.url = self.server.url

    def pause(self):
        import os
        import signal

        os.kill(self.server.process.pid, signal.SIGSTOP)

    def resume(self):
        import os
        import signal

        if self.server.process.poll() is None:
            os.kill(self.server.process.pid, signal.SIGCONT)

    def restart_empty(self):
        from osmem_server import OsmemServer

        port = self.url.rsplit(":", 1)[1]
        self.close()
        self.server = OsmemServer.start(japanese=False, addr=f"127.0.0.1:{port}")
        assert self.server.url == self.url

    def close(self):
        self.resume()
        self.server.close(grace=1)


@pytest.fixture
def own_engine(settings):
    """The site search and the admin search on an engine process of this test's own, with short timeouts."""
    engine = OwnEngine()
    settings.ELASTICSEARCH_URL = engine.url
    settings.SEARCH_TIMEOUT = 1.0
    settings.SEARCH_BREAKER_SECONDS = 30
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.admin_backend", "URLS": [engine.url], "INDEX_PREFIX": "test-admin-"}
    }
    yield engine
    engine.close()
