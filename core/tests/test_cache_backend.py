"""The Redis cache backend reuses one client per connection pool, still behaves as Django's cache, and does not
hold a request when Redis is down or hangs."""

import os
import subprocess
import sys
import time

from django.conf import settings

import pytest

from core import compat
from core.cache import CacheUnavailable, RedisCache


def make_cache():
    return RedisCache(settings.REDIS_URL, {"KEY_PREFIX": "cache-backend-test", "TIMEOUT": 60})


@pytest.mark.redis
def test_one_client_serves_every_call():
    cache = make_cache()
    client = compat.redis_client(cache, write=False)
    assert compat.redis_client(cache, write=False) is client
    assert compat.redis_client(cache, write=True) is client


@pytest.mark.redis
def test_reused_client_reads_writes_and_counts():
    cache = make_cache()
    cache.delete_many(["page", "hits"])  # only this test's keys: other tests share the Redis database
    cache.set("page", {"body": "职工书屋"})
    assert cache.get("page") == {"body": "职工书屋"}
    assert cache.add("hits", 1) is True
    assert cache.add("hits", 5) is False
    assert cache.incr("hits", 2) == 3
    assert cache.get_many(["page", "hits", "missing"]) == {"page": {"body": "职工书屋"}, "hits": 3}
    cache.delete_many(["page", "hits"])
    assert cache.get("page") is None


@pytest.mark.redis
def test_a_forked_process_gets_its_own_connections():
    """gunicorn forks its workers after importing the app: a client made before the fork must still work after."""
    code = (
        "import os, sys\n"
        "from core.cache import RedisCache\n"
        f"cache = RedisCache({settings.REDIS_URL!r}, {{'KEY_PREFIX': 'cache-fork-test'}})\n"
        "cache.set('k', 'parent')\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    cache.set('k', 'child')\n"
        "    os._exit(0 if cache.get('k') == 'child' else 1)\n"
        "_, status = os.waitpid(pid, 0)\n"
        "sys.exit(os.waitstatus_to_exitcode(status) or (0 if cache.get('k') == 'child' else 2))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "workershome.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_a_hung_redis_costs_one_timeout_and_is_then_left_alone(hung_redis_url):
    """The old behaviour: 5 s per call (redis-py's default timeout), then an exception."""
    cache = RedisCache(hung_redis_url, {"OPTIONS": {"socket_timeout": 0.25, "retry_interval": 60}})
    start = time.monotonic()
    assert cache.get_many(["page", "generation"]) == {}, "a read misses"
    first = time.monotonic() - start
    assert 0.2 <= first < 2, f"one timeout of 0.25 s, took {first:.2f} s"
    assert cache.unreachable
    start = time.monotonic()
    for _ in range(100):
        assert cache.get("page", "default") == "default"
        cache.set("page", "x")  # skipped
        assert cache.delete("page") is False  # made when Redis answers again
    assert time.monotonic() - start < 1, "no network call while Redis is left alone"
    with pytest.raises(CacheUnavailable):
        cache.add("counter", 1)
    with pytest.raises(CacheUnavailable):
        cache.incr("counter")
    assert cache.is_available() is False


def test_a_refused_connection_fails_at_once(refused_redis_url):
    cache = RedisCache(refused_redis_url, {"OPTIONS": {"retry_interval": 60}})
    start = time.monotonic()
    assert cache.get("page") is None and cache.get_many(["a", "b"]) == {}
    assert time.monotonic() - start < 1
    with pytest.raises(CacheUnavailable):
        cache.run(lambda client: client.incr("throttle-test"))  # as core.throttle counts


@pytest.mark.redis
def test_the_default_timeouts_are_short():
    pool = make_cache()._cache._get_connection_pool(write=True)
    assert pool.connection_kwargs["socket_timeout"] == 0.5
    assert pool.connection_kwargs["socket_connect_timeout"] == 0.5
