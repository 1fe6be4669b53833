"""Signing up, cancelling, the waiting list and check-in. The rules live here and in the database; views stay thin.

Capacity is the database's: a place is taken by ``UPDATE activity SET confirmed_count = confirmed_count + 1
WHERE id = … AND confirmed_count < capacity`` (one row or none), inside a transaction that first locks the
activity's row (``SELECT … FOR UPDATE`` on PostgreSQL), so sign-ups, cancellations and promotions of one event
take turns and the waiting list's queue numbers (``waitlist_seq``) are handed out without gaps. One active sign-up
per worker and event is a partial unique constraint; a second attempt that slips past the friendly check hits it
and rolls the whole transaction back, counters included.
"""

import logging
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ACTIVE, Activity, Eligibility, Signup, SignupSettings, SignupStatus

logger = logging.getLogger(__name__)


class SignupRefused(Exception):
    """A refusal with a reason the worker can read, a code for scripts and an HTTP status."""

    def __init__(self, code, message, status=403):
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.status = status


@dataclass(frozen=True)
class SignupResult:
    signup: Signup
    position: int | None  # on the waiting list: 1 for the first

    @property
    def confirmed(self):
        return self.signup.status == SignupStatus.CONFIRMED


# ---- who may sign up -----------------------------------------------------------------------------------------
def check_eligible(user, activity):
    if not user.is_authenticated:
        raise SignupRefused("not_signed_in", _("Please sign in to sign up."), 401)
    if not user.is_active:
        raise SignupRefused("inactive", _("This account has been disabled."), 403)
    if activity.eligibility in (Eligibility.MEMBERS, Eligibility.VERIFIED) and not user.is_worker:
        raise SignupRefused("members_only", _("Only union members can sign up for this event."), 403)
    if activity.eligibility == Eligibility.VERIFIED and not user.is_verified:
        raise SignupRefused(
            "not_verified",
            _("Only verified union members can sign up for this event. A moderator verifies your membership number."),
            403,
        )


def check_window(activity, now):
    if not activity.enabled:
        raise SignupRefused("closed", _("This event no longer takes sign-ups."), 403)
    if activity.opens_at and now < activity.opens_at:
        opens = timezone.localtime(activity.opens_at)
        raise SignupRefused("not_open", _("Sign-up opens on %(time)s.") % {"time": f"{opens:%Y-%m-%d %H:%M}"}, 403)
    if now >= activity.closing_time():
        raise SignupRefused("closed", _("Sign-up for this event has closed."), 403)


def already_message(signup):
    if signup.status == SignupStatus.WAITLISTED:
        return _("You are already on the waiting list, at place %(position)d.") % {
            "position": signup.waitlist_position()
        }
    return _("You have already signed up for this event.")


def clean_answers(activity, answers):
    """Keep the answers to the activity's own questions, as plain one-line text of at most 100 characters."""
    from core.inputs import plain_text

    answers = answers or {}
    cleaned = {}
    for number, question in enumerate(activity.questions):
        value = plain_text(answers.get(f"q{number}", "")) or ""
        cleaned[question] = " ".join(value.split())[:100]
    return cleaned


