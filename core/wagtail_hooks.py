from django.http import Http404

from wagtail import hooks

from . import visibility


@hooks.register("before_serve_page")
def remember_served_page(page, request, serve_args, serve_kwargs):
    """Tell the page cache middleware which page it is serving and whether the page is public (core.visibility).

    The view restrictions are read once and kept on the page object, so Wagtail's own restriction check (a hook
    registered after this one, since ``core`` comes first in INSTALLED_APPS) reuses them instead of asking the
    database again. A page past its expiry time is gone at that time, not when ``publish_scheduled`` next runs.
    """
    if visibility.is_past_expiry(page):
        raise Http404
    restrictions = list(page.get_view_restrictions())
    page.get_view_restrictions = lambda: restrictions
    request.served_page = page
    request.served_page_is_public = visibility.page_is_public(page, restrictions=restrictions)
