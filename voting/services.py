"""Casting and voiding votes. The rules live here and in the database constraints; views stay thin."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import roles
from campaigns.models import EntryStatus, Phase, VideoEntry, VoterEligibility

from .models import Backing, Vote, VoteStatus


class VoteRejected(Exception):
    """A vote that was not counted, with a reason the voter can read and an HTTP status for the JSON API."""

    def __init__(self, code, message, status=403):
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.status = status


@dataclass(frozen=True)
class VoteResult:
    vote: Vote
    count: int


def _check_voter(user, contest):
    if not user.is_authenticated:
        raise VoteRejected("not_signed_in", _("Please sign in to vote."), 401)
    if not user.is_active:
        raise VoteRejected("inactive", _("This account has been disabled."), 403)
    if not user.groups.filter(name=roles.WORKERS).exists():
        raise VoteRejected("not_a_worker", _("Only union members' accounts can vote."), 403)
    if contest.voter_eligibility == VoterEligibility.VERIFIED and not user.is_verified:
        raise VoteRejected(
            "not_verified",
            _("Only verified union members may vote in this contest. A moderator verifies your membership number."),
            403,
        )


def _check_phase(contest, now):
    phase = contest.phase_at(now)
    if phase == Phase.VOTING:
        return
    if phase in (Phase.UPCOMING, Phase.SUBMISSION, Phase.REVIEW):
        raise VoteRejected("not_open", _("Voting has not opened yet."), 403)
    raise VoteRejected("closed", _("Voting has closed."), 403)


def cast_vote(entry_id, user, ip, user_agent="", now=None):
    """Count one vote by ``user`` for the entry, or raise VoteRejected saying why not."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    try:
        entry = VideoEntry.objects.select_related("contest").get(pk=entry_id)
    except VideoEntry.DoesNotExist:
        raise VoteRejected("no_entry", _("There is no such entry."), 404) from None
    contest = entry.contest
    if entry.status != EntryStatus.APPROVED or not contest.live:
        raise VoteRejected("no_entry", _("There is no such entry."), 404)
    _check_voter(user, contest)
    _check_phase(contest, now)

    per_entry = contest.votes_per_entry_per_day
    cap = contest.max_entries_per_day
    # Each round either counts the vote or finds out why not; a lost race (IntegrityError) means another
    # request took the slot first, so look again. Rounds are bounded by the number of slots there are.
    for _round in range(per_entry + (cap or 0) + 2):
        try:
            with transaction.atomic():
                used = Vote.objects.filter(entry=entry, voter=user, day=day).count()
                if used >= per_entry:
                    if per_entry == 1:
                        message = _("You have already voted for this entry today. Come back tomorrow.")
                    else:
                        message = _("You have used all %(count)d of today's votes for this entry.") % {
                            "count": per_entry
                        }
                    raise VoteRejected("already_voted", message, 409)
                if cap and not Backing.objects.filter(voter=user, contest=contest, day=day, entry=entry).exists():
                    backed = Backing.objects.filter(voter=user, contest=contest, day=day).count()
                    if backed >= cap:
                        raise VoteRejected(
                            "daily_cap",
                            _("You can back at most %(cap)d entries a day in this contest.") % {"cap": cap},
                            409,
                        )
                    Backing.objects.create(voter=user, contest=contest, day=day, entry=entry, slot=backed + 1)
                vote = Vote.objects.create(
                    entry=entry,
                    contest=contest,
                    voter=user,
                    day=day,
                    slot=used + 1,
                    ip=ip,
                    user_agent=(user_agent or "")[:300],
                )
                VideoEntry.objects.filter(pk=entry.pk).update(vote_count=F("vote_count") + 1)
                count = VideoEntry.objects.values_list("vote_count", flat=True).get(pk=entry.pk)
            return VoteResult(vote, count)
        except IntegrityError:
            continue
    raise VoteRejected("busy", _("Too many votes at once; please try again."), 409)


@transaction.atomic
def void_votes(votes, user, reason):
    """Void valid votes (e.g. a flagged burst) and take them off their entries' counts. Returns how many."""
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("a reason is required to void votes")
    ids = list(
        Vote.objects.select_for_update().filter(pk__in=[v.pk for v in votes], status=VoteStatus.VALID)
        .values_list("pk", flat=True)
    )  # fmt: skip
    if not ids:
        return 0
    per_entry = Vote.objects.filter(pk__in=ids).values("entry").annotate(n=Count("pk"))
    Vote.objects.filter(pk__in=ids).update(
        status=VoteStatus.VOID, voided_by=user, voided_at=timezone.now(), void_reason=reason[:200]
    )
    for row in per_entry:
        VideoEntry.objects.filter(pk=row["entry"]).update(vote_count=F("vote_count") - row["n"])
    from wagtail.log_actions import log

    for entry in VideoEntry.objects.filter(pk__in=[row["entry"] for row in per_entry]):
        log(entry, "voting.void", user=user, data={"reason": reason, "votes": len(ids)})
    return len(ids)


def count_mismatches(entries=None):
    """Entries whose counter differs from their number of valid votes: [(entry_id, counter, valid_votes)]."""
    queryset = VideoEntry.objects.all() if entries is None else entries
    rows = queryset.annotate(valid=Count("votes", filter=Q(votes__status=VoteStatus.VALID))).values_list(
        "pk", "vote_count", "valid"
    )
    return [(pk, counter, valid) for pk, counter, valid in rows if counter != valid]


@transaction.atomic
def repair_counts():
    """Set every counter to its number of valid votes (for after a manual database edit). Returns repairs."""
    list(VideoEntry.objects.select_for_update().values_list("pk", flat=True))  # no votes move while we count
    mismatches = count_mismatches()
    for pk, _counter, valid in mismatches:
        VideoEntry.objects.filter(pk=pk).update(vote_count=valid)
    return mismatches
