"""Ballot mode: exactly N different entries in one ballot, once a day, all or nothing — held by the database,
also under real concurrent requests to gunicorn on PostgreSQL."""

import datetime
import random
from collections import Counter

from django.urls import reverse

import pytest
import requests
import time_machine

from campaigns.models import VideoEntry
from tests.servers import gunicorn
from voting.models import Ballot, Vote
from voting.services import VoteRejected, cast_ballot, cast_vote, count_mismatches, forget_contest_rules

from .test_http_concurrency import Voter, fire


@pytest.fixture
def ballot_contest(voting_contest):
    voting_contest.ballot_size = 5
    voting_contest.save_revision().publish()
    voting_contest.refresh_from_db()
    forget_contest_rules()
    return voting_contest


@pytest.fixture
def seven(ballot_contest, make_entry):
    return [make_entry(ballot_contest, title=f"选票作品{i}") for i in range(7)]


def ids(entries):
    return [e.pk for e in entries]


def counts(entries):
    return [VideoEntry.objects.get(pk=e.pk).vote_count for e in entries]


def test_a_ballot_backs_exactly_five_different_entries_once_a_day(ballot_contest, seven, make_worker):
    worker = make_worker()
    cast_ballot(ballot_contest.pk, ids(seven[:5]), worker, "10.0.0.1")
    assert counts(seven) == [1, 1, 1, 1, 1, 0, 0]
    ballot = Ballot.objects.get()
    assert ballot.size == 5 and ballot.votes.count() == 5
    with pytest.raises(VoteRejected) as second:
        cast_ballot(ballot_contest.pk, ids(seven[2:]), worker, "10.0.0.1")
    assert second.value.code == "already_voted"
    assert counts(seven) == [1, 1, 1, 1, 1, 0, 0] and Vote.objects.count() == 5
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)):
        cast_ballot(ballot_contest.pk, ids(seven[2:]), worker, "10.0.0.1")
    assert counts(seven) == [1, 1, 2, 2, 2, 1, 1] and count_mismatches() == []


@pytest.mark.parametrize(
    "pick",
    [
        lambda entries, others: entries[:4],  # too few
        lambda entries, others: entries[:6],  # too many
        lambda entries, others: [*entries[:4], entries[0]],  # five, but one twice
        lambda entries, others: [*entries[:4], others["pending"]],  # an entry not approved
        lambda entries, others: [*entries[:4], others["elsewhere"]],  # an entry of another contest
        lambda entries, others: [*entries[:4], others["missing"]],  # no such entry
    ],
    ids=["four", "six", "duplicate", "pending", "other-contest", "missing"],
)
def test_a_wrong_ballot_leaves_nothing_behind(ballot_contest, seven, make_worker, make_entry, make_contest, pick):
    others = {
        "pending": make_entry(ballot_contest, status="pending"),
        "elsewhere": make_entry(make_contest()),
        "missing": type("Gone", (), {"pk": 999_999})(),
    }
    worker = make_worker()
    with pytest.raises(VoteRejected):
        cast_ballot(ballot_contest.pk, ids(pick(seven, others)), worker, "10.0.0.1")
    assert not Ballot.objects.exists() and not Vote.objects.exists()
    assert sum(counts(seven)) == 0


def test_single_votes_are_refused_in_ballot_mode_and_ballots_elsewhere(ballot_contest, seven, make_worker, entries):
    worker = make_worker()
    with pytest.raises(VoteRejected) as single:
        cast_vote(seven[0].pk, worker, "10.0.0.1")
    assert single.value.code == "ballot_only"
    with pytest.raises(VoteRejected) as ballot:
        cast_ballot(entries[0].contest_id + 10_000, ids(seven[:5]), worker, "10.0.0.1")
    assert ballot.value.code == "no_contest"
    assert not Vote.objects.exists()


def test_the_ballot_page_without_javascript(client, ballot_contest, seven, make_worker):
    url = reverse("voting:ballot", args=[ballot_contest.pk])
    assert client.get(url).status_code == 302  # sign in first
    worker = make_worker()
    client.force_login(worker)
    page = client.get(url, {"entry": seven[0].pk})
    html = page.content.decode()
    assert page.status_code == 200 and "no-cache" in page["Cache-Control"]
    assert html.count('name="entry"') == 7 and f'value="{seven[0].pk}" checked' in html
    response = client.post(url, {"entry": ids(seven[:3])}, follow=True)
    assert "恰好选中 5 部不同的作品" in response.content.decode() and not Vote.objects.exists()
    response = client.post(url, {"entry": ids(seven[:5])}, follow=True)
    assert "您的选票已计入" in response.content.decode()
    assert "您今天的选票已计入" in client.get(url).content.decode()
    response = client.post(url, {"entry": ids(seven[2:])}, HTTP_ACCEPT="application/json")
    assert response.status_code == 409 and response.json()["code"] == "already_voted"
    assert Vote.objects.count() == 5


def test_the_contest_page_links_to_the_ballot_and_says_nothing_personal(client, ballot_contest, seven, make_worker):
    client.force_login(make_worker())
    html = client.get(ballot_contest.url).content.decode()
    assert reverse("voting:ballot", args=[ballot_contest.pk]) in html
    me = client.get(reverse("accounts:me"), {"contest": ballot_contest.pk, "entries": seven[0].pk}).json()
    assert not me.get("votes"), "ballot mode: no per-entry vote buttons for personal.js to build"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_ballots_are_whole_and_one_a_day(ballot_contest, seven, make_worker, make_entry):
    """50 workers each send three different ballots at once (one more with a pending entry): each worker ends with
    exactly one ballot of exactly five votes, the wrong ballots leave nothing, and every counter is exact."""
    pending = make_entry(ballot_contest, status="pending")
    workers = [make_worker() for _ in range(50)]
    rng = random.Random(2024)
    with gunicorn(workers=4, extra_env={"VOTE_RATE_PER_USER": "1000/m", "VOTE_RATE_PER_IP": "100000/m"}) as base:
        voters = [BallotVoter(base, user, ballot_contest.pk) for user in workers]
        attempts = []
        for voter in voters:
            for _ in range(3):
                attempts.append((voter, tuple(rng.sample(ids(seven), 5))))
            attempts.append((voter, (*rng.sample(ids(seven), 4), pending.pk)))
        rng.shuffle(attempts)
        results = fire(attempts)
    statuses = Counter(status for *_, status, _body in results)
    assert all(status < 500 for status in statuses), statuses
    assert statuses[200] == 50, statuses
    assert Ballot.objects.count() == 50
    assert Counter(Ballot.objects.values_list("voter_id", flat=True)) == Counter({w.pk: 1 for w in workers})
    sizes = Counter(Vote.objects.values_list("ballot_id", flat=True))
    assert set(sizes.values()) == {5} and None not in sizes, "no partial ballots, no votes outside a ballot"
    assert not Vote.objects.filter(entry=pending).exists()
    assert Vote.objects.count() == 250 and count_mismatches() == []
    per_voter_entry = Counter(Vote.objects.values_list("voter_id", "entry_id"))
    assert max(per_voter_entry.values()) == 1


class BallotVoter(Voter):
    def __init__(self, base, user, contest_id):
        super().__init__(base, user)
        self.url = f"{base}/voting/contests/{contest_id}/ballot/"

    def vote(self, entry_ids):
        response = requests.post(
            self.url,
            data={"entry": list(entry_ids)},
            cookies=self.cookies,
            headers={"X-CSRFToken": self.csrf, "Accept": "application/json", "User-Agent": f"load/{self.user.pk}"},
            timeout=30,
        )
        return response.status_code, response.json()
