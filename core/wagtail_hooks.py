from django.http import Http404

from wagtail import hooks

from . import compat, visibility


@hooks.register("before_serve_page")
def remember_served_page(page, request, serve_args, serve_kwargs):
    """Tell the page cache middleware which page it is serving and whether the page is public (core.visibility).

    The view restrictions are read once and handed to Wagtail's own restriction check (an ``on_serve_page`` hook,
    which Wagtail runs after every ``before_serve_page`` hook, whatever the order of INSTALLED_APPS), which reuses
    them instead of asking the database again (``core.compat.reuse_view_restrictions``, with the measurement).
    A page past its expiry time is gone at that time, not when ``publish_scheduled`` next runs.
    """
    if visibility.is_past_expiry(page):
        raise Http404
    restrictions = list(page.get_view_restrictions())
    compat.reuse_view_restrictions(page, restrictions)
    request.served_page = page
    request.served_page_is_public = visibility.page_is_public(page, restrictions=restrictions)
