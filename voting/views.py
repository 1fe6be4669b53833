"""The vote endpoint (form post or fetch; a GET is the no-JavaScript vote page), and the QR code of an entry's link."""

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_http_methods

from campaigns.models import EntryStatus, VideoContestPage, VideoEntry
from core import throttle, visibility
from core.inputs import local_path, parse_int, plain_text
from core.net import client_ip

from .models import Ballot, Vote
from .personal import entry_states
from .services import (
    VoteRejected,
    cast_ballot,
    cast_vote,
    check_voter,
    contest_rules,
    entry_contest,
    voted_singly_today,
)


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "") or (
        request.headers.get("X-Requested-With") == "XMLHttpRequest"
    )


def rate_limited(request):
    """Per account and per address, counted in Redis so the limits hold across all server processes."""
    limits = [("vote-ip", client_ip(request), settings.VOTE_RATE_PER_IP)]
    if request.user.is_authenticated:
        limits.append(("vote-user", request.user.pk, settings.VOTE_RATE_PER_USER))
    return bool(throttle.hit(limits))


@require_http_methods(["GET", "POST"])
@never_cache
def vote(request, entry_id):
    if request.method == "GET":
        return vote_page(request, entry_id)
    try:
        if rate_limited(request):
            raise VoteRejected("rate_limited", _("You are voting too fast. Please wait a minute and try again."), 429)
        user_agent = plain_text(request.headers.get("User-Agent"))
        result = cast_vote(entry_id, request.user, client_ip(request), user_agent)
    except VoteRejected as rejected:
        if wants_json(request):
            return JsonResponse(
                {"ok": False, "code": rejected.code, "message": str(rejected.message)}, status=rejected.status
            )
        if rejected.code == "not_signed_in":
            return redirect_to_login(vote_page_url(request, entry_id))
        messages.error(request, rejected.message)
        return redirect(vote_page_url(request, entry_id))
    message = _("Thank you! Your vote has been counted.")
    if wants_json(request) and entry_counts_hidden(entry_id):
        return JsonResponse({"ok": True, "message": message})  # the contest hides its counts until the results
    if wants_json(request):
        # The count in words as the templates write it ("1 vote", "2 votes"), for the page's script to show.
        label = ngettext("%(counter)s vote", "%(counter)s votes", result.count) % {"counter": result.count}
        return JsonResponse({"ok": True, "count": result.count, "label": label, "message": message})
    messages.success(request, message)
    return redirect(vote_page_url(request, entry_id))


def entry_counts_hidden(entry_id):
    """Whether the entry's contest hides its counts now (its rules as the vote read them: no query, usually)."""
    contest_id = entry_contest(entry_id)
    contest = contest_rules(contest_id) if contest_id else None
    return contest is not None and contest.counts_hidden()


@require_http_methods(["GET", "POST"])
@never_cache
def ballot(request, contest_id):
    """A contest in ballot mode: the worker picks exactly N different entries and submits them together.

    An uncached page of its own (the contest page links here), with the worker's state (today's ballot counted or
    not) and a fresh token; a fetch with ``Accept: application/json`` gets a JSON answer.
    """
    contest = get_object_or_404(VideoContestPage.objects.live(), pk=contest_id)
    if not visibility.page_is_public(contest) or not contest.ballot_size:
        raise Http404  # a contest with single votes has no ballot page
    if request.method == "POST":
        return submit_ballot(request, contest)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    today = timezone.localdate()
    counted = Ballot.objects.filter(voter=request.user, contest=contest, day=today).exists()
    refusal = None
    try:
        check_voter(request.user, contest)
    except VoteRejected as rejected:
        refusal = rejected.message
    if refusal is None and not counted and voted_singly(request.user, contest, today):
        refusal = voted_singly_today().message
    entries = contest.public_entries()
    if contest.vote_shortlist_only:  # the public vote is the shortlist's
        entries = entries.filter(shortlisted=True)
    entries = (
        entries.select_related("category", "poster")
        .prefetch_related("poster__renditions")
        .order_by("submitted_at", "pk")
    )
    context = {
        "contest": contest,
        "entries": entries,
        "counted": counted,
        "refusal": refusal,
        "phase": contest.phase_at(),
        "chosen": set(parse_ids(request.GET.getlist("entry"))),
    }
    return render(request, "voting/ballot_page.html", context)


def voted_singly(user, contest, day):
    return Vote.objects.filter(voter=user, contest=contest, day=day, ballot=None).exists()


def parse_ids(values):
    return [parse_int(value, minimum=1) for value in values[:50]]


def submit_ballot(request, contest):
    url = reverse("voting:ballot", args=[contest.pk])
    try:
        if rate_limited(request):
            raise VoteRejected("rate_limited", _("You are voting too fast. Please wait a minute and try again."), 429)
        ids = parse_ids(request.POST.getlist("entry"))
        if None in ids:
            raise VoteRejected("no_entry", _("There is no such entry."), 404)
        user_agent = plain_text(request.headers.get("User-Agent"))
        cast_ballot(contest.pk, ids, request.user, client_ip(request), user_agent)
    except VoteRejected as rejected:
        if wants_json(request):
            return JsonResponse(
                {"ok": False, "code": rejected.code, "message": str(rejected.message)}, status=rejected.status
            )
        if rejected.code == "not_signed_in":
            return redirect_to_login(url)
        messages.error(request, rejected.message)
        return redirect(url)
    message = _("Thank you! Your ballot has been counted.")
    if wants_json(request):
        return JsonResponse({"ok": True, "message": message})
    messages.success(request, message)
    return redirect(url)


def vote_page_url(request, entry_id):
    """The vote page, keeping the page the worker came from: without JavaScript a vote answers there (uncached,
    with the message and the worker's state), not on the cached page, which is the same for everyone."""
    return f"{reverse('voting:vote', args=[entry_id])}?{urlencode({'next': back_url(request, entry_id)})}"


def vote_page(request, entry_id):
    """The no-JavaScript way to vote from a cached page: the page's vote link leads here (through the sign-in
    form for visitors), and this small uncached page shows the worker's state and a form with a fresh token."""
    entry = get_object_or_404(VideoEntry.objects.select_related("contest"), pk=entry_id)
    if not visibility.entry_is_public(entry):
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    state = entry_states(request.user, entry.contest_id, [entry.pk]).get(entry.pk)
    context = {"entry": entry, "state": state, "next": back_url(request, entry_id), "phase": entry.contest.phase_at()}
    return render(request, "voting/vote_page.html", context)


def back_url(request, entry_id):
    candidate = local_path(request, request.POST.get("next") or request.GET.get("next"))
    if candidate:
        return candidate
    entry = get_object_or_404(VideoEntry.objects.select_related("contest"), pk=entry_id)
    return entry.get_url(request)


@require_GET
@cache_control(public=True, max_age=86400)
def qr_code(request, entry_id):
    """An SVG QR code of the entry's address, for posters and phones."""
    import qrcode
    import qrcode.image.svg

    entry = get_object_or_404(VideoEntry.objects.select_related("contest"), pk=entry_id, status=EntryStatus.APPROVED)
    url = request.build_absolute_uri(entry.get_url(request))
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
