"""One client for Elasticsearch 8/9 and osmem: plain JSON; the client's product check is left as it is."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from elasticsearch import ApiError, Elasticsearch, UnsupportedProductError

from search.transport import PlainJsonNode, plain_mimetype


def test_vendor_mimetypes_become_plain():
    assert plain_mimetype("application/vnd.elasticsearch+json; compatible-with=8") == "application/json"
    assert plain_mimetype("application/vnd.elasticsearch+x-ndjson; compatible-with=8") == "application/x-ndjson"
    assert plain_mimetype("application/json") == "application/json"


def test_stock_client_is_refused_by_osmem_and_ours_is_not(osmem_clone):
    stock = Elasticsearch(osmem_clone.url)
    with pytest.raises(ApiError) as refused:
        stock.indices.create(index="stock", settings={"number_of_shards": 1})
    assert refused.value.status_code == 406
    ours = Elasticsearch(osmem_clone.url, node_class=PlainJsonNode)
    ours.indices.create(index="ours", settings={"number_of_shards": 1})
    ours.index(index="ours", id="1", document={"title": "职工书屋"}, refresh=True)
    assert ours.count(index="ours")["count"] == 1


class OpenSearchLike(BaseHTTPRequestHandler):
    """What OpenSearch does that matters here: 406 for the vendor media type, and no X-Elastic-Product."""

    seen = []

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        content_type = self.headers.get("Content-Type", "")
        OpenSearchLike.seen.append((self.headers.get("Accept", ""), content_type))
        if "vnd.elasticsearch" in content_type or "vnd.elasticsearch" in self.headers.get("Accept", ""):
            status, body = 406, {"error": "Content-Type header is not supported", "status": 406}
        else:
            status, body = 200, {"acknowledged": True, "index": "x"}
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_PUT = do_POST = do_GET = _answer  # noqa: N815

    def log_message(self, *args):
        pass


@pytest.fixture
def opensearch_like():
    OpenSearchLike.seen = []
    server = HTTPServer(("127.0.0.1", 0), OpenSearchLike)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_the_engine_here_identifies_itself_as_the_client_requires(osmem_clone):
    """osmem sends X-Elastic-Product, so the client's product check passes without any help."""
    client = Elasticsearch(osmem_clone.url, node_class=PlainJsonNode)
    response = client.info()
    assert response.meta.headers.get("x-elastic-product") == "Elasticsearch"


def test_plain_json_to_a_server_without_the_product_header_is_refused_not_faked(opensearch_like):
    """OpenSearch sends no X-Elastic-Product: the client refuses it (running on OpenSearch needs opensearch-py)."""
    ours = Elasticsearch(opensearch_like, node_class=PlainJsonNode)
    with pytest.raises(UnsupportedProductError):
        ours.indices.create(index="x", settings={"number_of_shards": 1})
    accept, content_type = OpenSearchLike.seen[-1]
    assert accept == "application/json" and content_type == "application/json", "what was sent was plain JSON"
