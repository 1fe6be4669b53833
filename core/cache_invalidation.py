"""When content changes, forget exactly the cached pages that show it (here and in a CDN).

- A page published, unpublished or deleted: the page itself, every ancestor (the home page and the indexes list
  their children's cards) and the machine-readable listings (sitemap, RSS).
- A page moved: its URL and all its descendants' URLs change, so everything is forgotten, and the old and new
  URLs of the moved subtree are purged from the CDN.
- A page reordered among its siblings: its parent (listings and the main menu show the order).
- Site-wide settings (footer, share image), a site's host or root page, a view restriction: everything (for a
  restriction, again when it commits: core.visibility keeps the restricted paths with the same generations).
Domain apps add their own rules next to their models (a video entry's moderation forgets the entry and its
contest page; an approved comment forgets the page it is on) by calling ``core.pagecache.invalidate_urls``.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.urls import reverse

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import pagecache

LISTING_URL_NAMES = ("sitemap", "feature_feed")


def listing_urls(page):
    site = page.get_site()
    root = site.root_url if site else ""
    return [root + reverse(name) for name in LISTING_URL_NAMES]


def affected_pages(page):
    """The page and every live ancestor below the tree root."""
    ancestors = Page.objects.ancestor_of(page).filter(depth__gt=1).live().specific()
    return [page, *ancestors]


def forget_page(page):
    pages = affected_pages(page)
    urls = [url for p in pages for url in pagecache.page_urls(p)] + listing_urls(page)
    pagecache.invalidate_urls(urls)


def on_publish_or_unpublish(sender, instance, **kwargs):
    forget_page(instance)


def on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.depth > 1 and instance.live:
        forget_page(instance)


def on_move(sender, instance, parent_page_before, parent_page_after, url_path_before, url_path_after, **kwargs):
    if url_path_before == url_path_after:  # reordered among its siblings: the parent's listings (and menu) change
        forget_page(parent_page_after)
        return
    pagecache.invalidate_everything()
    transaction.on_commit(pagecache.invalidate_everything)  # paths changed: also what was cached before the commit
    moved = [instance, *instance.get_descendants().live().specific()]
    new_urls = [url for page in moved for url in pagecache.page_urls(page)]
    old_urls = [url.replace(url_path_after.rstrip("/"), url_path_before.rstrip("/"), 1) for url in new_urls]
    pagecache.invalidate_urls(
        new_urls + old_urls + [u for p in (parent_page_before, parent_page_after) for u in pagecache.page_urls(p)]
    )


def forget_everything(sender=None, **kwargs):
    """After a site-wide change: every cached page goes, and every live page is purged from the CDN."""
    if kwargs.get("created") and sender is not None and sender.__name__ in ("SiteSettings", "CommentSettings"):
        return  # created on first use with the defaults the page being rendered already shows
    pagecache.invalidate_everything()
    from django.conf import settings

    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        urls = [url for page in Page.objects.live().filter(depth__gt=1).specific() for url in pagecache.page_urls(page)]
        pagecache.invalidate_urls(urls)


def forget_everything_on_commit(sender=None, **kwargs):
    transaction.on_commit(pagecache.invalidate_everything)


def connect():
    page_published.connect(on_publish_or_unpublish, dispatch_uid="pagecache-published")
    page_unpublished.connect(on_publish_or_unpublish, dispatch_uid="pagecache-unpublished")
    pre_delete.connect(on_delete, dispatch_uid="pagecache-delete")
    post_page_move.connect(on_move, dispatch_uid="pagecache-move")

    from wagtail.models import PageViewRestriction, Site

    from .models import SiteSettings

    # Site-wide: the settings (footer, share image); a site's host or root page (every URL, the menu); a view
    # restriction (its whole subtree stops, or starts, being public).
    for model in (SiteSettings, Site, PageViewRestriction):
        for signal in (post_save, post_delete):
            signal.connect(forget_everything, sender=model, dispatch_uid=f"pagecache-{model.__name__}-{signal!r}")
    # A restriction decides what is public: once it commits, forget again whatever another process cached (a page,
    # the restricted paths of core.visibility) between the first forgetting and the commit, from the old state.
    for signal in (post_save, post_delete):
        signal.connect(
            forget_everything_on_commit,
            sender=PageViewRestriction,
            dispatch_uid=f"pagecache-restriction-commit-{signal!r}",
        )


def forget_everything_on_change(*models):
    """For snippets shown on many pages (categories, speakers): any change forgets every cached page."""
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(forget_everything, sender=model, dispatch_uid=f"pagecache-{model.__name__}-{signal!r}")
