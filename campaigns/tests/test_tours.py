import datetime

from django.utils import timezone

import time_machine
from icalendar import Calendar

from campaigns.fixtures import aware
from campaigns.models import LectureTourPage, SessionLevel, session_totals

NOW = aware(2022, 6, 1, 12)


def sessions_spec():
    return [
        {
            "starts_at": aware(2022, 3, 16, 14),
            "level": "enterprise",
            "planned_attendance": 200,
            "actual_attendance": 186,
        },
        {"starts_at": aware(2022, 4, 2, 9), "level": "workshop", "planned_attendance": 60, "actual_attendance": 64},
        {"starts_at": aware(2022, 5, 20, 8), "level": "team", "planned_attendance": 25, "actual_attendance": None},
        {"starts_at": aware(2022, 6, 1, 12), "level": "team", "planned_attendance": 30},  # starts exactly now
        {
            "starts_at": aware(2022, 6, 15, 14),
            "level": "enterprise",
            "planned_attendance": 300,
            "host_enterprise": "荆江智能家电有限公司",
            "venue": "多功能厅",
        },
    ]


def test_totals_are_computed_from_the_sessions(make_tour):
    tour = make_tour(sessions=sessions_spec())
    totals = session_totals(LectureTourPage.objects.get(pk=tour.pk).sessions_queryset(), now=NOW)
    # Held: the three sessions that started before now; a session with no recorded attendance adds nothing.
    assert totals == {"held": 3, "reached": 250, "upcoming": 2, "planned": 330}


def test_tour_page_lists_upcoming_and_past_sessions_with_totals(client, make_tour):
    tour = make_tour(sessions=sessions_spec())
    with time_machine.travel(NOW, tick=False):
        html = client.get(tour.url).content.decode()
    upcoming, past = html.split("即将举行的场次")[1].split("往期场次")
    assert "荆江智能家电有限公司" in upcoming and "2022-06-01 12:00" in upcoming
    assert "2022-03-16 14:00" in past and "186人参加" in past
    assert "<strong>3</strong>" in html and "<strong>250</strong>" in html, "held sessions and people reached"


def test_a_sessions_district_shows_beside_its_venue_without_a_query_per_session(
    client, make_tour, districts, django_assert_max_num_queries
):
    spec = sessions_spec()
    for session in spec:
        session["district"] = districts[1]
    spec[0]["district"] = None
    tour = make_tour(sessions=spec)
    client.get(tour.url)  # the site's and menu's caches filled
    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(30) as queries:
        html = client.get(tour.url).content.decode()
    assert html.count("· 荆州区") == 4, "the four sessions with a district, not the one without"
    assert not [q for q in queries.captured_queries if 'FROM "campaigns_district"' in q["sql"]], "joined, not looked up"
    api = client.get(f"/api/v2/pages/{tour.pk}/").json()
    assert [s["district_name"] for s in api["sessions"]] == ["", "荆州区", "荆州区", "荆州区", "荆州区"]


def test_calendar_export_has_only_upcoming_sessions(client, make_tour, districts):
    spec = sessions_spec()
    spec[-1]["district"] = districts[1]
    tour = make_tour(sessions=spec)
    with time_machine.travel(NOW, tick=False):
        response = client.get(tour.url + "calendar/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar"
    calendar = Calendar.from_ical(response.content)
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    starts = sorted(e.decoded("dtstart") for e in events)
    assert starts == [aware(2022, 6, 1, 12), aware(2022, 6, 15, 14)]
    assert any("荆江智能家电有限公司" in str(e.get("summary")) for e in events)
    assert sorted(str(e.get("location")) for e in events) == ["会议室", "荆州区 多功能厅"], "the district where known"
    assert all(e.decoded("dtend") - e.decoded("dtstart") == datetime.timedelta(minutes=60) for e in events)


def test_tour_index_filters_by_year_and_level(client, make_tour, tour_index):
    make_tour(
        title="二一年的讲堂",
        start_date=datetime.date(2021, 3, 1),
        end_date=datetime.date(2021, 12, 1),
        sessions=[{"starts_at": aware(2021, 4, 1, 9), "level": "team"}],
    )
    make_tour(
        title="二二年的讲堂",
        start_date=datetime.date(2022, 3, 1),
        sessions=[{"starts_at": aware(2022, 4, 1, 9), "level": "workshop"}],
    )

    def titles(**params):
        return client.get(tour_index.url, params).content.decode()

    assert "二一年的讲堂" in titles(year=2021) and "二二年的讲堂" not in titles(year=2021)
    assert "二二年的讲堂" in titles(level=SessionLevel.WORKSHOP) and "二一年的讲堂" not in titles(level="workshop")
    assert "二一年的讲堂" in titles(level="team")
    both = titles(level="bogus", year="x")  # junk filters are ignored, not errors
    assert "二一年的讲堂" in both and "二二年的讲堂" in both


def test_tour_end_before_start_is_rejected(make_tour):
    from django.core.exceptions import ValidationError

    import pytest

    tour = make_tour()
    tour.end_date = tour.start_date - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        tour.full_clean()
    assert "end_date" in error.value.message_dict


def test_running_campaign_check(make_tour):
    tour = make_tour(start_date=datetime.date(2022, 3, 1), end_date=datetime.date(2022, 3, 31))
    assert tour.is_running(datetime.date(2022, 3, 1)) and tour.is_running(datetime.date(2022, 3, 31))
    assert not tour.is_running(datetime.date(2022, 4, 1))
    assert not tour.is_running(timezone.localdate().replace(year=2020))
