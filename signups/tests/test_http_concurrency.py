"""A rush for places through gunicorn with several processes on PostgreSQL: the database holds the capacity."""

import contextlib
import datetime
import secrets
import string
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier, BrokenBarrierError

from django.utils import timezone

import pytest
import requests

from signups.models import Activity, Signup, SignupStatus
from tests.servers import gunicorn
from voting.tests.test_http_concurrency import session_cookie

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.postgres]

WORKERS = 500
PLACES = 50


class Worker:
    def __init__(self, base, user):
        self.base = base
        self.user = user
        self.csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        self.cookies = {"sessionid": session_cookie(user), "csrftoken": self.csrf}

    def post(self, path):
        response = requests.post(
            self.base + path,
            cookies=self.cookies,
            headers={"X-CSRFToken": self.csrf, "Accept": "application/json", "Referer": self.base + "/"},
            timeout=60,
        )
        body = response.json() if response.headers.get("Content-Type", "").startswith("application/json") else None
        return response.status_code, body


def fire(calls, threads=50):
    barrier = Barrier(min(threads, len(calls)))

    def run(call):
        worker, path = call
        with contextlib.suppress(BrokenBarrierError):  # fewer calls than threads in the last round
            barrier.wait(timeout=30)
        return worker, *worker.post(path)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(run, calls))


def test_500_workers_race_for_50_places_then_10_cancel(make_tour, make_worker):
    tour = make_tour(
        sessions=[
            {
                "starts_at": timezone.now() + datetime.timedelta(days=5),
                "signup_enabled": True,
                "signup_capacity": PLACES,
            }
        ]
    )
    activity = Activity.objects.get(page=tour)
    users = [make_worker() for _ in range(WORKERS)]
    limits = {"SIGNUP_RATE_PER_USER": "1000/m", "TASKS_BACKEND": "dummy"}
    with gunicorn(workers=4, extra_env=limits) as base:
        workers = [Worker(base, user) for user in users]
        results = fire([(w, f"/signups/{activity.pk}/") for w in workers])
        statuses = Counter(status for _w, status, _body in results)
        assert statuses == {200: WORKERS}, statuses
        answered = Counter(body["status"] for _w, _s, body in results)
        assert answered == {"confirmed": PLACES, "waitlisted": WORKERS - PLACES}
        positions = sorted(body["position"] for _w, _s, body in results if body["status"] == "waitlisted")
        assert positions == list(range(1, WORKERS - PLACES + 1))

        activity.refresh_from_db()
        assert activity.confirmed_count == PLACES and activity.waitlist_seq == WORKERS - PLACES
        rows = Signup.objects.filter(activity=activity)
        assert rows.filter(status=SignupStatus.CONFIRMED).count() == PLACES
        queue = list(rows.filter(status=SignupStatus.WAITLISTED).order_by("queue_number"))
        assert [s.queue_number for s in queue] == list(range(1, WORKERS - PLACES + 1))
        assert [s.waitlist_position() for s in queue[:3] + queue[-3:]] == [1, 2, 3, 448, 449, 450]

        # Ten workers with places cancel at once: exactly the first ten of the queue move up, in order.
        by_user = {w.user.pk: w for w in workers}
        leaving = list(rows.filter(status=SignupStatus.CONFIRMED).order_by("?")[:10])
        cancels = fire([(by_user[s.user_id], f"/signups/mine/{s.pk}/cancel/") for s in leaving], threads=10)
        assert Counter(status for _w, status, _b in cancels) == {200: 10}

    first_ten = {s.pk for s in queue[:10]}
    now_confirmed = set(rows.filter(status=SignupStatus.CONFIRMED).values_list("pk", flat=True))
    assert first_ten <= now_confirmed and len(now_confirmed) == PLACES
    assert rows.filter(status=SignupStatus.CANCELLED).count() == 10
    remaining = list(rows.filter(status=SignupStatus.WAITLISTED).order_by("queue_number"))
    assert [s.waitlist_position() for s in remaining[:2]] == [1, 2] and remaining[0].queue_number == 11
    assert len(remaining) == WORKERS - PLACES - 10
    assert Activity.objects.get(pk=activity.pk).confirmed_count == PLACES
