"""Votes under real concurrency: HTTP requests to gunicorn with several worker processes.

These need the production-like services: PostgreSQL for the votes, Redis for limits shared between processes.
"""

import contextlib
import random
import secrets
import string
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier, BrokenBarrierError

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils.module_loading import import_string

import pytest
import requests

from campaigns.models import VideoEntry
from tests.servers import gunicorn
from voting.models import Vote, VoteStatus
from voting.services import count_mismatches

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def session_cookie(user):
    """A signed-in session for ``user``, created the way django.contrib.auth.login would."""
    from django.conf import settings

    store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "accounts.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


class Voter:
    def __init__(self, base, user):
        self.base = base
        self.user = user
        self.csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        self.cookies = {"sessionid": session_cookie(user), "csrftoken": self.csrf}

    def vote(self, entry_id):
        response = requests.post(
            f"{self.base}/voting/entries/{entry_id}/vote/",
            cookies=self.cookies,
            headers={"X-CSRFToken": self.csrf, "Accept": "application/json", "User-Agent": f"load/{self.user.pk}"},
            timeout=30,
        )
        return response.status_code, response.json() if response.headers.get("Content-Type", "").startswith(
            "application/json"
        ) else response.text[:200]


def fire(attempts, workers=50):
    """Run all attempts at once (a barrier releases them together)."""
    barrier = Barrier(min(workers, len(attempts)))

    def run(attempt):
        voter, entry_id = attempt
        with contextlib.suppress(BrokenBarrierError):  # fewer attempts than threads in the last round
            barrier.wait(timeout=30)
        return voter, entry_id, *voter.vote(entry_id)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, attempts))


@pytest.mark.postgres
def test_concurrent_votes_with_duplicates_keep_counts_exact(voting_contest, make_entry, make_worker):
    entries = [make_entry(voting_contest, title=f"热门作品{i}") for i in range(4)]
    workers = [make_worker() for _ in range(50)]
    rng = random.Random(933)
    with gunicorn(workers=4, extra_env={"VOTE_RATE_PER_USER": "1000/m", "VOTE_RATE_PER_IP": "100000/m"}) as base:
        voters = [Voter(base, user) for user in workers]
        distinct = [(voter, entry.pk) for voter in voters for entry in entries]  # 200 first votes
        duplicates = [rng.choice(distinct) for _ in range(100)]  # the same worker, the same entry, again
        attempts = distinct + duplicates
        rng.shuffle(attempts)
        results = fire(attempts)

    statuses = Counter(status for _voter, _entry, status, _body in results)
    assert all(status < 500 for status in statuses), statuses
    assert statuses == {200: 200, 409: 100}, statuses
    assert all(body["code"] == "already_voted" for *_, status, body in results if status == 409)

    votes = Vote.objects.filter(contest=voting_contest)
    assert votes.count() == 200
    pairs = Counter(votes.values_list("entry_id", "voter_id", "day"))
    assert max(pairs.values()) == 1, "no worker got two votes for one entry on one day"
    for entry in entries:
        counted = VideoEntry.objects.get(pk=entry.pk).vote_count
        assert counted == 50 == entry.votes.filter(status=VoteStatus.VALID).count()
    assert count_mismatches() == []


@pytest.mark.postgres
def test_concurrent_votes_for_one_hot_entry(voting_contest, make_entry, make_worker):
    hot = make_entry(voting_contest, title="刷屏的作品")
    workers = [make_worker() for _ in range(50)]
    with gunicorn(workers=4, extra_env={"VOTE_RATE_PER_USER": "1000/m", "VOTE_RATE_PER_IP": "100000/m"}) as base:
        voters = [Voter(base, user) for user in workers]
        results = fire([(voter, hot.pk) for voter in voters for _ in range(4)])  # every worker tries 4 times
    statuses = Counter(status for *_, status, _body in results)
    assert statuses == {200: 50, 409: 150}, statuses
    assert VideoEntry.objects.get(pk=hot.pk).vote_count == 50 == Vote.objects.filter(entry=hot).count()


@pytest.mark.redis
def test_rate_limits_hold_across_server_processes(voting_contest, make_entry, make_worker):
    entries = [make_entry(voting_contest, title=f"作品{i}") for i in range(20)]
    user = make_worker()
    with gunicorn(workers=4, extra_env={"VOTE_RATE_PER_USER": "5/m", "VOTE_RATE_PER_IP": "100000/m"}) as base:
        voter = Voter(base, user)
        results = fire([(voter, entry.pk) for entry in entries], workers=20)
    statuses = Counter(status for *_, status, _body in results)
    assert statuses == {200: 5, 429: 15}, statuses
    assert Vote.objects.filter(voter=user).count() == 5
