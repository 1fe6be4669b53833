"""View counts that cost a cache increment, not a database write, per view.

A view adds one to a counter in the shared cache (Redis in production). Counters are flushed into the
``view_count`` / ``page_views`` columns in batches — at most every ``FLUSH_INTERVAL`` seconds by whichever request
comes first, and by ``manage.py flush_view_counts`` from cron. Displayed figures add the unflushed counts, so they
are never behind. A visitor's repeat views within ``REPEAT_WINDOW`` count once.

Only views of things that exist are counted: the first view by a visitor costs one indexed read of the row
(repeat views cost none), so a client sending beacons for made-up ids cannot fill the cache with counters that
no flush would ever take. Counters also expire after ``COUNTER_TTL`` (far longer than the flush interval), so
Redis may evict them under memory pressure (``volatile-lru``) rather than keep them for ever.
"""

from django.apps import apps
from django.core.cache import cache
from django.db.models import F

from core.cache import increment

FLUSH_INTERVAL = 30
REPEAT_WINDOW = 10 * 60
COUNTER_TTL = 7 * 24 * 3600
KINDS = {
    "entry": ("campaigns.VideoEntry", "view_count"),
    "contest": ("campaigns.VideoContestPage", "page_views"),
}


def _key(kind, pk):
    return f"views:{kind}:{pk}"


def record_view(kind, pk, visitor):
    """Count a view of ``kind``/``pk`` by ``visitor`` (an IP or session key). Returns True if it counted."""
    if kind not in KINDS:
        raise ValueError(kind)
    if not cache.add(f"views-seen:{kind}:{pk}:{visitor}", 1, REPEAT_WINDOW):
        return False
    model_label, _field = KINDS[kind]
    if not apps.get_model(model_label).objects.filter(pk=pk).exists():
        return False
    increment(_key(kind, pk), timeout=COUNTER_TTL)
    if cache.add("views:flush-lock", 1, FLUSH_INTERVAL):
        flush()
    return True


def pending_views(kind, pks):
    """Views counted in the cache but not yet written to the database, by pk."""
    if not pks:
        return {}
    found = cache.get_many([_key(kind, pk) for pk in pks])
    return {pk: found.get(_key(kind, pk), 0) for pk in pks}


def with_pending_views(entries):
    """Annotate entries with their unflushed views (one cache round trip for the whole list)."""
    entries = list(entries)
    pending = pending_views("entry", [e.pk for e in entries])
    for entry in entries:
        entry.pending_views = pending.get(entry.pk, 0)
    return entries


def flush():
    """Move cached counts into the database. Safe to run concurrently: each count is taken with an atomic
    decrement before it is added to its row, so no view is counted twice."""
    written = 0
    for kind, (model_label, field) in KINDS.items():
        model = apps.get_model(model_label)
        pks = list(model.objects.values_list("pk", flat=True))
        for pk, count in pending_views(kind, pks).items():
            if not count:
                continue
            cache.decr(_key(kind, pk), count)
            model.objects.filter(pk=pk).update(**{field: F(field) + count})
            written += count
    return written
