"""Casting and voiding votes. The rules live here and in the database constraints; views stay thin."""

import contextlib
import functools
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import EntryStatus, Phase, VideoContestPage, VideoEntry, VoterEligibility

from .models import Backing, Ballot, Vote, VoteStatus


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


def check_voter(user, contest):
    """Raise ``VoteRejected`` when ``user`` may not vote in ``contest`` at all (the vote itself and the vote state
    that ``voting.personal`` shows both ask it)."""
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


# ---- the statements, built from the models' metadata ---------------------------------------------------------
# Inserting a vote: the unique constraint (entry, voter, day, slot) decides who gets a slot. An insert that finds
# its slot taken inserts nothing (no error, no aborted transaction), and the counter moves only when a row went in.
# Table and column names come from the models (``_meta.db_table``, each field's ``column``), status values from
# their choices (as parameters), so a renamed table, column or status cannot leave a statement behind.
VOTE_COLUMNS = ["entry", "contest", "voter", "day", "slot", "created_at", "ip", "user_agent", "status", "void_reason"]


@dataclass(frozen=True)
class Statements:
    insert_vote: str  # the vote alone, if it qualifies: (vote id), or no row (slot taken or it does not qualify)
    count_vote: str  # the entry's counter + 1: (new count)
    insert_and_count_vote: str  # both at once, if the vote qualifies: (vote id, new count) or no row
    entry_status: str  # (status, contest id, shortlisted, contest's shortlist-only rule, ballot size) of an entry
    entries_voted: str  # (entry id, from a ballot) of each of a worker's votes in a contest on a day
    entries_backed: str  # (entry id) of each entry a worker backed in a contest on a day


def _column(meta, name):
    return connection.ops.quote_name(meta.get_field(name).column)


