from django import template
from django.utils import timezone

from ..models import Signup, SignupStatus
from ..services import activity_of, checked_in_counts

register = template.Library()


@register.inclusion_tag("signups/signup_box.html", takes_context=True)
def signup_box(context, item):
    """The sign-up box of an inline item on a cached page: the same for every visitor (personal.js adds the
    visitor's own state from /accounts/me/)."""
    page = context.get("page")
    activity = activity_of(page, item) if page is not None else None
    now = timezone.now()
    if activity is None or activity.starts_at <= now:  # a past event keeps its attendance, not a sign-up box
        return {"activity": None}
    if activity.opens_at and now < activity.opens_at:
        state = "soon"
    elif now >= activity.closing_time():
        state = "closed"
    else:
        state = "open" if activity.places_left else "full"
    return {"activity": activity, "state": state}


@register.simple_tag(takes_context=True)
def attendance(context, item):
    """``(count, source)`` of an inline item: check-ins recorded here, else the count an editor typed in."""
    page = context.get("page") or item.signup_page()
    checked_in = checked_in_counts(page, type(item)).get(item.pk)
    if checked_in:
        return checked_in, "checkins"
    offline = item.offline_attendance()
    return (offline, "entered") if offline is not None else (None, "")


@register.simple_tag
def my_signups(user):
    """The worker's sign-ups, coming events first, then the last few past ones."""
    now = timezone.now()
    signups = (
        Signup.objects.filter(user=user)
        .exclude(status=SignupStatus.CANCELLED, activity__starts_at__lt=now)
        .select_related("activity")
        .order_by("-activity__starts_at")[:20]
    )
    coming = sorted((s for s in signups if s.activity.starts_at >= now), key=lambda s: s.activity.starts_at)
    past = [s for s in signups if s.activity.starts_at < now][:5]
    for signup in coming:
        signup.position = signup.waitlist_position()
    return {"coming": coming, "past": past, "notices": list(user.signup_notices.all()[:5])}
