"""Judges' scores, conflicts of interest and objections during the 公示 (see README "Judging and results").

- A ``Scorecard`` is one judge's score of one entry: points per criterion (by the criterion's key: its id, or
  the fixed word of a default criterion, so an editor renaming a criterion keeps the scores; migration 0003
  moved scores stored by name) and their total, with an optional comment. ``(judge, entry)`` is unique, so a
  judge changes their score (until judging closes) instead of adding a second one.
- A ``Recusal`` records that a judge does not score an entry and why (their own work unit, found automatically,
  or a reason a moderator gives). The scoring service refuses a score where one exists.
- An ``Objection`` is a worker's objection to the published results during the 公示: a moderated record
  (``judging/moderation.py``: upheld or dismissed, with the answer the author sees, in the audit log).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scorecard(models.Model):
    wagtail_reference_index_ignore = True

    contest = models.ForeignKey("campaigns.VideoContestPage", on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey(
        "campaigns.VideoEntry", verbose_name=_("entry"), on_delete=models.CASCADE, related_name="scorecards"
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("judge"), on_delete=models.PROTECT, related_name="scorecards"
    )
    points = models.JSONField(_("points per criterion"), default=dict)
    total = models.PositiveSmallIntegerField(_("total"))
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("scored at"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        constraints = [models.UniqueConstraint(fields=["judge", "entry"], name="one_scorecard_per_judge_and_entry")]

    def __str__(self):
        return f"{self.judge_id} → {self.entry_id}: {self.total}"


class Recusal(models.Model):
    wagtail_reference_index_ignore = True

    entry = models.ForeignKey(
        "campaigns.VideoEntry", verbose_name=_("entry"), on_delete=models.CASCADE, related_name="recusals"
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("judge"), on_delete=models.CASCADE, related_name="recusals"
    )
    reason = models.CharField(_("reason"), max_length=200)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")
        constraints = [models.UniqueConstraint(fields=["judge", "entry"], name="one_recusal_per_judge_and_entry")]

    def __str__(self):
        return f"{self.judge_id} ✕ {self.entry_id}: {self.reason}"


class ObjectionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")


class Objection(models.Model):
    wagtail_reference_index_ignore = True

    contest = models.ForeignKey(
        "campaigns.VideoContestPage", verbose_name=_("contest"), on_delete=models.CASCADE, related_name="objections"
    )
    entry = models.ForeignKey(
        "campaigns.VideoEntry",
        verbose_name=_("entry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="objections",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="objections"
    )
    reason = models.TextField(_("objection"), max_length=1000)
    created_at = models.DateTimeField(_("raised at"), default=timezone.now, editable=False)

    status = models.CharField(
        _("status"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.PENDING
    )
    response = models.CharField(_("answer (the author sees it)"), max_length=500, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    moderated_at = models.DateTimeField(_("handled at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending") | ~Q(response=""), name="handled_objections_have_an_answer"
            )
        ]

    def __str__(self):
        return f"{self.contest} · {self.reason[:30]}"