@functools.cache
def statements(vendor):
    """The vote statements for a database vendor (the quoting of names is the connection's)."""
    quote, column = connection.ops.quote_name, _column
    vote, entry, contest, ballot = Vote._meta, VideoEntry._meta, VideoContestPage._meta, Ballot._meta
    vote_table, entry_table = quote(vote.db_table), quote(entry.db_table)
    contest_table, ballot_table = quote(contest.db_table), quote(ballot.db_table)
    columns = ", ".join(column(vote, name) for name in VOTE_COLUMNS)
    placeholders = ", ".join(["%s"] * len(VOTE_COLUMNS))
    unique_slot = next(c for c in vote.constraints if c.name == "one_vote_per_slot")
    conflict = ", ".join(column(vote, name) for name in unique_slot.fields)
    entry_id, entry_contest = column(entry, "id"), column(entry, "contest")
    entry_status, vote_count = column(entry, "status"), column(entry, "vote_count")
    shortlisted = column(entry, "shortlisted")
    contest_id, shortlist_only = quote(contest.pk.column), column(contest, "vote_shortlist_only")
    ballot_size = column(contest, "ballot_size")
    on_conflict = f"ON CONFLICT ({conflict}) DO NOTHING RETURNING {column(vote, 'id')}"
    count = f"UPDATE {entry_table} SET {vote_count} = {vote_count} + 1"  # noqa: S608 (quoted model names only)
    # A single vote qualifies when, as the database has it at that moment (not as this process remembers the
    # rules): the entry is approved and in the contest whose rules were applied; the contest counts single votes
    # (not ballots); the entry is shortlisted where the contest keeps the public vote to the shortlist (入围); and
    # the worker has not submitted a ballot in the contest today (one way of voting per worker, contest and day).
    # Parameters: entry id, contest id, approved, voter, contest id, day.
    e, c = entry_table, contest_table
    qualifies = (
        f"SELECT 1 FROM {e} JOIN {c} ON {c}.{contest_id} = {e}.{entry_contest}"  # noqa: S608
        f" WHERE {e}.{entry_id} = %s AND {e}.{entry_contest} = %s AND {e}.{entry_status} = %s"
        f" AND {c}.{ballot_size} IS NULL AND ({e}.{shortlisted} OR NOT {c}.{shortlist_only})"
        f" AND NOT EXISTS (SELECT 1 FROM {ballot_table} WHERE {column(ballot, 'voter')} = %s"
        f" AND {column(ballot, 'contest')} = %s AND {column(ballot, 'day')} = %s)"
    )
    # On PostgreSQL the check, the insert and the count are one statement (one round trip, atomic on its own): the
    # vote goes in only if it qualifies, the counter is updated only if the insert produced a row, and no row comes
    # back when the slot was taken or the vote does not qualify (the caller then looks at the entry to tell which).
    # Elsewhere (SQLite, or a contest with a daily cap of entries) the insert still carries the same check.
    # A worker's votes and backings of a day (``voting.personal``: the vote state on every page view, where building
    # the query through the ORM cost three times its round trip).
    voter_day = " WHERE {voter} = %s AND {contest} = %s AND {day} = %s"

    def of_voter_day(meta, *more):
        where = voter_day.format(**{name: column(meta, name) for name in ("voter", "contest", "day")})
        selected = ", ".join(column(meta, name) for name in ("entry", *more))
        return f"SELECT {selected} FROM {quote(meta.db_table)}{where}"  # noqa: S608

    return Statements(
        insert_vote=f"INSERT INTO {vote_table} ({columns}) SELECT {placeholders} WHERE EXISTS ({qualifies}) {on_conflict}",  # noqa: S608,E501
        count_vote=f"{count} WHERE {entry_id} = %s RETURNING {vote_count}",
        insert_and_count_vote=(
            f"WITH new_vote AS (INSERT INTO {vote_table} ({columns}) SELECT {placeholders}"  # noqa: S608
            f" WHERE EXISTS ({qualifies}) {on_conflict})"
            f" {count} WHERE {entry_id} = %s AND EXISTS (SELECT 1 FROM new_vote)"
            f" RETURNING (SELECT {column(vote, 'id')} FROM new_vote), {vote_count}"
        ),
        entry_status=(
            f"SELECT {e}.{entry_status}, {e}.{entry_contest}, {e}.{shortlisted}, {c}.{shortlist_only}, {c}.{ballot_size}"  # noqa: S608,E501
            f" FROM {e} JOIN {c} ON {c}.{contest_id} = {e}.{entry_contest} WHERE {e}.{entry_id} = %s"
        ),
        entries_voted=of_voter_day(vote, "ballot"),
        entries_backed=of_voter_day(Backing._meta),
    )


CONTEST_RULE_FIELDS = [
    "live",
    "submission_opens_at",
    "submission_closes_at",
    "voting_opens_at",
    "voting_closes_at",
    "results_at",
    "voter_eligibility",
    "votes_per_entry_per_day",
    "max_entries_per_day",
    "ballot_size",
    "vote_shortlist_only",
    "hide_live_counts",
]
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


def _entry_row(entry_id):
    """(status, contest id, shortlisted, the contest's shortlist-only rule, its ballot size) of an approved entry,
    its contest remembered; "no such entry" unless it is approved."""
    with connection.cursor() as cursor:
        cursor.execute(statements(connection.vendor).entry_status, [entry_id])
        row = cursor.fetchone()
    if row is None or row[0] != EntryStatus.APPROVED:
        _entry_contests.pop(entry_id, None)
        raise _no_entry()
    if len(_entry_contests) >= ENTRY_CONTESTS_MAX:
        _entry_contests.clear()
    _entry_contests[entry_id] = row[1]
    return row


def _approved_entry_contest(entry_id):
    """The contest of the entry, looked up (and remembered); "no such entry" unless it is approved."""
    return _entry_row(entry_id)[1]


def _not_shortlisted():
    return VoteRejected(
        "not_shortlisted",
        _("Only shortlisted entries (入围) are in this contest's public vote; this entry is not on the shortlist."),
        409,
    )


