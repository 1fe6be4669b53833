"""Judging: who may score what, saving a score, and the results (judges' score, vote score, blend, ranks).

The arithmetic is exact (``fractions.Fraction``) and rounded only for display, so a tie is a tie and the tests
can compare with figures computed by hand.

- **A judge's total** for an entry: the sum of their points over the contest's criteria (full marks: the sum of
  the criteria's points, 100 with the default 主题 30, 创意 30, 制作 20, 感染力 20).
- **The judges' score** of an entry: the mean of the judges' totals; where five or more judges scored it, the
  highest and the lowest total are dropped first (one each, 去掉一个最高分和一个最低分).
- **The vote score** (blended method only): the entry's share of the votes scaled to the judges' scale, relative
  to the most-voted entry: full marks × votes ÷ the most votes any ranked entry got (0 when nobody voted).
- **The blended score**: judges' weight × judges' score + (1 − judges' weight) × vote score.
- **Ties**: entries are ordered by their score (blended, or the judges' score for separate tracks), then by the
  judges' score, then by votes; entries equal on all of these share a rank (1, 2, 2, 4) and are marked tied.
"""

from dataclasses import dataclass
from fractions import Fraction

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import EntryStatus, ResultsMethod

from .models import Recusal, Scorecard

TRIM_FROM = 5  # judges: from this many, the highest and the lowest total are dropped


class ScoreRejected(Exception):
    def __init__(self, code, message):
        super().__init__(str(message))
        self.code = code
        self.message = message


# ---- who judges what ------------------------------------------------------------------------------------------


def is_judge(user, contest):
    return user.is_authenticated and user.is_active and contest.judges.filter(user=user).exists()


def judged_contests(user):
    from campaigns.models import VideoContestPage

    if not user.is_authenticated:
        return VideoContestPage.objects.none()
    return VideoContestPage.objects.live().filter(judges__user=user).distinct().order_by("-submission_closes_at")


def shortlist(contest):
    """The entries the judges score: approved and shortlisted (入围)."""
    return contest.entries.filter(status=EntryStatus.APPROVED, shortlisted=True).order_by("submitted_at", "pk")


def same_unit(a, b):
    """Work units compared without spaces and case (全角 letters folded), empty never matching."""
    import unicodedata

    def fold(text):
        return "".join(unicodedata.normalize("NFKC", text or "").split()).casefold()

    return bool(fold(a)) and fold(a) == fold(b)


def _own_unit_reason(entry):
    return _("Same work unit as the judge (%(unit)s)") % {"unit": entry.work_unit}


def conflicts(user, entries):
    """``{entry_id: reason}`` of every recusal of the judge among ``entries``: those recorded (by a moderator, or by
    a score the judge tried to give) and the entries from the judge's own work unit, worked out on reading. Writes
    nothing: the judges' pages show it on GET, and only a POST records a recusal (``record_conflicts``)."""
    entries = list(entries)
    found = dict(
        Recusal.objects.filter(judge=user, entry__in=[e.pk for e in entries]).values_list("entry_id", "reason")
    )
    for entry in entries:
        if entry.pk not in found and same_unit(user.work_unit, entry.work_unit):
            found[entry.pk] = _own_unit_reason(entry)
    return found


def record_conflicts(user, entries):
    """Record a recusal for each entry from the judge's own work unit (once; the reason is kept), then return
    ``conflicts``. For POST requests only (saving a score)."""
    entries = list(entries)
    for entry in entries:
        if same_unit(user.work_unit, entry.work_unit):
            Recusal.objects.get_or_create(judge=user, entry=entry, defaults={"reason": _own_unit_reason(entry)})
    return conflicts(user, entries)


def save_score(user, entry, points, comment="", now=None):
    """Store (or change) the judge's score of ``entry``; raises ScoreRejected saying why not.

    ``points`` maps each criterion's key (``campaigns.models.Criterion``: the criterion's id, so renaming it keeps
    the scores) to whole points from 0 to its maximum; every criterion must be given.
    """
    now = now or timezone.now()
    contest = entry.contest
    if not is_judge(user, contest):
        raise ScoreRejected("not_a_judge", _("You are not a judge of this contest."))
    if not contest.is_open_for_judging(now):
        raise ScoreRejected("closed", _("Judging is not open: scores can no longer be given or changed."))
    if entry.status != EntryStatus.APPROVED or not entry.shortlisted:
        raise ScoreRejected("not_shortlisted", _("Only shortlisted entries are judged."))
    recusals = record_conflicts(user, [entry])
    if entry.pk in recusals:
        raise ScoreRejected("conflict", _("You do not score this entry: %(reason)s.") % {"reason": recusals[entry.pk]})
    clean = {}
    for key, name, maximum in contest.criteria_list():
        value = points.get(key)
        if value is None or not 0 <= value <= maximum:
            raise ScoreRejected(
                "bad_points", _("Give %(name)s a whole number from 0 to %(max)d.") % {"name": name, "max": maximum}
            )
        clean[key] = value
    with transaction.atomic():
        card, created = Scorecard.objects.select_for_update().get_or_create(
            judge=user,
            entry=entry,
            defaults={"contest": contest, "points": clean, "total": sum(clean.values()), "comment": comment},
        )
        if not created:
            card.points, card.total, card.comment, card.updated_at = clean, sum(clean.values()), comment, now
            card.save(update_fields=["points", "total", "comment", "updated_at"])
    return card


