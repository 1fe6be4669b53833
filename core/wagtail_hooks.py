from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets import Button

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


# ---- 一键下线 (core.takedown) ----------------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_take_down_url():
    from .admin_views import take_down_page

    return [path("take-down/page/<int:page_id>/", take_down_page, name="take_down_page")]


def take_down_button(page, user, priority):
    from .takedown import TakeDown

    if page.live and TakeDown(page, user=user).user_has_permission():
        yield Button(
            _("Take down at once"),
            reverse("take_down_page", args=(page.pk,)),
            icon_name="warning",
            attrs={"data-take-down": ""},
            priority=priority,
        )


@hooks.register("register_page_header_buttons")
def take_down_header_button(page, user, view_name, next_url=None):
    yield from take_down_button(page, user, priority=65)


@hooks.register("register_page_listing_more_buttons")
def take_down_listing_button(page, user, next_url=None):
    yield from take_down_button(page, user, priority=65)


@hooks.register("register_log_actions")
def register_take_down_log_action(actions):
    from .takedown import LOG_ACTION

    actions.register_action(LOG_ACTION, _("Take down at once"), _("Taken down at once"))
