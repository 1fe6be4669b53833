"""Synonym groups editors maintain (``search.models.SynonymGroup``), applied to the query at search time.

The engine has no synonym filter we can rely on (osmem-server ignores ``synonym`` and ``synonym_graph``), and a
synonym in the index would need a rebuild after every edit. Instead the query is expanded: 书屋 is searched as
书屋, or 读书室, or 图书室 (the word typed ranks first; see ``search.query``).

The groups are read from the shared cache (one lookup per search, none when the page cache answers; from the
database when the cache is unreachable); saving or
deleting a group forgets them, and the cached search pages, once the change is committed, so the next search
uses the new list in every process.
"""

import logging

from django.core.cache import cache
from django.db import transaction

CACHE_KEY = "search:synonym-groups"
MAX_VARIANTS = 6  # expansions of one query, at most

logger = logging.getLogger("search.synonyms")


def groups(found=None):
    """Every enabled group's words, as a list of lists (from the cache, or from the database once); ``found`` is
    the cached list when the caller read it already (the search page reads it with the hot searches, in one
    round trip: ``search.views.cached_lists``)."""
    if found is not None:
        return found
    try:
        found = cache.get(CACHE_KEY)
    except Exception:  # the cache is down: searching goes on, from the database  # noqa: BLE001
        logger.debug("Synonym groups read from the database: the cache is unreachable", exc_info=True)
        found = cached = False
    else:
        cached = True
    if not found and found != []:
        from .models import SynonymGroup

        found = [group.words() for group in SynonymGroup.objects.filter(enabled=True)]
        found = [words for words in found if len(words) > 1]
        if cached:
            cache.set(CACHE_KEY, found, timeout=None)
    return found


def variants(q, cached=None):
    """Other ways of writing the (folded) query: each word of a group it contains replaced by the others."""
    found = []
    for words in groups(cached):
        for word in sorted(words, key=len, reverse=True):  # 总工会 before 工会
            if word in q:
                for other in words:
                    if other != word and other not in q:
                        variant = q.replace(word, other)
                        if variant not in found:
                            found.append(variant)
                break
        if len(found) >= MAX_VARIANTS:
            break
    return found[:MAX_VARIANTS]


def forget(**kwargs):
    """A group changed: forget the cached groups and search pages once the change is committed."""

    def now():
        from .sync import forget_cached_searches

        cache.delete(CACHE_KEY)
        forget_cached_searches()

    transaction.on_commit(now)
