"""Votes on video entries, with the contest's rules held by database constraints.

- A worker's votes for one entry on one day take numbered slots 1..N (N = the contest's votes per entry per
  day); ``(entry, voter, day, slot)`` is unique, so no race can give anyone an extra vote.
- When a contest caps how many entries a worker may back per day, each (voter, contest, day, entry) backing also
  takes a numbered slot 1..cap, unique per (voter, contest, day) and unique per entry.
- The entry's ``vote_count`` changes in the same transaction as the vote row it counts, so the displayed count
  always equals the number of valid votes (``manage.py check_vote_counts`` proves it).

Every vote row is also the audit record: who, when, from which address and browser. Voided votes stay (marked
void, with who voided them and why) and keep their slot: voiding fraud does not hand the fraudster a new vote.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class VoteStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    VOID = "void", _("Voided")


class Ballot(models.Model):
    """One ballot of a contest in ballot mode: exactly N different entries backed together, once a day.

    ``(voter, contest, day)`` is unique, and the ballot's N votes go in within the same transaction as this row, so
    a worker has at most one ballot a day and a ballot is never partial (``voting.services.cast_ballot``).
    """

    wagtail_reference_index_ignore = True

    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    contest = models.ForeignKey("campaigns.VideoContestPage", on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("voting day"))
    size = models.PositiveSmallIntegerField(_("entries backed"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["voter", "contest", "day"], name="one_ballot_per_voter_and_day"),
        ]

    def __str__(self):
        return f"{self.voter_id} ballot {self.day}"


class Vote(models.Model):
    # Votes are many and refer to nothing an editor would need to trace; keep them out of Wagtail's index.
    wagtail_reference_index_ignore = True

    entry = models.ForeignKey(
        "campaigns.VideoEntry", verbose_name=_("entry"), on_delete=models.CASCADE, related_name="votes"
    )
    contest = models.ForeignKey(
        "campaigns.VideoContestPage", verbose_name=_("contest"), on_delete=models.CASCADE, related_name="votes"
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("voter"), on_delete=models.PROTECT, related_name="votes"
    )
    day = models.DateField(_("voting day"), help_text=_("The calendar day in the site's time zone."))
    slot = models.PositiveSmallIntegerField(_("vote number of the day"), default=1)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    ip = models.GenericIPAddressField(_("IP address"), unpack_ipv4=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    ballot = models.ForeignKey(
        Ballot, verbose_name=_("ballot"), null=True, blank=True, on_delete=models.CASCADE, related_name="votes"
    )

    status = models.CharField(_("status"), max_length=8, choices=VoteStatus.choices, default=VoteStatus.VALID)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["-created_at"]
        permissions = [("void_vote", _("Can void votes"))]
        constraints = [
            models.UniqueConstraint(fields=["entry", "voter", "day", "slot"], name="one_vote_per_slot"),
            models.CheckConstraint(condition=Q(slot__gte=1), name="vote_slot_positive"),
            models.CheckConstraint(
                condition=Q(status="valid", voided_at__isnull=True) | Q(status="void", voided_at__isnull=False),
                name="void_votes_have_a_time",
            ),
        ]
        indexes = [
            models.Index(fields=["entry", "status"], name="vote_entry_status"),
            models.Index(fields=["contest", "created_at"], name="vote_contest_time"),
            models.Index(fields=["ip", "entry", "created_at"], name="vote_ip_entry_time"),
            models.Index(fields=["voter", "contest", "day"], name="vote_voter_day"),
        ]

    def __str__(self):
        return f"{self.voter_id} → {self.entry_id} ({self.day})"


class Backing(models.Model):
    """That a worker backed an entry on a day: enforces the contest's optional daily cap of entries backed."""

    wagtail_reference_index_ignore = True

    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    contest = models.ForeignKey("campaigns.VideoContestPage", on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey("campaigns.VideoEntry", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    slot = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("backing")
        verbose_name_plural = _("backings")
        constraints = [
            models.UniqueConstraint(fields=["voter", "contest", "day", "entry"], name="back_entry_once_a_day"),
            models.UniqueConstraint(fields=["voter", "contest", "day", "slot"], name="one_backing_per_slot"),
            models.CheckConstraint(condition=Q(slot__gte=1), name="backing_slot_positive"),
        ]

    def __str__(self):
        return f"{self.voter_id} backs {self.entry_id} on {self.day}"
