"""Demo campaigns: lecture tours, video contests with entries, reading rooms with events, two festivals."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from wagtail.models import Collection, Site

from core.demo import DEMO_COLLECTION, demo_collection, demo_image, ensure_child

from . import demo_content as data
from .models import (
    ContestCategory,
    ContestIndexPage,
    ContestPrize,
    District,
    EntryStatus,
    FestivalAward,
    FestivalEvent,
    FestivalIndexPage,
    FestivalPage,
    LectureSession,
    LectureTourPage,
    ReadingEvent,
    ReadingRoomIndexPage,
    ReadingRoomPage,
    Speaker,
    TourIndexPage,
    VideoContestPage,
    VideoEntry,
)


def local(date, hour=9):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))


def day(offset, hour=9):
    """A time ``offset`` days from today, at ``hour`` o'clock (demo campaigns that run around 'now')."""
    return local(timezone.localdate() + datetime.timedelta(days=offset), hour)


def offset_time(spec, key):
    return day(spec[key], 10) if key in spec else None


def load(log):
    created = 0
    home = Site.objects.get(is_default_site=True).root_page.specific

    for spec in data.SPEAKERS:
        _, was_created = Speaker.objects.get_or_create(name=spec["name"], defaults=spec)
        created += was_created
    speakers = list(Speaker.objects.filter(name__in=[s["name"] for s in data.SPEAKERS]).order_by("pk"))
    by_name = {s.name: s for s in speakers}
    speakers = [by_name[s["name"]] for s in data.SPEAKERS]

    for order, name in enumerate(data.DISTRICTS):
        _, was_created = District.objects.get_or_create(name=name, defaults={"sort_order": order})
        created += was_created
    districts = [District.objects.get(name=name) for name in data.DISTRICTS]

    created += load_tours(home, speakers, districts)
    created += load_contests(home)
    created += load_reading_rooms(home, districts)
    created += load_festivals(home, districts)
    return created


def load_tours(home, speakers, districts):
    spec = data.INDEXES["tours"]
    index, created = ensure_child(
        home, spec["slug"], lambda: TourIndexPage(title=spec["title"], intro=spec["intro"], show_in_menus=True)
    )
    for tour in data.TOURS:

        def build(tour=tour):
            title, motif, palette = tour["image"]
            today = timezone.localdate()
            page = LectureTourPage(
                title=tour["title"],
                theme=tour["theme"],
                summary=tour["summary"],
                start_date=tour.get("start_date") or today + datetime.timedelta(days=tour["start_offset"]),
                end_date=tour.get("end_date") or today + datetime.timedelta(days=tour["end_offset"]),
                organiser="市总工会宣教部",
                listing_image=demo_image(title, motif, palette),
                body=tour["body"],
            )
            page.speakers = [speakers[i] for i in tour["speakers"]]
            for when, hour, venue, host, level, speaker, planned, actual in tour["sessions"]:
                starts_at = local(when, hour) if isinstance(when, datetime.date) else day(when, hour)
                page.sessions.add(
                    LectureSession(
                        starts_at=starts_at,
                        venue=venue,
                        host_enterprise=host,
                        district=districts[data.HOST_DISTRICTS[host]],
                        level=level,
                        speaker=speakers[speaker],
                        planned_attendance=planned,
                        actual_attendance=actual,
                        # Coming sessions take sign-ups online (signups/): as many places as planned
                        signup_enabled=starts_at > timezone.now(),
                        signup_capacity=planned or 50,
                        signup_questions="工作单位" if starts_at > timezone.now() else "",
                    )
                )
            return page

        _, was_created = ensure_child(index, tour["slug"], build)
        created += was_created
    return created


