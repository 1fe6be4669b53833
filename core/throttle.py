"""Fixed-window rate limits shared by every server process, in one round trip to Redis.

django-ratelimit serves the low-traffic forms (registration, submissions). The vote endpoint is the hottest
path of the site, and there django-ratelimit's two cache calls per limit (add, then incr, each opening a new
client) cost more than the vote itself; here all of a request's limits are counted with one pipelined
INCR/EXPIRE round trip. Without Redis (development, the SQLite test run) the Django cache is used instead, which
is per process.
"""

import functools
import time

from django.conf import settings
from django.core.cache import cache

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    """'20/m' -> (20, 60); '5/10m' -> (5, 600)."""
    count, period = rate.split("/")
    unit = period[-1]
    multiplier = int(period[:-1]) if period[:-1] else 1
    return int(count), multiplier * PERIODS[unit]


@functools.cache
def _redis():
    import redis

    return redis.Redis.from_url(settings.REDIS_URL)


def hit(limits, now=None):
    """Count one hit against each ``(group, key, rate)``; return the groups whose limit is now exceeded."""
    now = now or time.time()
    prefix = settings.CACHES["default"].get("KEY_PREFIX") or "workershome"
    keyed = []
    for group, key, rate in limits:
        limit, period = parse_rate(rate)
        window = int(now // period)
        keyed.append((group, f"{prefix}:throttle:{group}:{key}:{window}", limit, period))
    if settings.REDIS_URL:
        pipe = _redis().pipeline(transaction=False)
        for _group, name, _limit, period in keyed:
            pipe.incr(name)
            pipe.expire(name, period + 5, nx=True)
        counts = pipe.execute()[::2]
    else:
        counts = []
        for _group, name, _limit, period in keyed:
            cache.add(name, 0, period + 5)
            counts.append(cache.incr(name))
    return [group for (group, _name, limit, _period), count in zip(keyed, counts, strict=True) if count > limit]
