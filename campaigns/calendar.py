"""iCalendar (.ics) export of a tour's upcoming sessions, for phones' calendar apps."""

from django.http import HttpResponse
from django.utils import timezone

from icalendar import Calendar, Event


def sessions_calendar(tour, sessions, request=None):
    calendar = Calendar()
    calendar.add("prodid", "-//Workers' Home//Lecture tours//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", tour.title)
    calendar.add("x-wr-timezone", timezone.get_current_timezone_name())
    tour_url = tour.get_full_url(request)
    for session in sessions:
        event = Event()
        event.add("uid", f"lecture-session-{session.pk}@workers-home")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("summary", f"{tour.title}（{session.host_enterprise}）")
        event.add("location", session.venue)
        description = [tour.theme or tour.title]
        if session.speaker_id:
            description.append(f"主讲：{session.speaker.name}")
        if tour_url:
            description.append(tour_url)
            event.add("url", tour_url)
        event.add("description", "\n".join(description))
        calendar.add_component(event)
    return calendar


def sessions_calendar_response(tour, sessions, request):
    response = HttpResponse(sessions_calendar(tour, sessions, request).to_ical(), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="tour-{tour.pk}.ics"'
    return response
