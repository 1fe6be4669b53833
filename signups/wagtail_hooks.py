"""Admin: a menu item that takes editors to the check-in page of the events they may organise (the page itself is
on the public site, where organisers work on their phones; /signups/organise/ checks who may see what)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem


class OrganiseMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return user.has_perm("signups.organise_activity") or user.has_perm("wagtailadmin.access_admin")


@hooks.register("register_admin_menu_item")
def register_organise_menu_item():
    return OrganiseMenuItem(_("Event check-in"), reverse("signups:organise"), icon_name="tick", order=265)
