"""Video contests (微视频 / 短视频征集): phases, categories, prizes and the entries workers submit.

Entries are records, not pages. Workers submit them on the public site, moderators approve or reject each one
with a reason, and votes hang off them; a page would bring revisions, tree locking and page permissions that
none of that needs, and thousands of entries would crowd the editors' page tree. Each entry still has its own
URL (a route of its contest page) and share card.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.fields import ParentalKey

from comments.models import CommentsMixin
from core import visibility
from core.blocks import BaseStreamBlock
from core.inputs import parse_int
from core.slugs import PageForm

from .base import CampaignMixin, Figure

ENTRIES_PER_PAGE = 12


class Phase(models.TextChoices):
    UPCOMING = "upcoming", _("Not open yet")
    SUBMISSION = "submission", _("Submissions open")
    REVIEW = "review", _("Entries under review")
    VOTING = "voting", _("Public voting")
    COUNTING = "counting", _("Voting closed")
    RESULTS = "results", _("Results announced")


@dataclass(frozen=True)
class Transition:
    at: datetime
    label: str


class VoterEligibility(models.TextChoices):
    SIGNED_IN = "signed_in", _("Any signed-in worker")
    VERIFIED = "verified", _("Verified union members only")


class ResultsMethod(models.TextChoices):
    SEPARATE = "separate", _("Separate tracks: judges' awards and a popular-vote award")
    BLENDED = "blended", _("One blended score of the judges' score and the public vote")


class ResultsStatus(models.TextChoices):
    NOTICE = "notice", _("公示 (public notice)")
    FINAL = "final", _("Final")


# The criteria a contest's judges score on when its editors have not set their own (points each).
# Scores are stored by each criterion's key, never by its name (an editor may rename a criterion): the key of a
# contest's own criterion is its row's id, that of a default criterion a fixed word.
DEFAULT_CRITERIA = (("主题", 30), ("创意", 30), ("制作", 20), ("感染力", 20))
DEFAULT_CRITERION_KEYS = ("theme", "creativity", "production", "appeal")


class Criterion(NamedTuple):
    key: str  # what a judge's points are stored under (judging.models.Scorecard.points)
    name: str
    max_points: int


class ContestIndexPage(Page):
    """All video contests, newest first."""

    base_form_class = PageForm  # pinyin slugs (core/slugs.py)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["campaigns.VideoContestPage"]
    max_count = 1

    class Meta:
        verbose_name = _("video contest index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["contests"] = (
            visibility.public_pages(VideoContestPage)
            .child_of(self)
            .select_related("listing_image")
            .order_by("-submission_opens_at")
        )
        return context


class VideoContestPage(CommentsMixin, CampaignMixin, RoutablePageMixin, Page):
    """A contest in three phases — submission, public voting, results — with rules, prizes and categories."""

    base_form_class = PageForm  # pinyin slugs (core/slugs.py)

    campaign_kind = _("Video contest")

    submission_opens_at = models.DateTimeField(_("submissions open"))
    submission_closes_at = models.DateTimeField(_("submissions close"))
    voting_opens_at = models.DateTimeField(_("voting opens"))
    voting_closes_at = models.DateTimeField(_("voting closes"))
    results_at = models.DateTimeField(_("results announced"))

    rules = StreamField(BaseStreamBlock(), verbose_name=_("rules"), blank=True)
    max_video_mb = models.PositiveSmallIntegerField(
        _("largest video file (MB)"), default=200, validators=[MinValueValidator(1), MaxValueValidator(2048)]
    )
    max_video_seconds = models.PositiveIntegerField(
        _("longest video (seconds)"), default=300, validators=[MinValueValidator(1), MaxValueValidator(4 * 3600)]
    )
    max_video_pixels = models.PositiveSmallIntegerField(
        _("highest resolution (pixels on the longer side)"),
        default=3840,
        validators=[MinValueValidator(160), MaxValueValidator(8192)],
        help_text=_("3840 accepts 4K phone videos; entries are shown at 720p at most."),
    )
    voter_eligibility = models.CharField(
        _("who may vote"), max_length=12, choices=VoterEligibility.choices, default=VoterEligibility.SIGNED_IN
    )
    votes_per_entry_per_day = models.PositiveSmallIntegerField(
        _("votes per worker per entry per day"), default=1, validators=[MinValueValidator(1)]
    )
    max_entries_per_day = models.PositiveSmallIntegerField(
        _("entries a worker may back per day"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit."),
    )
    max_entries_per_worker = models.PositiveSmallIntegerField(
        _("entries per worker"), default=3, validators=[MinValueValidator(1)]
    )
    ballot_size = models.PositiveSmallIntegerField(
        _("ballot mode: entries per ballot"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2), MaxValueValidator(20)],
        help_text=_(
            "Leave empty for single votes. With a number N, a worker backs exactly N different entries in one "
            "ballot, once a day, all submitted together."
        ),
    )
    vote_shortlist_only = models.BooleanField(
        _("public vote only on shortlisted entries (入围)"),
        default=False,
        help_text=_(
            "Workers can vote only for entries the moderators have shortlisted. Votes an entry received before it "
            "left the shortlist are kept, but it is not ranked while it is off the shortlist."
        ),
    )
    hide_live_counts = models.BooleanField(
        _("hide vote counts until the results"),
        default=False,
        help_text=_("Votes are still counted; pages, the API and the vote answer show no numbers before the results."),
    )
    judging_closes_at = models.DateTimeField(
        _("judging closes"),
        null=True,
        blank=True,
        help_text=_("Judges score shortlisted entries from the close of submissions until this time."),
    )
    results_method = models.CharField(
        _("results method"), max_length=10, choices=ResultsMethod.choices, default=ResultsMethod.SEPARATE
    )
    judges_weight = models.PositiveSmallIntegerField(
        _("judges' weight (%)"),
        default=60,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("For a blended score: the judges' share in per cent; the public vote has the rest."),
    )
    notice_ends_at = models.DateTimeField(
        _("公示 ends"),
        null=True,
        blank=True,
        help_text=_(
            "Results are first published as 公示 (public notice) until this time, when workers may raise "
            "objections; after it they are final. Leave empty for final results at once."
        ),
    )
    page_views = models.PositiveBigIntegerField(_("page views"), default=0, editable=False)

    parent_page_types = ["campaigns.ContestIndexPage"]
    subpage_types = []
    # Seconds a cached copy may live: the page shows live vote and view counts (see core/pagecache.py).
    cache_max_age = 5

    content_panels = Page.content_panels + [*CampaignMixin.campaign_panels, FieldPanel("rules")]
    phase_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("submission_opens_at"), FieldPanel("submission_closes_at")]),
                FieldRowPanel([FieldPanel("voting_opens_at"), FieldPanel("voting_closes_at")]),
                FieldPanel("results_at"),
            ],
            heading=_("Phases"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("max_video_mb"), FieldPanel("max_entries_per_worker")]),
                FieldRowPanel([FieldPanel("max_video_seconds"), FieldPanel("max_video_pixels")]),
                FieldPanel("voter_eligibility"),
                FieldRowPanel([FieldPanel("votes_per_entry_per_day"), FieldPanel("max_entries_per_day")]),
                FieldRowPanel([FieldPanel("ballot_size"), FieldPanel("hide_live_counts")]),
                FieldPanel("vote_shortlist_only"),
            ],
            heading=_("Entries and voting rules"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("judging_closes_at"),
                FieldRowPanel([FieldPanel("results_method"), FieldPanel("judges_weight")]),
                FieldPanel("notice_ends_at"),
            ],
            heading=_("Judging and results"),
        ),
        InlinePanel("categories", heading=_("Categories"), label=_("Category"), min_num=1),
        InlinePanel("prizes", heading=_("Prizes"), label=_("Prize")),
        InlinePanel(
            "criteria",
            heading=_("Judging criteria"),
            label=_("Criterion"),
            help_text=_("Empty: 主题 30, 创意 30, 制作 20, 感染力 20."),
        ),
        InlinePanel("judges", heading=_("Judges (评委)"), label=_("Judge")),
    ]
    edit_handler = CommentsMixin.edit_tabs(content_panels, (phase_panels, _("Phases and rules")))
    search_fields = (
        Page.search_fields
        + CampaignMixin.campaign_search_fields
        + [
            index.SearchField("rules"),
            index.RelatedFields("categories", [index.SearchField("name")]),
            index.RelatedFields("prizes", [index.SearchField("name")]),
        ]
    )
    api_fields = CampaignMixin.campaign_api_fields + [
        APIField("submission_opens_at"),
        APIField("submission_closes_at"),
        APIField("voting_opens_at"),
        APIField("voting_closes_at"),
        APIField("results_at"),
        APIField("current_phase"),
        APIField("voter_eligibility"),
        APIField("max_video_mb"),
        APIField("max_video_seconds"),
        APIField("max_video_pixels"),
        APIField("categories"),
        APIField("prizes"),
        APIField("rules"),
    ]

    class Meta:
        verbose_name = _("video contest")
        verbose_name_plural = _("video contests")

    # --- phases -------------------------------------------------------------------------------------------
    def boundaries(self):
        return [
            (self.submission_opens_at, Phase.SUBMISSION, _("Submissions open")),
            (self.submission_closes_at, Phase.REVIEW, _("Submissions close")),
            (self.voting_opens_at, Phase.VOTING, _("Voting opens")),
            (self.voting_closes_at, Phase.COUNTING, _("Voting closes")),
            (self.results_at, Phase.RESULTS, _("Results are announced")),
        ]

    def clean(self):
        super().clean()
        times = [at for at, _phase, _label in self.boundaries()]
        if None in times:
            return
        errors = {}
        if not self.submission_opens_at < self.submission_closes_at:
            errors["submission_closes_at"] = _("Submissions must close after they open.")
        if not self.submission_closes_at <= self.voting_opens_at:
            errors["voting_opens_at"] = _("Voting can open only after submissions close.")
        if not self.voting_opens_at < self.voting_closes_at:
            errors["voting_closes_at"] = _("Voting must close after it opens.")
        if not self.voting_closes_at <= self.results_at:
            errors["results_at"] = _("Results can be announced only after voting closes.")
        if self.judging_closes_at and not self.submission_closes_at < self.judging_closes_at <= self.results_at:
            errors["judging_closes_at"] = _("Judging closes after submissions close and before the results.")
        if self.notice_ends_at and not self.results_at < self.notice_ends_at:
            errors["notice_ends_at"] = _("The 公示 ends after the results are published.")
        if errors:
            raise ValidationError(errors)

    def phase_at(self, now=None):
        """The phase at an instant. Each phase starts exactly at its boundary (half-open intervals)."""
        now = now or timezone.now()
        phase = Phase.UPCOMING
        for at, starts, _label in self.boundaries():
            if now >= at:
                phase = starts
        return phase

    @property
    def current_phase(self):
        return self.phase_at()

    def next_transition(self, now=None):
        """The next boundary after ``now`` (for the countdown), or None once results are final."""
        now = now or timezone.now()
        for at, _starts, label in self.boundaries():
            if at > now:
                return Transition(at, label)
        if self.notice_ends_at and self.notice_ends_at > now:
            return Transition(self.notice_ends_at, _("Results are final"))
        return None

    def results_status(self, now=None):
        """None before the results; 公示 from the results until ``notice_ends_at``; final after it (from time alone)."""
        now = now or timezone.now()
        if self.phase_at(now) != Phase.RESULTS:
            return None
        if self.notice_ends_at and now < self.notice_ends_at:
            return ResultsStatus.NOTICE
        return ResultsStatus.FINAL

    def is_open_for_judging(self, now=None):
        """Judges score from the close of submissions until ``judging_closes_at`` (no deadline set: no judging)."""
        now = now or timezone.now()
        return bool(self.judging_closes_at) and self.submission_closes_at <= now < self.judging_closes_at

    def judging_closed(self, now=None):
        now = now or timezone.now()
        return bool(self.judging_closes_at) and now >= self.judging_closes_at

    def counts_hidden(self, now=None):
        """Whether vote counts are withheld now: the contest hides them, and its results are not out yet."""
        return self.hide_live_counts and self.phase_at(now) != Phase.RESULTS

    def in_public_vote(self, entry):
        """Whether the public vote takes votes for ``entry`` (an approved one): every entry, or only the shortlist."""
        return entry.shortlisted or not self.vote_shortlist_only

    def criteria_list(self):
        """[Criterion(key, name, max points)] the judges score on: the contest's own, or the defaults."""
        own = [Criterion(c.key, c.name, c.max_points) for c in self.criteria.all()]
        return own or [Criterion(key, *c) for key, c in zip(DEFAULT_CRITERION_KEYS, DEFAULT_CRITERIA, strict=True)]

    def is_open_for_submissions(self, now=None):
        return self.phase_at(now) == Phase.SUBMISSION

    def is_open_for_voting(self, now=None):
        return self.phase_at(now) == Phase.VOTING

    def shows_results(self, now=None):
        return self.phase_at(now) == Phase.RESULTS

    # --- entries and figures ------------------------------------------------------------------------------
    def public_entries(self):
        """The entries this page lists: approved ones (Wagtail checks who may see the page itself)."""
        return visibility.approved_entries(self.entries.all())

    @cached_property
    def entry_stats(self):
        return self.entries.aggregate(
            approved=Count("pk", filter=Q(status=EntryStatus.APPROVED)),
            votes=Sum("vote_count", filter=Q(status=EntryStatus.APPROVED), default=0),
            entry_views=Sum("view_count", default=0),
        )

    def attention(self):
        """关注度: views of the contest page and of its entries, including views not yet flushed."""
        from ..viewcounts import pending_views

        stats = self.entry_stats
        pending = pending_views("contest", [self.pk]).get(self.pk, 0)
        return self.page_views + pending + stats["entry_views"]

    def participation_figures(self):
        stats = self.entry_stats
        views = self.attention()
        figures = [
            Figure(stats["approved"], npgettext("unit", "entry", "entries", stats["approved"]), _("Entries")),
            Figure(stats["votes"], npgettext("unit", "vote", "votes", stats["votes"]), _("Public votes")),
            Figure(views, npgettext("unit", "view", "views", views), _("Attention")),
        ]
        if self.counts_hidden():  # the page, the listing cards and the API all read these figures
            del figures[1]
        return figures

    def entry_url(self, entry, request=None):
        # A contest page lists a few dozen entries (cards, leaderboard), each asking for its URL: the contest's own
        # URL is worked out once per page object and request (a page object lives for one request or task).
        bases = self.__dict__.setdefault("_entry_url_bases", {})
        base = bases.get(request)
        if base is None:
            base = bases[request] = self.get_url(request)
        return base + self.reverse_subpage("entry", args=[entry.pk])

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        from ..viewcounts import with_pending_views

        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        # The posters' renditions in one query, not two cache round trips per poster (Wagtail's picture tag).
        entries = (
            self.public_entries()
            .select_related("category", "award", "poster")
            .prefetch_related("poster__renditions")
            .order_by("-submitted_at")
        )
        category = None
        category_id = parse_int(request.GET.get("category"))
        if category_id is not None:
            category = self.categories.filter(pk=category_id).first()
            entries = entries.filter(category=category) if category else entries.none()
        paginator = Paginator(entries, ENTRIES_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        with_pending_views(page_obj.object_list)
        phase = self.phase_at(now)
        context.update(
            {
                "phase": phase,
                "phases": Phase,
                "counts_hidden": self.counts_hidden(now),
                "results_status": self.results_status(now),
                "show_awards": phase == Phase.RESULTS,
                "show_vote_buttons": phase == Phase.VOTING,
                "next_transition": self.next_transition(now),
                "categories": self.categories.all(),
                "prizes": self.prizes.all(),
                "active_category": category,
                "page_obj": page_obj,
                "entries": page_obj.object_list,
                "figures": self.participation_figures(),
                "awarded_entries": (
                    self.public_entries()
                    .exclude(award=None)
                    .select_related("award", "category", "poster")
                    .prefetch_related("poster__renditions")
                    .order_by("award__rank", "-vote_count")
                    if self.shows_results(now)
                    else []
                ),
            }
        )
        return context

    @path("submit/", name="submit")
    def submit_view(self, request):
        from ..submissions import submit_entry

        return submit_entry(request, self)

    @path("entries/<id:entry_id>/", name="entry")
    def entry_view(self, request, entry_id):
        from ..viewcounts import with_pending_views

        entry = get_object_or_404(self.entries.select_related("category", "award", "poster", "author"), pk=entry_id)
        if not visibility.entry_is_approved(entry):  # the contest's own restrictions were checked by Wagtail
            raise Http404
        with_pending_views([entry])
        context = self.get_context(request)
        context.update({"entry": entry})
        return TemplateResponse(request, "campaigns/video_entry.html", context)


class ContestCategory(Orderable):
    contest = ParentalKey(VideoContestPage, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("name"), max_length=40)
    description = models.CharField(_("description"), max_length=200, blank=True)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("description")])]
    api_fields = [APIField("name"), APIField("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name


class ContestPrize(Orderable):
    """A judges' award such as 一等奖; rank 1 is the highest."""

    contest = ParentalKey(VideoContestPage, on_delete=models.CASCADE, related_name="prizes")
    name = models.CharField(_("name"), max_length=40, help_text=_("For example 一等奖"))
    rank = models.PositiveSmallIntegerField(_("rank"), default=1, help_text=_("1 is the highest award."))
    quantity = models.PositiveSmallIntegerField(_("number of awards"), default=1)
    reward = models.CharField(_("reward"), max_length=120, blank=True)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("rank"), FieldPanel("quantity"), FieldPanel("reward")])]
    api_fields = [APIField("name"), APIField("rank"), APIField("quantity"), APIField("reward")]

    class Meta(Orderable.Meta):
        verbose_name = _("prize")
        verbose_name_plural = _("prizes")

    def __str__(self):
        return self.name


