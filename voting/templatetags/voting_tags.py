from django import template

from campaigns.models import Phase

from ..leaderboard import leaderboard

register = template.Library()


@register.inclusion_tag("voting/vote_button.html", takes_context=True)
def vote_button(context, entry, phase=None):
    """The vote box, the same for every visitor (the page cache serves one copy to all): a link to the vote page.

    Nothing here depends on who asks; the worker's own state (voted today, votes left) comes from ``/accounts/me/``
    through ``site/static/js/personal.js`` (``voting.personal``).
    """
    request = context.get("request")
    page = context.get("page")
    contest = page if getattr(page, "pk", None) == entry.contest_id else entry.contest
    phase = phase or contest.phase_at()
    return {
        "entry": entry,
        "voting_open": phase == Phase.VOTING,
        "ballot_size": contest.ballot_size,
        "in_vote": contest.in_public_vote(entry),  # not when the vote is the shortlist's and the entry is not on it
        "phase": phase,
        "next": request.get_full_path() if request else "",
    }


@register.inclusion_tag("voting/leaderboard.html", takes_context=True)
def contest_leaderboard(context, contest, category=None, limit=10):
    if contest.counts_hidden():  # counts are kept, but shown nowhere before the results
        return {"request": context.get("request"), "contest": contest, "counts_hidden": True}
    return {
        "request": context.get("request"),
        "contest": contest,
        "ranked": leaderboard(contest, category=category, limit=limit),
        "show_awards": contest.shows_results(),
    }


@register.inclusion_tag("voting/share.html", takes_context=True)
def entry_share(context, entry):
    request = context.get("request")
    url = request.build_absolute_uri(entry.get_url(request)) if request else entry.get_url()
    return {"entry": entry, "url": url}
