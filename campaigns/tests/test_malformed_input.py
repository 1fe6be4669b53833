"""Campaign pages read their filters with core.inputs: a malformed filter shows the unfiltered (or empty) list,
never a 500 (``year=²`` passed ``isdigit()`` and failed ``int()``; ``year=0`` and ``year=99999`` made no date)."""

from django.test import Client

import pytest

pytestmark = pytest.mark.django_db

MALFORMED = ["²", "١", "0", "-1", "99999", "99999999999999999999999", "1e3", "\x00", "x" * 5000]


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def test_tour_index_year(client, make_tour):
    tour = make_tour(title="大讲堂进车间")
    index = tour.get_parent()
    for value in MALFORMED:
        response = client.get(index.url, {"year": value, "level": value})
        assert response.status_code == 200, value
    assert "大讲堂进车间" in client.get(index.url, {"year": "2022"}).content.decode()
    assert "大讲堂进车间" not in client.get(index.url, {"year": "2031"}).content.decode()


def test_festival_index_year(client, make_festival):
    festival = make_festival(title="荆江之春职工艺术节")
    for value in MALFORMED:
        response = client.get(festival.get_parent().url, {"year": value})
        assert response.status_code == 200, value
        assert "荆江之春职工艺术节" in response.content.decode(), "an unknown year shows every festival"


def test_reading_room_district(client, make_room):
    room = make_room(title="沙市区职工书屋")
    for value in MALFORMED:
        response = client.get(room.get_parent().url, {"district": value, "level": value, "view": value})
        assert response.status_code == 200, value
    district = client.get(room.get_parent().url, {"district": str(room.district_id)}).content.decode()
    assert "沙市区职工书屋" in district


def test_contest_category_and_page(client, contest, make_entry):
    make_entry(contest, title="绝活一号")
    for value in MALFORMED:
        response = client.get(contest.url, {"category": value, "page": value})
        assert response.status_code == 200, value
    category = contest.categories.first()
    assert "绝活一号" in client.get(contest.url, {"category": str(category.pk)}).content.decode()


def test_entry_submission_drops_control_characters(make_contest, worker):
    import datetime

    from django.utils import timezone

    from campaigns.models import VideoEntry

    from .test_submissions import form_data, submit_url

    now = timezone.now()
    contest = make_contest(
        submission_opens_at=now - datetime.timedelta(days=1),
        submission_closes_at=now + datetime.timedelta(days=10),
        voting_opens_at=now + datetime.timedelta(days=11),
        voting_closes_at=now + datetime.timedelta(days=20),
        results_at=now + datetime.timedelta(days=25),
    )
    client = Client(raise_request_exception=False)
    client.force_login(worker)
    data = form_data(
        contest,
        title="盲拧\x00螺栓\x07",
        description="老师傅\x00闭着眼睛\r\n拧螺栓",
        external_url="https://v.douyin.com/abc123/",
    )
    assert client.post(submit_url(contest), data).status_code == 302
    entry = VideoEntry.objects.get()
    assert (entry.title, entry.description) == ("盲拧螺栓", "老师傅闭着眼睛\n拧螺栓")
    assert "盲拧螺栓" in entry.poster.title
