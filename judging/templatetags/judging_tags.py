from django import template

from campaigns.models import ResultsMethod

from ..services import contest_results, method_sentence, shortlist

register = template.Library()


@register.inclusion_tag("judging/results.html", takes_context=True)
def contest_results_table(context, contest):
    """The computed results of a contest in its results phase: 公示 or final, the method in one sentence, the
    ranking with the judges' score (and the vote score and blend where the contest blends them)."""
    status = contest.results_status()
    if not (contest.judging_closes_at or contest.notice_ends_at):
        status = None  # a contest that used neither judging nor a 公示 shows its awards as before
    results = contest_results(contest, shortlist(contest)) if status else []
    return {
        "request": context.get("request"),
        "contest": contest,
        "status": status,
        "results": results,
        "blended": contest.results_method == ResultsMethod.BLENDED,
        "sentence": method_sentence(contest),
    }


@register.filter
def points(value):
    """A score to two decimals (exact fractions inside, rounded only here)."""
    if value is None:
        return "—"
    return f"{float(value):.2f}"


@register.simple_tag
def my_judging(user):
    """For the account page: the worker's objections with their answers, and whether they judge a contest."""
    from ..models import Objection
    from ..services import judged_contests

    return {
        "objections": list(Objection.objects.filter(author=user).select_related("contest", "entry")[:20]),
        "judges": judged_contests(user).exists(),
    }
