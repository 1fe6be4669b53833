"""Request bodies over their route's limit are refused from the Content-Length header, before anything reads them.

Each request here declares a length far beyond what it really sends: had anything tried to read the body (the CSRF
check reads POST data before the view), the test client's payload would have raised instead of answering 413.
"""

import datetime

from django.test import Client
from django.utils import timezone

import pytest

from campaigns.models import VideoEntry
from core.uploads import MB

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_contest(make_contest):
    now = timezone.now()
    day = datetime.timedelta(days=1)
    return make_contest(
        submission_opens_at=now - day,
        submission_closes_at=now + 10 * day,
        voting_opens_at=now + 11 * day,
        voting_closes_at=now + 20 * day,
        results_at=now + 25 * day,
        max_video_mb=1,
    )


def declared(client, url, length, **headers):
    return client.post(
        url, data=b"x", content_type="multipart/form-data; boundary=b", CONTENT_LENGTH=str(length), **headers
    )


def test_anonymous_visitors_cannot_send_large_bodies(home_page):
    response = declared(Client(), "/accounts/login/", 60 * MB)
    assert response.status_code == 413
    assert "60.0" in response.content.decode() and "没有保存任何内容" in response.content.decode()


def test_a_video_over_the_contests_limit_is_refused_before_it_is_received(client, worker, open_contest):
    client.force_login(worker)
    url = open_contest.url + "submit/"
    for prefix in ("", "/en"):
        response = declared(client, prefix + url, 60 * MB, HTTP_ACCEPT="application/json")
        assert response.status_code == 413
        assert response.json()["code"] == "too_large"
    assert not VideoEntry.objects.exists()


def test_limits_follow_the_route_and_the_visitor(rf, worker, open_contest, settings):
    from core.uploads import body_limit

    request = rf.post(open_contest.url + "submit/")
    assert body_limit(request) == 2 * MB + settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE, "1 MB video + margin + poster"
    request = rf.post("/admin/images/multiple/add/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "a-session"
    assert body_limit(request) == settings.MAX_REQUEST_BODY_MB * MB
    request = rf.post("/comments/post/")
    assert body_limit(request) == settings.MAX_ANONYMOUS_BODY_KB * 1024


def test_ordinary_posts_pass(client, worker, open_contest):
    """A body within the limit reaches the view (here: the form answers, it is not a 413)."""
    client.force_login(worker)
    response = client.post(open_contest.url + "submit/", {"title": ""})
    assert response.status_code == 200
