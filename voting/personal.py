"""A worker's own vote state for the entries on a page, for ``/accounts/me/`` and the vote page.

Pages are one cached copy for everyone, so the vote box in them says nothing about the visitor; this module says,
in one query (one more when the contest caps the entries a worker backs per day, and one when it keeps the public
vote to the shortlist), whether the worker voted for each
entry today and how many votes they have left. The rules are read through ``voting.services`` (the contest's
rules as the vote itself applies them; ``cast_vote`` stays the only place a vote is counted).
"""

from collections import Counter

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaigns.models import Phase, VideoEntry
from core.inputs import parse_int

from .services import VoteRejected, ballot_today, check_voter, contest_rules, statements

MAX_ENTRIES = 60  # a contest page lists at most a page of entries; more ids than that are ignored


def entry_states(user, contest_id, entry_ids, now=None):
    """``{entry_id: {"can_vote", "voted", "left", "label", "message"}}`` for ``user`` today, or {} when the
    contest does not exist or is not open for voting."""
    now = now or timezone.now()
    contest = contest_rules(contest_id)
    if contest is None or not contest.live or contest.phase_at(now) != Phase.VOTING or not entry_ids:
        return {}
    if contest.ballot_size:  # ballot mode: the vote boxes link to the ballot page, which shows the worker's state
        return {}
    refusal = None
    try:
        check_voter(user, contest)
    except VoteRejected as rejected:
        refusal = str(rejected.message)
    day = timezone.localdate(now)
    sql = statements(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql.entries_voted, [user.pk, contest_id, day])
        rows = cursor.fetchall()
        used = Counter(entry_id for entry_id, _ballot in rows)
        if refusal is None and any(ballot_id is not None for _entry, ballot_id in rows):
            # a ballot today (before the contest switched to single votes): one way of voting a day
            refusal = str(ballot_today().message)
        outside = set()
        if contest.vote_shortlist_only:  # the public vote is the shortlist's
            outside = set(
                VideoEntry.objects.filter(pk__in=entry_ids, contest_id=contest_id, shortlisted=False).values_list(
                    "pk", flat=True
                )
            )
        per_entry = contest.votes_per_entry_per_day
        cap = contest.max_entries_per_day
        backed = set()
        if cap and refusal is None:
            cursor.execute(sql.entries_backed, [user.pk, contest_id, day])
            backed = {entry_id for (entry_id,) in cursor.fetchall()}
    states = {}
    for entry_id in entry_ids:
        n = used.get(entry_id, 0)
        left = max(0, per_entry - n)
        message = refusal
        if message is None and entry_id in outside:
            message = _("Only shortlisted entries (入围) are in the public vote.")
        elif message is None and left == 0:
            message = (
                _("You have already voted for this entry today. Come back tomorrow.")
                if per_entry == 1
                else _("You have used all %(count)d of today's votes for this entry.") % {"count": per_entry}
            )
        elif message is None and cap and entry_id not in backed and len(backed) >= cap:
            message = _("You can back at most %(cap)d entries a day in this contest.") % {"cap": cap}
        if n and left == 0:
            label = _("Voted")
        elif n:
            label = ngettext(
                "Vote again (%(left)d vote left today)", "Vote again (%(left)d votes left today)", left
            ) % {"left": left}
        else:
            label = _("Vote")
        states[entry_id] = {
            "can_vote": message is None,
            "voted": n > 0,
            "left": left,
            "label": label,
            "message": message or "",
        }
    return states


def part(request):
    """The ``votes`` part of ``/accounts/me/``: ``?contest=<id>&entries=<id>,<id>…`` (the vote boxes on the page)."""
    contest_id = parse_int(request.GET.get("contest"), minimum=1)
    if contest_id is None:
        return None
    ids = []
    for raw in request.GET.get("entries", "").split(",")[:MAX_ENTRIES]:
        entry_id = parse_int(raw, minimum=1)
        if entry_id is not None and entry_id not in ids:
            ids.append(entry_id)
    states = entry_states(request.user, contest_id, ids)
    return {str(entry_id): state for entry_id, state in states.items()}
