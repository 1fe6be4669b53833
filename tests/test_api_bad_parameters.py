"""The Wagtail API v2 answers bad parameters with 400 and a JSON message, never a 500 (issue 22:
``search_operator=xor`` and a NUL in ``html_path``, ``search`` or ``locale`` were 500s)."""

from django.test import Client

import pytest

pytestmark = pytest.mark.django_db

BAD = [
    ("pages/", {"search": "书屋", "search_operator": "xor"}),
    ("pages/", {"search": "\x00"}),
    ("pages/", {"search": "书\x07屋"}),
    ("pages/", {"locale": "\x00"}),
    ("pages/", {"title": "\x00", "type": "home.FeaturePage"}),
    ("pages/find/", {"html_path": "\x00"}),
    ("pages/find/", {"html_path": "/news/\x00/"}),
    ("pages/find/", {"id": "²"}),
    ("pages/find/", {"id": "abc"}),
    ("images/", {"search": "x", "search_operator": "not"}),
    ("images/", {"search": "\x00"}),
    ("images/find/", {"id": "²"}),
    ("documents/", {"search": "\x00"}),
    ("documents/find/", {"id": "-1"}),
    # found by the fuzzer: PostgreSQL's OFFSET is a bigint ("bigint out of range")
    ("pages/", {"offset": "99999999999999999999999"}),
    ("images/", {"offset": "99999999999999999999999"}),
    ("documents/", {"limit": "99999999999999999999999"}),
]


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def test_bad_parameters_are_a_400_with_a_message(client, make_feature):
    make_feature(title="职工书屋")
    for endpoint, params in BAD:
        response = client.get(f"/api/v2/{endpoint}", params)
        assert response.status_code == 400, (endpoint, params, response.content)
        assert response.json()["message"]


def test_good_parameters_still_work(client, make_feature):
    feature = make_feature(title="职工书屋")
    assert client.get("/api/v2/pages/", {"search": "书屋", "search_operator": "and"}).status_code == 200
    found = client.get("/api/v2/pages/find/", {"html_path": feature.url})
    assert found.status_code == 302 and f"/api/v2/pages/{feature.pk}/" in found["Location"]
    assert client.get("/api/v2/pages/find/", {"id": str(feature.pk)}).status_code == 302
