"""``manage.py generate_stats_year``: the generated records honour the constraints and the figures count them."""

from django.core.management import CommandError, call_command
from django.db.models import Sum

import pytest

from stats import figures

pytestmark = pytest.mark.django_db


def test_a_generated_year_is_counted_exactly(home_page):
    from campaigns.models import LectureSession, VideoEntry
    from voting.models import Vote

    call_command("generate_stats_year", year=2023, sessions=60, entries=50, votes=900, voters=30, stdout=None)
    assert LectureSession.objects.filter(starts_at__year=2023).count() == 60
    assert Vote.objects.count() == 900
    assert VideoEntry.objects.aggregate(n=Sum("vote_count"))["n"] == 900  # counters agree with the rows
    groups = {g.key: dict(g.totals) for g in figures.year_in_figures(2023)}
    assert list(groups["lectures"].values())[0] == 60  # sessions held (all in the past)
    assert list(groups["contests"].values())[1] == 50  # entries submitted
    assert list(groups["contests"].values())[3] == 900  # valid votes
    with pytest.raises(CommandError):
        call_command("generate_stats_year", year=2023, sessions=1, entries=1, votes=1, voters=1)
