"""Noticing an engine that lost its indexes (restarted empty, indexes deleted) and refilling it, unattended.

``manage.py search_worker`` checks every few seconds (``worker_pass``), and the outbox drain task checks when a
drain failed (``repair_if_failed``): if the site's alias is missing, the zero-downtime rebuild (search.index)
recreates and refills it; if one of Wagtail's admin indexes is missing, Wagtail's ``update_index`` rebuilds them.
Outbox rows that failed meanwhile stay in the outbox and are made due at once after the rebuild. Only one process
repairs at a time (a PostgreSQL advisory lock; elsewhere a cache lock).
"""

import contextlib
import logging
import zlib

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from .breaker import EngineError, Unavailable, site_breaker
from .client import alias_name, engine_configured, get_client

logger = logging.getLogger("search.repair")

LOCK_NAME = "search:repair"


@contextlib.contextmanager
def exclusive(name=LOCK_NAME):
    """True inside if this process holds the lock ``name`` (no other process repairs now), else False."""
    if connection.vendor == "postgresql":
        key = zlib.crc32(name.encode())
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            held = cursor.fetchone()[0]
        try:
            yield held
        finally:
            if held:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    try:
        held = cache.add(name, 1, timeout=3600)
    except Exception:  # no shared cache: this process goes ahead
        held = True
    try:
        yield held
    finally:
        if held:
            with contextlib.suppress(Exception):
                cache.delete(name)


def aliases(client):
    """{name: [indexes]} for every alias and every index on the engine (an index stands for itself)."""
    found = {}
    for index, info in client.indices.get_alias().items():
        found.setdefault(index, []).append(index)
        for alias in info.get("aliases") or {}:
            found.setdefault(alias, []).append(index)
    return found


def site_index_missing():
    """Is the site's alias missing? Asks the engine through the site breaker (a failure opens it)."""
    breaker = site_breaker()
    try:
        present = aliases(get_client())
    except EngineError as error:
        breaker.failed(error)
        raise
    breaker.succeeded()
    name = alias_name()
    return name not in present or present[name] == [name]  # a plain index under the alias's name is not ours


def admin_backend():
    """Wagtail's admin search backend, if it is on the engine (search.admin_backend), else None."""
    from modelsearch.backends import get_search_backend

    from .admin_backend import CJKElasticsearchSearchBackend

    backend = get_search_backend()
    return backend if isinstance(backend, CJKElasticsearchSearchBackend) else None


def admin_indexes_missing(backend):
    """The admin indexes the engine lacks (each must be an alias: modelsearch's atomic rebuild makes them so)."""
    try:
        present = aliases(backend.search_client())
    except EngineError as error:
        backend.breaker.failed(error)
        raise
    backend.breaker.succeeded()
    atomic = backend.rebuilder_class is backend.atomic_rebuilder_class
    missing = []
    for index in backend.all_indexes():
        targets = present.get(index.name, [])
        if not targets or (atomic and targets == [index.name]):
            missing.append(index.name)
    return sorted(missing)


def requeue_waiting():
    """Make every outbox row waiting for a retry due now (the engine is back)."""
    from .models import PendingIndexUpdate
    from .sync import REPLAY_AFTER_SWAP

    now = timezone.now()
    return PendingIndexUpdate.objects.filter(next_attempt_at__gt=now, next_attempt_at__lt=REPLAY_AFTER_SWAP).update(
        next_attempt_at=now
    )


def repair():
    """Recreate and refill whatever index the engine lacks. Returns what was done; raises EngineError if the
    engine cannot be asked, RebuildFailed if the site rebuild failed."""
    from .index import rebuild

    done = {}
    if not engine_configured():
        return done
    backend = admin_backend()
    site_missing = site_index_missing()
    admin_missing = admin_indexes_missing(backend) if backend else []
    if not site_missing and not admin_missing:
        return done
    with exclusive() as held:
        if not held:
            return {"busy": "another process is repairing the search indexes"}
        # Asked again under the lock: another process may have repaired them just now.
        if site_index_missing():
            logger.warning("The search index %s is missing: rebuilding it.", alias_name())
            done["site"] = rebuild()
        if backend and admin_indexes_missing(backend):
            logger.warning("Admin search indexes missing (%s): rebuilding them.", ", ".join(admin_missing))
            call_command("update_index", backend_name="default", verbosity=0)
            done["admin"] = admin_missing
        if done:
            done["requeued"] = requeue_waiting()
    return done


def repair_if_failed(failed):
    """For the drain task: after a failed drain, repair a missing index (not while the breaker is open)."""
    from .index import RebuildFailed

    if not failed or not engine_configured() or site_breaker().is_open():
        return {}
    try:
        return repair()
    except (*Unavailable, RebuildFailed) as error:
        logger.warning("Search index repair failed, the search worker will try again: %s", error)
        return {"error": str(error)}


def worker_pass(reconcile_now=False, check=True):
    """One round of ``manage.py search_worker``: repair missing indexes, drain the outbox, maybe reconcile.

    The check asks the engine even while the breaker is open, so the worker also notices first that the engine is
    back (and closes the breaker for every process). Returns a report; never raises for an engine failure.
    """
    from .index import RebuildFailed
    from .sync import drain_all, reconcile

    report = {}
    if not engine_configured():
        return report
    if check:
        try:
            repaired = repair()
        except (*Unavailable, RebuildFailed) as error:
            report["engine"] = f"{type(error).__name__}: {error}"
            return report
        if repaired:
            report["repaired"] = repaired
    synced, failed = drain_all()
    if synced or failed:
        report.update(synced=synced, failed=failed)
    if reconcile_now and not site_breaker().is_open():
        try:
            report["reconcile"] = site_breaker().call(reconcile, trial=False)
        except Unavailable as error:
            report["engine"] = f"{type(error).__name__}: {error}"
        else:
            synced, failed = drain_all()
            report.update(synced=report.get("synced", 0) + synced, failed=report.get("failed", 0) + failed)
    return report