# ---- signing up, cancelling, the waiting list ----------------------------------------------------------------
def sign_up(activity, user, answers=None, now=None):
    """Sign ``user`` up for ``activity`` (an Activity or its id): a place if one is left, else the end of the waiting
    list. Raises ``SignupRefused``. The counters are read in the database, never from the object passed in."""
    now = now or timezone.now()
    if not isinstance(activity, Activity):
        activity = Activity.objects.filter(pk=activity).first()
    if activity is None:
        raise SignupRefused("not_found", _("There is no such event."), 404)
    check_eligible(user, activity)
    check_window(activity, now)
    existing = Signup.objects.filter(activity=activity, user=user, status__in=ACTIVE).first()
    if existing is not None:
        raise SignupRefused("already_signed_up", already_message(existing), 409)
    answers = clean_answers(activity, answers)
    try:
        with transaction.atomic():
            locked = Activity.objects.select_for_update().filter(pk=activity.pk)
            list(locked.values_list("pk"))  # the row lock: sign-ups of this event take turns from here to commit
            placed = locked.filter(confirmed_count__lt=F("capacity")).update(confirmed_count=F("confirmed_count") + 1)
            queue_number = None
            if not placed:
                locked.update(waitlist_seq=F("waitlist_seq") + 1)
                queue_number = locked.values_list("waitlist_seq", flat=True).get()
            signup = Signup.objects.create(
                activity=activity,
                user=user,
                status=SignupStatus.CONFIRMED if placed else SignupStatus.WAITLISTED,
                queue_number=queue_number,
                answers=answers,
            )
            position = signup.waitlist_position()
            if placed:
                forget_page_if_full(activity.pk)
    except IntegrityError:  # a second request of the same worker got in between: the constraint said no
        existing = Signup.objects.filter(activity=activity, user=user, status__in=ACTIVE).first()
        raise SignupRefused(
            "already_signed_up", already_message(existing) if existing else _("You have already signed up."), 409
        ) from None
    return SignupResult(signup, position)


def cancel(signup_id, user, now=None):
    """The worker cancels; a freed place goes to the first on the waiting list in the same transaction."""
    now = now or timezone.now()
    signup = Signup.objects.filter(pk=signup_id, user=user).select_related("activity").first()
    if signup is None or not user.is_authenticated:
        raise SignupRefused("not_found", _("There is no such sign-up."), 404)
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=signup.activity_id)
        signup = Signup.objects.select_for_update().get(pk=signup.pk)
        if signup.status == SignupStatus.CANCELLED:
            raise SignupRefused("already_cancelled", _("This sign-up was already cancelled."), 409)
        if signup.status == SignupStatus.NO_SHOW or signup.checked_in_at or now >= activity.starts_at:
            raise SignupRefused("started", _("The event has started; the sign-up can no longer be cancelled."), 403)
        was_confirmed = signup.status == SignupStatus.CONFIRMED
        if was_confirmed and now > activity.cancellable_until():
            deadline = timezone.localtime(activity.cancellable_until())
            raise SignupRefused(
                "deadline_passed",
                _("Cancellations closed on %(time)s. Please tell the organiser if you cannot come.")
                % {"time": f"{deadline:%Y-%m-%d %H:%M}"},
                403,
            )
        signup.status = SignupStatus.CANCELLED
        signup.cancelled_at = now
        signup.save(update_fields=["status", "cancelled_at"])
        promoted = []
        if was_confirmed:
            Activity.objects.filter(pk=activity.pk).update(confirmed_count=F("confirmed_count") - 1)
            promoted = promote(activity.pk, now)
            if not promoted:
                forget_page_on_commit(activity.page_id)  # a place is free again
    return signup, promoted


def promote(activity_id, now=None):
    """Give free places to the waiting list in queue order. Call inside a transaction holding the activity's lock."""
    now = now or timezone.now()
    promoted = []
    while True:
        first = (
            Signup.objects.select_for_update()
            .filter(activity_id=activity_id, status=SignupStatus.WAITLISTED)
            .order_by("queue_number")
            .first()
        )
        if first is None:
            break
        placed = Activity.objects.filter(pk=activity_id, confirmed_count__lt=F("capacity")).update(
            confirmed_count=F("confirmed_count") + 1
        )
        if not placed:
            break
        first.status = SignupStatus.CONFIRMED
        first.promoted_at = now
        first.save(update_fields=["status", "promoted_at"])
        promoted.append(first.pk)
    if promoted:
        from .tasks import notify_promoted

        ids = list(promoted)
        transaction.on_commit(lambda: enqueue_safely(notify_promoted, ids))
    return promoted


def enqueue_safely(task, *args):
    try:
        task.enqueue(*args)
    except Exception:  # the queue being down must not undo a committed sign-up; the notice can be sent again
        logger.exception("Could not enqueue %s", task)


