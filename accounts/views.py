"""Public account pages for workers: register, sign in/out, the account page and profile, passwords."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.inputs import parse_int
from core.net import client_ip
from core.sites import site_free
from core.throttle import hit

from . import roles
from .forms import ProfileForm, RegistrationForm, SignInForm
from .password_reset import PasswordResetForm


@never_cache
def register(request):
    if request.user.is_authenticated:
        return redirect("accounts:account")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST":
        if hit([("register", client_ip(request), settings.REGISTER_RATE)]):
            form.add_error(None, _("Too many registrations from your network. Please try again later."))
        elif form.is_valid():
            user = form.save()
            user.groups.add(Group.objects.get(name=roles.WORKERS))
            login(request, user, backend="accounts.backends.ModelBackend")
            messages.success(request, _("Welcome, %(name)s! Your account is ready.") % {"name": user.public_name})
            return redirect("accounts:account")
    return render(request, "accounts/register.html", {"form": form})


@method_decorator(never_cache, name="dispatch")
class SignInView(auth_views.LoginView):
    """Sign-in rate limits live in the authentication layer (accounts.backends.SignInLimitBackend), so the admin's
    sign-in has them too."""

    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


@method_decorator(never_cache, name="dispatch")
class SignOutView(auth_views.LogoutView):
    next_page = "/"


@login_required
@never_cache
def account(request):
    return render(request, "accounts/account.html", {"panels": settings.ACCOUNT_PAGE_PANELS})


@login_required
@never_cache
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:account")
    return render(request, "accounts/profile.html", {"form": form})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/form_page.html"
    success_url = reverse_lazy("accounts:account")
    extra_context = {"title": _("Change password")}

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm  # the e-mail goes out through the task queue (accounts/password_reset.py)
    template_name = "accounts/form_page.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_context = {"title": _("Reset your password")}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/message_page.html"
    extra_context = {
        "title": _("Check your e-mail"),
        "message": _("If an account has this e-mail address, we have sent it a link to choose a new password."),
    }


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/form_page.html"
    success_url = reverse_lazy("accounts:login")
    extra_context = {"title": _("Choose a new password")}

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed. You can sign in now."))
        return super().form_valid(form)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout page: say what happened and when to try again (AXES_LOCKOUT_CALLABLE)."""
    from django.http import JsonResponse

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Too many wrong passwords. To protect the account, signing in is paused; try again in %(minutes)d minutes."
    ) % {"minutes": minutes}
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"ok": False, "code": "locked_out", "message": message}, status=429)
    return render(request, "accounts/locked_out.html", {"message": message}, status=429)


@site_free
@require_GET
@never_cache
def me(request):
    """What is personal on a cached page, for ``site/static/js/personal.js``: one small uncached request per view.

    Public pages are one cached copy for everyone, signed in or not (``core.pagecache``), so the header's name, a
    fresh CSRF token, the messages waiting for this visitor and each app's part (``PERSONAL_PARTS``: the vote
    state of the entries on the page, the worker's own pending comments) come from here, marked
    ``Cache-Control: private, no-store``. A visitor without a session costs no query and gets
    ``{"signed_in": false}``. Staff with access to the admin get a link to edit the page instead of Wagtail's
    user bar, which public pages no longer carry.
    """
    user = request.user
    if not user.is_authenticated:
        return JsonResponse({"signed_in": False})
    data = {
        "signed_in": True,
        "name": user.public_name,
        "account_url": reverse("accounts:account"),
        "csrf": get_token(request),
        "messages": [],
    }
    storage = get_messages(request)
    if len(storage):  # reading an empty storage would still rewrite the messages cookie
        data["messages"] = [{"level": message.tags, "text": str(message)} for message in storage]
    for name, dotted in settings.PERSONAL_PARTS.items():
        value = import_string(dotted)(request)
        if value is not None:
            data[name] = value
    page_id = parse_int(request.GET.get("page"), minimum=1)
    if page_id is not None and not user.is_worker and user.has_perm("wagtailadmin.access_admin"):
        data["edit"] = {"url": reverse("wagtailadmin_pages:edit", args=[page_id]), "label": _("Edit this page")}
    return JsonResponse(data)
