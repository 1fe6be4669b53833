"""The admin's 一键下线 (take-down) confirmation for one page: the reason, then ``core.takedown.TakeDown``."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.admin import messages
from wagtail.admin.utils import get_latest_str
from wagtail.models import Page

from .moderation import ReasonForm
from .takedown import TakeDown


def take_down_page(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    action = TakeDown(page, user=request.user)
    if not action.user_has_permission():
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            TakeDown(page, user=request.user, reason=form.cleaned_data["reason"]).execute()
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.success(request, _("“%(title)s” is taken off the site.") % {"title": get_latest_str(page)})
            return redirect(reverse("wagtailadmin_explore", args=(page.get_parent().pk,)))
    return TemplateResponse(
        request,
        "core/admin/take_down.html",
        {
            "page": page,
            "form": form,
            "title": get_latest_str(page),
            "descendants": page.get_descendants().live().count(),
        },
    )
