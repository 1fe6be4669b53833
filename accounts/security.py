"""Staff account security besides the second factor (``accounts.two_factor``): the sign-in audit log, its
retention, and the staff session's idle timeout.

- Every sign-in, sign-out and failed sign-in (Django's auth signals, so the public and the admin forms alike), every
  second-factor step and every idle sign-out is a ``SignInEvent`` with the address and browser.
- ``prune(now)`` deletes sign-in events and Wagtail's audit log entries (pages and other records) older than
  ``AUDIT_LOG_RETENTION_DAYS`` (default 180, and never fewer: the Cybersecurity Law asks for six months), nothing
  younger. ``manage.py prune_audit_log`` runs it from cron.
- ``StaffIdleTimeoutMiddleware`` signs a staff member out after ``STAFF_IDLE_TIMEOUT_MINUTES`` (default 30) without
  a request, wherever on the site the session is used next.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

MIN_RETENTION_DAYS = 180
LAST_SEEN_KEY = "staff_last_seen"
TOUCH_EVERY = 60  # seconds: the session is written at most once a minute for the idle clock


def record(request, action, user=None, username=""):
    from core.net import client_ip

    from .models import SignInEvent

    ip = None
    agent = path = ""
    if request is not None:
        ip = client_ip(request) or None
        agent = (request.META.get("HTTP_USER_AGENT") or "")[:300]
        path = request.path[:300]
    if user is not None and not getattr(user, "pk", None):
        user = None
    SignInEvent.objects.create(
        action=action,
        user=user,
        username=(username or getattr(user, "username", "") or "")[:150],
        ip_address=ip,
        user_agent=agent,
        path=path,
    )


def on_logged_in(sender, request, user, **kwargs):
    from .two_factor import needs_second_factor

    record(request, "accounts.sign_in", user)
    if request is not None and hasattr(request, "session") and needs_second_factor(user):
        # Marks the session as a staff session for the idle clock (workers' requests then cost no check at all).
        request.session[LAST_SEEN_KEY] = timezone.now().timestamp()


def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(request, "accounts.sign_out", user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", "") or "")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first() if username else None
    record(request, "accounts.sign_in_failed", user, username=username)


def connect():
    user_logged_in.connect(on_logged_in, dispatch_uid="accounts-audit-sign-in")
    user_logged_out.connect(on_logged_out, dispatch_uid="accounts-audit-sign-out")
    user_login_failed.connect(on_login_failed, dispatch_uid="accounts-audit-sign-in-failed")


# ---- retention ----------------------------------------------------------------------------------------------


def retention_days():
    return max(MIN_RETENTION_DAYS, int(getattr(settings, "AUDIT_LOG_RETENTION_DAYS", MIN_RETENTION_DAYS)))


def prune(now=None):
    """Delete audit entries older than the retention period; returns {table: rows deleted}."""
    from wagtail.models import ModelLogEntry, PageLogEntry

    from .models import SignInEvent

    cutoff = (now or timezone.now()) - datetime.timedelta(days=retention_days())
    deleted = {}
    for model, field in ((SignInEvent, "timestamp"), (PageLogEntry, "timestamp"), (ModelLogEntry, "timestamp")):
        count, _ = model.objects.filter(**{f"{field}__lt": cutoff}).delete()
        deleted[model._meta.label] = count
    return deleted


# ---- idle timeout ---------------------------------------------------------------------------------------------


class StaffIdleTimeoutMiddleware:
    """Sign out a staff session idle longer than ``STAFF_IDLE_TIMEOUT_MINUTES``; workers keep their sessions."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)  # no session yet: nothing to time out (and the session untouched)
        last = session.get(LAST_SEEN_KEY)
        user = getattr(request, "user", None)
        if last is not None and user is not None and user.is_authenticated:  # a staff session (on_logged_in)
            now = timezone.now().timestamp()
            limit = settings.STAFF_IDLE_TIMEOUT_MINUTES * 60
            if now - last > limit:
                record(request, "accounts.idle_timeout", user)
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after %(minutes)d minutes without activity.")
                    % {"minutes": settings.STAFF_IDLE_TIMEOUT_MINUTES},
                )
                from django.urls import reverse

                if request.path.startswith(reverse("wagtailadmin_home")):
                    return redirect(reverse("wagtailadmin_login") + "?next=" + request.path)
            elif now - last > TOUCH_EVERY:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
