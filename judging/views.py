"""The judges' pages (staff pages: signed in, never cached) and the objection form of the 公示.

- ``/judging/``: the contests the signed-in account judges.
- ``/judging/<contest>/``: the shortlist, each entry with the judge's own score, "to score" or their recusal.
- ``/judging/<contest>/entries/<entry>/``: the scoring page for a phone: the video and poster, the criteria with
  their points, the judge's own score (others' only once judging has closed), changeable until the deadline.
- ``/judging/<contest>/objection/``: a signed-in worker's objection to the results while they are 公示.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from campaigns.models import ResultsStatus, VideoContestPage
from core import throttle, visibility
from core.inputs import plain_text
from core.net import client_ip

from . import services
from .forms import ObjectionForm, ScoreForm
from .models import Objection, Scorecard


def judge_contest(request, contest_id):
    contest = get_object_or_404(VideoContestPage.objects.live(), pk=contest_id)
    if not services.is_judge(request.user, contest):
        raise Http404  # the shortlist and scores are no one else's business
    return contest


@never_cache
@login_required
def my_contests(request):
    contests = services.judged_contests(request.user)
    return render(request, "judging/my_contests.html", {"contests": contests})


@never_cache
@login_required
def shortlist(request, contest_id):
    contest = judge_contest(request, contest_id)
    entries = list(services.shortlist(contest).select_related("poster"))
    recusals = services.conflicts(request.user, entries)  # a GET writes nothing
    mine = dict(
        Scorecard.objects.filter(judge=request.user, entry__in=[e.pk for e in entries]).values_list("entry_id", "total")
    )
    rows = [{"entry": e, "total": mine.get(e.pk), "recusal": recusals.get(e.pk)} for e in entries]
    context = {
        "contest": contest,
        "rows": rows,
        "open": contest.is_open_for_judging(),
        "closed": contest.judging_closed(),
        "full_marks": services.full_marks(contest),
    }
    return render(request, "judging/shortlist.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def score(request, contest_id, entry_id):
    contest = judge_contest(request, contest_id)
    entry = get_object_or_404(services.shortlist(contest).select_related("poster", "category"), pk=entry_id)
    criteria = contest.criteria_list()
    recusal = services.conflicts(request.user, [entry]).get(entry.pk)  # recorded by save_score on a POST
    own = Scorecard.objects.filter(judge=request.user, entry=entry).first()
    form = ScoreForm(request.POST or None, criteria=criteria, initial=ScoreForm.initial_for(criteria, own))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_score(request.user, entry, form.points(), plain_text(form.cleaned_data["comment"]))
        except services.ScoreRejected as rejected:
            messages.error(request, rejected.message)
        else:
            messages.success(request, _("Your score of “%(title)s” is saved.") % {"title": entry.title})
            following = next_to_score(request.user, contest, entry)
            if following is not None:
                return redirect("judging:score", contest.pk, following.pk)
            return redirect("judging:shortlist", contest.pk)
    context = {
        "contest": contest,
        "entry": entry,
        "form": form,
        "criteria": criteria,
        "own": own,
        "recusal": recusal,
        "open": contest.is_open_for_judging(),
        "closed": contest.judging_closed(),
        "others": [c for c in services.visible_scorecards(request.user, entry) if c.judge_id != request.user.pk],
    }
    return render(request, "judging/score.html", context)


def next_to_score(user, contest, current):
    """The next shortlisted entry the judge has not scored and is not recused from, or None."""
    done = Scorecard.objects.filter(judge=user).values("entry_id")
    recused = services.Recusal.objects.filter(judge=user).values("entry_id")
    remaining = services.shortlist(contest).exclude(pk=current.pk).exclude(pk__in=done).exclude(pk__in=recused)
    for entry in remaining:
        if not services.same_unit(user.work_unit, entry.work_unit):
            return entry
    return None


@never_cache
@require_http_methods(["GET", "POST"])
def objection(request, contest_id):
    contest = get_object_or_404(VideoContestPage.objects.live(), pk=contest_id)
    if not visibility.page_is_public(contest):
        raise Http404
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    status = contest.results_status()
    entries = list(contest.public_entries().order_by("title")[:200])
    form = ObjectionForm(request.POST or None, entries=entries)
    refusal = None
    if status != ResultsStatus.NOTICE:
        refusal = _("Objections can be raised only while the results are 公示 (public notice).")
    elif not request.user.is_worker or not request.user.is_active:
        refusal = _("Only union members' accounts can raise objections.")
    if request.method == "POST" and refusal is None and form.is_valid():
        limits = [
            ("objection-user", request.user.pk, settings.OBJECTION_RATE),
            ("objection-ip", client_ip(request), settings.OBJECTION_RATE_PER_IP),
        ]
        if throttle.hit(limits):
            messages.error(request, _("You have raised many objections; please wait before raising another."))
        else:
            from wagtail.log_actions import log

            created = Objection.objects.create(
                contest=contest,
                entry_id=form.cleaned_data["entry"],
                author=request.user,
                reason=plain_text(form.cleaned_data["reason"]),
            )
            log(created, "judging.objection.raise", user=request.user)
            messages.success(request, _("Your objection has been received; a moderator will answer it."))
            return redirect(reverse("judging:objection", args=[contest.pk]))
    return render(
        request,
        "judging/objection.html",
        {"contest": contest, "form": form, "refusal": refusal, "status": status},
    )
