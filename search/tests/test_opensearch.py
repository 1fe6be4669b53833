"""SEARCH_ENGINE=opensearch: the site search and the admin search through opensearch-py, OpenSearch's own client.

No OpenSearch (a JVM) runs here. The engine is osmem-server, which answers as OpenSearch 3 does (``"distribution":
"opensearch"``, OpenSearch's APIs) except that it also sends ``X-Elastic-Product``. The tests put a small proxy in
front of it that drops that header, so the clients meet a cluster that identifies itself as OpenSearch does: the
elasticsearch client refuses it, and everything the project does goes through opensearch-py instead.
"""

import http.client
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.management import call_command
from django.urls import reverse

import pytest

from ..conftest import search_titles

pytestmark = pytest.mark.django_db


class WithoutProductHeader(BaseHTTPRequestHandler):
    """Forwards every request to the engine and its answer back, without ``X-Elastic-Product``."""

    engine = None  # (host, port), set per server
    protocol_version = "HTTP/1.1"

    def forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {name: value for name, value in self.headers.items() if name.lower() not in ("host", "connection")}
        upstream = http.client.HTTPConnection(*self.server.engine, timeout=30)
        try:
            upstream.request(self.command, self.path, body=body, headers=headers)
            answer = upstream.getresponse()
            payload = answer.read()
            self.send_response(answer.status)
            for name, value in answer.getheaders():
                if name.lower() not in ("x-elastic-product", "content-length", "connection", "transfer-encoding"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)
        finally:
            upstream.close()

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = forward  # noqa: N815

    def log_message(self, *args):
        pass


@pytest.fixture
def opensearch(osmem_clone, settings):
    """The site search and the admin search on a cluster that answers as OpenSearch, through opensearch-py."""
    from search.index import ensure_index

    address = urllib.parse.urlsplit(osmem_clone.url)
    server = ThreadingHTTPServer(("127.0.0.1", 0), WithoutProductHeader)
    server.engine = (address.hostname, address.port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    settings.SEARCH_ENGINE = "opensearch"
    settings.ELASTICSEARCH_URL = url
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.admin_backend", "URLS": [url], "INDEX_PREFIX": "test-admin-"}
    }
    ensure_index()
    yield url
    server.shutdown()
    server.server_close()


def test_the_cluster_is_refused_by_the_elasticsearch_client_and_served_by_opensearch_py(opensearch):
    from elasticsearch import Elasticsearch, UnsupportedProductError
    from opensearchpy import OpenSearch

    from search.client import get_client
    from search.transport import PlainJsonNode

    with pytest.raises(UnsupportedProductError):
        Elasticsearch(opensearch, node_class=PlainJsonNode).info()
    client = get_client()
    assert isinstance(client, OpenSearch)
    assert client.info()["version"]["distribution"] == "opensearch"
    assert client.ping()


def test_site_search_sync_rebuild_and_reconcile(client, opensearch, sync, make_feature, make_room):
    from search.index import current_index, rebuild
    from search.query import SearchParams, run_search
    from search.sync import reconcile

    make_feature(title="荆江汽车职工书屋升级", summary="书屋可以借电子书了。", tags=["书屋"])
    make_feature(title="送清凉到工地")
    make_room(title="沙市区职工书屋")
    assert sync() >= 3  # the outbox drained with opensearch-py's bulk helper
    assert set(search_titles("书屋")) >= {"荆江汽车职工书屋升级", "沙市区职工书屋"}
    assert search_titles("送清凉") == ["送清凉到工地"]

    html = client.get(reverse("search:search"), {"q": "书屋"}).content.decode()
    assert "<mark>书屋</mark>" in html and "降级模式" not in html and "facet__count" in html
    api = client.get(reverse("search_api"), {"q": "书屋"}).json()
    assert api["mode"] != "reduced" and "荆江汽车职工书屋升级" in [hit["title"] for hit in api["results"]]
    suggestions = client.get(reverse("search:suggest"), {"q": "书屋"}).json()["suggestions"]
    assert "沙市区职工书屋" in [item["title"] for item in suggestions]
    nothing = run_search(SearchParams(q="书屋不存在的词组合"))
    assert nothing.hits == [] and nothing.suggestions, "no hit: the relaxed suggestions come from the engine too"

    before = current_index()
    result = rebuild(chunk_size=2)  # streaming_bulk, settings and the alias swap through opensearch-py
    assert result["index"] == current_index() != before
    assert set(search_titles("书屋")) >= {"荆江汽车职工书屋升级", "沙市区职工书屋"}
    assert reconcile() == {"missing": 0, "stale": 0, "surplus": 0}  # the scan helper reads every document back


def test_admin_search_uses_modelsearchs_opensearch_backend(client, moderator, opensearch, make_feature):
    from modelsearch.backends import get_search_backend
    from modelsearch.backends.opensearch3 import OpenSearch3SearchBackend

    from opensearchpy import OpenSearch

    backend = get_search_backend()
    assert isinstance(backend, OpenSearch3SearchBackend) and isinstance(backend.search_client(), OpenSearch)
    make_feature(title="荆江汽车职工书屋升级")
    make_feature(title="送清凉到工地")
    call_command("update_index", verbosity=0)
    OpenSearch(opensearch).indices.refresh(index="test-admin-*")
    client.force_login(moderator)
    pages = client.get(reverse("wagtailadmin_pages:search"), {"q": "书屋"}).content.decode()
    assert "荆江汽车职工书屋升级" in pages and "送清凉到工地" not in pages
    assert "荆江汽车职工书屋升级" in client.get(reverse("wagtailadmin_pages:search"), {"q": "职工书"}).content.decode()
    assert "搜索引擎没有响应" not in pages


def test_a_dead_opensearch_cluster_gives_the_reduced_mode(client, moderator, dead_engine, settings, make_feature):
    from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError
    from opensearchpy.exceptions import NotFoundError

    from search.breaker import is_outage

    settings.SEARCH_ENGINE = "opensearch"
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.admin_backend", "URLS": [dead_engine], "INDEX_PREFIX": "test-admin-"}
    }
    assert is_outage(OpenSearchConnectionError("N/A", "refused", None))
    assert not is_outage(NotFoundError(404, "index_not_found_exception", {}))
    make_feature(title="荆江汽车职工书屋升级")
    page = client.get(reverse("search:search"), {"q": "书屋"})
    assert page.status_code == 200 and "降级模式" in page.content.decode()
    assert "荆江汽车职工书屋升级" in page.content.decode()
    assert client.get(reverse("search_api"), {"q": "书屋"}).json()["mode"] == "reduced"
    client.force_login(moderator)
    admin = client.get(reverse("wagtailadmin_pages:search"), {"q": "书屋"})
    assert admin.status_code == 200 and "荆江汽车职工书屋升级" in admin.content.decode()
