"""Ranking entries by public votes, with ties made explicit.

Standard competition ranking: entries with equal votes share a rank and are marked as tied, and the next rank
skips (1, 2, 2, 4). Within a tie, the earlier submission is listed first — listing order only, not a ranking.
"""

from dataclasses import dataclass

from django.db.models import Count, F, Window
from django.db.models.functions import Rank


@dataclass(frozen=True)
class Ranked:
    rank: int
    tied: bool
    entry: object


def rank_entries(entries):
    """``entries`` in any order -> [Ranked], best first."""
    ordered = sorted(entries, key=lambda e: (-e.vote_count, e.submitted_at, e.pk))
    counts = {}
    for entry in ordered:
        counts[entry.vote_count] = counts.get(entry.vote_count, 0) + 1
    ranked = []
    for position, entry in enumerate(ordered, start=1):
        rank = position if not ranked or ranked[-1].entry.vote_count != entry.vote_count else ranked[-1].rank
        ranked.append(Ranked(rank=rank, tied=counts[entry.vote_count] > 1, entry=entry))
    return ranked


def leaderboard(contest, category=None, limit=None):
    """The contest's public entries ranked as ``rank_entries`` ranks them, the first ``limit`` of them (only the
    shortlisted ones where the contest keeps the public vote to the shortlist).

    Ranked by the database (window functions: the rank, and how many entries share the vote count), so a page that
    shows the top ten reads ten rows, not every entry of a contest with thousands.
    """
    entries = contest.public_entries().select_related("category", "award")
    if contest.vote_shortlist_only:  # the public vote is the shortlist's: an entry off it is not ranked
        entries = entries.filter(shortlisted=True)
    if category is not None:
        entries = entries.filter(category=category)
    entries = entries.annotate(
        rank=Window(Rank(), order_by=F("vote_count").desc()),
        sharing=Window(Count("pk"), partition_by=[F("vote_count")]),
    ).order_by("-vote_count", "submitted_at", "pk")
    if limit:
        entries = entries[:limit]
    return [Ranked(rank=entry.rank, tied=entry.sharing > 1, entry=entry) for entry in entries]
