"""One Elasticsearch client for Elasticsearch 8/9 and osmem.

The elasticsearch 8 client asks for ``application/vnd.elasticsearch+json; compatible-with=8``. Elasticsearch 8
and 9 accept plain ``application/json`` just as well, but OpenSearch-compatible servers (osmem among them)
answer the vendor type with 406 Not Acceptable. This node class (elastic-transport's ``node_class`` option, its
documented way to change how requests are sent) sends plain JSON, and NDJSON for bulk requests, so the same
client works against both.

The client also refuses a server whose successful responses lack ``X-Elastic-Product: Elasticsearch``.
Elasticsearch and osmem send it; OpenSearch itself does not, and this project does not fake it: on OpenSearch
(``SEARCH_ENGINE=opensearch``) the project uses OpenSearch's own client, opensearch-py (search/client.py). This
module has no Django imports.
"""

import re

from elastic_transport import Urllib3HttpNode

_VENDOR_MIMETYPE = re.compile(r"application/vnd\.elasticsearch\+(json|x-ndjson)(;\s*compatible-with=\d+)?")


def plain_mimetype(value):
    return _VENDOR_MIMETYPE.sub(lambda match: f"application/{match.group(1)}", value)


class PlainJsonNode(Urllib3HttpNode):
    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        if headers is not None:
            headers = headers.copy()
            for name in ("accept", "content-type"):
                if name in headers:
                    headers[name] = plain_mimetype(headers[name])
        return super().perform_request(method, target, body=body, headers=headers, **kwargs)
