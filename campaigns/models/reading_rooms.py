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
from django.utils.translation import npgettext

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
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
from core.slugs import PageForm
from signups.models import SignupSettings

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

    base_form_class = PageForm  # pinyin slugs (core/slugs.py)

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
        sites = stats["national"] + stats["provincial"] + stats["city"]
        return [
            Figure(stats["rooms"], npgettext("unit", "room", "rooms", stats["rooms"]), _("Reading rooms")),
            Figure(stats["books"], npgettext("unit", "book", "books", stats["books"]), _("Books on the shelves")),
            Figure(sites, npgettext("unit", "room", "rooms", sites), _("Demonstration sites")),
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
                "map": room_map(rooms) if view == "map" else None,
                "figures": self.participation_figures(),
            }
        )
        return context


# The map is laid out for a phone: the area is MAP_WIDTH units wide and shown about that many pixels wide on a
# phone (at most 30rem elsewhere). Markers are numbered circles of 28 px (a finger's touch target) with a 15 px
# number (site.css), so they are placed at least 2 * MARKER_RADIUS + MARKER_GAP units apart.
MAP_WIDTH, MAP_HEIGHT, MAP_MARGIN = 360, 300, 6
MARKER_RADIUS = 14
MARKER_GAP = 8  # leaves room for placing the markers in whole percent of the area


def room_map(rooms, width=MAP_WIDTH, height=MAP_HEIGHT, margin=MAP_MARGIN, radius=MARKER_RADIUS):
    """Place rooms on a plain SVG by longitude/latitude: a map that needs no tile server.

    Returns the markers with x/y in the SVG's coordinate system (equirectangular projection over the rooms'
    bounding box, with the longitude scaled by cos(latitude) so distances look right). Rooms close together
    would hide each other's markers, so overlapping markers are pushed apart until none overlap; a marker that
    moved keeps its true position (``true_x``/``true_y``) for a leader line.
    """
    import math

    placed = [r for r in rooms if r.latitude is not None and r.longitude is not None]
    drawing = {"width": width, "height": height, "markers": []}
    if not placed:
        return drawing
    lats = [float(r.latitude) for r in placed]
    lons = [float(r.longitude) for r in placed]
    mid_lat = math.radians(sum(lats) / len(lats))
    xs = [lon * math.cos(mid_lat) for lon in lons]
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(lats), max(lats)
    span_x, span_y = max(max_x - min_x, 1e-9), max(max_y - min_y, 1e-9)
    inner = margin + radius
    scale = min((width - 2 * inner) / span_x, (height - 2 * inner) / span_y)
    offset_x = (width - (max_x - min_x) * scale) / 2
    offset_y = (height - (max_y - min_y) * scale) / 2
    points = [
        [offset_x + (x - min_x) * scale, height - (offset_y + (lat - min_y) * scale)]
        for x, lat in zip(xs, lats, strict=True)
    ]
    bounds = (inner, width - inner), (inner, height - inner)
    spread = spread_apart([list(point) for point in points], 2 * radius + MARKER_GAP, *bounds)
    for room, (true_x, true_y), (x, y) in zip(placed, points, spread, strict=True):
        moved = math.hypot(x - true_x, y - true_y) > 1
        drawing["markers"].append(
            {
                "room": room,
                "x": round(x, 1),
                "y": round(y, 1),
                "left_percent": round(100 * x / width),
                "top_percent": round(100 * y / height),
                "true_x": round(true_x, 1),
                "true_y": round(true_y, 1),
                "moved": moved,
            }
        )
    return drawing


def spread_apart(points, distance, x_range, y_range, rounds=200):
    """Move points (in place) until every two are at least ``distance`` apart, each staying within the ranges.

    Each round pushes every overlapping pair apart along the line between them, by half the overlap each (points
    on the same spot part in a fixed direction, so the result is the same every time).
    """
    import math

    def clamp(value, bounds):
        return min(max(value, bounds[0]), bounds[1])

    for _round in range(rounds):
        moved = False
        for i in range(len(points)):
            for j in range(i + 1, len(points)):
                dx, dy = points[j][0] - points[i][0], points[j][1] - points[i][1]
                gap = math.hypot(dx, dy)
                if gap >= distance - 1e-6:
                    continue
                if gap < 1e-6:
                    angle = 2.399963 * (i + j)  # the golden angle: pairs on one spot part in different directions
                    dx, dy, gap = math.cos(angle), math.sin(angle), 1.0
                push = (distance - gap) / 2 + 0.01
                ux, uy = dx / gap * push, dy / gap * push
                points[i][:] = clamp(points[i][0] - ux, x_range), clamp(points[i][1] - uy, y_range)
                points[j][:] = clamp(points[j][0] + ux, x_range), clamp(points[j][1] + uy, y_range)
                moved = True
        if not moved:
            break
    return points


class ReadingRoomPage(CommentsMixin, ListingMixin, Page):
    """A workers' reading room: where it is, when it opens, what it holds and the level it was rated."""

    base_form_class = PageForm  # pinyin slugs (core/slugs.py)

    district = models.ForeignKey(
        District, verbose_name=_("district"), null=True, on_delete=models.PROTECT, related_name="reading_rooms"
    )
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )
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
    edit_handler = CommentsMixin.edit_tabs(content_panels, (event_panels, _("Events")))
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
    def is_demonstration_site(self):
        return self.level != DemonstrationLevel.NONE

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        events = list(self.events.all())
        context["upcoming_events"] = [e for e in events if e.starts_at >= now]
        context["past_events"] = [e for e in reversed(events) if e.starts_at < now][:10]
        return context


class ReadingEvent(SignupSettings, Orderable):
    """A reading or book-club event (读书交友活动) held at a reading room."""

    room = ParentalKey(ReadingRoomPage, on_delete=models.CASCADE, related_name="events")
    starts_at = models.DateTimeField(_("date and time"))
    topic = models.CharField(_("topic"), max_length=100)
    description = models.TextField(_("description"), max_length=500, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=90)

    panels = [
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("duration_minutes")]),
        FieldPanel("topic"),
        FieldPanel("description"),
        *SignupSettings.signup_panels,
    ]
    api_fields = [APIField("starts_at"), APIField("topic"), APIField("description"), APIField("signup_capacity")]

    class Meta(Orderable.Meta):
        ordering = ["starts_at"]
        verbose_name = _("reading event")
        verbose_name_plural = _("reading events")

    def __str__(self):
        return self.topic

    def signup_page(self):
        return self.room

    def signup_title(self):
        return f"{self.topic}（{self.room.title}）"

    def signup_starts_at(self):
        return self.starts_at

    def signup_ends_at(self):
        return self.starts_at + timezone.timedelta(minutes=self.duration_minutes)

    def signup_venue(self):
        return self.room.address
