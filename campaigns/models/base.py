"""What every campaign page shares: its period, organiser, listing fields and participation figures."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.models import ListingMixin
from core.slugs import PageForm


@dataclass(frozen=True)
class Figure:
    """One participation figure, e.g. Figure(550, "场次", "宣讲场次"). Rendered like the statistics block.

    The unit agrees with the value (``ngettext("session", "sessions", value)``), so English reads "1 view".
    """

    value: object
    unit: str
    label: str


def optional_district(related_name, help_text):
    """Where a record is (``campaigns.District``), optional and kept when a district is deleted: the statistics'
    district filter and by-district tables read it."""
    return models.ForeignKey(
        "campaigns.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
        help_text=help_text,
    )


class CampaignMixin(ListingMixin):
    """An outreach campaign: a dated period, an organiser, a card for listings and figures computed from its data.

    Subclasses say what kind of campaign they are (``campaign_kind``) and compute ``participation_figures()`` from
    their own records; figures are never typed in by hand.
    """

    start_date = models.DateField(_("starts"), null=True, blank=True)
    end_date = models.DateField(_("ends"), null=True, blank=True)
    organiser = models.CharField(_("organiser"), max_length=100, blank=True, default="市总工会")

    campaign_kind = ""  # set by each campaign page type, e.g. _("Lecture tour")

    campaign_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("organiser"),
                FieldPanel("summary"),
                FieldPanel("listing_image"),
            ],
            heading=_("Campaign"),
        )
    ]
    campaign_search_fields = ListingMixin.listing_search_fields + [
        index.SearchField("organiser"),
        index.FilterField("start_date"),
        index.FilterField("end_date"),
    ]
    campaign_api_fields = [
        APIField("summary"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("organiser"),
        APIField("listing_image"),
        APIField("figures"),
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The campaign cannot end before it starts.")})

    @property
    def campaign_kind_label(self):
        return self.campaign_kind

    def is_running(self, today=None):
        today = today or timezone.localdate()
        started = self.start_date is None or self.start_date <= today
        not_ended = self.end_date is None or today <= self.end_date
        return started and not_ended

    def participation_figures(self):
        return []

    @property
    def figures(self):
        """The figures for the API: plain dicts."""
        return [{"value": f.value, "unit": str(f.unit), "label": str(f.label)} for f in self.participation_figures()]


class CampaignIndexPage(Page):
    """The one page under the home page that lists the campaigns of a kind (lecture tours, festivals) after an
    introduction. Subclasses name the campaign page type in ``subpage_types`` and build the listing."""

    base_form_class = PageForm  # pinyin slugs (core/slugs.py)

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["home.HomePage"]
    max_count = 1
    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        abstract = True
