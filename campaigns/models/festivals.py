"""Arts and sports festivals (荆江之春职工艺术节 / 荆江之秋职工体育节): programme, gallery, results."""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.fields import ParentalKey

from comments.models import CommentsMixin
from core import visibility
from core.blocks import BaseStreamBlock
from core.inputs import parse_int
from core.slugs import PageForm
from signups.models import SignupSettings

from .base import CampaignIndexPage, CampaignMixin, Figure, optional_district

GALLERY_SIZE = 24


class FestivalKind(models.TextChoices):
    ARTS = "arts", _("Arts festival")
    SPORTS = "sports", _("Sports festival")


class EventCategory(models.TextChoices):
    PERFORMANCE = "performance", _("Stage performance (文艺汇演)")
    CALLIGRAPHY = "calligraphy", _("Calligraphy and painting (书画)")
    PHOTOGRAPHY = "photography", _("Photography (摄影)")
    SINGING = "singing", _("Singing (歌咏)")
    BALL_GAMES = "ball_games", _("Ball games (球类)")
    ATHLETICS = "athletics", _("Athletics (田径)")
    BOARD_GAMES = "board_games", _("Chess and cards (棋牌)")
    FUN_GAMES = "fun_games", _("Fun games (趣味运动)")
    OTHER = "other", _("Other")


class FestivalIndexPage(CampaignIndexPage):
    subpage_types = ["campaigns.FestivalPage"]

    class Meta:
        verbose_name = _("festival index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        festivals = visibility.public_pages(FestivalPage).child_of(self).select_related("listing_image")
        years = sorted(set(festivals.values_list("edition_year", flat=True)), reverse=True)
        year = parse_int(request.GET.get("year"))
        active_year = year if year in years else None
        if active_year:
            festivals = festivals.filter(edition_year=active_year)
        by_year = {}
        for festival in festivals.order_by("-edition_year", "kind"):
            by_year.setdefault(festival.edition_year, []).append(festival)
        context.update({"festivals_by_year": by_year.items(), "years": years, "active_year": active_year})
        return context


class FestivalPage(CommentsMixin, CampaignMixin, Page):
    base_form_class = PageForm  # pinyin slugs (core/slugs.py)

    campaign_kind = _("Festival")

    kind = models.CharField(_("kind"), max_length=8, choices=FestivalKind.choices, default=FestivalKind.ARTS)
    edition_year = models.PositiveSmallIntegerField(
        _("edition year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("description"), blank=True)
    gallery_collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("gallery"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Pictures of this festival: choose the image collection they were uploaded to."),
    )

    parent_page_types = ["campaigns.FestivalIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("edition_year")]),
        *CampaignMixin.campaign_panels,
        FieldPanel("body"),
        FieldPanel("gallery_collection"),
    ]
    programme_panels = [
        InlinePanel("programme", heading=_("Programme"), label=_("Event")),
        InlinePanel("awards", heading=_("Results and awards"), label=_("Award")),
    ]
    edit_handler = CommentsMixin.edit_tabs(content_panels, (programme_panels, _("Programme and results")))
    search_fields = (
        Page.search_fields
        + CampaignMixin.campaign_search_fields
        + [
            index.SearchField("body"),
            index.FilterField("kind"),
            index.FilterField("edition_year"),
            index.RelatedFields("programme", [index.SearchField("name"), index.SearchField("venue")]),
            index.RelatedFields("awards", [index.SearchField("winner"), index.SearchField("work_unit")]),
        ]
    )
    api_fields = CampaignMixin.campaign_api_fields + [
        APIField("kind"),
        APIField("edition_year"),
        APIField("body"),
        APIField("programme"),
        APIField("awards"),
    ]

    class Meta:
        verbose_name = _("festival")
        verbose_name_plural = _("festivals")

    @property
    def campaign_kind_label(self):
        return FestivalKind(self.kind).label

    @cached_property
    def programme_list(self):
        return list(self.programme.select_related("district"))

    @cached_property
    def award_list(self):
        return list(self.awards.all())

    def participation_figures(self):
        from signups.services import reach

        participants = reach(self, self.programme_list)  # check-ins, or the count an editor entered
        events, awards = len(self.programme_list), len(self.award_list)
        return [
            Figure(events, npgettext("unit", "event", "events", events), _("Events on the programme")),
            Figure(participants, npgettext("unit", "person", "people", participants), _("Participants")),
            Figure(awards, npgettext("unit", "award", "awards", awards), _("Awards given")),
        ]

    def gallery(self):
        if not self.gallery_collection_id:
            return []
        images = get_image_model().objects.filter(collection_id=self.gallery_collection_id).order_by("created_at")
        images = visibility.public_images(images)  # a worker's poster is not shown before its entry is public
        return images.prefetch_renditions()[:GALLERY_SIZE]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            {
                "programme_list": self.programme_list,
                "award_list": self.award_list,
                "gallery": self.gallery(),
                "figures": self.participation_figures(),
            }
        )
        return context


class FestivalEvent(SignupSettings, Orderable):
    festival = ParentalKey(FestivalPage, on_delete=models.CASCADE, related_name="programme")
    name = models.CharField(_("event"), max_length=80)
    category = models.CharField(_("category"), max_length=12, choices=EventCategory.choices)
    date = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=100, blank=True)
    district = optional_district(
        "festival_events", _("Where the venue is: the statistics count the programme's events by district.")
    )
    starts_at_time = models.TimeField(_("time"), null=True, blank=True, help_text=_("Empty: all day."))
    participants = models.PositiveIntegerField(
        _("participants"), null=True, blank=True, help_text=_("For events without online check-in.")
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("category")]),
        FieldRowPanel([FieldPanel("date"), FieldPanel("starts_at_time")]),
        FieldRowPanel([FieldPanel("venue"), FieldPanel("district")]),
        FieldPanel("participants"),
        *SignupSettings.signup_panels,
    ]
    api_fields = [APIField("name"), APIField("category"), APIField("date"), APIField("venue"), APIField("participants")]

    class Meta(Orderable.Meta):
        ordering = ["date", "sort_order"]
        verbose_name = _("programme event")
        verbose_name_plural = _("programme")

    def __str__(self):
        return self.name

    def signup_page(self):
        return self.festival

    def signup_title(self):
        return f"{self.name}（{self.festival.title}）"

    def signup_starts_at(self):
        start = self.starts_at_time or datetime.time(0, 0)
        return timezone.make_aware(datetime.datetime.combine(self.date, start))

    def signup_ends_at(self):
        if self.starts_at_time:
            return self.signup_starts_at() + datetime.timedelta(hours=2)
        return timezone.make_aware(datetime.datetime.combine(self.date + datetime.timedelta(days=1), datetime.time(0)))

    def signup_venue(self):
        return self.venue

    def offline_attendance(self):
        return self.participants


class FestivalAward(Orderable):
    festival = ParentalKey(FestivalPage, on_delete=models.CASCADE, related_name="awards")
    event = models.CharField(_("event or category"), max_length=80)
    award = models.CharField(_("award"), max_length=40, help_text=_("For example 一等奖 or 金奖"))
    winner = models.CharField(_("winner"), max_length=80)
    work_unit = models.CharField(_("work unit"), max_length=100, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("event"), FieldPanel("award")]),
        FieldRowPanel([FieldPanel("winner"), FieldPanel("work_unit")]),
    ]
    api_fields = [APIField("event"), APIField("award"), APIField("winner"), APIField("work_unit")]

    class Meta(Orderable.Meta):
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self):
        return f"{self.event} {self.award} {self.winner}"
