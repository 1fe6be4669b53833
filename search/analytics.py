"""What workers search for: anonymised daily counts, click positions, hot searches (热搜) and related searches.

**Counting** never slows the search page and works on cached pages: the page carries a signed token of its
(folded) query and result count, and a small script sends it back with ``navigator.sendBeacon`` when the page is
shown and when a result is clicked (with the result's position). The beacon (``/search/log/``) checks the
signature (a client cannot count queries nobody searched, or fake a result count), counts a visitor's repeat
of the same query within an hour once, and adds one to the day's row with one UPDATE (an INSERT the first time):
``SearchQueryDay`` holds day, query and counts only: no user, address or session is stored. The visitor key used
for the repeat check lives an hour in the cache and is never written down.

**Hot searches** are the week's most searched queries that found something and were searched by at least
``HOT_MIN_SEARCHES`` visitors, without any query the screening list matches (``screening.matcher``: hold and
reject words alike) or that editors hid, after the terms editors pinned (``HotSearchTerm``). **Related
searches** are the popular queries that share a word (a character pair) with the query. Both come from one list
kept in the cache for ``HOT_TTL`` seconds and forgotten when editors pin or hide a term or the word list changes.
"""

import hashlib

from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from .analysis import CJK_RUN, fold

SALT = "search.beacon"
TOKEN_MAX_AGE = 24 * 3600  # a page stays in the page cache (or a CDN) far less than this
REPEAT_WINDOW = 3600  # a visitor's repeat of the same query (a reload, the next page) counts once an hour
MAX_POSITION = 500
HOT_DAYS = 7
HOT_SIZE = 10
RELATED_SIZE = 6
HOT_MIN_SEARCHES = 3
HOT_POOL = 300  # popular queries kept for the hot and related lists
HOT_KEY = "search:hot-terms"
HOT_TTL = 600


def normalised(q):
    return " ".join(fold(q or "").lower().split())[:100]


def beacon_token(params, results):
    """The signed token the page sends back, or "" for pages that are not a first page of a search."""
    if not params.q or params.page != 1 or results.mode not in ("engine", "reduced"):
        return ""
    return signing.dumps([normalised(params.q), results.total], salt=SALT, compress=False)


def read_token(token):
    """``(query, total)`` of a token the site signed, or None."""
    try:
        query, total = signing.loads(token or "", salt=SALT, max_age=TOKEN_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(query, str) or not isinstance(total, int) or not query:
        return None
    return query, total


def _first_time(what, query, visitor):
    digest = hashlib.sha256(f"{query}\x00{visitor}".encode()).hexdigest()[:24]
    return cache.add(f"search-seen:{what}:{digest}", 1, REPEAT_WINDOW)


def _add(model, key, **counts):
    """Add ``counts`` to the row ``key`` (one UPDATE; an INSERT the first time, safe against a concurrent one)."""
    changes = {name: F(name) + value for name, value in counts.items() if value}
    if model.objects.filter(**key).update(**changes):
        return
    try:
        with transaction.atomic():
            model.objects.create(**key, **counts)
    except IntegrityError:  # another request created it first
        model.objects.filter(**key).update(**changes)


def record_search(query, total, visitor):
    """Count one search of ``query`` that found ``total`` results. Returns False for a visitor's repeat."""
    from .models import SearchQueryDay

    if not _first_time("q", query, visitor):
        return False
    _add(SearchQueryDay, {"day": timezone.localdate(), "query": query}, searches=1, no_results=int(total == 0))
    return True


def record_click(query, position, visitor):
    """Count a click on the result at ``position`` (1-based over all pages) of a search for ``query``."""
    from .models import SearchClickDay, SearchQueryDay

    if not 1 <= position <= MAX_POSITION or not _first_time(f"c{position}", query, visitor):
        return False
    day = timezone.localdate()
    _add(SearchQueryDay, {"day": day, "query": query}, clicks=1)
    _add(SearchClickDay, {"day": day, "position": position}, clicks=1)
    return True


# ---- hot and related searches ---------------------------------------------------------------------------


def is_screened(term):
    """Whether the sensitive-word list matches ``term`` (any word it holds or rejects)."""
    from screening.matcher import screen

    return bool(screen(term).matches)


def _compute():
    from .models import HotSearchTerm, SearchQueryDay

    decisions = dict(HotSearchTerm.objects.values_list("term", "action"))
    pinned = [
        term
        for term in HotSearchTerm.objects.filter(action=HotSearchTerm.Action.PIN).values_list("term", flat=True)
        if not is_screened(term)
    ]
    since = timezone.localdate() - timezone.timedelta(days=HOT_DAYS - 1)
    rows = (
        SearchQueryDay.objects.filter(day__gte=since)
        .values("query")
        .annotate(total=Sum("searches"), empty=Sum("no_results"))
        .filter(total__gte=HOT_MIN_SEARCHES)
        .order_by("-total", "query")[: HOT_POOL * 2]
    )
    popular = []
    for row in rows:
        term = row["query"]
        if row["empty"] >= row["total"] or term in decisions or is_screened(term):
            continue  # never found anything, pinned already or hidden, or on the sensitive-word list
        popular.append((term, row["total"]))
        if len(popular) >= HOT_POOL:
            break
    return {"pinned": pinned, "popular": popular}


def _lists(found=None):
    if found is not None:  # read already (search.views.cached_lists)
        return found
    try:
        found = cache.get(HOT_KEY)
    except Exception:  # the cache is down: the page is not cached either, so compute it  # noqa: BLE001
        return _compute()
    if found is None:
        found = _compute()
        cache.set(HOT_KEY, found, HOT_TTL)
    return found


def hot_searches(cached=None):
    """The terms for the 热搜 list: pinned first, then the week's most searched (``cached``: the lists, when the
    caller read them already)."""
    lists = _lists(cached)
    return (lists["pinned"] + [term for term, _count in lists["popular"]])[:HOT_SIZE]


def pairs(text):
    return {run[i : i + 2] for run in CJK_RUN.findall(text) for i in range(len(run) - 1)} | set(text.split())


def related_searches(q, cached=None):
    """Popular queries sharing a word (a character pair) with ``q``, most searched first."""
    q = normalised(q)
    if not q:
        return []
    mine = pairs(q)
    lists = _lists(cached)
    candidates = [(term, count) for term, count in lists["popular"]] + [(term, 0) for term in lists["pinned"]]
    found = []
    for term, _count in candidates:
        if term != q and term not in found and (mine & pairs(term) or q in term):
            found.append(term)
            if len(found) >= RELATED_SIZE:
                break
    return found


def forget_hot_searches(**kwargs):
    """Pinned or hidden terms, or the sensitive-word list, changed: rebuild the lists, forget the search pages."""

    def now():
        from .sync import forget_cached_searches

        cache.delete(HOT_KEY)
        forget_cached_searches()

    transaction.on_commit(now)