class ContestCriterion(Orderable):
    """One criterion the judges score, e.g. 主题 out of 30 points."""

    contest = ParentalKey(VideoContestPage, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=20)
    max_points = models.PositiveSmallIntegerField(
        _("points"), default=25, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("max_points")])]

    @property
    def key(self):
        """What judges' points are stored under: the row's id, which a rename keeps (``Criterion.key``)."""
        return str(self.pk)

    class Meta(Orderable.Meta):
        verbose_name = _("judging criterion")
        verbose_name_plural = _("judging criteria")

    def __str__(self):
        return f"{self.name} ({self.max_points})"


class ContestJudge(Orderable):
    """A member of the contest's judges panel (评委): an account in the 评委 role."""

    contest = ParentalKey(VideoContestPage, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("judge"),
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"groups__name": "评委"},  # accounts.roles.JUDGES
    )

    panels = [FieldPanel("user")]

    class Meta(Orderable.Meta):
        verbose_name = _("judge")
        verbose_name_plural = _("judges")

    def __str__(self):
        return str(self.user)


class EntryStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")


class Processing(models.TextChoices):
    """Where an uploaded video is between the worker's phone and the player (links skip it: always ready)."""

    UPLOADING = "uploading", _("Uploading")
    PROCESSING = "processing", _("Processing")
    READY = "ready", _("Processed")
    FAILED = "failed", _("Processing failed")


