"""Spotting ballot stuffing for moderators.

Two patterns, both over valid votes of one contest:

- **address bursts**: many votes for one entry from one IP address within a short window (one phone hopping
  between accounts, or a script);
- **fresh-account clusters**: many votes for one entry from accounts that were all registered within a few
  minutes of one another (accounts made in bulk to vote).

Each finding lists the votes involved so a moderator can look at them and void them. The thresholds are
settings because a factory behind one NAT address legitimately sends many votes from one IP.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import Vote, VoteStatus


@dataclass
class Finding:
    kind: str
    title: str
    entry: object
    votes: list = field(default_factory=list)

    @property
    def vote_ids(self):
        return [v.pk for v in self.votes]

    @property
    def started(self):
        return min(v.created_at for v in self.votes)

    @property
    def ended(self):
        return max(v.created_at for v in self.votes)


def _densest_window(items, key, width):
    """The longest run of ``items`` (sorted by ``key``) whose keys lie within ``width`` of each other."""
    best_start, best_end, start = 0, 0, 0
    for end in range(len(items)):
        while key(items[end]) - key(items[start]) > width:
            start += 1
        if end - start > best_end - best_start:
            best_start, best_end = start, end
    return items[best_start : best_end + 1] if items else []


def address_bursts(contest, window=None, threshold=None):
    window = window or datetime.timedelta(minutes=settings.VOTE_BURST_WINDOW_MINUTES)
    threshold = threshold or settings.VOTE_BURST_THRESHOLD
    valid = Vote.objects.filter(contest=contest, status=VoteStatus.VALID)
    candidates = valid.values("entry", "ip").annotate(n=Count("pk")).filter(n__gte=threshold).order_by("-n")
    findings = []
    for row in candidates:
        votes = list(
            valid.filter(entry=row["entry"], ip=row["ip"]).select_related("entry", "voter").order_by("created_at")
        )
        burst = _densest_window(votes, key=lambda v: v.created_at, width=window)
        if len(burst) >= threshold:
            findings.append(
                Finding(
                    kind="address",
                    title=_("%(count)d votes from %(ip)s within %(minutes)d minutes")
                    % {"count": len(burst), "ip": row["ip"], "minutes": window.total_seconds() // 60},
                    entry=burst[0].entry,
                    votes=burst,
                )
            )
    return findings


def fresh_account_clusters(contest, window=None, threshold=None):
    window = window or datetime.timedelta(minutes=settings.VOTE_SIGNUP_WINDOW_MINUTES)
    threshold = threshold or settings.VOTE_SIGNUP_THRESHOLD
    valid = Vote.objects.filter(contest=contest, status=VoteStatus.VALID)
    popular = valid.values("entry").annotate(voters=Count("voter", distinct=True)).filter(voters__gte=threshold)
    findings = []
    for row in popular:
        votes = list(
            valid.filter(entry=row["entry"]).select_related("entry", "voter").order_by("voter__date_joined", "pk")
        )
        cluster = _densest_window(votes, key=lambda v: v.voter.date_joined, width=window)
        accounts = {v.voter_id for v in cluster}
        if len(accounts) >= threshold:
            findings.append(
                Finding(
                    kind="accounts",
                    title=_("%(count)d accounts registered within %(minutes)d minutes of each other voted for it")
                    % {"count": len(accounts), "minutes": window.total_seconds() // 60},
                    entry=cluster[0].entry,
                    votes=cluster,
                )
            )
    return findings


def findings_for(contest):
    return address_bursts(contest) + fresh_account_clusters(contest)
