"""Campaign page types. Each kind lives in its own module; this package exposes them to Django."""

from django.utils import timezone

from .base import CampaignMixin, Figure
from .contests import (
    DEFAULT_CRITERIA,
    DEFAULT_CRITERION_KEYS,
    ContestCategory,
    ContestCriterion,
    ContestIndexPage,
    ContestJudge,
    ContestPrize,
    Criterion,
    EntryStatus,
    Phase,
    Processing,
    ResultsMethod,
    ResultsStatus,
    VideoContestPage,
    VideoEntry,
    VideoUpload,
    VoterEligibility,
)
from .festivals import EventCategory, FestivalAward, FestivalEvent, FestivalIndexPage, FestivalKind, FestivalPage
from .reading_rooms import DemonstrationLevel, District, ReadingEvent, ReadingRoomIndexPage, ReadingRoomPage
from .tours import LectureSession, LectureTourPage, SessionLevel, Speaker, TourIndexPage, session_totals

CAMPAIGN_PAGE_TYPES = [LectureTourPage, VideoContestPage, ReadingRoomIndexPage, FestivalPage]

__all__ = [
    "CAMPAIGN_PAGE_TYPES",
    "DEFAULT_CRITERIA",
    "DEFAULT_CRITERION_KEYS",
    "Criterion",
    "ContestCriterion",
    "ContestJudge",
    "ResultsMethod",
    "ResultsStatus",
    "CampaignMixin",
    "ContestCategory",
    "ContestIndexPage",
    "ContestPrize",
    "DemonstrationLevel",
    "District",
    "EntryStatus",
    "Processing",
    "EventCategory",
    "FestivalAward",
    "FestivalEvent",
    "FestivalIndexPage",
    "FestivalKind",
    "FestivalPage",
    "Figure",
    "LectureSession",
    "LectureTourPage",
    "Phase",
    "ReadingEvent",
    "ReadingRoomIndexPage",
    "ReadingRoomPage",
    "SessionLevel",
    "Speaker",
    "TourIndexPage",
    "VideoContestPage",
    "VideoEntry",
    "VideoUpload",
    "VoterEligibility",
    "live_campaigns",
    "session_totals",
]


def live_campaigns(root=None, limit=6, today=None):
    """Campaigns running today (within their period), newest first: one query per campaign type."""
    from django.db.models import Prefetch, Q

    from wagtail.images import get_image_model

    from core import visibility

    today = today or timezone.localdate()
    images = get_image_model().objects.prefetch_renditions()
    running = (Q(start_date__isnull=True) | Q(start_date__lte=today)) & (
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    private = visibility.private_pages_q()  # one look at the view restrictions for all campaign types
    found = []
    for model in CAMPAIGN_PAGE_TYPES:
        queryset = visibility.public_pages(model, private=private).filter(running)
        if root is not None:
            queryset = queryset.descendant_of(root)
        queryset = queryset.prefetch_related(Prefetch("listing_image", queryset=images))
        found.extend(queryset.order_by("-start_date")[:limit])
    found.sort(key=lambda page: (page.start_date or today, page.pk), reverse=True)
    return found[:limit]
