"""Campaign pages and records in the site search (see search.registry for the contract)."""

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from core import visibility
from search.registry import (
    image_url,
    owner_fields,
    page_document,
    register,
    register_kind,
    streamfield_text,
    with_listing_images,
)
from search.sync import connect_dependency
from signups.services import signup_tags

from .models import (
    DemonstrationLevel,
    District,
    FestivalKind,
    FestivalPage,
    ReadingRoomIndexPage,
    ReadingRoomPage,
    Speaker,
    VideoContestPage,
    VideoEntry,
)
from .models.tours import LectureTourPage


def join(*parts):
    return " ".join(str(part) for part in parts if part)


# ---- lecture tours and their sessions ---------------------------------------------------------------------


def tour_documents(tour):
    speakers = list(tour.speakers.all())
    sessions = list(tour.sessions.select_related("speaker").all())
    documents = [
        page_document(
            tour,
            body=join(tour.theme, streamfield_text(tour.body), *(join(s.name, s.organisation) for s in speakers)),
            campaign=tour.title,
            tags=sorted({str(session.get_level_display()) for session in sessions}),
            names=[speaker.name for speaker in speakers],
        )
    ]
    for session in sessions:
        when = timezone.localtime(session.starts_at)
        documents.append(
            {
                "id": f"session-{session.pk}",
                **owner_fields(tour),
                "kind": "lecture_session",
                "title": f"{tour.title}：{session.host_enterprise}",
                "summary": join(
                    f"{when:%Y-%m-%d %H:%M}",
                    session.venue,
                    str(session.get_level_display()),
                    f"主讲 {session.speaker.name}" if session.speaker_id else "",
                ),
                "body": join(session.host_enterprise, session.venue, tour.theme),
                "names": [session.speaker.name if session.speaker_id else "", session.host_enterprise, session.venue],
                "tags": [str(session.get_level_display()), *signup_tags(tour, session)],
                "tags_text": [str(session.get_level_display()), *signup_tags(tour, session)],
                "campaign": tour.title,
                "campaign_text": tour.title,
                "date": when.date(),
                "year": when.year,
                "url": tour.url,
                "image_url": image_url(tour.listing_image),
            }
        )
    return documents


register_kind("lecture_session", _("Lecture sessions"))
register(
    LectureTourPage,
    kind="lecture_tour",
    label=_("Lecture tours"),
    documents=tour_documents,
    queryset=lambda: with_listing_images(visibility.public_pages(LectureTourPage)),
)
connect_dependency(Speaker, lambda speaker: list(speaker.tours.live()))


# ---- video contests and their entries ---------------------------------------------------------------------


def contest_documents(contest):
    return [
        page_document(
            contest,
            body=join(streamfield_text(contest.rules), *(c.name for c in contest.categories.all())),
            campaign=contest.title,
            tags=[c.name for c in contest.categories.all()],
        )
    ]


register(
    VideoContestPage,
    kind="video_contest",
    label=_("Video contests"),
    documents=contest_documents,
    # Publishing, unpublishing, moving or restricting a contest changes whether (and where) its entries are shown.
    dependants=lambda contest: list(contest.entries.all()),
)


def entry_documents(entry):
    contest = entry.contest
    category = entry.category.name if entry.category_id else ""
    return [
        {
            "id": f"entry-{entry.pk}",
            **owner_fields(entry),
            "title": entry.title,
            "summary": entry.description[:200],
            "body": join(entry.author_name, entry.work_unit, entry.description, category),
            "tags": [category] if category else [],
            "tags_text": [category] if category else [],
            "names": [entry.author_name, entry.work_unit],
            "campaign": contest.title,
            "campaign_text": contest.title,
            "date": timezone.localtime(entry.submitted_at).date(),
            "year": timezone.localtime(entry.submitted_at).year,
            "url": entry.get_url(),
            "image_url": image_url(entry.poster),
        }
    ]


def public_entries():
    # The contest is prefetched, not joined: one shared instance per contest keeps its URL lookups cached.
    entries = visibility.public_entries().select_related("category").prefetch_related("contest")
    return with_listing_images(entries, field="poster")


register(
    VideoEntry,
    kind="video_entry",
    label=_("Contest entries"),
    documents=entry_documents,
    queryset=public_entries,
    is_public=visibility.entry_is_public,
)


# ---- reading rooms and their events -----------------------------------------------------------------------


def rooms_campaign_documents(index):
    return [page_document(index, body=strip_tags(index.intro), campaign=index.title)]


register(
    ReadingRoomIndexPage, kind="reading_rooms", label=_("Reading-room campaign"), documents=rooms_campaign_documents
)


def room_documents(room):
    level = str(room.get_level_display()) if room.level != DemonstrationLevel.NONE else ""
    district = room.district.name if room.district_id else ""
    campaign = room.get_parent().title
    documents = [
        page_document(
            room,
            body=join(
                room.address,
                room.host_unit,
                room.opening_hours,
                level,
                room.level_year,
                room.e_reading_note,
                streamfield_text(room.body),
            ),
            tags=[level] if level else [],
            names=[room.host_unit],
            district=district,
            campaign=campaign,
            date=timezone.datetime(room.level_year, 1, 1).date() if room.level_year else None,
        )
    ]
    for event in room.events.all():
        when = timezone.localtime(event.starts_at)
        documents.append(
            {
                "id": f"event-{event.pk}",
                **owner_fields(room),
                "kind": "reading_event",
                "title": f"{event.topic}（{room.title}）",
                "summary": join(f"{when:%Y-%m-%d %H:%M}", event.description),
                "body": join(room.address, district),
                "tags": ["读书活动", *signup_tags(room, event)],
                "tags_text": ["读书活动", *signup_tags(room, event)],
                "campaign": campaign,
                "campaign_text": campaign,
                "district": district,
                "date": when.date(),
                "year": when.year,
                "url": room.url,
                "image_url": image_url(room.listing_image),
            }
        )
    return documents


register_kind("reading_event", _("Reading events"))
register(
    ReadingRoomPage,
    kind="reading_room",
    label=_("Reading rooms"),
    documents=room_documents,
    queryset=lambda: with_listing_images(visibility.public_pages(ReadingRoomPage).select_related("district")),
)
connect_dependency(District, lambda district: list(district.reading_rooms.live()))


# ---- festivals --------------------------------------------------------------------------------------------


def festival_documents(festival):
    programme = list(festival.programme.all())
    awards = list(festival.awards.all())
    return [
        page_document(
            festival,
            body=join(
                streamfield_text(festival.body),
                *(join(e.name, e.venue) for e in programme),
                *(join(a.event, a.award, a.winner, a.work_unit) for a in awards),
            ),
            tags=[
                str(FestivalKind(festival.kind).label),
                *sorted({str(e.get_category_display()) for e in programme}),
                *sorted({tag for e in programme for tag in signup_tags(festival, e)}),  # 可报名: a programme item
            ],
            campaign=festival.title,
            year=festival.edition_year,
        )
    ]


register(FestivalPage, kind="festival", label=_("Festivals"), documents=festival_documents)
