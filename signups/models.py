"""Sign-ups for the things workers attend: lecture sessions, reading-room events and festival programme items.

One mechanism for all three:

- ``SignupSettings``, an abstract mixin on the three inline models, holds what an editor decides in the page
  editor (whether sign-up is on, places, when it opens and closes, the cancellation deadline, who may sign up,
  the questions asked). It lives on the inline item so it is saved with the page's revision and goes through the
  page's workflow like everything else on it.
- ``Activity`` is the one record per sign-up-enabled item that the sign-ups point to: a copy of those settings
  made when the page is published (``services.sync_page``) and the counters the database enforces:
  ``confirmed_count`` can only grow by a conditional ``UPDATE … WHERE confirmed_count < capacity``, and
  ``waitlist_seq`` hands out queue numbers under the row's lock.
- ``Signup`` is a worker's place (confirmed), their place in the queue (waitlisted), a cancellation or a no-show;
  one active sign-up per worker and activity is a partial unique constraint.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

MAX_QUESTIONS = 5


class Eligibility(models.TextChoices):
    ANYONE = "anyone", _("Anyone with an account")
    MEMBERS = "members", _("Union members only")
    VERIFIED = "verified", _("Verified union members only")


class SignupSettings(models.Model):
    """Sign-up settings of an inline item (a lecture session, a reading event, a festival programme item).

    A model using it says what the activity is: ``signup_page()`` (the page it is on), ``signup_title()``,
    ``signup_starts_at()``, ``signup_ends_at()``, ``signup_venue()`` and ``offline_attendance()`` (a count an
    editor typed in, or None).
    """

    signup_enabled = models.BooleanField(_("online sign-up"), default=False)
    signup_capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    signup_opens_at = models.DateTimeField(
        _("sign-up opens"), null=True, blank=True, help_text=_("Empty: as soon as the page is published.")
    )
    signup_closes_at = models.DateTimeField(
        _("sign-up closes"), null=True, blank=True, help_text=_("Empty: when the event starts.")
    )
    cancel_deadline = models.DateTimeField(
        _("cancellation deadline"), null=True, blank=True, help_text=_("Empty: until the event starts.")
    )
    signup_eligibility = models.CharField(
        _("who may sign up"), max_length=10, choices=Eligibility.choices, default=Eligibility.MEMBERS
    )
    signup_questions = models.TextField(
        _("questions"),
        blank=True,
        max_length=500,
        help_text=_("One question per line (at most five), e.g. 工作单位 or 参赛队人数."),
    )

    signup_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("signup_enabled"), FieldPanel("signup_capacity")]),
                FieldRowPanel([FieldPanel("signup_opens_at"), FieldPanel("signup_closes_at")]),
                FieldRowPanel([FieldPanel("cancel_deadline"), FieldPanel("signup_eligibility")]),
                FieldPanel("signup_questions"),
            ],
            heading=_("Sign-up"),
        )
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.signup_enabled and not self.signup_capacity:
            raise ValidationError({"signup_capacity": _("Say how many places there are.")})
        if self.signup_opens_at and self.signup_closes_at and self.signup_closes_at <= self.signup_opens_at:
            raise ValidationError({"signup_closes_at": _("Sign-up must close after it opens.")})
        if len(self.question_list) > MAX_QUESTIONS:
            raise ValidationError({"signup_questions": _("Ask at most five questions.")})

    @property
    def question_list(self):
        return [line.strip()[:100] for line in self.signup_questions.splitlines() if line.strip()]

    def offline_attendance(self):
        return None


class Activity(models.Model):
    """The sign-up record of one inline item, with the counters the database keeps exact."""

    wagtail_reference_index_ignore = True

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="signup_activities"
    )
    enabled = models.BooleanField(_("sign-up on"), default=True)
    title = models.CharField(_("event"), max_length=200)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("places"))
    opens_at = models.DateTimeField(_("sign-up opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("sign-up closes"), null=True, blank=True)
    cancel_deadline = models.DateTimeField(_("cancellation deadline"), null=True, blank=True)
    eligibility = models.CharField(_("who may sign up"), max_length=10, choices=Eligibility.choices)
    questions = models.JSONField(_("questions"), default=list, blank=True)
    confirmed_count = models.PositiveIntegerField(_("confirmed"), default=0)
    waitlist_seq = models.PositiveIntegerField(_("queue numbers given"), default=0)
    checked_in_count = models.PositiveIntegerField(_("checked in"), default=0)

    class Meta:
        verbose_name = _("sign-up event")
        verbose_name_plural = _("sign-up events")
        ordering = ["starts_at", "pk"]
        permissions = [("organise_activity", _("Can check in and export the sign-ups of every event"))]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="one_activity_per_item"),
        ]
        indexes = [models.Index(fields=["page", "starts_at"], name="activity_page_time")]

    def __str__(self):
        return f"{timezone.localtime(self.starts_at):%Y-%m-%d %H:%M} {self.title}"

    @property
    def places_left(self):
        return max(0, self.capacity - self.confirmed_count)

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.enabled and (self.opens_at is None or self.opens_at <= now) and now < self.closing_time()

    def closing_time(self):
        return min(self.closes_at, self.starts_at) if self.closes_at else self.starts_at

    def cancellable_until(self):
        return min(self.cancel_deadline, self.starts_at) if self.cancel_deadline else self.starts_at

    def is_upcoming(self, now=None):
        return self.starts_at >= (now or timezone.now())


class SignupStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("Did not come")


ACTIVE = [SignupStatus.CONFIRMED, SignupStatus.WAITLISTED, SignupStatus.NO_SHOW]


class Signup(models.Model):
    wagtail_reference_index_ignore = True

    activity = models.ForeignKey(Activity, verbose_name=_("event"), on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("worker"), on_delete=models.CASCADE, related_name="signups"
    )
    status = models.CharField(_("status"), max_length=10, choices=SignupStatus.choices)
    queue_number = models.PositiveIntegerField(_("queue number"), null=True, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)
    promoted_at = models.DateTimeField(_("moved off the waiting list at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["activity", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "user"], condition=~Q(status="cancelled"), name="one_signup_per_worker"
            ),
            models.UniqueConstraint(fields=["activity", "queue_number"], name="one_signup_per_queue_number"),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(queue_number__isnull=False), name="waitlist_has_a_number"
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status="confirmed"), name="only_confirmed_check_in"
            ),
        ]
        indexes = [
            models.Index(fields=["activity", "status", "queue_number"], name="signup_queue"),
            models.Index(fields=["user", "status"], name="signup_user_status"),
        ]

    def __str__(self):
        return f"{self.user_id} → {self.activity_id} ({self.status})"

    def waitlist_position(self):
        """1 for the first in the queue: counted, so cancellations and promotions leave no gaps."""
        if self.status != SignupStatus.WAITLISTED:
            return None
        return Signup.objects.filter(
            activity_id=self.activity_id, status=SignupStatus.WAITLISTED, queue_number__lte=self.queue_number
        ).count()


class Notice(models.Model):
    """A message for a worker on their account page (a reminder, a move off the waiting list)."""

    wagtail_reference_index_ignore = True

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signup_notices")
    signup = models.ForeignKey(Signup, null=True, blank=True, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=12)
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [models.UniqueConstraint(fields=["signup", "kind"], name="one_notice_of_a_kind")]

    def __str__(self):
        return self.text