def visible_scorecards(user, entry, now=None):
    """The scorecards of ``entry`` this judge may see: their own until judging closes, everyone's after."""
    cards = Scorecard.objects.filter(entry=entry).select_related("judge").order_by("pk")
    if entry.contest.judging_closed(now):
        return list(cards)
    return list(cards.filter(judge=user))


# ---- results ----------------------------------------------------------------------------------------------------


def judges_score(totals):
    """The mean of the judges' totals, dropping the highest and lowest where five or more judges scored."""
    totals = sorted(totals)
    if not totals:
        return None
    if len(totals) >= TRIM_FROM:
        totals = totals[1:-1]
    return Fraction(sum(totals), len(totals))


def vote_score(votes, most_votes, full_marks):
    return Fraction(full_marks * votes, most_votes) if most_votes else Fraction(0)


def blend(judges, votes_score, weight_percent):
    weight = Fraction(weight_percent, 100)
    return weight * (judges or 0) + (1 - weight) * votes_score


@dataclass
class EntryResult:
    entry: object
    judges: int  # how many judges scored it
    trimmed: bool
    judges_score: object  # Fraction or None
    votes: int
    vote_score: object
    score: object  # what the ranking uses
    rank: int = 0
    tied: bool = False


def full_marks(contest):
    return sum(criterion.max_points for criterion in contest.criteria_list())


def contest_results(contest, entries=None):
    """The ranked results of the shortlisted entries: [EntryResult], best first (ranks shared on ties)."""
    entries = list(entries if entries is not None else shortlist(contest))
    totals = {}
    for entry_id, total in Scorecard.objects.filter(entry__in=[e.pk for e in entries]).values_list("entry_id", "total"):
        totals.setdefault(entry_id, []).append(total)
    most = max((e.vote_count for e in entries), default=0)
    marks = full_marks(contest)
    blended = contest.results_method == ResultsMethod.BLENDED
    results = []
    for entry in entries:
        mine = totals.get(entry.pk, [])
        judged = judges_score(mine)
        voted = vote_score(entry.vote_count, most, marks)
        score = blend(judged, voted, contest.judges_weight) if blended else (judged or Fraction(0))
        results.append(EntryResult(entry, len(mine), len(mine) >= TRIM_FROM, judged, entry.vote_count, voted, score))
    return rank(results)


def rank(results):
    """Order by score, then judges' score, then votes; equal on all three: the same rank, marked tied."""

    def key(r):
        return (r.score, r.judges_score or Fraction(0), r.votes)

    ordered = sorted(results, key=lambda r: (*(-v for v in key(r)), r.entry.submitted_at, r.entry.pk))
    for position, result in enumerate(ordered, start=1):
        previous = ordered[position - 2] if position > 1 else None
        result.rank = previous.rank if previous and key(previous) == key(result) else position
    for result in ordered:
        result.tied = sum(1 for other in ordered if other.rank == result.rank) > 1
    return ordered


def method_sentence(contest):
    """The results method in one sentence, with the weights (shown on the results)."""
    trimmed = _("with five or more judges the highest and lowest scores are dropped")
    if contest.results_method == ResultsMethod.BLENDED:
        return _(
            "Final score = judges' score × %(judges)d%% + vote score × %(votes)d%% (vote score = %(full)d × the "
            "entry's votes ÷ the most votes of any shortlisted entry; judges' score = the judges' mean, %(trimmed)s); "
            "ties go to the higher judges' score, then to more votes."
        ) % {
            "judges": contest.judges_weight,
            "votes": 100 - contest.judges_weight,
            "full": full_marks(contest),
            "trimmed": trimmed,
        }
    return _(
        "Separate tracks: the judges' awards follow the judges' mean score (%(trimmed)s; ties go to more votes), "
        "and the popular-vote award follows the public vote alone."
    ) % {"trimmed": trimmed}