# ---- the cached pages ----------------------------------------------------------------------------------------
def forget_page_on_commit(page_id):
    """The page's open/full state changed: its cached copies go once this commits, and its search documents (the
    可报名 tag, ``signup_tags``) are rebuilt through the search outbox, in this transaction."""
    from wagtail.models import Page

    from search.sync import enqueue

    page = Page.objects.filter(pk=page_id).first()
    if page is not None:
        enqueue(page.specific)

    def forget():
        from wagtail.models import Page

        from core.cache_invalidation import forget_page

        page = Page.objects.filter(pk=page_id).first()
        if page is not None and page.live:
            forget_page(page.specific)

    transaction.on_commit(forget)


def forget_page_if_full(activity_id):
    """The cached page says whether places are left (not how many): forget it when the last place goes."""
    activity = Activity.objects.only("page_id", "capacity", "confirmed_count").get(pk=activity_id)
    if activity.confirmed_count >= activity.capacity:
        forget_page_on_commit(activity.page_id)


# ---- the editor's settings become activities -----------------------------------------------------------------
def signup_items(page):
    """The page's inline items that can take sign-ups (any child relation whose model uses SignupSettings)."""
    from modelcluster.models import get_all_child_relations

    items = []
    for relation in get_all_child_relations(page):
        if issubclass(relation.related_model, SignupSettings):
            items.extend(getattr(page, relation.get_accessor_name()).all())
    return items


def sync_page(page):
    """Bring the page's activities in line with its published items (called when the page is published)."""
    from modelcluster.models import get_all_child_relations

    if not any(issubclass(r.related_model, SignupSettings) for r in get_all_child_relations(page)):
        return  # a page type without sign-up items: nothing to do
    seen = []
    with transaction.atomic():
        for item in signup_items(page):
            content_type = ContentType.objects.get_for_model(type(item))
            existing = Activity.objects.select_for_update().filter(content_type=content_type, object_id=item.pk).first()
            if not item.signup_enabled or not item.signup_capacity:
                if existing is not None:
                    Activity.objects.filter(pk=existing.pk).update(enabled=False)
                    seen.append(existing.pk)
                continue
            values = {
                "page_id": page.pk,
                "enabled": True,
                "title": item.signup_title()[:200],
                "venue": (item.signup_venue() or "")[:200],
                "starts_at": item.signup_starts_at(),
                "ends_at": item.signup_ends_at(),
                "capacity": item.signup_capacity,
                "opens_at": item.signup_opens_at,
                "closes_at": item.signup_closes_at,
                "cancel_deadline": item.cancel_deadline,
                "eligibility": item.signup_eligibility,
                "questions": item.question_list,
            }
            if existing is None:
                existing = Activity.objects.create(content_type=content_type, object_id=item.pk, **values)
            else:
                Activity.objects.filter(pk=existing.pk).update(**values)
                promote(existing.pk)  # more places than before: the waiting list moves up
            seen.append(existing.pk)
        Activity.objects.filter(page_id=page.pk).exclude(pk__in=seen).update(enabled=False)


OPEN_TAG = "可报名"  # the search tag of coming sessions and events with places left (search: ?tag=可报名)


def signup_tags(page, item, now=None):
    """``["可报名"]`` for an item of ``page`` taking sign-ups now with places left, else ``[]`` (for its search
    document). The index is updated when the last place goes or one is freed (``forget_page_on_commit``) and when
    the page is published; a window that opens or closes by the clock shows at the next update."""
    activity = activity_of(page, item)
    if activity is not None and activity.is_open(now) and activity.places_left:
        return [OPEN_TAG]
    return []


def activity_of(page, item):
    """The enabled activity of an inline item of ``page``, or None (from ``page_activities``: no query of its own)."""
    content_type = ContentType.objects.get_for_model(type(item))
    activity = page_activities(page).get((content_type.pk, item.pk))
    return activity if activity is not None and activity.enabled else None


# ---- check-in ------------------------------------------------------------------------------------------------
CHECKIN_SALT = "signups.checkin"


class CheckinSigner(signing.TimestampSigner):
    """django.core.signing's timestamped signature, shortened to 12 characters so an organiser can type the code
    when the camera cannot read it (60 bits of the HMAC: guessing one is out of reach at the check-in rate limit)."""

    def signature(self, value, key=None):
        return super().signature(value, key)[:12]