def load_contests(home):
    spec = data.INDEXES["contests"]
    index, created = ensure_child(home, spec["slug"], lambda: ContestIndexPage(title=spec["title"], show_in_menus=True))
    for contest in data.CONTESTS:

        def build(contest=contest):
            title, motif, palette = contest["image"]
            if "phases" in contest:
                times = [timezone.make_aware(t) for t in contest["phases"]]
                start, end = contest["start_date"], contest["end_date"]
            else:
                times = [day(offset, 10) for offset in contest["phase_offsets"]]
                today = timezone.localdate()
                start = today + datetime.timedelta(days=contest["start_offset"])
                end = today + datetime.timedelta(days=contest["end_offset"])
            page = VideoContestPage(
                title=contest["title"],
                summary=contest["summary"],
                start_date=start,
                end_date=end,
                organiser="市总工会宣教部",
                listing_image=demo_image(title, motif, palette),
                rules=contest["rules"],
                submission_opens_at=times[0],
                submission_closes_at=times[1],
                voting_opens_at=times[2],
                voting_closes_at=times[3],
                results_at=times[4],
                page_views=contest["page_views"],
                judging_closes_at=day(contest["judging_closes_offset"], 10)
                if "judging_closes_offset" in contest
                else None,
                notice_ends_at=day(contest["notice_ends_offset"], 10) if "notice_ends_offset" in contest else None,
                results_method=contest.get("results_method", "separate"),
                judges_weight=contest.get("judges_weight", 60),
            )
            for order, (name, description) in enumerate(data.CONTEST_CATEGORIES):
                page.categories.add(ContestCategory(name=name, description=description, sort_order=order))
            for order, (name, rank, quantity, reward) in enumerate(data.CONTEST_PRIZES):
                page.prizes.add(ContestPrize(name=name, rank=rank, quantity=quantity, reward=reward, sort_order=order))
            return page

        page, was_created = ensure_child(index, contest["slug"], build)
        created += was_created
        if was_created:
            created += load_entries(page, contest)
    return created


def load_entries(contest_page, spec):
    categories = list(contest_page.categories.order_by("sort_order"))
    prizes = list(contest_page.prizes.order_by("sort_order"))
    moderator = get_user_model().objects.filter(username="moderator").first()
    worker = get_user_model().objects.filter(username="worker").first()
    submitted = contest_page.submission_opens_at
    created = 0

    def add(number, title, category, author_name, work_unit, status, **extra):
        nonlocal created
        palette = ["purple", "blue", "teal", "orange", "green", "red"][number % 6]
        VideoEntry.objects.create(
            contest=contest_page,
            category=categories[category],
            title=title,
            description=f"《{title}》：{author_name}（{work_unit or '个人'}）的参赛作品。",
            author=worker if author_name == "李师傅" else None,
            author_name=author_name,
            work_unit=work_unit,
            poster=demo_image(f"作品海报：{title}", "play", palette),
            external_url=f"https://www.douyin.com/video/{7100000000000000000 + contest_page.pk * 1000 + number}",
            status=status,
            moderated_by=moderator if status != EntryStatus.PENDING else None,
            moderated_at=submitted + datetime.timedelta(days=3) if status != EntryStatus.PENDING else None,
            submitted_at=submitted + datetime.timedelta(days=1 + number % 20, hours=number),
            **extra,
        )
        created += 1

    for number, entry in enumerate(spec["entries"]):
        if len(entry) == 6:  # a past contest: award and view figures
            title, category, author, unit, award, views = entry
            add(
                number,
                title,
                category,
                author,
                unit,
                EntryStatus.APPROVED,
                award=prizes[award] if award is not None else None,
                view_count=views,
            )
        else:
            title, category, author, unit = entry
            add(number, title, category, author, unit, EntryStatus.APPROVED)
    offset = len(spec["entries"])
    for number, (title, category, author, unit) in enumerate(spec.get("pending", []), start=offset):
        add(number, title, category, author, unit, EntryStatus.PENDING)
    offset += len(spec.get("pending", []))
    for number, (title, category, author, unit, reason) in enumerate(spec.get("rejected", []), start=offset):
        add(number, title, category, author, unit, EntryStatus.REJECTED, rejection_reason=reason)
    return created


