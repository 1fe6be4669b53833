from django import template
from django.conf import settings
from django.shortcuts import resolve_url

from campaigns.models import Phase

from ..leaderboard import leaderboard

register = template.Library()


@register.inclusion_tag("voting/vote_button.html", takes_context=True)
def vote_button(context, entry, phase=None):
    """The vote form for signed-in workers; a sign-in link for everyone else (so anonymous pages stay cacheable)."""
    request = context.get("request")
    phase = phase or entry.contest.phase_at()
    user = getattr(request, "user", None)
    return {
        "request": request,
        "entry": entry,
        "voting_open": phase == Phase.VOTING,
        "phase": phase,
        "signed_in": bool(user and user.is_authenticated),
        "login_url": resolve_url(settings.LOGIN_URL),
        "next": request.get_full_path() if request else "",
    }


@register.inclusion_tag("voting/leaderboard.html", takes_context=True)
def contest_leaderboard(context, contest, category=None, limit=10):
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
