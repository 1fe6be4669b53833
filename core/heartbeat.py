"""The scheduler's heartbeat: ``manage.py scheduler`` writes the time to Redis after each round and every
``EVERY`` seconds while it waits; ``/healthz`` (part ``scheduler``) reports it failing when the last one is older
than ``HEALTHZ_QUEUE_STALE_SECONDS``, or missing: then no scheduler is running and scheduled pages are not
published. In Redis (the default cache), which every process of a deployment shares; checked only where that is
so and where the deployment runs its worker processes (the database task backend, as in production)."""

import time

from django.core.cache import cache

KEY = "scheduler:heartbeat"
EVERY = 10  # seconds


def beat():
    """Say that the scheduler is alive now (skipped, like every cache fill, while Redis is unreachable)."""
    cache.set(KEY, time.time(), timeout=None)


def seconds_since_last():
    """Seconds since the last heartbeat, or None if there has been none (or Redis does not answer)."""
    last = cache.get(KEY)
    if not isinstance(last, int | float):
        return None
    return max(0.0, time.time() - last)
