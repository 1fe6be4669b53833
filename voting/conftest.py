import datetime

from django.utils import timezone

import pytest

from accounts import roles
from conftest import make_user


@pytest.fixture(autouse=True)
def _fresh_contest_rules():
    """Tests change contest rules with queryset updates (no signals); never vote with another test's rules."""
    from voting.services import forget_contest_rules

    forget_contest_rules()
    yield
    forget_contest_rules()


@pytest.fixture
def voting_contest(make_contest):
    """A contest whose public voting is open now (it opened a day ago and closes in a week)."""
    now = timezone.now()
    return make_contest(
        submission_opens_at=now - datetime.timedelta(days=30),
        submission_closes_at=now - datetime.timedelta(days=3),
        voting_opens_at=now - datetime.timedelta(days=1),
        voting_closes_at=now + datetime.timedelta(days=7),
        results_at=now + datetime.timedelta(days=10),
    )


@pytest.fixture
def entries(voting_contest, make_entry):
    return [make_entry(voting_contest, title=f"作品{i}") for i in range(3)]


@pytest.fixture
def make_worker(db):
    counter = {"n": 0}

    def build(**fields):
        counter["n"] += 1
        defaults = {"display_name": f"职工{counter['n']}", "membership_number": f"V{counter['n']:05d}"}
        defaults.update(fields)
        return make_user(f"voter{counter['n']}", roles.WORKERS, **defaults)

    return build