def entry_video_path(instance, filename):
    """Stored names come from us, never from the uploader; the extension from the detected content type."""
    extension = {"video/mp4": "mp4", "video/webm": "webm"}.get(instance.video_type, "bin")
    return f"entries/videos/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


def entry_original_path(instance, filename):
    """The file as the worker sent it (kept for the judges), under our name with the container's extension."""
    extension = filename.rsplit(".", 1)[-1] if filename.rsplit(".", 1)[-1] in ("mov", "mkv") else "bin"
    return f"entries/originals/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


def entry_poster_frame_path(instance, filename):
    extension = "webp" if filename.endswith(".webp") else "jpg"
    return f"entries/posters/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


def entry_captions_path(instance, filename):
    """Captions are stored under our own name too: a WebVTT file (checked by campaigns.videos)."""
    return f"entries/captions/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.vtt"


class VideoEntry(index.Indexed, models.Model):
    contest = models.ForeignKey(
        VideoContestPage, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="entries"
    )
    category = models.ForeignKey(
        ContestCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entries",
    )
    title = models.CharField(_("title"), max_length=60)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="video_entries",
    )
    author_name = models.CharField(_("author name"), max_length=40)
    work_unit = models.CharField(_("work unit"), max_length=100, blank=True)
    poster = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("poster"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    poster_alt = models.CharField(
        _("poster description"),
        max_length=200,
        blank=True,
        help_text=_("What the poster shows, for people who cannot see it (alt text). Empty: the entry's title."),
    )
    video = models.FileField(_("video file"), upload_to=entry_video_path, blank=True, max_length=200)
    captions = models.FileField(
        _("captions (WebVTT)"),
        upload_to=entry_captions_path,
        blank=True,
        max_length=200,
        help_text=_("A WebVTT subtitle file (.vtt) of what is said in the video; the player offers it as captions."),
    )
    video_type = models.CharField(_("video type"), max_length=20, blank=True, editable=False)
    # An upload goes in as ``original`` and the task worker makes ``video`` (H.264/AAC MP4, at most 720p) and the
    # poster frames from it (campaigns/transcode.py); links have none of these.
    original = models.FileField(
        _("original upload"), upload_to=entry_original_path, blank=True, max_length=200, editable=False
    )
    poster_frame = models.FileField(
        _("poster frame (JPEG)"), upload_to=entry_poster_frame_path, blank=True, max_length=200, editable=False
    )
    poster_frame_webp = models.FileField(
        _("poster frame (WebP)"), upload_to=entry_poster_frame_path, blank=True, max_length=200, editable=False
    )
    processing = models.CharField(
        _("processing"), max_length=10, choices=Processing.choices, default=Processing.READY, editable=False
    )
    processing_error = models.CharField(_("processing error"), max_length=300, blank=True, editable=False)
    processing_since = models.DateTimeField(_("queued or started at"), null=True, blank=True, editable=False)
    duration = models.FloatField(_("duration (s)"), null=True, blank=True, editable=False)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True, editable=False)
    external_url = models.URLField(_("link on a video platform"), blank=True, max_length=300)

    status = models.CharField(_("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.PENDING)
    rejection_reason = models.CharField(_("reason for not approving"), max_length=200, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, editable=False)

    vote_count = models.PositiveIntegerField(_("votes"), default=0, editable=False)
    view_count = models.PositiveBigIntegerField(_("views"), default=0, editable=False)
    award = models.ForeignKey(
        ContestPrize,
        verbose_name=_("judges' award"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entries",
    )
    award_note = models.CharField(_("judges' comment"), max_length=200, blank=True)
    # 入围: set only through the shortlist moderation actions (campaigns/moderation.py), which log who and when.
    shortlisted = models.BooleanField(_("shortlisted (入围)"), default=False, editable=False)

    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.SearchField("author_name"),
        index.SearchField("work_unit"),
        index.FilterField("status"),
        index.FilterField("contest"),
    ]

    class Meta:
        verbose_name = _("video entry")
        verbose_name_plural = _("video entries")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["contest", "status", "-vote_count"], name="entry_leaderboard"),
            models.Index(fields=["author", "-submitted_at"], name="entry_author"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(video="", original="") & ~Q(external_url=""))
                | ((~Q(video="") | ~Q(original="")) & Q(external_url="")),
                name="entry_has_exactly_one_video_source",
                violation_error_message=_("Give either a video file or a link to a video platform, not both."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.get_url()

    @property
    def is_public(self):
        """Approved, and its contest page is public (``core.visibility``)."""
        return visibility.entry_is_public(self)

    def get_url(self, request=None):
        return self.contest.entry_url(self, request)

    @property
    def comments_mode(self):
        """Entries follow their contest's comments switch."""
        return self.contest.comments_mode

    @property
    def poster_description(self):
        """The poster's alt text: the author's description, or what the poster is for."""
        return self.poster_alt or _("Poster of “%(title)s”") % {"title": self.title}

    @property
    def state(self):
        """What the author sees: 上传中 / 处理中 / 处理失败 while the video is not ready, else the review status."""
        if self.processing != Processing.READY:
            return self.processing, self.get_processing_display()
        return self.status, self.get_status_display()

    @property
    def displayed_views(self):
        return self.view_count + getattr(self, "pending_views", 0)

    def clean(self):
        super().clean()
        if self.category_id and self.contest_id and self.category.contest_id != self.contest_id:
            raise ValidationError({"category": _("This category belongs to another contest.")})
        if self.award_id and self.contest_id and self.award.contest_id != self.contest_id:
            raise ValidationError({"award": _("This award belongs to another contest.")})
        if self.status == EntryStatus.REJECTED and not self.rejection_reason.strip():
            raise ValidationError({"rejection_reason": _("Say why the entry is not approved; the author sees it.")})


class VideoUpload(models.Model):
    """A chunked, resumable upload of one video file (campaigns/uploads.py): the worker's phone sends the file in
    pieces, each stored through the storage API under ``uploads/<id>/``; ``received`` is how much has arrived, so
    an interrupted upload resumes there. The submission form turns a finished one into an entry's original."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="video_uploads")
    contest = models.ForeignKey(VideoContestPage, on_delete=models.CASCADE, related_name="uploads")
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    received = models.PositiveBigIntegerField(_("received (bytes)"), default=0)
    chunks = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("video upload")
        verbose_name_plural = _("video uploads")
        indexes = [models.Index(fields=["updated_at"], name="upload_updated")]

    def __str__(self):
        return self.filename or str(self.id)

    @property
    def complete(self):
        return self.received == self.size

    @property
    def percent(self):
        return int(self.received * 100 / self.size) if self.size else 0

    @property
    def folder(self):
        return f"uploads/{self.id.hex}"

    def chunk_name(self, index):
        return f"{self.folder}/{index:06d}"
