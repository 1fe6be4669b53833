"""Keeping the index in step with the database, without ever holding up publishing or voting.

1. A change (publish, unpublish, delete, move, an entry approved or removed) writes a ``PendingIndexUpdate`` row
   in the same transaction (``enqueue``). Nothing talks to the engine yet.
2. After the transaction commits, a django-tasks task drains the outbox (``drain``): for each object it reloads
   the current state, and either replaces the object's documents or removes them. Success deletes the rows;
   failure (engine down, timeout) keeps them and schedules the next attempt with exponential backoff. While the
   engine's circuit breaker is open (search.breaker), the drain does not try at all.
3. ``manage.py search_worker`` drains continuously in production, periodically ``reconcile``s the index
   against the database, re-queueing whatever is missing, surplus or out of date, and recreates an index the
   engine lost (search.repair).

Wagtail's admin index (search.admin_backend) uses the same outbox for the writes the engine could not take: rows
whose model is ``admin:<app_label.model>`` are replayed into it by the same drain.

While ``manage.py search_index rebuild`` loads a new index, drained updates are written to the new index too and
are also kept aside; after the alias is swapped they are replayed once more, which covers an object the loader
read just before it changed. Nothing written during the load is lost.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation

from .breaker import Unavailable, site_breaker
from .client import alias_name, engine_configured, helpers, index_client
from .models import PendingIndexUpdate
from .registry import indexer_for, indexers, model_label, source_of

logger = logging.getLogger("search.sync")

MAX_BACKOFF = 3600
REBUILD_TARGET = "search:rebuild-target"
REPLAY_AFTER_SWAP = timezone.make_aware(timezone.datetime(9999, 1, 1))
ADMIN_PREFIX = "admin:"  # outbox rows for Wagtail's admin index (search.admin_backend), written when the engine failed


# ---- writing the outbox -----------------------------------------------------------------------------------


def enqueue(obj, model=None):
    """Queue ``obj`` (or, for a deleted object, ``model`` + its pk) for syncing, in the current transaction."""
    label = model_label(model or type(obj))
    if indexer_for(label) is None:
        return
    PendingIndexUpdate.objects.create(model=label, object_id=str(obj.pk))
    _drain_after_commit()


def enqueue_many(objects):
    rows = [
        PendingIndexUpdate(model=model_label(type(obj)), object_id=str(obj.pk))
        for obj in objects
        if indexer_for(type(obj)) is not None
    ]
    if rows:
        PendingIndexUpdate.objects.bulk_create(rows)
        _drain_after_commit()


def queue_admin_update(obj):
    """Queue ``obj`` for Wagtail's admin index (search.admin_backend): the engine could not take it just now."""
    PendingIndexUpdate.objects.create(model=f"{ADMIN_PREFIX}{obj._meta.label_lower}", object_id=str(obj.pk))
    _drain_after_commit()


def _drain_after_commit():
    if not engine_configured():
        return

    def kick():
        from .tasks import drain_search_outbox

        try:
            drain_search_outbox.enqueue()
        except Exception:  # the outbox keeps the work; the worker will drain it
            logger.exception("Could not enqueue the search drain task")

    transaction.on_commit(kick)


# ---- documents -------------------------------------------------------------------------------------------


def load(label, object_id):
    indexer = indexer_for(label)
    model = indexer.model
    manager = model.objects
    obj = manager.filter(pk=object_id).first()
    if obj is not None and hasattr(obj, "specific"):
        obj = obj.specific
    return indexer, obj


def actions_for(indexer, obj, source, index):
    """Bulk actions replacing the documents ``source`` owns with ``obj``'s current ones (none if not public)."""
    if obj is None or not indexer.is_public(obj):
        return [], source
    actions = []
    for document in indexer.build(obj):
        doc_id = document.pop("id")
        actions.append({"_op_type": "index", "_index": index, "_id": doc_id, "_source": document})
    return actions, source


