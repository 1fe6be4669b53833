"""What is public: the one rule every output of the site asks before showing anything to anyone.

- **A page** is public when it is live, not expired (Wagtail's flag, or its expiry time has passed and
  ``publish_scheduled`` has not run yet), and no view restriction (password, sign-in, groups) applies to it or to
  any ancestor (nor, for an alias, to its source page).
- **A video entry** is public when it is approved and its contest page is public.
- **An image** is public when it is the poster of a public entry, or else when it is nobody's poster and not in a
  private collection (a collection view restriction on it or an ancestor). So the poster of a pending or rejected
  entry is private wherever it is filed, and workers' uploads, which live in their own private collection
  (``campaigns.submissions.worker_uploads_collection``), stay private until their entry is approved, also once
  the entry is deleted.
- **A document** is public when it is not in a private collection.

Each rule has an object test (``page_is_public``, ``entry_is_public``, ``image_is_public``,
``document_is_public``) for one thing at a time, and a queryset form (``public_pages``, ``public_entries``,
``public_images``, ``public_documents``) for listings and full loads; ``core/tests/test_visibility.py`` checks
that the two agree case by case. The outputs that use them: the search index (sync, rebuild, reconcile and the
reduced mode, through ``search.registry``), the Wagtail API v2 (``workershome.api``), the sitemap
(``core.sitemaps``), the RSS feed, every page listing and the main menu, and the page cache
(``core.wagtail_hooks``).

A page Wagtail serves enforces its view restrictions per visitor (the password form, sign-in). Where such a page
shows its own records (a contest page's entries, an entry's own URL), only the record's half of the rule applies
(``approved_entries``): whoever may see a private contest also sees its approved entries.

For pages the rule is Wagtail's ``live()`` and ``public()`` plus expiry and aliases; nothing outside this module calls
``.public()`` (``core/tests/test_visibility.py`` checks that too).
"""

import operator
from functools import reduce

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction

# ---- pages ------------------------------------------------------------------------------------------------


def is_past_expiry(page, now=None):
    """The page's expiry time has passed (``publish_scheduled`` unpublishes it on its next run)."""
    return page.expire_at is not None and page.expire_at <= (now or timezone.now())


def page_is_public(page, *, now=None, restrictions=None):
    """Object test. ``restrictions``: a list of the page's view restrictions, if the caller has read them already."""
    if not page.live or page.expired or is_past_expiry(page, now):
        return False
    restricted = bool(restrictions) if restrictions is not None else page.get_view_restrictions().exists()
    if restricted:  # on the page or an ancestor
        return False
    if page.alias_of_id is not None:
        return not Page.objects.get(pk=page.alias_of_id).get_view_restrictions().exists()
    return True


def private_pages_q():
    """A condition matching the pages under a view restriction (on them or an ancestor) and aliases of such pages.

    It reads the restricted paths first (``restricted_paths``, as Wagtail's ``PageQuerySet.public()`` reads the
    restrictions) and matches tree
    paths by prefix; build it once to filter several page types (``public_pages(..., private=...)``). A
    correlated SQL test instead of that query let PostgreSQL compare every page with every page (12 s for a
    listing among 10,000 articles)."""
    paths = restricted_paths()
    if not paths:
        return Q(pk__in=[])  # nothing
    under = reduce(operator.or_, (Q(path__startswith=path) for path in paths))
    return under | Q(alias_of__in=Page.objects.filter(under).values("pk"))


RESTRICTED_PATHS_KEY = "visibility:restricted-paths"


def restricted_paths():
    """Tree paths of the pages that carry a view restriction (one query, or none: see below).

    Every listing, the menu and each page render ask (three times on the home page), so the paths are kept in the
    shared cache with the page cache's generations (``core.pagecache.cached_until_changed``): saving or deleting a
    restriction, moving a page or changing a site forgets every cached page and these paths at once
    (``core.cache_invalidation``), and once more when that change commits, so a copy read by another process
    before the commit cannot outlive it. Without Redis they are read from the database every time.
    """
    from .pagecache import cached_until_changed

    def build():
        return list(PageViewRestriction.objects.values_list("page__path", flat=True).distinct())

    return cached_until_changed(RESTRICTED_PATHS_KEY, [], build)


def public_pages(pages=Page, *, now=None, private=None):
    """Queryset form: ``pages`` (a page model, its manager or a page queryset) that are public."""
    queryset = pages.objects.all() if isinstance(pages, type) else pages.all()
    not_expired = Q(expired=False) & (Q(expire_at__isnull=True) | Q(expire_at__gt=now or timezone.now()))
    return queryset.live().filter(not_expired).exclude(private_pages_q() if private is None else private)


# ---- video entries ----------------------------------------------------------------------------------------


def entry_is_approved(entry):
    """The entry's own half of the rule (its contest page, when served, checks the visitor itself)."""
    from campaigns.models import EntryStatus

    return entry.status == EntryStatus.APPROVED


def approved_entries(entries):
    from campaigns.models import EntryStatus

    return entries.filter(status=EntryStatus.APPROVED)


def entry_is_public(entry, *, now=None):
    return entry_is_approved(entry) and page_is_public(entry.contest, now=now)


def public_entries(entries=None, *, now=None):
    """Queryset form: ``entries`` (default: all) that are approved and in a public contest."""
    from campaigns.models import VideoContestPage, VideoEntry

    entries = VideoEntry.objects.all() if entries is None else entries
    contests = public_pages(VideoContestPage, now=now).values("pk")
    return approved_entries(entries).filter(contest__in=contests)


# ---- images and documents ---------------------------------------------------------------------------------


def collection_is_private(collection):
    return collection.get_view_restrictions().exists()  # the collection and its ancestors


def in_private_collection():
    """A condition on images or documents: a view restriction applies to their collection or an ancestor of it
    (one query for the restrictions, like ``private_pages_q``)."""
    paths = list(CollectionViewRestriction.objects.values_list("collection__path", flat=True).distinct())
    return reduce(operator.or_, (Q(collection__path__startswith=path) for path in paths), Q(pk__in=[]))


def image_is_public(image, *, now=None):
    from campaigns.models import VideoEntry

    posters_of = list(VideoEntry.objects.filter(poster=image).select_related("contest"))
    if any(entry_is_public(entry, now=now) for entry in posters_of):
        return True
    return not posters_of and not collection_is_private(image.collection)


def public_images(images=None, *, now=None):
    """Queryset form: ``images`` (default: all) that are public."""
    from wagtail.images import get_image_model

    from campaigns.models import VideoEntry

    images = get_image_model().objects.all() if images is None else images
    posters_of = VideoEntry.objects.filter(poster=OuterRef("pk"))
    return images.filter(Exists(public_entries(posters_of, now=now)) | (~Exists(posters_of) & ~in_private_collection()))


def document_is_public(document):
    return not collection_is_private(document.collection)


def public_documents(documents=None):
    """Queryset form: ``documents`` (default: all) that are public."""
    from wagtail.documents import get_document_model

    documents = get_document_model().objects.all() if documents is None else documents
    return documents.exclude(in_private_collection())
