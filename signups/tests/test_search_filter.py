"""可报名 in the site search: coming sessions with places left carry the tag, and lose it when the last place goes."""

import pytest

from search.conftest import engine, search_titles, sync  # noqa: F401 (fixtures of the search tests)
from signups import services

pytestmark = pytest.mark.django_db


def test_open_places_are_a_search_filter(engine, sync, make_activity, make_tour, make_worker):  # noqa: F811
    import datetime

    from django.utils import timezone

    activity = make_activity(signup_capacity=1, host_enterprise="荆江机床厂")
    make_tour(sessions=[{"starts_at": timezone.now() + datetime.timedelta(days=3), "host_enterprise": "长江纺织厂"}])
    sync()
    titles = search_titles("", tag=services.OPEN_TAG)
    assert any("荆江机床厂" in title for title in titles)
    assert not any("长江纺织厂" in title for title in titles)  # no online sign-up
    services.sign_up(activity.pk, make_worker())  # the last place: the page's documents are queued again
    sync()
    assert not any("荆江机床厂" in title for title in search_titles("", tag=services.OPEN_TAG))
