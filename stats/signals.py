"""Forget the cached 数说工会 pages when the records behind them change (see core.cache_invalidation).

The records: a campaign page published or unpublished (its sessions, programme, rooms' events and awards are its
inline items, saved when it is published), a video entry saved or deleted (moderation, awards) and a sign-up saved
(check-in). Votes and flushed view counts are not followed one by one (thousands an hour): the page lives
``StatsPage.cache_max_age`` seconds at most, which bounds how far behind those figures can be. District changes
already forget every page (campaigns/signals.py).

Each change forgets the figures pages once its transaction commits (a change rolled back forgets nothing), and a
transaction that changes many records (a bulk approval) forgets them once (``forget_stats_pages``).
"""

import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.signals import page_published, page_unpublished

from core import pagecache

_pending = threading.local()


class _Purge:
    done = False


def stats_page_urls():
    from .models import StatsPage

    return [url for page in StatsPage.objects.live() for url in pagecache.page_urls(page)]


def forget_now():
    pagecache.invalidate_urls(stats_page_urls())


def forget_stats_pages(sender=None, **kwargs):
    """Forget the figures pages once the transaction commits, once for all the changes it holds.

    Every change schedules a callback, and all the callbacks scheduled until a purge runs share one ``_Purge``: the
    first to run purges, the rest see it done. A rolled-back change drops its callback without marking the purge
    done, so the next change's callback still purges (public API only: ``transaction.on_commit``)."""
    purge = getattr(_pending, "purge", None)
    if purge is None or purge.done:
        purge = _pending.purge = _Purge()

    def run():
        if purge.done:
            return
        purge.done = True
        forget_now()

    transaction.on_commit(run)


def on_page_change(sender, instance, **kwargs):
    from .models import StatsPage

    if isinstance(instance, StatsPage):
        return  # its own publishing forgets it (core.cache_invalidation)
    forget_stats_pages()


def connect():
    from campaigns.models import FestivalPage, LectureTourPage, ReadingRoomPage, VideoContestPage, VideoEntry
    from signups.models import Signup

    for model in (LectureTourPage, VideoContestPage, ReadingRoomPage, FestivalPage):
        page_published.connect(on_page_change, sender=model, dispatch_uid=f"stats-published-{model.__name__}")
        page_unpublished.connect(on_page_change, sender=model, dispatch_uid=f"stats-unpublished-{model.__name__}")
    for model in (VideoEntry, Signup):
        post_save.connect(forget_stats_pages, sender=model, dispatch_uid=f"stats-save-{model.__name__}")
        post_delete.connect(forget_stats_pages, sender=model, dispatch_uid=f"stats-delete-{model.__name__}")