def load_reading_rooms(home, districts):
    spec = data.INDEXES["rooms"]
    index, created = ensure_child(
        home,
        spec["slug"],
        lambda: ReadingRoomIndexPage(
            title=spec["title"],
            intro=spec["intro"],
            summary=spec["summary"],
            start_date=spec["start_date"],
            organiser=spec["organiser"],
            show_in_menus=True,
            listing_image=demo_image("职工书屋", "books", "red"),
        ),
    )
    for number, room in enumerate(data.READING_ROOMS):
        name, district, level, year, lat, lon, books, e_reading, host, address = room

        def build(
            number=number,
            name=name,
            district=district,
            level=level,
            year=year,
            lat=lat,
            lon=lon,
            books=books,
            e_reading=e_reading,
            host=host,
            address=address,
        ):
            page = ReadingRoomPage(
                title=name,
                summary=f"{host}的职工书屋，藏书{books}册。",
                district=districts[district],
                address=address,
                latitude=Decimal(str(lat)),
                longitude=Decimal(str(lon)),
                host_unit=host,
                opening_hours="周一至周五 12:00–13:30，17:30–20:00\n周六 9:00–17:00",
                contact_name="书屋管理员",
                contact_phone=f"0716-8{number:03d}{number:03d}",
                collection_size=books,
                e_reading=e_reading,
                e_reading_note="扫描书屋二维码即可在手机上借阅电子书。" if e_reading else "",
                level=level,
                level_year=year,
                listing_image=demo_image(f"书屋：{name}", "books", ["red", "blue", "green", "teal"][number % 4]),
            )
            for k, (topic, limit) in enumerate(data.READING_EVENTS[: 2 + number % 3]):
                page.events.add(
                    ReadingEvent(
                        starts_at=day(-30 + 14 * k + number, 19),
                        topic=topic,
                        signup_capacity=limit,
                        signup_enabled=bool(limit) and day(-30 + 14 * k + number, 19) > timezone.now(),
                        signup_eligibility="anyone",
                        description="欢迎职工报名参加，名额有限。",
                    )
                )
            return page

        _, was_created = ensure_child(index, f"room-{number + 1}", build)
        created += was_created
    return created


def festival_gallery(festival_title, pictures):
    """A child collection of the demo collection holding the festival's pictures."""
    parent = demo_collection()
    collection = parent.get_children().filter(name=festival_title).first()
    if collection is None:
        collection = parent.add_child(name=festival_title)
    for title, motif, palette in pictures:
        image = demo_image(f"{festival_title}：{title}", motif, palette)
        if image.collection_id != collection.pk:
            image.collection = collection
            image.save(update_fields=["collection"])
    return Collection.objects.get(pk=collection.pk)


def load_festivals(home, districts):
    spec = data.INDEXES["festivals"]
    index, created = ensure_child(
        home, spec["slug"], lambda: FestivalIndexPage(title=spec["title"], intro=spec["intro"], show_in_menus=True)
    )
    for festival in data.FESTIVALS:

        def build(festival=festival):
            title, motif, palette = festival["image"]
            page = FestivalPage(
                title=festival["title"],
                kind=festival["kind"],
                edition_year=festival["year"],
                summary=festival["summary"],
                start_date=festival["start_date"],
                end_date=festival["end_date"],
                organiser="市总工会、市工人文化宫",
                listing_image=demo_image(title, motif, palette),
                gallery_collection=festival_gallery(festival["title"], festival["gallery"]),
            )
            for order, (name, category, date, venue, participants) in enumerate(festival["programme"]):
                page.programme.add(
                    FestivalEvent(
                        name=name,
                        category=category,
                        date=date,
                        venue=venue,
                        district=next(
                            (districts[i] for prefix, i in data.VENUE_DISTRICTS.items() if venue.startswith(prefix)),
                            None,
                        ),
                        participants=participants,
                        sort_order=order,
                    )
                )
            for order, (event, award, winner, unit) in enumerate(festival["awards"]):
                page.awards.add(
                    FestivalAward(event=event, award=award, winner=winner, work_unit=unit, sort_order=order)
                )
            return page

        _, was_created = ensure_child(index, festival["slug"], build)
        created += was_created
    return created


__all__ = ["DEMO_COLLECTION", "load"]
