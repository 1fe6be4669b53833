"""Fixed-window rate limits shared by every server process, in one round trip to Redis.

The one rate limiter of the project: votes, sign-ins (accounts.backends.SignInLimitBackend), registration, comments,
entry submissions and page passwords all count here. The vote endpoint is the hottest path of the site, so all of
a request's limits are counted with one pipelined
INCR/EXPIRE round trip, through the cache's own Redis client (``core.cache.RedisCache.run``: same timeouts, same
circuit breaker). Without Redis (development, the SQLite test run) the Django cache is used instead, which is per
process.

When Redis cannot be reached, ``hit`` raises ``core.cache.CacheUnavailable``: nothing is let through uncounted, and
``core.unavailable`` answers 503.
"""

import time

from django.core.cache import caches

from .cache import RedisCache, increment

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    """'20/m' -> (20, 60); '5/10m' -> (5, 600)."""
    count, period = rate.split("/")
    unit = period[-1]
    multiplier = int(period[:-1]) if period[:-1] else 1
    return int(count), multiplier * PERIODS[unit]


def hit(limits, now=None):
    """Count one hit against each ``(group, key, rate)``; return the groups whose limit is now exceeded."""
    now = now or time.time()
    cache = caches["default"]
    prefix = cache.key_prefix or "workershome"
    keyed = []
    for group, key, rate in limits:
        limit, period = parse_rate(rate)
        window = int(now // period)
        keyed.append((group, f"{prefix}:throttle:{group}:{key}:{window}", limit, period))
    if isinstance(cache, RedisCache):

        def count(client):
            pipe = client.pipeline(transaction=False)
            for _group, name, _limit, period in keyed:
                pipe.incr(name)
                pipe.expire(name, period + 5, nx=True)
            return pipe.execute()[::2]

        counts = cache.run(count)
    else:
        counts = [increment(name, timeout=period + 5, backend=cache) for _group, name, _limit, period in keyed]
    return [group for (group, _name, limit, _period), count in zip(keyed, counts, strict=True) if count > limit]
