"""The worker's sign-up page (uncached, works without JavaScript), cancelling, the QR code and .ics, and the
organisers' check-in page, export and no-shows. The rules are in ``services``."""

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wagtail.permission_policies.pages import PagePermissionPolicy

from django_permissions_policy.decorators import permissions_policy_override

from core import throttle, visibility

from . import exports, services
from .models import ACTIVE, Activity, Signup, SignupStatus
from .services import SignupRefused


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def public_activity(activity_id):
    """An enabled activity on a page the public may see; else 404."""
    activity = get_object_or_404(Activity.objects.select_related("page"), pk=activity_id, enabled=True)
    if not visibility.page_is_public(activity.page):
        raise Http404
    return activity


def refused(request, refusal, back):
    if wants_json(request):
        return JsonResponse({"ok": False, "code": refusal.code, "message": str(refusal.message)}, status=refusal.status)
    messages.error(request, refusal.message)
    return redirect(back)


def rate_limited(request):
    return bool(throttle.hit([("signup-user", request.user.pk, settings.SIGNUP_RATE_PER_USER)]))


@require_http_methods(["GET", "POST"])
@never_cache
def activity(request, activity_id):
    """GET: the event's sign-up page (the worker's state, the questions, a fresh form). POST: sign up."""
    event = public_activity(activity_id)
    back = reverse("signups:activity", args=[event.pk])
    if not request.user.is_authenticated:
        if request.method == "POST" and wants_json(request):
            return JsonResponse({"ok": False, "code": "not_signed_in", "message": _("Please sign in to sign up.")}, 401)
        return redirect_to_login(back)
    if request.method == "POST":
        try:
            if rate_limited(request):
                raise SignupRefused("rate_limited", _("Too many attempts. Please wait a minute."), 429)
            answers = {key: request.POST.get(key, "") for key in (f"q{n}" for n in range(len(event.questions)))}
            result = services.sign_up(event, request.user, answers)
        except SignupRefused as refusal:
            return refused(request, refusal, back)
        if result.confirmed:
            message = _("You are signed up. Show your check-in code at the door.")
        else:
            message = _("The event is full: you are on the waiting list at place %(position)d.") % {
                "position": result.position
            }
        if wants_json(request):
            return JsonResponse(
                {"ok": True, "status": result.signup.status, "position": result.position, "message": message}
            )
        messages.success(request, message)
        return redirect(back)
    signup = Signup.objects.filter(activity=event, user=request.user, status__in=ACTIVE).first()
    refusal = None
    if signup is None:
        try:
            services.check_eligible(request.user, event)
            services.check_window(event, timezone.now())
        except SignupRefused as reason:
            refusal = reason.message
    context = {
        "activity": event,
        "signup": signup,
        "position": signup.waitlist_position() if signup else None,
        "refusal": refusal,
        "questions": [(f"q{n}", question) for n, question in enumerate(event.questions)],
        "page_url": event.page.specific.get_url(request),
    }
    return render(request, "signups/activity.html", context)


def own_signup(request, signup_id):
    signup = Signup.objects.select_related("activity", "activity__page").filter(pk=signup_id, user=request.user)
    return get_object_or_404(signup)


@require_POST
@login_required
@never_cache
def cancel(request, signup_id):
    signup = own_signup(request, signup_id)
    back = reverse("accounts:account")
    try:
        if rate_limited(request):
            raise SignupRefused("rate_limited", _("Too many attempts. Please wait a minute."), 429)
        _signup, promoted = services.cancel(signup.pk, request.user)
    except SignupRefused as refusal:
        return refused(request, refusal, back)
    message = _("Your sign-up is cancelled.")
    if wants_json(request):
        return JsonResponse({"ok": True, "message": message, "promoted": len(promoted)})
    messages.success(request, message)
    return redirect(back)


@require_GET
@login_required
@never_cache
def checkin_code(request, signup_id):
    """The worker's check-in page: the QR code (made now, so it is fresh) and the same code to type."""
    signup = own_signup(request, signup_id)
    if signup.status != SignupStatus.CONFIRMED:
        raise Http404
    token = services.checkin_token(signup)
    context = {"signup": signup, "token": token, "svg": qr_svg(token)}
    return render(request, "signups/checkin_code.html", context)


