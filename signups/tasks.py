"""Notices to workers, sent by the task worker (never inside a request): the move off the waiting list and the
reminder the day before. Each is a ``Notice`` on the account page (one of each kind per sign-up: a task run twice
adds nothing) and an e-mail where the worker has an address and the site can send mail."""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from django_tasks import task

from .models import Notice, Signup, SignupStatus

logger = logging.getLogger(__name__)


def tell(signup, kind, text):
    """Leave the notice (once per kind) and e-mail it; False when it had been given already."""
    try:
        with transaction.atomic():
            Notice.objects.create(user=signup.user, signup=signup, kind=kind, text=text[:300])
    except IntegrityError:
        return False
    if signup.user.email:
        try:
            send_mail(
                _("Workers' Home: %(event)s") % {"event": signup.activity.title},
                text,
                settings.DEFAULT_FROM_EMAIL,
                [signup.user.email],
            )
        except Exception:  # the notice on the account page stands; mail is best effort
            logger.exception("Could not e-mail notice %s to user %s", kind, signup.user_id)
    return True


def when(activity):
    return f"{timezone.localtime(activity.starts_at):%Y-%m-%d %H:%M}"


@task()
def notify_promoted(signup_ids):
    with override(settings.LANGUAGE_CODE):
        for signup in Signup.objects.filter(pk__in=signup_ids, status=SignupStatus.CONFIRMED).select_related(
            "activity", "user"
        ):
            tell(
                signup,
                "promoted",
                _("A place came free: you are now signed up for %(event)s (%(time)s, %(venue)s).")
                % {"event": signup.activity.title, "time": when(signup.activity), "venue": signup.activity.venue},
            )


@task()
def send_reminders(day=None):
    """Remind everyone with a place in an event that starts on ``day`` (ISO date; default tomorrow)."""
    day = datetime.date.fromisoformat(day) if day else timezone.localdate() + datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(0)))
    end = start + datetime.timedelta(days=1)
    sent = 0
    with override(settings.LANGUAGE_CODE):
        due = Signup.objects.filter(
            status=SignupStatus.CONFIRMED,
            reminded_at__isnull=True,
            activity__enabled=True,
            activity__starts_at__gte=start,
            activity__starts_at__lt=end,
        ).select_related("activity", "user")
        for signup in due:
            if not Signup.objects.filter(pk=signup.pk, reminded_at__isnull=True).update(reminded_at=timezone.now()):
                continue  # another run took it
            text = _("Reminder: %(event)s is tomorrow, %(time)s at %(venue)s. Show your check-in code at the door.") % {
                "event": signup.activity.title,
                "time": when(signup.activity),
                "venue": signup.activity.venue,
            }
            sent += tell(signup, "reminder", text)
    return sent
