"""Ids in URLs are bounded (core.inputs.DatabaseIdConverter): a number longer than any primary key is "not found",
never a 500 (the fuzzer found POST /voting/entries/99999999999999999999999/vote/ overflowing the vote's raw SQL)."""

from urllib.parse import parse_qs, urlsplit

from django.test import Client

import pytest

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", f"/voting/entries/{HUGE}/vote/"),
        ("get", f"/voting/entries/{HUGE}/qr.svg"),
        ("post", f"/comments/{HUGE}/edit/"),
        ("post", f"/comments/{HUGE}/report/"),
        ("post", f"/campaigns/views/entry/{HUGE}/"),
    ],
)
def test_ids_too_long_for_a_primary_key_are_not_found(worker, method, url):
    client = Client(raise_request_exception=False)
    for user in (None, worker):
        if user:
            client.force_login(user)
        response = getattr(client, method)(url, HTTP_ACCEPT="application/json")
        assert response.status_code == 404, (url, user, response.status_code)


def test_contest_entry_route_too(voting_contest, make_entry):
    entry = make_entry(voting_contest)
    client = Client(raise_request_exception=False)
    assert client.get(f"{voting_contest.url}entries/{entry.pk}/").status_code == 200
    assert client.get(f"{voting_contest.url}entries/{HUGE}/").status_code == 404


@pytest.mark.parametrize("next_url", ["²", "abc", "a\x00b", "voting:vote", "//evil.example/"])
def test_a_next_that_is_not_a_path_on_this_site_goes_back_to_the_entry(voting_contest, make_entry, worker, next_url):
    """Found by the fuzzer: ``next=²`` reached redirect() as a view name (NoReverseMatch, a 500)."""
    entry = make_entry(voting_contest)
    client = Client(raise_request_exception=False)
    client.force_login(worker)
    response = client.post(f"/voting/entries/{entry.pk}/vote/", {"next": next_url})
    # Without JavaScript the answer is the vote page, which links back to the entry.
    assert response.status_code == 302
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == [entry.get_url()]
    again = client.post(f"/voting/entries/{entry.pk}/vote/", {"next": "/news/"})["Location"]
    assert parse_qs(urlsplit(again).query)["next"] == ["/news/"]


@pytest.mark.parametrize("votes", ["99999999999999999999999", "²", "1,,-2", "a\x00b"])
def test_a_malformed_vote_list_is_refused_not_a_500(moderator, voting_contest, votes):
    """The moderators' void form: its vote ids are parsed with core.inputs (a number too big for the column
    overflowed SQLite's driver)."""
    from django.urls import reverse

    client = Client(raise_request_exception=False)
    client.force_login(moderator)
    url = reverse("voting_suspicious") + f"?contest={voting_contest.pk}"
    response = client.post(url, {"votes": votes, "reason": "同一地址短时间内集中投票"})
    assert response.status_code == 302, response.status_code


def test_control_characters_in_the_browser_name_are_dropped(voting_contest, make_entry, worker):
    """The vote row keeps the browser's name (User-Agent) for the audit trail: without its control characters (a
    NUL is refused by PostgreSQL; servers in front usually refuse such headers, the application does not rely on it)."""
    from voting.models import Vote

    entry = make_entry(voting_contest)
    client = Client(raise_request_exception=False)
    client.force_login(worker)
    response = client.post(
        f"/voting/entries/{entry.pk}/vote/", HTTP_ACCEPT="application/json", HTTP_USER_AGENT="Mozilla\x00/5.0\x07"
    )
    assert response.status_code == 200, response.status_code
    assert Vote.objects.get().user_agent == "Mozilla/5.0"
