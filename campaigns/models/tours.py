"""Lecture tours (宣讲活动): the city's lecture library of speakers, tours, and their sessions."""

from django.db import models
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.fields import ParentalKey, ParentalManyToManyField

from comments.models import CommentsMixin
from core import visibility
from core.blocks import BaseStreamBlock
from core.inputs import parse_int
from core.slugs import PageForm
from signups.models import SignupSettings

from .base import CampaignIndexPage, CampaignMixin, Figure, optional_district


class Speaker(index.Indexed, models.Model):
    """A lecturer in the city's lecture library (市级理论宣讲库), reused across tours and sessions."""

    name = models.CharField(_("name"), max_length=40)
    title = models.CharField(_("title or position"), max_length=80, blank=True)
    organisation = models.CharField(_("organisation"), max_length=100, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topics = models.TextField(_("topics"), blank=True, help_text=_("One topic per line."))
    bio = models.TextField(_("short biography"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("title"),
        FieldPanel("organisation"),
        FieldPanel("photo"),
        FieldPanel("topics"),
        FieldPanel("bio"),
    ]
    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("organisation"),
        index.SearchField("topics"),
        index.FilterField("organisation"),
    ]
    api_fields = [APIField("name"), APIField("title"), APIField("organisation"), APIField("topic_list")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self):
        return f"{self.name}（{self.organisation}）" if self.organisation else self.name

    def clean(self):
        super().clean()
        from screening.review import validate_snippet

        validate_snippet(self)  # editors publish speakers straight to the site: screened like pages

    @property
    def topic_list(self):
        return [line.strip() for line in self.topics.splitlines() if line.strip()]


class SessionLevel(models.TextChoices):
    ENTERPRISE = "enterprise", _("Into enterprises (进企业)")
    WORKSHOP = "workshop", _("Into workshops (进车间)")
    TEAM = "team", _("Into teams (进班组)")


class LectureSession(SignupSettings, Orderable):
    """One session of a tour: when, where, at which level and by whom, with planned and actual attendance."""

    tour = ParentalKey("campaigns.LectureTourPage", on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    venue = models.CharField(_("venue"), max_length=120)
    host_enterprise = models.CharField(_("host enterprise"), max_length=100)
    district = optional_district(
        "lecture_sessions", _("Where the host enterprise is: the statistics count its sessions by district.")
    )
    level = models.CharField(_("level"), max_length=12, choices=SessionLevel.choices, default=SessionLevel.ENTERPRISE)
    speaker = models.ForeignKey(
        Speaker, verbose_name=_("speaker"), null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    planned_attendance = models.PositiveIntegerField(_("planned attendance"), default=0)
    actual_attendance = models.PositiveIntegerField(
        _("actual attendance"), null=True, blank=True, help_text=_("Fill in after the session.")
    )

    panels = [
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("duration_minutes")]),
        FieldRowPanel([FieldPanel("venue"), FieldPanel("host_enterprise"), FieldPanel("district")]),
        FieldRowPanel([FieldPanel("level"), FieldPanel("speaker")]),
        FieldRowPanel([FieldPanel("planned_attendance"), FieldPanel("actual_attendance")]),
        *SignupSettings.signup_panels,
    ]
    api_fields = [
        APIField("starts_at"),
        APIField("duration_minutes"),
        APIField("venue"),
        APIField("host_enterprise"),
        APIField("district_name"),
        APIField("level"),
        APIField("speaker_name"),
        APIField("planned_attendance"),
        APIField("actual_attendance"),
    ]

    class Meta(Orderable.Meta):
        ordering = ["starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["tour", "starts_at"])]

    def __str__(self):
        return f"{timezone.localtime(self.starts_at):%Y-%m-%d %H:%M} {self.host_enterprise}"

    @property
    def speaker_name(self):
        return self.speaker.name if self.speaker_id else ""

    @property
    def district_name(self):
        return self.district.name if self.district_id else ""

    @property
    def ends_at(self):
        return self.starts_at + timezone.timedelta(minutes=self.duration_minutes)

    # What the sign-up mechanism asks of an item (signups.models.SignupSettings)
    def signup_page(self):
        return self.tour

    def signup_title(self):
        return f"{self.tour.title}（{self.host_enterprise}）"

    def signup_starts_at(self):
        return self.starts_at

    def signup_ends_at(self):
        return self.ends_at

    def signup_venue(self):
        return self.venue

    def offline_attendance(self):
        return self.actual_attendance


def session_totals(sessions, now=None):
    """Sessions held and people reached, computed in the database from the sessions (never typed in).

    A session counts as held once it has started; people reached is the sum of recorded actual attendance.
    """
    now = now or timezone.now()
    held = Q(starts_at__lt=now)
    return sessions.aggregate(
        held=Count("pk", filter=held),
        reached=Sum("actual_attendance", filter=held, default=0),
        upcoming=Count("pk", filter=~held),
        planned=Sum("planned_attendance", filter=~held, default=0),
    )


class TourIndexPage(CampaignIndexPage):
    """All lecture tours, filterable by year and level."""

    subpage_types = ["campaigns.LectureTourPage"]

    class Meta:
        verbose_name = _("lecture tour index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        tours = visibility.public_pages(LectureTourPage).child_of(self)
        years = sorted(
            {d.year for d in tours.exclude(start_date=None).values_list("start_date", flat=True)}, reverse=True
        )
        year = parse_int(request.GET.get("year"), 1990, 2100)
        level = request.GET.get("level")
        if year:
            tours = tours.filter(Q(start_date__year=year) | Q(sessions__starts_at__year=year)).distinct()
        if level in SessionLevel.values:
            tours = tours.filter(sessions__level=level).distinct()
        tours = (
            tours.select_related("listing_image")
            .annotate(session_count=Count("sessions", distinct=True))
            .order_by("-start_date", "-pk")
        )
        context.update(
            {
                "tours": tours,
                "years": years,
                "levels": SessionLevel.choices,
                "active_year": year,
                "active_level": level if level in SessionLevel.values else None,
            }
        )
        return context


class LectureTourPage(CommentsMixin, CampaignMixin, RoutablePageMixin, Page):
    """A lecture tour such as 职工素质提升大讲堂进企业: a theme, speakers and dated sessions."""

    base_form_class = PageForm  # pinyin slugs (core/slugs.py)

    campaign_kind = _("Lecture tour")

    theme = models.CharField(_("theme"), max_length=120, blank=True)
    speakers = ParentalManyToManyField(Speaker, verbose_name=_("speakers"), blank=True, related_name="tours")
    body = StreamField(BaseStreamBlock(), verbose_name=_("description"), blank=True)

    parent_page_types = ["campaigns.TourIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("theme"),
        *CampaignMixin.campaign_panels,
        FieldPanel("speakers"),
        FieldPanel("body"),
    ]
    session_panels = [InlinePanel("sessions", heading=_("Sessions"), label=_("Session"))]
    edit_handler = CommentsMixin.edit_tabs(content_panels, (session_panels, _("Sessions")))
    search_fields = (
        Page.search_fields
        + CampaignMixin.campaign_search_fields
        + [
            index.SearchField("theme", boost=1.5),
            index.SearchField("body"),
            index.RelatedFields("speakers", [index.SearchField("name"), index.SearchField("organisation")]),
            index.RelatedFields("sessions", [index.SearchField("venue"), index.SearchField("host_enterprise")]),
        ]
    )
    api_fields = CampaignMixin.campaign_api_fields + [
        APIField("theme"),
        APIField("speakers"),
        APIField("sessions"),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("lecture tour")
        verbose_name_plural = _("lecture tours")

    def sessions_queryset(self):
        return LectureSession.objects.filter(tour=self)

    @cached_property
    def totals(self):
        return session_totals(self.sessions_queryset())

    def participation_figures(self):
        from signups.services import reach

        held, upcoming = self.totals["held"], self.totals["upcoming"]
        # People reached: each held session's check-ins, or the attendance its editor entered (signups.services)
        held_sessions = self.sessions_queryset().filter(starts_at__lt=timezone.now())
        reached = reach(self, held_sessions, LectureSession, entered_total=self.totals["reached"])
        return [
            Figure(held, npgettext("unit", "session", "sessions", held), _("Sessions held")),
            Figure(reached, npgettext("unit", "person", "people", reached), _("People reached")),
            Figure(upcoming, npgettext("unit", "session", "sessions", upcoming), _("Sessions coming up")),
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        sessions = list(self.sessions_queryset().select_related("speaker", "district").order_by("starts_at"))
        context.update(
            {
                "upcoming_sessions": [s for s in sessions if s.starts_at >= now],
                "past_sessions": [s for s in reversed(sessions) if s.starts_at < now],
                "speaker_list": self.speakers.all(),
                "figures": self.participation_figures(),
            }
        )
        return context

    @path("calendar/", name="calendar")
    def calendar(self, request):
        from ..calendar import sessions_calendar_response

        upcoming = self.sessions_queryset().filter(starts_at__gte=timezone.now()).select_related("speaker", "district")
        return sessions_calendar_response(self, upcoming, request)
