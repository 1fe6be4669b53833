"""The public page 数说工会 (StatsPage), and the permissions of the statistics dashboard.

The dashboard's permissions hang on this model (Django keeps custom permissions on a model):
``stats.view_dashboard`` shows every figure and the exports; ``stats.view_moderation_figures`` shows the comments
and moderation figures only (the moderators' workload). See ``stats/permissions.py``.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page

from campaigns.models.base import optional_district
from core.models import ListingMixin
from core.slugs import PageForm

from . import figures

MIN_YEAR, MAX_YEAR = 2000, 2100


def this_year():
    return timezone.localdate().year


class StatsPage(ListingMixin, Page):
    """数说工会: a year's figures and charts, computed from the records each time the page is rendered (and then
    cached with the page cache; a change to the records behind it forgets it, see ``stats/signals.py``)."""

    base_form_class = PageForm  # pinyin slugs (core/slugs.py)

    year = models.PositiveSmallIntegerField(
        _("year"), default=this_year, validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    district = optional_district(
        "+", _("Optional: narrows reading rooms, lecture sessions and festival events to one district.")
    )
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    show_lectures = models.BooleanField(_("show lecture sessions"), default=True)
    show_contests = models.BooleanField(_("show video contests"), default=True)
    show_reading_rooms = models.BooleanField(_("show reading rooms"), default=True)
    show_festivals = models.BooleanField(_("show festivals"), default=True)
    show_charts = models.BooleanField(_("show charts"), default=True, help_text=_("The tables always show."))

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    # Votes are not forgotten one by one (a contest takes thousands an hour): the page lives a minute at most.
    cache_max_age = 60

    content_panels = Page.content_panels + [
        FieldPanel("year"),
        FieldPanel("district"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("show_lectures"),
                FieldPanel("show_contests"),
                FieldPanel("show_reading_rooms"),
                FieldPanel("show_festivals"),
                FieldPanel("show_charts"),
            ],
            heading=_("What the page shows"),
        ),
    ]
    promote_panels = Page.promote_panels + ListingMixin.listing_panels
    api_fields = [APIField("year"), APIField("intro")]

    class Meta:
        verbose_name = _("数说工会 (figures page)")
        verbose_name_plural = _("数说工会 (figures pages)")
        permissions = [
            ("view_dashboard", _("Can see the statistics dashboard and export its figures")),
            ("view_moderation_figures", _("Can see the moderation figures of the statistics dashboard")),
        ]

    def shown_groups(self):
        return [key for key in figures.PUBLIC_GROUP_KEYS if getattr(self, f"show_{key}")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        groups = figures.year_in_figures(self.year, district=self.district, groups=self.shown_groups(), public=True)
        context.update({"groups": groups, "show_charts": self.show_charts})
        return context