def _ballot_only(size):
    return VoteRejected(
        "ballot_only",
        _("This contest counts whole ballots: choose %(n)d different entries and submit them together.") % {"n": size},
        409,
    )


def voted_singly_today():
    return VoteRejected(
        "voted_singly_today",
        _(
            "You voted for single entries in this contest today, before it switched to ballots; you can submit "
            "a ballot from tomorrow."
        ),
        409,
    )


def ballot_today():
    return VoteRejected(
        "ballot_today",
        _(
            "You submitted a ballot in this contest today, so today you cannot also vote for single entries. "
            "Come back tomorrow."
        ),
        409,
    )


def entry_contest(entry_id):
    """The contest id of an entry: remembered by this process from a vote, or looked up."""
    if entry_id in _entry_contests:
        return _entry_contests[entry_id]
    return VideoEntry.objects.filter(pk=entry_id).values_list("contest_id", flat=True).first()


def _no_entry():
    return VoteRejected("no_entry", _("There is no such entry."), 404)


def _already_voted(per_entry):
    return VoteRejected("already_voted", _already_voted_message(per_entry), 409)


def _claim_backing(user, contest, entry_id, day, cap):
    """Take one of the day's ``cap`` backing slots for this entry, unless it already has one."""
    if Backing.objects.filter(voter=user, contest=contest, day=day, entry_id=entry_id).exists():
        return
    backed = Backing.objects.filter(voter=user, contest=contest, day=day).count()
    if backed >= cap:
        raise VoteRejected(
            "daily_cap", _("You can back at most %(cap)d entries a day in this contest.") % {"cap": cap}, 409
        )
    with transaction.atomic():  # a lost race raises IntegrityError; the ballot looks again
        Backing.objects.create(voter=user, contest=contest, day=day, entry_id=entry_id, slot=backed + 1)


# ---- casting a vote, step by step ------------------------------------------------------------------------------


class _EntryMoved(Exception):
    """The entry is in another contest than the one whose rules were applied: apply that contest's rules."""

    def __init__(self, contest_id):
        super().__init__(contest_id)
        self.contest_id = contest_id


def _open_contest(contest_id, user, now):
    """The rules of the contest, if it is live, ``user`` may vote in it and voting is open at ``now``."""
    contest = contest_rules(contest_id)
    if contest is None or not contest.live:
        raise _no_entry()
    check_voter(user, contest)
    _check_phase(contest, now)
    if contest.ballot_size:
        raise _ballot_only(contest.ballot_size)
    return contest


