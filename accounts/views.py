"""Public account pages for workers: register, sign in/out, the account page and profile, passwords."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.net import client_ip
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
    message = _("Too many wrong passwords. To protect the account, signing in is paused; try again in %(minutes)d "
                "minutes.") % {"minutes": minutes}  # fmt: skip
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"ok": False, "code": "locked_out", "message": message}, status=429)
    return render(request, "accounts/locked_out.html", {"message": message}, status=429)
