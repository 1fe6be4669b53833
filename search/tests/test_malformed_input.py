"""Malformed search parameters are read as "not given", never a 500 (issue 22: ``page=²`` passed ``isdigit()``
and failed ``int()``; a NUL in the query reached PostgreSQL in reduced mode)."""

from django.test import Client
from django.urls import reverse

import pytest

from search.query import SearchParams

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def test_numbers_in_other_scripts_or_out_of_range_are_ignored(client, make_feature):
    make_feature(title="职工书屋")
    for value in ("²", "١٢", "１", "-3", "1e3", "99999999999999999999999", "0", " "):
        for param in ("page", "year"):
            for url in (reverse("search:search"), reverse("search_api")):
                response = client.get(url, {"q": "书屋", param: value})
                assert response.status_code == 200, (url, param, value)
            params = SearchParams.from_query_dict({param: value})
            assert params.page == 1 and params.year is None, (param, value)
    params = SearchParams.from_query_dict({"page": " 7 ", "year": "2022"})
    assert params.page == 7 and params.year == 2022


def test_nul_and_control_characters_in_the_query_are_dropped_in_reduced_mode(client, make_feature):
    make_feature(title="职工书屋")
    for url in (reverse("search:search"), reverse("search_api"), reverse("search:suggest")):
        for q in ("书\x00屋", "\x00", "书屋\x07\x1b"):
            response = client.get(url, {"q": q, "category": q, "tag": q, "district": q})
            assert response.status_code == 200, (url, q)
    api = client.get(reverse("search_api"), {"q": "书\x00屋"}).json()
    assert api["query"] == "书屋" and [hit["title"] for hit in api["results"]] == ["职工书屋"]
