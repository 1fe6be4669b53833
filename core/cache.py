"""Django's Redis cache backend, made to keep the site serving when Redis is slow or down.

One Redis client per connection pool
    Django builds a new ``redis.Redis`` object for every cache call, which costs more than the GET itself; this
    backend keeps one per connection pool (``core.compat.ReusedClientRedisCacheClient``, with the measurement).

Short timeouts
    Connecting and reading time out after ``socket_timeout`` (``REDIS_SOCKET_TIMEOUT``, 0.5 s) instead of
    redis-py's 5 s, without retries: a Redis that hangs holds a request for one timeout, not five seconds per call.

When Redis cannot be reached (refused, timed out, or refusing writes: out of memory, read-only, MISCONF)
    - The failure is logged once, and for ``retry_interval`` seconds (``REDIS_RETRY_INTERVAL``, 5 s) this process
      leaves Redis alone: every call fails at once, without a network round trip. After that the next call tries
      again (and is logged if it fails again).
    - Reads (``get``, ``get_many``, ``has_key``) answer "not cached", which is always a correct answer from a
      cache: pages are rendered, the site, menu, settings and sessions are read from the database.
    - Fills (``set``, ``set_many``) are skipped: nothing is stored. Every ``set`` here (Wagtail's included) fills
      the cache after a miss, except a session's new contents, which ``core.sessions`` deletes instead.
    - Deletes are remembered and made as soon as Redis answers again, before anything else, so what was deleted
      (a signed-out session) cannot come back when Redis returns with its data.
    - Counters and "only if absent" (``add``, ``incr``, ``decr``), and ``run``, raise ``CacheUnavailable``: they
      cannot pretend. Rate limits (core.throttle) and view counts let it through, and ``core.unavailable``
      answers 503 with a message in the user's language; the page cache catches it (see ``core.pagecache``).
    - When Redis answers again, this process first makes the remembered deletes and runs the ``on_reconnect``
      hooks (the page cache forgets every page stored before the outage; see ``core.pagecache``), then goes on.

The state is per process and per Redis location, shared by the threads of the process.
"""

import contextlib
import logging
import threading
import time
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from . import compat

logger = logging.getLogger(__name__)

DEFAULT_SOCKET_TIMEOUT = 0.5
DEFAULT_RETRY_INTERVAL = 5.0
MAX_PENDING_DELETES = 10_000


class CacheUnavailable(Exception):
    """Redis cannot be reached (or refuses writes) right now; the operation was not done."""


def is_unavailability(error):
    """Whether a redis-py error says that Redis is unreachable or refusing writes (rather than a bug)."""
    from redis import exceptions

    if isinstance(error, exceptions.ConnectionError | exceptions.TimeoutError):
        return True
    if isinstance(error, exceptions.OutOfMemoryError | exceptions.ReadOnlyError):
        return True
    return isinstance(error, exceptions.ResponseError) and str(error).startswith(("MISCONF", "MASTERDOWN"))


_reconnect_hooks = []


def increment(key, timeout=None, backend=None):
    """Add one to a counter in the cache, creating it at 1 (kept ``timeout`` seconds; None: no expiry) when it is
    missing. Returns the new value. The one way the project counts in the cache: generations, versions, views,
    rate limits without Redis. Raises ``CacheUnavailable`` when Redis cannot be reached (a count cannot pretend)."""
    from django.core.cache import cache

    backend = backend or cache
    if backend.add(key, 1, timeout=timeout):
        return 1
    try:
        return backend.incr(key)
    except ValueError:  # expired or evicted between add and incr
        backend.set(key, 1, timeout=timeout)
        return 1


def on_reconnect(hook):
    """Run ``hook(cache)`` in each process that found Redis unreachable, when it reaches Redis again.

    Hooks run before any other call of that process is let through; if one fails because Redis is gone again, the
    whole reconnection is tried again later. They must be cheap and idempotent.
    """
    if hook not in _reconnect_hooks:
        _reconnect_hooks.append(hook)
    return hook


class _Outage:
    """This process's view of one Redis location: down since when, when to try again, what to delete then."""

    def __init__(self, name):
        self.name = name
        self.since = None  # time.monotonic() of the first failure; None while Redis answers
        self.retry_at = 0.0
        self.pending_deletes = set()
        self.overflowed = False
        self.recovery = threading.Lock()
        self.recovering_thread = None


_outages = {}
_outages_lock = threading.Lock()


def _outage_for(servers):
    key = tuple(servers)
    with _outages_lock:
        if key not in _outages:
            # Host, port and database only: the URL may carry a password.
            names = []
            for server in servers:
                parts = urlsplit(server)
                names.append(f"{parts.hostname}:{parts.port or 6379}{parts.path}")
            _outages[key] = _Outage(", ".join(names))
        return _outages[key]


