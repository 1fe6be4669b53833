"""Admin: the 数据统计 dashboard in the main menu, for those who may see it (``stats/permissions.py``)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .permissions import may_see_dashboard
from .views import DashboardView


@hooks.register("register_admin_urls")
def register_dashboard_url():
    return [path("stats/", DashboardView.as_view(), name="stats_dashboard")]


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_dashboard(request.user)


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return DashboardMenuItem(_("Statistics"), reverse("stats_dashboard"), icon_name="table", order=260)
