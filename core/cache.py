"""Django's Redis cache backend, with one Redis client per connection pool instead of one per operation.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` object for every cache call. The
connections come from a shared pool either way, but building the client (its table of ~170 response callbacks)
costs more than the GET itself: measured here, 178 µs to build against 139 µs for a GET to the local Redis.
Every anonymous page served from the page cache, and every signed-in request's session read, pays that once per
cache call. A ``redis.Redis`` object is safe to share between threads (each command takes a pooled
connection), and the pool notices a fork and reconnects, so one client per pool is enough.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        if pool not in self._clients:
            self._clients[pool] = self._client(connection_pool=pool)
        return self._clients[pool]


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
