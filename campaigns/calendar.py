"""iCalendar (.ics) export: a tour's upcoming sessions, and a worker's own sign-ups (signups.views), for phones'
calendar apps. One builder, ``calendar``, for both."""

from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone

from icalendar import Calendar, Event


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    starts_at: object
    ends_at: object
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""


def calendar(name, events):
    cal = Calendar()
    cal.add("prodid", "-//Workers' Home//Lecture tours//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", timezone.get_current_timezone_name())
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", timezone.now())
        event.add("dtstart", item.starts_at)
        event.add("dtend", item.ends_at)
        event.add("summary", item.summary)
        if item.location:
            event.add("location", item.location)
        if item.url:
            event.add("url", item.url)
        event.add("description", item.description)
        cal.add_component(event)
    return cal


def calendar_response(cal, filename):
    response = HttpResponse(cal.to_ical(), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def sessions_calendar(tour, sessions, request=None):
    tour_url = tour.get_full_url(request)
    events = []
    for session in sessions:
        description = [tour.theme or tour.title]
        if session.speaker_id:
            description.append(f"主讲：{session.speaker.name}")
        if tour_url:
            description.append(tour_url)
        events.append(
            CalendarEvent(
                uid=f"lecture-session-{session.pk}@workers-home",
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                summary=f"{tour.title}（{session.host_enterprise}）",
                location=" ".join(filter(None, [session.district_name, session.venue])),  # 荆州区 培训中心
                description="\n".join(description),
                url=tour_url or "",
            )
        )
    return calendar(tour.title, events)


def sessions_calendar_response(tour, sessions, request):
    return calendar_response(sessions_calendar(tour, sessions, request), f"tour-{tour.pk}.ics")
