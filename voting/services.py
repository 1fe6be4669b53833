"""Casting and voiding votes. The rules live here and in the database constraints; views stay thin."""

import contextlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import EntryStatus, Phase, VideoContestPage, VideoEntry, VoterEligibility

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
    vote_id: int
    count: int

    @property
    def vote(self):
        """The stored vote (one query; the vote endpoint needs only the count)."""
        return Vote.objects.get(pk=self.vote_id)


def _check_voter(user, contest):
    if not user.is_authenticated:
        raise VoteRejected("not_signed_in", _("Please sign in to vote."), 401)
    if not user.is_active:
        raise VoteRejected("inactive", _("This account has been disabled."), 403)
    if not user.is_worker:  # a member's account (accounts.models.User.is_worker: no query)
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


# Inserting a vote: the unique constraint (entry, voter, day, slot) decides who gets a slot. An insert that finds
# its slot taken inserts nothing (no error, no aborted transaction), and the counter moves only when a row went in.
INSERT_VOTE = (
    "INSERT INTO voting_vote (entry_id, contest_id, voter_id, day, slot, created_at, ip, user_agent, status,"
    " void_reason) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 'valid', '')"
    " ON CONFLICT (entry_id, voter_id, day, slot) DO NOTHING RETURNING id"
)
COUNT_VOTE = "UPDATE campaigns_videoentry SET vote_count = vote_count + 1 WHERE id = %s RETURNING vote_count"
# On PostgreSQL the check that the entry is approved and in the contest whose rules were applied, the insert and
# the count are one statement (one round trip, atomic on its own): the vote goes in only if the entry qualifies,
# the counter is updated only if the insert produced a row, and no row comes back when the slot was taken or the
# entry does not qualify (the caller then looks at the entry to tell which).
INSERT_AND_COUNT_VOTE = (
    "WITH new_vote AS ("
    "INSERT INTO voting_vote (entry_id, contest_id, voter_id, day, slot, created_at, ip, user_agent, status,"
    " void_reason) SELECT %s, %s, %s, %s, %s, %s, %s, %s, 'valid', ''"
    " WHERE EXISTS (SELECT 1 FROM campaigns_videoentry WHERE id = %s AND contest_id = %s AND status = 'approved')"
    " ON CONFLICT (entry_id, voter_id, day, slot) DO NOTHING RETURNING id)"
    " UPDATE campaigns_videoentry SET vote_count = vote_count + 1"
    " WHERE id = %s AND EXISTS (SELECT 1 FROM new_vote)"
    " RETURNING (SELECT id FROM new_vote), vote_count"
)
ENTRY_STATUS = "SELECT status, contest_id FROM campaigns_videoentry WHERE id = %s"
CONTEST_RULE_FIELDS = [
    "live", "submission_opens_at", "submission_closes_at", "voting_opens_at", "voting_closes_at", "results_at",
    "voter_eligibility", "votes_per_entry_per_day", "max_entries_per_day",
]  # fmt: skip
_rules_cache = {}


def contest_rules(contest_id):
    """The contest's voting rules, read at most every ``VOTE_RULES_TTL`` seconds per process.

    Votes arrive by the thousand per minute for the same few contests; their rules change a few times in a
    contest's life. The process that saves or publishes a contest forgets its copy at once (voting/apps.py); every
    other process sees the edit within ``VOTE_RULES_TTL`` seconds (default 1: one small query per process and
    contest per second). The phase itself is always computed from the current time, so voting closes exactly on
    time whatever the cache holds.
    """
    cached = _rules_cache.get(contest_id)
    now = time.monotonic()
    if cached is None or now - cached[0] > settings.VOTE_RULES_TTL:
        contest = VideoContestPage.objects.only(*CONTEST_RULE_FIELDS).filter(pk=contest_id).first()
        cached = (now, contest)
        _rules_cache[contest_id] = cached
    return cached[1]


def forget_contest_rules(contest_id=None):
    """Drop this process's copy of a contest's rules (all contests when no id is given)."""
    if contest_id is None:
        _rules_cache.clear()
        _entry_contests.clear()
    else:
        _rules_cache.pop(contest_id, None)


# Which contest an entry belongs to, remembered per process. It is only a hint for choosing the rules: the insert
# itself re-checks on PostgreSQL that the entry is approved and still in that contest.
_entry_contests = {}
ENTRY_CONTESTS_MAX = 50_000


def _approved_entry_contest(entry_id):
    """The contest of the entry, looked up (and remembered); "no such entry" unless it is approved."""
    with connection.cursor() as cursor:
        cursor.execute(ENTRY_STATUS, [entry_id])
        row = cursor.fetchone()
    if row is None or row[0] != EntryStatus.APPROVED:
        _entry_contests.pop(entry_id, None)
        raise _no_entry()
    if len(_entry_contests) >= ENTRY_CONTESTS_MAX:
        _entry_contests.clear()
    _entry_contests[entry_id] = row[1]
    return row[1]


