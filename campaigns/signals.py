"""Cache invalidation for campaign records (see core.cache_invalidation).

A video entry shows on its own page and on its contest's page; moderating, editing or deleting it forgets both.
Votes and views are not invalidated one by one: the contest and entry pages are cached for a few seconds only
(``VideoContestPage.cache_max_age``), which bounds how stale a count can be. Speakers and districts appear on
many pages, so changing one forgets everything.
"""

from django.db.models.signals import post_delete, post_save

from core import pagecache
from core.cache_invalidation import forget_everything_on_change


def forget_entry(sender, instance, **kwargs):
    contest = instance.contest
    urls = pagecache.page_urls(contest)
    # Page URLs end with a slash and the route ("entries/<id>/") starts without one.
    urls += [url + contest.reverse_subpage("entry", args=[instance.pk]) for url in urls]
    pagecache.invalidate_urls(urls)


def connect():
    from .models import District, Speaker, VideoEntry

    post_save.connect(forget_entry, sender=VideoEntry, dispatch_uid="pagecache-entry-save")
    post_delete.connect(forget_entry, sender=VideoEntry, dispatch_uid="pagecache-entry-delete")
    forget_everything_on_change(Speaker, District)
