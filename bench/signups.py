"""Sign-up throughput over HTTP: gunicorn with the production settings on PostgreSQL and Redis, load from wrk.

    .venv/bin/python bench/signups.py [--seconds 10] [--workers 2] [--connections 16] [--users 6000]

Two scenarios, each request a distinct (worker, event) pair so every one could be accepted:
- hot: every worker signs up for one event with 500 places (its Activity row is the lock everyone queues on;
  most answers are "on the waiting list at place N");
- spread: the same workers sign up for 100 events of 50 places each.
Prints accepted sign-ups/s, p50/p99 latency, and the integrity check afterwards: for every event the confirmed
count equals its confirmed rows and never exceeds its places, queue numbers run 1..n without gaps, no worker holds
two active sign-ups for one event, and the rows stored match the 200 answers. Needs `wrk` and this machine's
PostgreSQL/Redis; it creates and drops its own database (BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_PORT).
"""

import argparse
import datetime
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    Gunicorn,
    collect_static,
    cpu_check,
    flush_redis,
    recreate_database,
    require_wrk,
    run_posts,
    run_wrk,
    setup_django,
    worker_sessions,
)

RATES = {"SIGNUP_RATE_PER_USER": "100000/m", "TASKS_BACKEND": "dummy"}


def prepare(users, events):
    from django.utils import timezone

    from wagtail.models import Site

    from campaigns.models import LectureSession, LectureTourPage, TourIndexPage
    from signups.models import Activity

    home = Site.objects.get(is_default_site=True).root_page
    index = TourIndexPage(title="宣讲活动", slug="lectures")
    home.add_child(instance=index)
    starts = timezone.now() + datetime.timedelta(days=7)
    tours = {}
    for name, count, places in (("hot", 1, 500), ("spread", events, 50)):
        tour = LectureTourPage(title=f"压测宣讲 {name}", slug=name)
        for i in range(count):
            tour.sessions.add(
                LectureSession(
                    starts_at=starts + datetime.timedelta(hours=i),
                    venue="会议室",
                    host_enterprise=f"企业{i}",
                    signup_enabled=True,
                    signup_capacity=places,
                )
            )
        index.add_child(instance=tour)
        tour.save_revision().publish()
        tours[name] = list(Activity.objects.filter(page=tour).values_list("pk", flat=True))
    return tours, worker_sessions(users, prefix="signup")


def request_file(lines):
    handle = tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False)  # noqa: SIM115
    handle.write("\n".join(lines) + "\n")
    handle.close()
    return handle.name


def integrity(activity_ids, accepted, in_flight):
    from collections import Counter

    from signups.models import Activity, Signup

    problems = []
    stored = 0
    for activity in Activity.objects.filter(pk__in=activity_ids):
        rows = Signup.objects.filter(activity=activity)
        stored += rows.count()
        confirmed = rows.filter(status="confirmed").count()
        if confirmed != activity.confirmed_count or confirmed > activity.capacity:
            problems.append(f"event {activity.pk}: {confirmed} confirmed rows, counter {activity.confirmed_count}")
        queue = sorted(rows.filter(status="waitlisted").values_list("queue_number", flat=True))
        if queue != list(range(1, len(queue) + 1)):
            problems.append(f"event {activity.pk}: queue numbers with gaps")
        if queue and confirmed < activity.capacity:
            problems.append(f"event {activity.pk}: a waiting list with places free")
        if any(n > 1 for n in Counter(rows.exclude(status="cancelled").values_list("user_id")).values()):
            problems.append(f"event {activity.pk}: a worker signed up twice")
    # wrk stops reading when its time is up; requests already sent still complete on the server.
    if not accepted <= stored <= accepted + in_flight:
        problems.append(f"{stored} sign-ups stored but {accepted} accepted")
    return "; ".join(problems) if problems else f"OK ({stored} stored, {accepted} answered)"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (one per core)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--users", type=int, default=6000)
    parser.add_argument("--events", type=int, default=100)
    args = parser.parse_args()
    require_wrk()

    print("Preparing a fresh bench database ...", flush=True)
    recreate_database()
    collect_static()
    flush_redis()
    setup_django(**RATES)
    tours, credentials = prepare(args.users, args.events)
    rng = random.Random(2022)
    hot = [(tours["hot"][0], s, c) for (s, c) in rng.sample(credentials, len(credentials))]
    spread = [(a, s, c) for (s, c) in credentials for a in rng.sample(tours["spread"], 3)]
    rng.shuffle(spread)
    files = {
        name: request_file(f"/signups/{a}/\t{s}\t{c}" for a, s, c in pairs)
        for name, pairs in (("hot", hot), ("spread", spread))
    }
    print(
        f"{len(credentials)} signed-in workers; {len(hot)} sign-ups possible for one event, "
        f"{len(spread)} over {args.events} events.",
        flush=True,
    )

    rows = []
    speed_before = cpu_check()
    with Gunicorn(workers=args.workers, **RATES) as server:
        run_wrk(server.url + "/healthz", seconds=2, connections=8)
        for name in ("hot", "spread"):
            stats, accepted, refused, failed = run_posts(server.url, files[name], args.seconds, args.connections)
            rows.append(
                (
                    name,
                    accepted / args.seconds,
                    stats["p50"],
                    stats["p99"],
                    accepted,
                    refused,
                    failed,
                )
            )
    # Checked once the server has stopped: requests in flight when wrk stopped have committed (or rolled back) by
    # then, so an event's counter and its rows are read in the same state.
    rows = [(*row, integrity(tours[row[0]], row[4], args.connections)) for row in rows]
    speed_after = cpu_check()

    print()
    print(
        f"gunicorn: {args.workers} sync workers, production settings, PostgreSQL + Redis; wrk: 2 threads, "
        f"{args.connections} connections, {args.seconds}s per scenario"
    )
    header = (
        f"{'scenario':<8} {'accepted/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'accepted':>9} {'refused':>8} {'5xx':>5}"
        "  integrity"
    )
    print(header)
    print("-" * len(header))
    for name, rate, p50, p99, accepted, refused, failed, check in rows:
        print(f"{name:<8} {rate:>10.0f} {p50:>8.1f} {p99:>8.1f} {accepted:>9} {refused:>8} {failed:>5}  {check}")
    print(
        f"machine speed (two 10^7-addition loops at once; lower is faster): {speed_before:.2f}s before, "
        f"{speed_after:.2f}s after"
    )


if __name__ == "__main__":
    main()
