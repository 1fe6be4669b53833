"""A worker's own sign-up state for the events on a page, for ``/accounts/me/``.

Pages are one cached copy for everyone: the sign-up box in them shows the event's places and a link to its
sign-up page (``signups:activity``, uncached, which works without JavaScript). This part says, in two queries,
whether the visitor has signed up for each event, their place in the queue and how many places are left now.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import visibility
from core.inputs import parse_int

from .models import ACTIVE, Activity, Signup, SignupStatus

MAX_ACTIVITIES = 60


def states(user, activity_ids, now=None):
    now = now or timezone.now()
    public = visibility.public_pages().values("pk")  # the one "is public" rule: nothing of a private page
    activities = Activity.objects.filter(pk__in=activity_ids, enabled=True, page__in=public).only(
        "capacity", "confirmed_count", "opens_at", "closes_at", "starts_at", "enabled"
    )
    mine = {
        s.activity_id: s
        for s in Signup.objects.filter(user=user, activity_id__in=activity_ids, status__in=ACTIVE).only(
            "activity_id", "status", "queue_number"
        )
    }
    found = {}
    for activity in activities:
        left = activity.places_left
        signup = mine.get(activity.pk)
        if signup is None:
            status = ""
            label = ""
        elif signup.status == SignupStatus.WAITLISTED:
            status = "waitlisted"
            label = _("On the waiting list, place %(position)d") % {"position": signup.waitlist_position()}
        elif signup.status == SignupStatus.CONFIRMED:
            status = "confirmed"
            label = _("You have a place")
        else:
            status = signup.status
            label = signup.get_status_display()
        found[str(activity.pk)] = {
            "status": status,
            "label": str(label),
            "open": activity.is_open(now),
            "left": left,
            "left_label": ngettext("%(count)d place left", "%(count)d places left", left) % {"count": left}
            if left
            else _("Full: you can join the waiting list"),
        }
    return found


def part(request):
    """The ``signups`` part: ``?activities=<id>,<id>…`` (the sign-up boxes on the page)."""
    raw = request.GET.get("activities")
    if not raw:
        return None
    ids = []
    for piece in raw.split(",")[:MAX_ACTIVITIES]:
        activity_id = parse_int(piece, minimum=1)
        if activity_id is not None and activity_id not in ids:
            ids.append(activity_id)
    return states(request.user, ids) if ids else None