def apply(client, index, pairs):
    """Replace the documents of each (indexer, obj, source) in ``index``."""
    sources = [source for _indexer, _obj, source in pairs]
    if sources:
        client.delete_by_query(
            index=index, body={"query": {"terms": {"source": sources}}}, refresh=False, conflicts="proceed"
        )
    actions = []
    with translation.override(settings.LANGUAGE_CODE):  # labels and URLs as the Chinese site shows them
        for indexer, obj, source in pairs:
            actions.extend(actions_for(indexer, obj, source, index)[0])
    if actions:
        helpers().bulk(client, actions, refresh=False)
    client.indices.refresh(index=index)


def sync_objects(pairs):
    """Write to the live index (the alias) and, during a rebuild, to the index being built."""
    client = index_client()
    targets = [alias_name()]
    rebuilding = cache.get(REBUILD_TARGET)
    if rebuilding:
        targets.append(rebuilding)
    for target in targets:
        apply(client, target, pairs)
    if rebuilding:
        PendingIndexUpdate.objects.bulk_create(
            PendingIndexUpdate(
                model=source.rpartition(":")[0], object_id=source.rpartition(":")[2], next_attempt_at=REPLAY_AFTER_SWAP
            )
            for _indexer, _obj, source in pairs
        )


def replay_after_swap():
    """Make the updates kept aside during a rebuild due now, and drain them into the swapped-in index."""
    PendingIndexUpdate.objects.filter(next_attempt_at=REPLAY_AFTER_SWAP).update(next_attempt_at=timezone.now())
    return drain_all()


# ---- draining the outbox ----------------------------------------------------------------------------------


def backoff(attempts):
    return min(MAX_BACKOFF, 2 ** min(attempts, 12))


def drain(limit=200, now=None):
    """Sync due outbox rows; returns (synced, failed). Safe to run in several processes at once.

    While the engine's circuit breaker is open (search.breaker), nothing is tried: the rows wait.
    """
    if not engine_configured() or site_breaker().is_open():
        return 0, 0
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            PendingIndexUpdate.objects.select_for_update(skip_locked=True)
            .filter(next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")[:limit]
        )
        if not due:
            return 0, 0
        keys = {(row.model, row.object_id) for row in due}
        pairs, admin_keys = [], []
        for label, object_id in keys:
            if label.startswith(ADMIN_PREFIX):
                admin_keys.append((label.removeprefix(ADMIN_PREFIX), object_id))
                continue
            if indexer_for(label) is None:
                continue
            indexer, obj = load(label, object_id)
            pairs.append((indexer, obj, f"{label}:{object_id}"))
        try:
            if pairs or not admin_keys:
                site_breaker().call(sync_objects, pairs, trial=False)
            if admin_keys:
                from .admin_backend import replay

                replay(admin_keys)
        except Unavailable as error:
            attempts = max(row.attempts for row in due) + 1
            PendingIndexUpdate.objects.filter(pk__in=[row.pk for row in due]).update(
                attempts=attempts,
                next_attempt_at=now + timedelta(seconds=backoff(attempts)),
                last_error=f"{type(error).__name__}: {error}"[:2000],
            )
            logger.warning("Search sync failed for %d updates (attempt %d): %s", len(due), attempts, error)
            return 0, len(keys)
        # Rows for the same objects queued while we worked are covered by what we just wrote.
        PendingIndexUpdate.objects.filter(pk__in=[row.pk for row in due]).delete()
    forget_cached_searches()
    return len(keys), 0


def forget_cached_searches():
    """The index changed: cached search pages and answers (core.pagecache) are out of date."""
    from core import pagecache
    from search.views import SEARCH_PATHS

    paths = set()
    for path in SEARCH_PATHS:
        paths |= pagecache.language_variants(path)
    pagecache.invalidate_paths(paths)


def drain_all(max_seconds=60):
    synced = failed = 0
    deadline = time.monotonic() + max_seconds
    while time.monotonic() < deadline:
        done, broken = drain()
        synced, failed = synced + done, failed + broken
        if not done:
            break
    return synced, failed


# ---- reconciling ------------------------------------------------------------------------------------------


def indexed_versions(client, index):
    """{source: version} of every document in the index."""
    found = {}
    for hit in helpers().scan(
        client, index=index, query={"query": {"match_all": {}}, "_source": ["source", "version"]}
    ):
        found[hit["_source"]["source"]] = hit["_source"].get("version", "")
    return found


