"""One Elasticsearch client for Elasticsearch 8/9, OpenSearch 2/3 and osmem.

The elasticsearch 8 client asks for ``application/vnd.elasticsearch+json; compatible-with=8``. Elasticsearch 8
and 9 accept plain ``application/json`` just as well, but OpenSearch-compatible servers answer the vendor type
with 406 Not Acceptable. The client also refuses any server whose responses lack ``X-Elastic-Product:
Elasticsearch``, which OpenSearch does not send. This node class sends plain JSON (and NDJSON for bulk
requests) and marks successful responses as coming from a supported product, so the same client works
against all of them. It has no Django imports: settings import it for the admin search backend too.
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
        response = super().perform_request(method, target, body=body, headers=headers, **kwargs)
        meta = response.meta
        if 200 <= meta.status < 300 and "x-elastic-product" not in meta.headers:
            meta.headers["x-elastic-product"] = "Elasticsearch"
        return response
