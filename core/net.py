"""The visitor's address, for rate limits and audit records.

Behind a reverse proxy REMOTE_ADDR is the proxy. Set ``TRUSTED_PROXY_COUNT`` to the number of proxies in front of
the app (e.g. 1 for nginx); the client address is then taken from X-Forwarded-For, counting from the right so a
client cannot forge it by sending its own header. With 0 (the default) X-Forwarded-For is ignored.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 - a placeholder, never bound
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            candidate = forwarded[-hops]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                return remote
    return remote
