import datetime

from django.utils import timezone

import pytest

from accounts import roles
from conftest import make_user


@pytest.fixture
def make_worker(db):
    counter = {"n": 0}

    def build(**fields):
        counter["n"] += 1
        defaults = {"display_name": f"报名职工{counter['n']}", "membership_number": f"S{counter['n']:05d}"}
        defaults.update(fields)
        return make_user(f"signer{counter['n']}", roles.WORKERS, **defaults)

    return build


@pytest.fixture
def make_activity(make_tour):
    """A published tour with one sign-up-enabled session (in three days, unless told); returns its Activity."""
    from signups.models import Activity

    def build(**session):
        values = {
            "starts_at": timezone.now() + datetime.timedelta(days=3),
            "signup_enabled": True,
            "signup_capacity": 2,
            "signup_eligibility": "members",
        }
        values.update(session)
        tour = make_tour(sessions=[values])
        return Activity.objects.get(page=tour)

    return build


@pytest.fixture
def activity(make_activity):
    return make_activity()