class _Ballot:
    """One vote by a voter for an entry under one contest's rules, taking the first free slot of the day.

    Without a daily cap a vote is one statement on PostgreSQL, which also checks the entry; with a cap (or on
    SQLite) the entry is checked first, and the backing and the vote share a transaction.
    """

    def __init__(self, contest, contest_id, entry_id, user, day, now, ip, user_agent, entry_checked):
        self.contest, self.contest_id, self.entry_id, self.user, self.day = contest, contest_id, entry_id, user, day
        self.per_entry = contest.votes_per_entry_per_day
        self.cap = contest.max_entries_per_day
        self.entry_checked = entry_checked  # looked up in this call, not remembered from an earlier one
        self.single_statement = connection.vendor == "postgresql" and not self.cap
        self.sql = statements(connection.vendor)
        # In VOTE_COLUMNS' order, the slot left out (it changes between tries).
        self.before_slot = [entry_id, contest_id, user.pk, day]
        self.after_slot = [now, ip, user_agent, VoteStatus.VALID.value, ""]
        # The parameters of the check that the vote qualifies (``statements``: ``qualifies``).
        self.qualify = [entry_id, contest_id, EntryStatus.APPROVED.value, user.pk, contest_id, day]

    def cast(self):
        """Returns a VoteResult; raises VoteRejected, or _EntryMoved."""
        if not self.single_statement:
            self.check_entry()
        # Rounds are bounded by the number of slots: a round ends without a vote only when a slot or a backing
        # slot was lost to a concurrent request.
        for _round in range(self.per_entry + (self.cap or 0) + 2):
            slot = self.first_slot()
            if slot > self.per_entry:
                raise _already_voted(self.per_entry)
            try:
                with contextlib.nullcontext() if self.single_statement else transaction.atomic():
                    if self.cap:
                        _claim_backing(self.user, self.contest, self.entry_id, self.day, self.cap)
                    result = self.take_slot(slot)
                if result is not None:
                    return result
            except IntegrityError:  # another request took the backing slot first: look again
                continue
        raise VoteRejected("busy", _("Too many votes at once; please try again."), 409)

    def check_entry(self, fresh=False):
        """Unless done in this call (or ``fresh``: after an insert that put nothing in, to tell why): the entry is
        approved (or "no such entry"), in this contest, and the vote qualifies (see ``statements``)."""
        if self.entry_checked and not fresh:
            return
        _status, contest_id, shortlisted, shortlist_only, ballot_size = _entry_row(self.entry_id)
        self.entry_checked = True
        if contest_id != self.contest_id:
            raise _EntryMoved(contest_id)
        if ballot_size:
            raise _ballot_only(ballot_size)
        if shortlist_only and not shortlisted:
            raise _not_shortlisted()
        if fresh and Ballot.objects.filter(voter=self.user, contest_id=self.contest_id, day=self.day).exists():
            raise ballot_today()

    def used_slots(self):
        return Vote.objects.filter(entry_id=self.entry_id, voter=self.user, day=self.day).count()

    def first_slot(self):
        """Most votes are a worker's first for the entry today, so with one vote a day (the usual rule) slot 1 is
        tried without looking; with more, the first slot after the used ones."""
        return 1 if self.per_entry == 1 else self.used_slots() + 1

    def take_slot(self, slot):
        """Insert the vote into ``slot``, or the next free one when it is taken; None if every try lost a race."""
        with connection.cursor() as cursor:
            for _try in range(self.per_entry + 1):
                result = self.insert(cursor, slot)
                if result is not None:
                    return VoteResult(*result)
                self.check_entry(fresh=True)  # nothing went in: was it the slot, or does the vote not qualify?
                used = self.used_slots()
                if used >= self.per_entry:
                    raise _already_voted(self.per_entry)
                slot = used + 1
        return None

    def insert(self, cursor, slot):
        """Insert the vote and count it; returns (vote id, new count), or None if nothing went in."""
        values = [*self.before_slot, slot, *self.after_slot, *self.qualify]
        if self.single_statement:
            cursor.execute(self.sql.insert_and_count_vote, [*values, self.entry_id])
            return cursor.fetchone()
        cursor.execute(self.sql.insert_vote, values)
        inserted = cursor.fetchone()
        if inserted is None:
            return None
        cursor.execute(self.sql.count_vote, [self.entry_id])
        return inserted[0], cursor.fetchone()[0]


def cast_vote(entry_id, user, ip, user_agent="", now=None):
    """Count one vote by ``user`` for the entry, or raise VoteRejected saying why not.

    The entry's contest is remembered per process; if the entry turns out to have moved to another contest, the
    vote is tried once more under that contest's rules (and refused as "no such entry" if it moved again).
    """
    now = now or timezone.now()
    day = timezone.localdate(now)
    user_agent = (user_agent or "")[:300]
    contest_id = _entry_contests.get(entry_id)
    entry_checked = contest_id is None
    if entry_checked:
        contest_id = _approved_entry_contest(entry_id)
    for _contest in range(2):
        contest = _open_contest(contest_id, user, now)
        ballot = _Ballot(contest, contest_id, entry_id, user, day, now, ip, user_agent, entry_checked)
        try:
            return ballot.cast()
        except _EntryMoved as moved:
            contest_id, entry_checked = moved.contest_id, True
    raise _no_entry()


@dataclass(frozen=True)
class BallotResult:
    ballot_id: int
    entry_ids: tuple


