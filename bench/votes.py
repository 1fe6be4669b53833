"""Vote throughput over HTTP: gunicorn with the production settings on PostgreSQL and Redis, load from wrk.

    .venv/bin/python bench/votes.py [--seconds 15] [--workers 4] [--connections 64]

Two scenarios, each with distinct (worker, entry, slot) votes so every request could be accepted:
- spread: many workers voting for many entries;
- hot: every vote for one entry (its row is the contention point).
Prints accepted votes/s, p50/p99 latency, and the integrity check afterwards (every counter equals its valid
votes, no duplicates, and the number of votes equals the number of 200 responses). Needs `wrk` (apt-get install
wrk) and the PostgreSQL/Redis of this machine; it creates and drops its own database.
"""

import argparse
import datetime
import random
import secrets
import string
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
)

RATES = {"VOTE_RATE_PER_USER": "100000/m", "VOTE_RATE_PER_IP": "10000000/m"}


def token():
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))


def prepare(users, spread_entries):
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.utils import timezone

    from wagtail.models import Site

    from accounts import roles
    from campaigns.models import ContestCategory, ContestIndexPage, EntryStatus, VideoContestPage, VideoEntry

    home = Site.objects.get(is_default_site=True).root_page
    index = ContestIndexPage(title="微视频征集", slug="video-contests")
    home.add_child(instance=index)
    now = timezone.now()
    contests = {}
    for slug in ("spread", "hot"):
        contest = VideoContestPage(
            title=f"压测征集 {slug}",
            slug=slug,
            submission_opens_at=now - datetime.timedelta(days=20),
            submission_closes_at=now - datetime.timedelta(days=10),
            voting_opens_at=now - datetime.timedelta(days=1),
            voting_closes_at=now + datetime.timedelta(days=5),
            results_at=now + datetime.timedelta(days=6),
        )
        contest.categories.add(ContestCategory(name="技能绝活"))
        index.add_child(instance=contest)
        contests[slug] = contest
    entries = {
        name: VideoEntry.objects.bulk_create(
            VideoEntry(
                contest=contests[name],
                title=f"作品{i}",
                author_name="压测",
                status=EntryStatus.APPROVED,
                external_url=f"https://v.douyin.com/{name}{i}/",
            )
            for i in range(count)
        )
        for name, count in (("spread", spread_entries), ("hot", 1))
    }
    User = get_user_model()
    workers = User.objects.bulk_create(
        User(username=f"bench{i}", display_name=f"压测职工{i}", membership_number=f"B{i:06d}") for i in range(users)
    )
    group = Group.objects.get(name=roles.WORKERS)
    group.user_set.add(*workers)
    # Sessions straight into the database (the cached_db backend reads them from there on first use).
    from django.contrib.sessions.models import Session

    expires = now + datetime.timedelta(days=1)
    sessions = []
    for user in workers:
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "accounts.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        sessions.append(
            Session(session_key=token().lower(), session_data=SessionStore().encode(data), expire_date=expires)
        )
    Session.objects.bulk_create(sessions, batch_size=2000)
    # ... and into the cache, as a login would have put them there.
    from django.core.cache import caches

    session_cache = caches[settings.SESSION_CACHE_ALIAS]
    for start in range(0, len(sessions), 1000):
        batch = sessions[start : start + 1000]
        session_cache.set_many(
            {SessionStore.cache_key_prefix + s.session_key: SessionStore().decode(s.session_data) for s in batch},
            timeout=86400,
        )
    credentials = [(session.session_key, token()) for session in sessions]
    return contests, entries, credentials


def request_file(lines):
    handle = tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False)  # noqa: SIM115
    handle.write("\n".join(lines) + "\n")
    handle.close()
    return handle.name


def integrity(contest, accepted, in_flight):
    from collections import Counter

    from voting.models import Vote, VoteStatus
    from voting.services import count_mismatches

    votes = Vote.objects.filter(contest=contest, status=VoteStatus.VALID)
    duplicates = sum(1 for n in Counter(votes.values_list("entry", "voter", "day", "slot")).values() if n > 1)
    mismatches = count_mismatches(contest.entries.all())
    problems = []
    stored = votes.count()
    # wrk stops reading when its time is up; requests already sent still complete on the server.
    if not accepted <= stored <= accepted + in_flight:
        problems.append(f"{stored} votes stored but {accepted} accepted")
    if duplicates:
        problems.append(f"{duplicates} duplicate votes")
    if mismatches:
        problems.append(f"{len(mismatches)} counters differ from their votes")
    if problems:
        return "; ".join(problems)
    return f"OK ({stored} stored = {accepted} answered + {stored - accepted} in flight at the stop)"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (one per core)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--users", type=int, default=12000)
    parser.add_argument("--entries", type=int, default=60)
    args = parser.parse_args()
    require_wrk()

    print("Preparing a fresh bench database ...", flush=True)
    recreate_database()
    collect_static()
    flush_redis()
    setup_django(**RATES)
    contests, entries, credentials = prepare(args.users, args.entries)
    rng = random.Random(2022)
    # spread: each worker backs a few entries; hot: every worker votes once for the same entry
    spread = [(e.pk, s, c) for (s, c) in credentials for e in rng.sample(entries["spread"], 6)]
    rng.shuffle(spread)
    hot_entry = entries["hot"][0].pk
    hot = [(hot_entry, s, c) for (s, c) in rng.sample(credentials, len(credentials))]
    files = {
        "spread": request_file(f"/voting/entries/{e}/vote/\t{s}\t{c}" for e, s, c in spread),
        "hot": request_file(f"/voting/entries/{e}/vote/\t{s}\t{c}" for e, s, c in hot),
    }
    print(
        f"{len(credentials)} signed-in workers; {len(spread)} possible votes over {args.entries} entries; "
        f"{len(hot)} possible votes on one hot entry.",
        flush=True,
    )

    rows = []
    speed_before = cpu_check()
    with Gunicorn(workers=args.workers, **RATES) as server:
        run_wrk(server.url + "/healthz", seconds=2, connections=8)  # warm up the workers
        for name in ("spread", "hot"):
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
                    integrity(contests[name], accepted, args.connections),
                )
            )
        peak = server.peak_rss_mb()
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
    print(f"peak worker memory: {peak:.0f} MB")
    print(
        f"machine speed (two 10^7-addition loops at once; lower is faster): {speed_before:.2f}s before, "
        f"{speed_after:.2f}s after"
    )


if __name__ == "__main__":
    main()
