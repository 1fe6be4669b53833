"""A circuit breaker for the search engine: a hung or dead engine costs one short timeout, not one per request.

After a request to the engine fails for want of an answer (connection refused, timeout, 5xx), the breaker *opens*
for ``SEARCH_BREAKER_SECONDS``: searches skip the engine and answer from the database at once (the site's reduced
mode, the admin's database search), and index writes wait in the outbox. When that time is over the breaker is
*half-open*: one request (the trial) goes to the engine while the others still skip it; its success closes the
breaker, its failure opens it again.

The state is kept per engine (its URLs) in this process and, when the cache is shared (Redis), for all processes:
one worker's timeout spares every other worker the wait, and only one process at a time makes the trial. The
cache is only a helper: when it fails, each process keeps its own breaker.
"""

import hashlib
import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache

from .client import answered_status, engine_errors

logger = logging.getLogger("search.breaker")

#: Everything a request to the engine may raise when the engine is down, hung, refuses or answers an error.
EngineError = engine_errors()
#: The statuses that say the engine is there but not serving (as opposed to a missing index or a bad request).
OUTAGE_STATUSES = {429, 500, 502, 503, 504}
SHARED_TTL = 3600  # the shared "open" mark outlives the open period: processes that read it make one trial


class EngineSkipped(Exception):
    """The breaker is open: the engine was not asked."""


#: What a caller catches to fall back: the engine failed, or was not asked.
Unavailable = (*EngineError, EngineSkipped)


def is_outage(error):
    """Does ``error`` say the engine is not answering (rather than answering "no such index" or "bad query")?"""
    status = answered_status(error)
    if status is not None:
        return status in OUTAGE_STATUSES
    return isinstance(error, EngineError)


def _shared(call, *args, **kwargs):
    """(True, result) from the shared cache, or (False, None) when the cache is unavailable."""
    try:
        return True, call(*args, **kwargs)
    except Exception:  # a cache outage must not become a search outage
        return False, None


class Breaker:
    def __init__(self, key):
        digest = hashlib.sha256(key.encode()).hexdigest()[:12]
        self.open_key = f"search:breaker:{digest}:open-until"
        self.trial_key = f"search:breaker:{digest}:trial"
        self._lock = threading.Lock()
        self._open_until = 0.0  # wall-clock time (shared with other processes); 0: closed as far as we know
        self._trial_until = 0.0  # this process is making the trial until then

    @property
    def seconds(self):
        return float(settings.SEARCH_BREAKER_SECONDS)

    @property
    def trial_seconds(self):
        return max(10.0, 4 * float(settings.SEARCH_TIMEOUT))

    def allow(self, trial=True):
        """May a request go to the engine now?

        Closed: yes. Open: no. Half-open: yes for one caller (the trial) if ``trial``, else no.
        """
        if self.seconds <= 0:
            return True
        now = time.time()
        with self._lock:
            if now < self._open_until:
                return False
            known_open = self._open_until > 0
        reachable, shared_until = _shared(cache.get, self.open_key)
        if reachable:
            if shared_until is None:
                if known_open:  # another process's trial succeeded
                    self._reset()
                return True
            if now < shared_until:
                with self._lock:
                    self._open_until = shared_until
                return False
        elif not known_open:
            return True
        return trial and self._claim_trial(now, shared=reachable)

    def _claim_trial(self, now, shared):
        with self._lock:
            if now < self._trial_until:
                return False
            if shared:
                reachable, added = _shared(cache.add, self.trial_key, 1, timeout=self.trial_seconds)
                if reachable and not added:
                    return False  # another process is making the trial
            self._trial_until = now + self.trial_seconds
            return True

    def is_open(self):
        """Open or half-open: the engine failed lately and has not answered since."""
        return not self.allow(trial=False)

    def succeeded(self):
        """The engine answered: close the breaker (cheap when it is closed already)."""
        with self._lock:
            was_open = self._open_until > 0 or self._trial_until > 0
        if was_open:
            self._reset()
            _shared(cache.delete_many, [self.open_key, self.trial_key])
            logger.info("Search engine answers again: circuit breaker closed.")

    def failed(self, error):
        """The engine did not answer (``error``): open the breaker. Other errors mean it answered."""
        if not is_outage(error):
            self.succeeded()
            return
        if self.seconds <= 0:
            return
        until = time.time() + self.seconds
        with self._lock:
            self._open_until = until
            self._trial_until = 0.0
        _shared(cache.set, self.open_key, until, timeout=SHARED_TTL)
        _shared(cache.delete, self.trial_key)
        logger.warning(
            "Search engine not answering (%s: %s): skipping it for %.0f s.", type(error).__name__, error, self.seconds
        )

    def _reset(self):
        with self._lock:
            self._open_until = 0.0
            self._trial_until = 0.0

    def call(self, function, *args, trial=True, **kwargs):
        """``function(*args, **kwargs)`` through the breaker: raises EngineSkipped when it is open."""
        if not self.allow(trial=trial):
            raise EngineSkipped("The search engine failed lately; the circuit breaker is open.")
        try:
            result = function(*args, **kwargs)
        except EngineError as error:
            self.failed(error)
            raise
        self.succeeded()
        return result


_breakers = {}
_breakers_lock = threading.Lock()


def engine_key(urls):
    if isinstance(urls, str):
        urls = urls.split(",")
    return ",".join(sorted(url.strip().rstrip("/") for url in urls if url and url.strip()))


def breaker_for(urls):
    """The breaker of the engine at ``urls`` (a comma-separated string or a list)."""
    key = engine_key(urls)
    with _breakers_lock:
        if key not in _breakers:
            _breakers[key] = Breaker(key)
        return _breakers[key]


def site_breaker():
    """The breaker of the engine the site search uses (``ELASTICSEARCH_URL``)."""
    return breaker_for(settings.ELASTICSEARCH_URL or "")