def reconcile():
    """Queue every object whose documents are missing, surplus or older than the object. Returns counts."""
    client = index_client()
    indexed = indexed_versions(client, alias_name())
    missing = stale = 0
    expected = set()
    to_queue = []
    for indexer in indexers():
        for obj in indexer.queryset():  # the public objects (core.visibility's queryset form)
            obj = obj.specific if hasattr(obj, "specific") else obj
            source = source_of(obj)
            expected.add(source)
            documents = indexer.documents(obj)
            version = documents[0].get("version", "") if documents else ""
            if source not in indexed:
                missing += 1
                to_queue.append(PendingIndexUpdate(model=indexer.label, object_id=str(obj.pk)))
            elif indexed[source] != version:
                stale += 1
                to_queue.append(PendingIndexUpdate(model=indexer.label, object_id=str(obj.pk)))
    surplus = [source for source in indexed if source not in expected]
    for source in surplus:
        label, _, object_id = source.rpartition(":")
        to_queue.append(PendingIndexUpdate(model=label, object_id=object_id))
    PendingIndexUpdate.objects.bulk_create(to_queue)
    return {"missing": missing, "stale": stale, "surplus": len(surplus)}


# ---- signal handlers --------------------------------------------------------------------------------------


def on_page_changed(sender, instance, **kwargs):
    enqueue(instance.specific if hasattr(instance, "specific") else instance)
    indexer = indexer_for(type(instance.specific))
    if indexer is not None:
        enqueue_many(indexer.dependants(instance.specific))


def on_page_deleted(sender, instance, **kwargs):
    if indexer_for(type(instance)) is not None:
        enqueue(instance, model=type(instance))


def enqueue_subtree(page):
    """Queue a page, every descendant and their dependants (a contest's entries)."""
    pages = [page.specific, *page.get_descendants().specific()]
    enqueue_many(pages)
    for each in pages:
        indexer = indexer_for(type(each))
        if indexer is not None:
            enqueue_many(indexer.dependants(each))


def on_page_moved(sender, instance, **kwargs):
    """A move changes the URL of the page and of every descendant, though only the page sends a signal."""
    enqueue_subtree(instance)


def on_view_restriction_changed(sender, instance, **kwargs):
    """A view restriction added, changed or lifted: the page and everything below it (and what shows them, such
    as a contest's entries) stop or start being public, though no page was published."""
    from wagtail.models import Page

    if kwargs.get("raw"):
        return
    page = Page.objects.filter(pk=instance.page_id).first()  # gone if the restriction goes with its page
    if page is not None:
        enqueue_subtree(page)


def on_record_saved(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    enqueue(instance)
    indexer = indexer_for(sender)
    if indexer is not None:
        enqueue_many(indexer.dependants(instance))


def on_record_deleted(sender, instance, **kwargs):
    enqueue(instance, model=sender)


def on_dependency_changed(dependants):
    """For models that are not indexed themselves but appear in documents (categories, speakers, districts)."""

    def handler(sender, instance, **kwargs):
        if not kwargs.get("raw"):
            enqueue_many(dependants(instance))

    return handler


def connect():
    from django.db.models.signals import post_delete, post_save

    from wagtail.models import Page, PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(on_page_changed, dispatch_uid="search-published")
    page_unpublished.connect(on_page_changed, dispatch_uid="search-unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="search-moved")
    post_save.connect(on_view_restriction_changed, sender=PageViewRestriction, dispatch_uid="search-restricted")
    post_delete.connect(on_view_restriction_changed, sender=PageViewRestriction, dispatch_uid="search-unrestricted")
    for indexer in indexers():
        if issubclass(indexer.model, Page):
            post_delete.connect(on_page_deleted, sender=indexer.model, dispatch_uid=f"search-del-{indexer.label}")
        else:
            post_save.connect(on_record_saved, sender=indexer.model, dispatch_uid=f"search-save-{indexer.label}")
            post_delete.connect(on_record_deleted, sender=indexer.model, dispatch_uid=f"search-del-{indexer.label}")


def connect_dependency(model, dependants):
    from django.db.models.signals import post_save

    post_save.connect(
        on_dependency_changed(dependants), sender=model, weak=False, dispatch_uid=f"search-dep-{model_label(model)}"
    )
