"""Workers' reading rooms (职工书屋): one page per room, reading events under it, and the rooms' index with a map.

The index page is the campaign (职工书屋建设: period, organiser, figures computed from the rooms); each room is a
place with an address, GPS position, opening hours and its demonstration level.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.fields import ParentalKey

from comments.models import CommentsMixin
from core import visibility
from core.blocks import BaseStreamBlock
from core.inputs import parse_int
from core.models import ListingMixin

from .base import CampaignMixin, Figure


class District(models.Model):
    """A district or county of the city, shared by reading rooms (and anything else placed on the map)."""

    name = models.CharField(_("name"), max_length=30, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return self.name


class DemonstrationLevel(models.TextChoices):
    NATIONAL = "national", _("National demonstration site (全国示范点)")
    PROVINCIAL = "provincial", _("Provincial demonstration site (省级示范点)")
    CITY = "city", _("City demonstration site (市级示范点)")
    NONE = "none", _("Not a demonstration site")


LEVEL_ORDER = [DemonstrationLevel.NATIONAL, DemonstrationLevel.PROVINCIAL, DemonstrationLevel.CITY]


class ReadingRoomIndexPage(CampaignMixin, Page):
    """The reading-room campaign and the list and map of all rooms, filterable by district and level."""

    campaign_kind = _("Reading rooms")

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["home.HomePage"]
    subpage_types = ["campaigns.ReadingRoomPage"]
    max_count = 1

    content_panels = Page.content_panels + [*CampaignMixin.campaign_panels, FieldPanel("intro")]
    search_fields = Page.search_fields + CampaignMixin.campaign_search_fields + [index.SearchField("intro")]
    api_fields = CampaignMixin.campaign_api_fields + [APIField("intro")]

    class Meta:
        verbose_name = _("reading room index")

    def rooms(self):
        return visibility.public_pages(ReadingRoomPage).child_of(self)

    @cached_property
    def room_stats(self):
        return self.rooms().aggregate(
            rooms=Count("pk"),
            books=Sum("collection_size", default=0),
            national=Count("pk", filter=Q(level=DemonstrationLevel.NATIONAL)),
            provincial=Count("pk", filter=Q(level=DemonstrationLevel.PROVINCIAL)),
            city=Count("pk", filter=Q(level=DemonstrationLevel.CITY)),
        )

    def participation_figures(self):
        stats = self.room_stats
        return [
            Figure(stats["rooms"], _("rooms"), _("Reading rooms")),
            Figure(stats["books"], _("books"), _("Books on the shelves")),
            Figure(stats["national"] + stats["provincial"] + stats["city"], _("rooms"), _("Demonstration sites")),
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        rooms = self.rooms().select_related("district", "listing_image").order_by("district__sort_order", "title")
        districts = list(District.objects.filter(reading_rooms__in=self.rooms()).distinct())
        district_id = parse_int(request.GET.get("district"))
        level = request.GET.get("level")
        active_district = None
        if district_id is not None:
            active_district = next((d for d in districts if d.pk == district_id), None)
            rooms = rooms.filter(district=active_district) if active_district else rooms.none()
        if level in DemonstrationLevel.values:
            rooms = rooms.filter(level=level)
        rooms = list(rooms)
        view = "map" if request.GET.get("view") == "map" else "list"
        context.update(
            {
                "rooms": rooms,
                "districts": districts,
                "levels": [(value, DemonstrationLevel(value).label) for value in LEVEL_ORDER],
                "active_district": active_district,
                "active_level": level if level in DemonstrationLevel.values else None,
                "view": view,
                "map": room_map(rooms),
                "figures": self.participation_figures(),
            }
        )
        return context


def room_map(rooms, width=640, height=480, margin=36):
    """Place rooms on a plain SVG by longitude/latitude: a map that needs no tile server.

    Returns the markers with x/y in the SVG's coordinate system (equirectangular projection over the rooms'
    bounding box, with the longitude scaled by cos(latitude) so distances look right).
    """
    import math

    placed = [r for r in rooms if r.latitude is not None and r.longitude is not None]
    if not placed:
        return {"width": width, "height": height, "markers": []}
    lats = [float(r.latitude) for r in placed]
    lons = [float(r.longitude) for r in placed]
    mid_lat = math.radians(sum(lats) / len(lats))
    xs = [lon * math.cos(mid_lat) for lon in lons]
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(lats), max(lats)
    span = max(max_x - min_x, max_y - min_y, 1e-6)
    scale = min((width - 2 * margin), (height - 2 * margin)) / span
    offset_x = (width - (max_x - min_x) * scale) / 2
    offset_y = (height - (max_y - min_y) * scale) / 2
    markers = []
    for room, x in zip(placed, xs, strict=True):
        markers.append(
            {
                "room": room,
                "x": round(offset_x + (x - min_x) * scale, 1),
                "y": round(height - (offset_y + (float(room.latitude) - min_y) * scale), 1),
            }
        )
    return {"width": width, "height": height, "markers": markers}


class ReadingRoomPage(CommentsMixin, ListingMixin, Page):
    """A workers' reading room: where it is, when it opens, what it holds and the level it was rated."""

    district = models.ForeignKey(
        District, verbose_name=_("district"), null=True, on_delete=models.PROTECT, related_name="reading_rooms"
    )
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )  # fmt: skip
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )  # fmt: skip
    host_unit = models.CharField(_("host unit"), max_length=100, blank=True)
    opening_hours = models.TextField(_("opening hours"), max_length=300, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=40, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    collection_size = models.PositiveIntegerField(_("books in the collection"), default=0)
    e_reading = models.BooleanField(_("e-reading available"), default=False)
    e_reading_note = models.CharField(_("how to read online"), max_length=200, blank=True)
    level = models.CharField(
        _("demonstration level"), max_length=12, choices=DemonstrationLevel.choices, default=DemonstrationLevel.NONE
    )
    level_year = models.PositiveSmallIntegerField(
        _("year awarded"), null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("description"), blank=True)

    parent_page_types = ["campaigns.ReadingRoomIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("listing_image"),
        MultiFieldPanel(
            [
                FieldPanel("district"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("host_unit"),
                FieldPanel("opening_hours"),
                FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_phone")]),
            ],
            heading=_("Where and when"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("collection_size"),
                FieldRowPanel([FieldPanel("e_reading"), FieldPanel("e_reading_note")]),
                FieldRowPanel([FieldPanel("level"), FieldPanel("level_year")]),
            ],
            heading=_("Collection and rating"),
        ),
        FieldPanel("body"),
    ]
    event_panels = [InlinePanel("events", heading=_("Reading events"), label=_("Event"))]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(event_panels, heading=_("Events")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels + CommentsMixin.comments_panels, heading=_("Settings")),
        ]
    )
    search_fields = (
        Page.search_fields
        + ListingMixin.listing_search_fields
        + [
            index.SearchField("address"),
            index.SearchField("host_unit"),
            index.SearchField("body"),
            index.FilterField("level"),
            index.FilterField("district"),
            index.RelatedFields("district", [index.SearchField("name")]),
            index.RelatedFields("events", [index.SearchField("topic")]),
        ]
    )
    api_fields = [
        APIField("summary"),
        APIField("district_name"),
        APIField("address"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("host_unit"),
        APIField("opening_hours"),
        APIField("contact_name"),
        APIField("contact_phone"),
        APIField("collection_size"),
        APIField("e_reading"),
        APIField("e_reading_note"),
        APIField("level"),
        APIField("level_year"),
        APIField("listing_image"),
        APIField("events"),
    ]

    class Meta:
        verbose_name = _("reading room")
        verbose_name_plural = _("reading rooms")

    @property
    def district_name(self):
        return self.district.name if self.district_id else ""

    @property
    def level_label(self):
        return DemonstrationLevel(self.level).label

    @property
    def is_demonstration_site(self):
        return self.level != DemonstrationLevel.NONE

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        events = list(self.events.all())
        context["upcoming_events"] = [e for e in events if e.starts_at >= now]
        context["past_events"] = [e for e in reversed(events) if e.starts_at < now][:10]
        return context


class ReadingEvent(Orderable):
    """A reading or book-club event (读书交友活动) held at a reading room."""

    room = ParentalKey(ReadingRoomPage, on_delete=models.CASCADE, related_name="events")
    starts_at = models.DateTimeField(_("date and time"))
    topic = models.CharField(_("topic"), max_length=100)
    description = models.TextField(_("description"), max_length=500, blank=True)
    signup_limit = models.PositiveSmallIntegerField(_("sign-up limit"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("signup_limit")]),
        FieldPanel("topic"),
        FieldPanel("description"),
    ]
    api_fields = [APIField("starts_at"), APIField("topic"), APIField("description"), APIField("signup_limit")]

    class Meta(Orderable.Meta):
        ordering = ["starts_at"]
        verbose_name = _("reading event")
        verbose_name_plural = _("reading events")

    def __str__(self):
        return self.topic
