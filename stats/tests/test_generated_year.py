"""The dashboard on a generated year of the issue's size (2,000 sessions, 5,000 entries, 500,000 votes) on PostgreSQL:
the figures equal the records and the number of queries stays within the budget. Its speed is measured by
``bench/stats_bench.py`` (server time per view, cold cache), not here."""

from django.core.management import call_command
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from stats import figures

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
BUDGET = 60  # queries per dashboard view, whatever the amount of data


def test_a_generated_year_of_the_issues_size_is_counted_exactly_within_the_query_budget(client, editor, home_page):
    from campaigns.models import FestivalEvent, LectureSession, VideoEntry
    from voting.models import Vote

    call_command("generate_stats_year", year=2022, stdout=None)
    assert Vote.objects.filter(day__year=2022).count() == 500_000
    assert VideoEntry.objects.aggregate(n=Sum("vote_count"))["n"] == 500_000, "the counters agree with the rows"

    groups = {g.key: g for g in figures.year_in_figures(2022)}
    lectures, contests = dict(groups["lectures"].totals), dict(groups["contests"].totals)
    assert list(lectures.values())[0] == LectureSession.objects.filter(starts_at__year=2022).count() == 2000
    assert list(contests.values())[1] == VideoEntry.objects.count() == 5000
    assert list(contests.values())[3] == 500_000
    votes_per_day = next(t for t in groups["contests"].tables if t.key == "contests_votes_per_day")
    assert sum(row[1] for row in votes_per_day.rows) == 500_000
    by_district = next(t for t in groups["lectures"].tables if t.key == "lectures_by_district")
    assert sum(row[1] for row in by_district.rows) == 2000 and by_district.rows[-1][1] == 200, "a tenth unplaced"
    events = next(t for t in groups["festivals"].tables if t.key == "festivals_events_by_district")
    assert sum(row[1] for row in events.rows) == FestivalEvent.objects.count()

    client.force_login(editor)
    url = reverse("stats_dashboard")
    assert client.get(url, {"year": 2022}).status_code == 200  # the admin's first-use reads out of the way
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"year": 2022})
    html = response.content.decode()
    assert response.status_code == 200 and ("500000" in html or "500,000" in html), "the valid votes shown"
    assert len(queries) <= BUDGET, [q["sql"][:120] for q in queries]
    with CaptureQueriesContext(connection) as queries:
        export = client.get(url, {"year": 2022, "export": "xlsx"})
    assert export.status_code == 200 and len(queries) <= BUDGET