def _no_entry():
    return VoteRejected("no_entry", _("There is no such entry."), 404)


def _claim_backing(user, contest, entry_id, day, cap):
    """Take one of the day's ``cap`` backing slots for this entry, unless it already has one."""
    if Backing.objects.filter(voter=user, contest=contest, day=day, entry_id=entry_id).exists():
        return
    backed = Backing.objects.filter(voter=user, contest=contest, day=day).count()
    if backed >= cap:
        raise VoteRejected(
            "daily_cap", _("You can back at most %(cap)d entries a day in this contest.") % {"cap": cap}, 409
        )
    with transaction.atomic():  # a lost race raises IntegrityError; cast_vote looks again
        Backing.objects.create(voter=user, contest=contest, day=day, entry_id=entry_id, slot=backed + 1)


def _insert(cursor, values, single_statement):
    """Insert the vote and count it; returns (vote id, new count), or None if nothing went in."""
    entry_id, contest_id = values[0], values[1]
    if single_statement:
        cursor.execute(INSERT_AND_COUNT_VOTE, [*values, entry_id, contest_id, entry_id])
        return cursor.fetchone()
    cursor.execute(INSERT_VOTE, values)
    inserted = cursor.fetchone()
    if inserted is None:
        return None
    cursor.execute(COUNT_VOTE, [entry_id])
    return inserted[0], cursor.fetchone()[0]


def cast_vote(entry_id, user, ip, user_agent="", now=None, _retry=True):
    """Count one vote by ``user`` for the entry, or raise VoteRejected saying why not."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    contest_id = _entry_contests.get(entry_id)
    entry_checked = contest_id is None  # looked up now, not remembered
    if entry_checked:
        contest_id = _approved_entry_contest(entry_id)
    contest = contest_rules(contest_id)
    if contest is None or not contest.live:
        raise _no_entry()
    _check_voter(user, contest)
    _check_phase(contest, now)

    def in_another_contest():
        """Look at the entry again (raises if it is no longer approved); True if it moved to another contest."""
        return _approved_entry_contest(entry_id) != contest_id

    def recast():  # with the rules of the contest the entry is in now
        if not _retry:
            raise _no_entry()
        return cast_vote(entry_id, user, ip, user_agent, now, _retry=False)

    per_entry = contest.votes_per_entry_per_day
    cap = contest.max_entries_per_day
    user_agent = (user_agent or "")[:300]
    # Without a daily cap a vote is one statement on PostgreSQL, which also checks the entry; with a cap (or on
    # SQLite) the entry is checked first, and the backing and the vote share a transaction.
    single_statement = connection.vendor == "postgresql" and not cap
    if not single_statement and not entry_checked:
        if in_another_contest():
            return recast()
        entry_checked = True
    # Most votes are a worker's first for the entry today, so slot 1 is tried first; a taken slot means looking up
    # how many are used and trying the next. Rounds are bounded by the number of slots.
    for _round in range(per_entry + (cap or 0) + 2):
        # With one vote a day (the usual rule) there is only slot 1; with more, start after the used ones.
        slot = 1 if per_entry == 1 else Vote.objects.filter(entry_id=entry_id, voter=user, day=day).count() + 1
        if slot > per_entry:
            raise VoteRejected("already_voted", _already_voted_message(per_entry), 409)
        try:
            with contextlib.nullcontext() if single_statement else transaction.atomic():
                if cap:
                    _claim_backing(user, contest, entry_id, day, cap)
                with connection.cursor() as cursor:
                    for _attempt in range(per_entry + 1):
                        values = [entry_id, contest_id, user.pk, day, slot, now, ip, user_agent]
                        result = _insert(cursor, values, single_statement)
                        if result is not None:
                            return VoteResult(*result)
                        if not entry_checked:  # nothing went in: was it the slot, or the entry?
                            if in_another_contest():
                                return recast()
                            entry_checked = True
                        used = Vote.objects.filter(entry_id=entry_id, voter=user, day=day).count()
                        if used >= per_entry:
                            raise VoteRejected("already_voted", _already_voted_message(per_entry), 409)
                        slot = used + 1
        except IntegrityError:  # another request took the backing slot first: look again
            continue
    raise VoteRejected("busy", _("Too many votes at once; please try again."), 409)


def _already_voted_message(per_entry):
    if per_entry == 1:
        return _("You have already voted for this entry today. Come back tomorrow.")
    return _("You have used all %(count)d of today's votes for this entry.") % {"count": per_entry}


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