def cast_ballot(contest_id, entry_ids, user, ip, user_agent="", now=None):
    """Count one ballot in a contest in ballot mode: exactly N different approved entries of the contest, once a
    day, all or nothing. Raises VoteRejected saying why not.

    The database holds the rules: the ballot row's unique ``(voter, contest, day)`` refuses a second ballot (also
    from a concurrent request), and the ballot, its N votes and the N counters go in one transaction, so a ballot
    that fails anywhere leaves nothing behind.
    """
    now = now or timezone.now()
    contest = contest_rules(contest_id)
    if contest is None or not contest.live:
        raise VoteRejected("no_contest", _("There is no such contest."), 404)
    check_voter(user, contest)
    _check_phase(contest, now)
    size = contest.ballot_size
    if not size:
        raise VoteRejected("no_ballots", _("This contest counts single votes, not ballots."), 409)
    ids = list(dict.fromkeys(entry_ids))
    if len(ids) != len(entry_ids) or len(ids) != size:
        raise VoteRejected(
            "ballot_size", _("Choose exactly %(n)d different entries for your ballot.") % {"n": size}, 400
        )
    day = timezone.localdate(now)
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(voter=user, contest_id=contest_id, day=day, size=size)
            # The check and the counters are one statement: the N entries' counters move only where the vote
            # qualifies as the database has it now (each row re-read under its lock), so a ballot that does not
            # qualify as a whole is refused and rolled back (see ``_ballot_entries``).
            counted = _ballot_entries(contest_id, ids, user, day, size).update(vote_count=F("vote_count") + 1)
            if counted != size:
                raise _ballot_refusal(contest_id, ids, user, day, size)
            Vote.objects.bulk_create(
                Vote(
                    entry_id=entry_id,
                    contest_id=contest_id,
                    voter=user,
                    day=day,
                    slot=1,
                    ip=ip,
                    user_agent=(user_agent or "")[:300],
                    ballot=ballot,
                )
                for entry_id in ids
            )
    except IntegrityError:
        raise VoteRejected(
            "already_voted", _("You have already submitted today's ballot. Come back tomorrow."), 409
        ) from None
    return BallotResult(ballot.pk, tuple(ids))


def _ballot_entries(contest_id, ids, user, day, size):
    """The entries of a ballot that qualify: approved, in the contest, which is in ballot mode with this ballot size,
    shortlisted where the contest keeps the public vote to the shortlist, and the worker has cast no single vote
    in the contest today (one way of voting per worker, contest and day)."""
    contest = VideoContestPage.objects.filter(pk=contest_id)
    single_votes = Vote.objects.filter(voter=user, contest_id=contest_id, day=day, ballot=None)
    return VideoEntry.objects.filter(
        Q(shortlisted=True) | ~Exists(contest.filter(vote_shortlist_only=True)),
        Exists(contest.filter(ballot_size=size)),
        ~Exists(single_votes),
        pk__in=ids,
        contest_id=contest_id,
        status=EntryStatus.APPROVED,
    )


def _ballot_refusal(contest_id, ids, user, day, size):
    """Why a ballot did not qualify (read inside its transaction, after the statement that refused it)."""
    if Vote.objects.filter(voter=user, contest_id=contest_id, day=day, ballot=None).exists():
        return voted_singly_today()
    contest = VideoContestPage.objects.filter(pk=contest_id).values("ballot_size", "vote_shortlist_only").first()
    if contest is None or contest["ballot_size"] != size:
        forget_contest_rules(contest_id)
        return VoteRejected("rules_changed", _("The contest's voting rules have just changed; please try again."), 409)
    entries = VideoEntry.objects.filter(pk__in=ids, contest_id=contest_id, status=EntryStatus.APPROVED)
    if entries.count() != size:
        return _no_entry()
    return _not_shortlisted()


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
        Vote.objects.select_for_update()
        .filter(pk__in=[v.pk for v in votes], status=VoteStatus.VALID)
        .values_list("pk", flat=True)
    )
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