class RedisCache(DjangoRedisCache):
    """``OPTIONS``: redis-py's connection options, plus ``retry_interval`` (seconds; see the module's text)."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_interval = float(options.pop("retry_interval", DEFAULT_RETRY_INTERVAL))
        options.setdefault("socket_timeout", DEFAULT_SOCKET_TIMEOUT)
        options.setdefault("socket_connect_timeout", options["socket_timeout"])
        super().__init__(server, {**params, "OPTIONS": options})
        compat.reuse_redis_clients(self)
        self._outage = _outage_for(compat.redis_servers(self))

    # ---- the circuit breaker ----------------------------------------------------------------------------------

    def _call(self, operation, *args, **kwargs):
        outage = self._outage
        if outage.since is not None and outage.recovering_thread != threading.get_ident():
            self._reconnect()
        try:
            return operation(*args, **kwargs)
        except Exception as error:
            if not is_unavailability(error):
                raise
            self._failed(error)
            raise CacheUnavailable(f"Redis {outage.name}: {error}") from error

    def _failed(self, error):
        outage = self._outage
        now = time.monotonic()
        first = outage.since is None
        if first:
            outage.since = now
        outage.retry_at = now + self.retry_interval
        if first:
            logger.error(
                "Redis %s is unreachable (%s): serving without it, trying again every %g s",
                outage.name,
                error,
                self.retry_interval,
            )
        else:
            logger.warning("Redis %s is still unreachable (%s)", outage.name, error)

    def _reconnect(self):
        """Let calls through again once the retry interval is over and Redis answers the reconnection's calls."""
        outage = self._outage
        if time.monotonic() < outage.retry_at or not outage.recovery.acquire(blocking=False):
            raise CacheUnavailable(f"Redis {outage.name} is unreachable; not trying again yet")
        try:
            if outage.since is None:  # another thread reconnected first
                return
            outage.recovering_thread = threading.get_ident()
            deletes = list(outage.pending_deletes)
            if deletes:
                self._call(compat.redis_delete_many, self, deletes)
            for hook in _reconnect_hooks:
                hook(self)
            outage.pending_deletes.difference_update(deletes)
            logger.warning(
                "Redis %s answers again after %.1f s; made %d delayed deletes%s",
                outage.name,
                time.monotonic() - outage.since,
                len(deletes),
                " (more were lost: the list was full)" if outage.overflowed else "",
            )
            outage.since = None
            outage.overflowed = False
        finally:
            outage.recovering_thread = None
            outage.recovery.release()

    def _delete_later(self, keys):
        outage = self._outage
        room = MAX_PENDING_DELETES - len(outage.pending_deletes)
        if len(keys) > room and not outage.overflowed:
            outage.overflowed = True
            logger.error("Redis %s: more than %d delayed deletes; some are lost", outage.name, MAX_PENDING_DELETES)
        outage.pending_deletes.update(keys[: max(room, 0)])

    def is_available(self):
        """Whether Redis answers a PING now (False at once while this process is leaving it alone)."""
        try:
            self._call(lambda: compat.redis_client(self, write=True).ping())
        except CacheUnavailable:
            return False
        return True

    def run(self, function, *, write=True):
        """``function(client)`` with a redis-py client, for commands Django's cache API lacks, under the same
        timeouts and breaker (``CacheUnavailable`` when Redis cannot be reached). Keys are not prefixed."""
        return self._call(lambda: function(compat.redis_client(self, write=write)))

    # ---- Django's cache API -----------------------------------------------------------------------------------
    # Reads miss and fills are skipped when Redis cannot be reached; deletes are made when it answers again.

    @property
    def unreachable(self):
        """True from a failure until this process reaches Redis again (callers may skip work that would fail)."""
        return self._outage.since is not None

    def get(self, key, default=None, version=None):
        try:
            return self._call(super().get, key, default, version)
        except CacheUnavailable:
            return default

    def get_many(self, keys, version=None):
        try:
            return self._call(super().get_many, keys, version)
        except CacheUnavailable:
            return {}

    def has_key(self, key, version=None):
        try:
            return self._call(super().has_key, key, version)
        except CacheUnavailable:
            return False

    def get_or_set(self, key, default, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().get_or_set(key, default, timeout, version)
        except CacheUnavailable:  # from its add
            return default() if callable(default) else default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        """Not stored when Redis cannot be reached: a fill that did not happen. A caller whose value replaces one
        that must not come back deletes it in that case (see ``core.sessions``)."""
        with contextlib.suppress(CacheUnavailable):
            self._call(super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return self._call(super().set_many, data, timeout, version)
        except CacheUnavailable:
            return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return self._call(super().touch, key, timeout, version)
        except CacheUnavailable:
            return False

    def delete(self, key, version=None):
        try:
            return self._call(super().delete, key, version)
        except CacheUnavailable:
            self._delete_later([self.make_and_validate_key(key, version=version)])
            return False

    def delete_many(self, keys, version=None):
        try:
            return self._call(super().delete_many, keys, version)
        except CacheUnavailable:
            self._delete_later([self.make_and_validate_key(key, version=version) for key in keys])

    # Counters and "only if absent" cannot pretend: CacheUnavailable (decr is incr).

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        return self._call(super().incr, key, delta, version)

    def clear(self):
        return self._call(super().clear)
