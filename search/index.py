"""Creating, loading and swapping versioned indexes behind the site's alias."""

import itertools
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from elasticsearch.dsl import Index

from core import compat

from .client import alias_name, get_client, helpers
from .documents import SiteDocument
from .registry import indexers, memoised_image_urls

logger = logging.getLogger("search.index")


def new_index_name():
    return f"{alias_name()}-{timezone.now():%Y%m%d%H%M%S%f}"


def create_index(name, client=None, loading=False):
    """Create an index with the site's mapping and Chinese analysis; ``loading`` turns refresh off."""
    client = client or get_client()
    index = Index(name)
    index.document(SiteDocument)
    index.settings(
        number_of_shards=1,
        number_of_replicas=settings.SEARCH_INDEX_REPLICAS,
        refresh_interval="-1" if loading else "1s",
        max_result_window=10000,
    )
    client.indices.create(index=name, body=index.to_dict())
    return name


def current_index(client=None):
    """The concrete index the alias points at, or None."""
    client = client or get_client()
    if not client.indices.exists_alias(name=alias_name()):
        return None
    return next(iter(client.indices.get_alias(name=alias_name())))


def ensure_index(client=None):
    """Make sure the alias exists (an empty index behind it), for a first start."""
    client = client or get_client()
    if current_index(client) is None:
        name = create_index(new_index_name(), client)
        client.indices.put_alias(index=name, name=alias_name())
    return current_index(client)


def all_documents():
    """Every document of every public object in the database (labels and URLs as the Chinese site shows them)."""
    with translation.override(settings.LANGUAGE_CODE), memoised_image_urls():
        yield from _all_documents()


def _all_documents():
    from wagtail.models import Page, Site

    # The sites' root paths (for URLs), looked up once for the whole load instead of once per page.
    root_paths = Site.get_site_root_paths()
    for indexer in indexers():
        # The queryset is the public objects (core.visibility's queryset form of the rule the sync asks).
        for obj in indexer.queryset().iterator(chunk_size=500):
            if isinstance(obj, Page):
                compat.keep_site_root_paths(obj, root_paths)
            for document in indexer.build(obj):
                yield indexer, document


class RebuildFailed(Exception):
    pass


def send_chunk(client, chunk):
    """Bulk-load one chunk (the helper retries refusals for back-pressure); any other refusal fails the rebuild."""
    sent = 0
    for ok, item in helpers().streaming_bulk(client, chunk, chunk_size=len(chunk), raise_on_error=False, max_retries=3):
        if not ok:
            raise RebuildFailed(f"A document was refused: {item}")
        sent += 1
    return sent


def batched(iterable, size):
    """Lists of ``size`` items (itertools.batched needs Python 3.12)."""
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def finish(future, progress):
    sent = future.result()
    if progress:
        progress(sent)
    return sent


def rebuild(progress=None, chunk_size=2000):
    """Build a new index beside the live one, load it, check it, then swap the alias in one atomic step.

    Updates drained while the load runs are written to the new index as well (see search.sync), so the swap
    loses nothing. If anything fails, the new index is deleted and the alias keeps serving the old one.

    The load is pipelined: this thread reads the database and builds the next chunk of documents while a
    second thread sends the previous chunk to the engine (the database stays on this thread's connection).
    """
    from concurrent.futures import ThreadPoolExecutor

    client = get_client(timeout=max(settings.SEARCH_INDEX_TIMEOUT, 120))
    name = create_index(new_index_name(), client, loading=True)
    cache.set("search:rebuild-target", name, timeout=6 * 3600)
    if getattr(cache, "unreachable", False):  # the sync would not write updates to the new index (core.cache)
        client.indices.delete(index=name, ignore_unavailable=True)
        raise RebuildFailed("Redis is unreachable, so updates made during the load would be lost. Try again later.")
    loaded = 0
    try:
        actions = (
            {"_op_type": "index", "_index": name, "_id": document.pop("id"), "_source": document}
            for _indexer, document in all_documents()
        )
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-bulk") as sender:
            in_flight = None
            for chunk in batched(actions, chunk_size):
                next_send = sender.submit(send_chunk, client, chunk)
                if in_flight is not None:
                    loaded += finish(in_flight, progress)
                in_flight = next_send
            if in_flight is not None:
                loaded += finish(in_flight, progress)
        client.indices.put_settings(index=name, body={"index": {"refresh_interval": "1s"}})
        client.indices.refresh(index=name)
        indexed = client.count(index=name)["count"]
        if indexed < loaded:  # more is fine: updates drained into the new index during the load
            raise RebuildFailed(f"The new index holds {indexed} documents; the database gave {loaded}.")
        old = current_index(client)
        actions = [{"add": {"index": name, "alias": alias_name()}}]
        if old:
            actions.insert(0, {"remove": {"index": old, "alias": alias_name()}})
        elif client.indices.exists(index=alias_name()):
            # A plain index under the alias's name (a write to a vanished alias creates one): it goes in the swap.
            actions.insert(0, {"remove_index": {"index": alias_name()}})
        client.indices.update_aliases(body={"actions": actions})
    except Exception:
        client.indices.delete(index=name, ignore_unavailable=True)
        logger.exception("Search rebuild failed; the live index is unchanged.")
        raise
    finally:
        cache.delete("search:rebuild-target")
        from .sync import replay_after_swap

        replay_after_swap()
    leftovers = [index for index in client.indices.get(index=f"{alias_name()}-*") if index != name]
    if leftovers:
        client.indices.delete(index=",".join(leftovers), ignore_unavailable=True)
    return {"index": name, "documents": loaded, "indexed": indexed}
