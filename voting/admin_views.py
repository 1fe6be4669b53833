"""The moderators' view of suspicious voting: findings per contest, each with a button to void its votes."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from campaigns.models import VideoContestPage
from core.inputs import parse_int

from .models import Vote
from .services import void_votes
from .suspicion import findings_for

VOID_PERMISSION = "voting.void_vote"


class VoidForm(forms.Form):
    votes = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def clean_votes(self):
        votes = [parse_int(pk) for pk in self.cleaned_data["votes"].split(",") if pk]
        if None in votes:
            raise forms.ValidationError(_("Invalid vote list."))
        return votes


class SuspiciousVotesView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "voting/admin/suspicious_votes.html"
    page_title = _("Suspicious votes")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VOID_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def contests(self):
        return VideoContestPage.objects.order_by("-voting_opens_at")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        contests = list(self.contests())
        selected = self.request.GET.get("contest")
        contest = next((c for c in contests if str(c.pk) == selected), contests[0] if contests else None)
        findings = findings_for(contest) if contest else []
        context.update(
            {
                "contests": contests,
                "contest": contest,
                "findings": [(f, VoidForm(initial={"votes": ",".join(map(str, f.vote_ids))})) for f in findings],
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        form = VoidForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give a reason to void these votes."))
        else:
            votes = Vote.objects.filter(pk__in=form.cleaned_data["votes"])
            count = void_votes(list(votes), request.user, form.cleaned_data["reason"])
            messages.success(
                request, ngettext("%(count)d vote voided.", "%(count)d votes voided.", count) % {"count": count}
            )
        return redirect(reverse("voting_suspicious") + "?" + request.GET.urlencode())