def qr_svg(text):
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=12, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@require_GET
@login_required
@never_cache
def calendar(request, signup_id):
    from campaigns.calendar import CalendarEvent, calendar_response
    from campaigns.calendar import calendar as make_calendar

    signup = own_signup(request, signup_id)
    event = signup.activity
    page_url = event.page.specific.get_full_url(request) or ""
    item = CalendarEvent(
        uid=f"signup-activity-{event.pk}@workers-home",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        summary=event.title,
        location=event.venue,
        description=page_url,
        url=page_url,
    )
    return calendar_response(make_calendar(event.title, [item]), f"event-{event.pk}.ics")


# ---- organisers ----------------------------------------------------------------------------------------------
def organised_activity(request, activity_id):
    if not request.user.is_authenticated:
        raise PermissionDenied
    event = get_object_or_404(Activity.objects.select_related("page"), pk=activity_id)
    if not services.can_organise(request.user, event):
        raise PermissionDenied
    return event


@login_required
@never_cache
def organise(request):
    """The events the signed-in organiser may check people in to, coming ones first."""
    now = timezone.now()
    events = Activity.objects.filter(enabled=True, ends_at__gte=now - timezone.timedelta(days=30)).select_related(
        "page"
    )
    if not request.user.has_perm("signups.organise_activity"):
        # Editors organise the events of the pages they may edit: one query for all, not a check per event.
        events = events.filter(
            page__in=PagePermissionPolicy().instances_user_has_permission_for(request.user, "change")
        )
    mine = list(events.order_by("starts_at")[:200])
    if not mine and not request.user.has_perm("signups.organise_activity"):
        raise PermissionDenied
    return render(request, "signups/organise.html", {"activities": mine})


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
@permissions_policy_override({**settings.PERMISSIONS_POLICY, "camera": ["self"]})  # the only page with a camera
def checkin(request, activity_id):
    """The check-in page: the camera reads workers' QR codes (checkin.js), or the organiser types the code."""
    event = organised_activity(request, activity_id)
    back = reverse("signups:checkin", args=[event.pk])
    if request.method == "POST":
        try:
            if throttle.hit([("checkin-user", request.user.pk, settings.CHECKIN_RATE_PER_USER)]):
                raise SignupRefused("rate_limited", _("Too many attempts. Please wait a minute."), 429)
            signup, first_time = services.check_in(event, request.POST.get("code", ""), request.user)
        except SignupRefused as refusal:
            return refused(request, refusal, back)
        name = signup.user.public_name
        message = (
            _("%(name)s is checked in.") % {"name": name}
            if first_time
            else _("%(name)s was already checked in at %(time)s.")
            % {"name": name, "time": f"{timezone.localtime(signup.checked_in_at):%H:%M}"}
        )
        if wants_json(request):
            return JsonResponse({"ok": True, "first_time": first_time, "name": name, "message": message})
        (messages.success if first_time else messages.warning)(request, message)
        return redirect(back)
    signups = event.signups.filter(status__in=ACTIVE).select_related("user").order_by("checked_in_at", "created_at")
    checked_in = [s for s in signups if s.checked_in_at]
    context = {
        "activity": event,
        "checked_in": sorted(checked_in, key=lambda s: s.checked_in_at, reverse=True),
        "expected": [s for s in signups if s.status == SignupStatus.CONFIRMED and not s.checked_in_at],
        "no_shows": [s for s in signups if s.status == SignupStatus.NO_SHOW],
        "waitlisted": sum(1 for s in signups if s.status == SignupStatus.WAITLISTED),
        "started": timezone.now() >= event.starts_at,
    }
    return render(request, "signups/checkin.html", context)


@require_POST
@login_required
@never_cache
def no_shows(request, activity_id):
    event = organised_activity(request, activity_id)
    back = reverse("signups:checkin", args=[event.pk])
    try:
        count = services.mark_no_shows(event)
    except SignupRefused as refusal:
        return refused(request, refusal, back)
    messages.success(request, _("%(count)d sign-ups marked as no-shows.") % {"count": count})
    return redirect(back)


@require_GET
@login_required
@never_cache
def export(request, activity_id, fmt):
    event = organised_activity(request, activity_id)
    if fmt == "xlsx":
        body = exports.xlsx(event)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = exports.csv_bytes(event)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="signups-{event.pk}.{fmt}"'
    return response