def checkin_signer():
    return CheckinSigner(salt=CHECKIN_SALT)


def checkin_token(signup):
    """What the worker's QR code holds: the sign-up's number, the time and a signature; nothing personal."""
    return checkin_signer().sign(str(signup.pk))


def read_token(token, max_age=None):
    from django.conf import settings

    token = "".join((token or "").split())[:100]
    try:
        value = checkin_signer().unsign(token, max_age=max_age or settings.SIGNUP_TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise SignupRefused(
            "expired", _("This code has expired. Ask the worker to open their sign-up page again."), 400
        ) from None
    except signing.BadSignature:
        raise SignupRefused("invalid", _("This is not a valid check-in code."), 400) from None
    if not value.isdigit():
        raise SignupRefused("invalid", _("This is not a valid check-in code."), 400)
    return int(value)


def can_organise(user, activity):
    """Organisers: the 活动管理员 role (``signups.organise_activity``) or anyone who may edit the event's page."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.has_perm("signups.organise_activity"):
        return True
    return activity.page.permissions_for_user(user).can_edit()


def check_in(activity, token, organiser, now=None):
    """Check in the sign-up a worker's code stands for. Returns ``(signup, first_time)``."""
    now = now or timezone.now()
    signup_id = read_token(token)
    signup = Signup.objects.select_related("user").filter(pk=signup_id).first()
    if signup is None or signup.activity_id != activity.pk:
        raise SignupRefused("other_event", _("This code is for another event."), 400)
    if signup.status == SignupStatus.CANCELLED:
        raise SignupRefused("cancelled", _("This sign-up was cancelled."), 400)
    if signup.status == SignupStatus.WAITLISTED:
        raise SignupRefused("waitlisted", _("This worker is on the waiting list and has no place."), 400)
    if signup.checked_in_at:
        return signup, False
    with transaction.atomic():
        changed = Signup.objects.filter(
            pk=signup.pk, checked_in_at__isnull=True, status__in=[SignupStatus.CONFIRMED, SignupStatus.NO_SHOW]
        ).update(status=SignupStatus.CONFIRMED, checked_in_at=now, checked_in_by=organiser)
        if changed:
            Activity.objects.filter(pk=activity.pk).update(checked_in_count=F("checked_in_count") + 1)
    signup.refresh_from_db()
    return signup, bool(changed)


def mark_no_shows(activity, now=None):
    """After the event has started: every confirmed sign-up not checked in becomes a no-show. Returns how many."""
    now = now or timezone.now()
    if now < activity.starts_at:
        raise SignupRefused("not_started", _("No-shows can be marked once the event has started."), 400)
    return Signup.objects.filter(activity=activity, status=SignupStatus.CONFIRMED, checked_in_at__isnull=True).update(
        status=SignupStatus.NO_SHOW
    )


# ---- reach (人次) ----------------------------------------------------------------------------------------------
def page_activities(page):
    """``{(content type id, item pk): Activity}`` of every activity of the page, enabled or not: one query, kept on
    the page object for the rest of the request (the sign-up boxes, the attendance labels and the figures)."""
    if not hasattr(page, "_signup_activity_map"):
        page._signup_activity_map = {
            (a.content_type_id, a.object_id): a for a in Activity.objects.filter(page_id=page.pk)
        }
    return page._signup_activity_map


def checked_in_counts(page, model):
    content_type = ContentType.objects.get_for_model(model)
    return {
        object_id: a.checked_in_count
        for (type_id, object_id), a in page_activities(page).items()
        if type_id == content_type.pk and a.checked_in_count
    }


def reach(page, items, model=None, entered_total=None):
    """People reached by ``items`` (inline items of ``page``): each item's check-ins where any were recorded here,
    else the count its editor typed in (offline events). ``entered_total`` (the editors' counts summed by the
    database) spares loading the items when no item has check-ins."""
    model = model or (type(items[0]) if items else None)
    if model is None:
        return entered_total or 0
    checked_in = checked_in_counts(page, model)
    if entered_total is not None and not checked_in:
        return entered_total
    items = list(items)
    return sum(checked_in.get(item.pk) or item.offline_attendance() or 0 for item in items)
