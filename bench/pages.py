"""Page throughput, anonymous and signed in: the site under gunicorn with the production settings and the demo content.

    .venv/bin/python bench/pages.py [--seconds 8] [--workers 2] [--connections 16] [--sessions 200] [--no-cache]

Creates a fresh bench database (PostgreSQL) with the demo content and ``--sessions`` signed-in workers (each with
a session of their own), starts gunicorn (2 workers by default, Redis as the cache), warms every page, then
drives each page with wrk from this machine, first anonymously, then as the signed-in workers in turn (every
request another worker's session cookie), and prints a table: requests/s, p50/p99 latency, the share of the
bare-view ceiling (a fixed response through the same server and middleware) and signed-in throughput as a share
of anonymous. Then the personal-data request (``/accounts/me/`` as an entry page asks for it, and as the home
page does), and the uncached render of each page in-process (page cache off, anonymous and signed in: p50 and
queries). Peak memory of a worker last. ``--no-cache`` measures the pages rendered every time.
Needs `wrk` (apt-get install wrk), PostgreSQL and Redis.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    ROOT,
    Gunicorn,
    collect_static,
    cpu_check,
    environment,
    flush_redis,
    manage,
    parse_wrk,
    recreate_database,
    require_wrk,
    run_wrk,
    setup_django,
    worker_sessions,
)

SESSION_SCRIPT = Path(__file__).resolve().parent / "session_requests.lua"
RENDER_PAGES = ("home page", "feature article", "video contest", "contest entry")


def page_urls():
    """The pages the issue names, found in the demo content."""
    from campaigns.models import LectureTourPage, ReadingRoomIndexPage, VideoContestPage
    from home.models import FeaturePage

    contest = VideoContestPage.objects.live().order_by("-voting_opens_at").first()
    entry = contest.public_entries().order_by("pk").first()
    return [
        ("home page", "/"),
        ("feature article", FeaturePage.objects.live().order_by("pk").first().url),
        ("lecture tour", LectureTourPage.objects.live().order_by("pk").first().url),
        ("video contest", contest.url),
        ("contest entry", entry.get_url()),
        ("reading rooms", ReadingRoomIndexPage.objects.live().first().url),
        ("search 职工书屋", "/search/?q=" + urllib.parse.quote("职工书屋")),
    ]


def me_urls():
    """/accounts/me/ as the entry page's script asks for it (vote state, own comments), and as the home page does."""
    from campaigns.models import VideoContestPage

    contest = VideoContestPage.objects.live().order_by("-voting_opens_at").first()
    entry = contest.public_entries().order_by("pk").first()
    query = urllib.parse.urlencode(
        {
            "contest": contest.pk,
            "entries": entry.pk,
            "page": contest.pk,
            "target": f"campaigns.videoentry:{entry.pk}",
            "next": entry.get_url(),
        }
    )
    return [("/me (entry page)", "/accounts/me/?" + query), ("/me (home page)", "/accounts/me/")]


def status_of(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own server
            return response.status, response.headers.get("X-Page-Cache", "-")
    except urllib.error.HTTPError as error:
        return error.code, "-"


def signed_in_wrk(url, sessions_file, seconds, connections):
    return parse_wrk(
        run_wrk(url, seconds=seconds, connections=connections, script=SESSION_SCRIPT, script_args=(sessions_file, 2))
    )


def render_times(urls, repeats=15):
    """Each page rendered in this process with the page cache off: (p50 ms, queries), anonymous and signed in."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    worker = get_user_model().objects.filter(username="pages0").first()
    results = {}
    with override_settings(PAGE_CACHE_ENABLED=False, ALLOWED_HOSTS=["*"]):
        for who in ("anonymous", "signed in"):
            client = Client(HTTP_HOST="127.0.0.1")
            if who == "signed in":
                client.force_login(worker)
            for name, path in urls:
                if name not in RENDER_PAGES:
                    continue
                client.get(path)
                times = []
                for _ in range(repeats):
                    with CaptureQueriesContext(connection) as queries:
                        started = time.perf_counter()
                        client.get(path)
                        times.append((time.perf_counter() - started) * 1000)
                results[(name, who)] = (statistics.median(times), len(queries))
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--sessions", type=int, default=200, help="distinct signed-in workers")
    parser.add_argument("--no-cache", action="store_true", help="render every page every time")
    args = parser.parse_args()
    require_wrk()
    extra = {"BENCH_BARE_VIEW": 1, "PAGE_CACHE_ENABLED": 0 if args.no_cache else 1}

    print("Preparing a fresh bench database with the demo content ...", flush=True)
    recreate_database()
    collect_static()
    flush_redis()
    manage("load_demo", "-v0")
    setup_django(**extra)
    urls = page_urls()
    sessions = worker_sessions(args.sessions)
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as handle:
        handle.write("\n".join(f"{key}\t{csrf}" for key, csrf in sessions) + "\n")
    sessions_file = handle.name
    cookie = f"sessionid={sessions[0][0]}; csrftoken={sessions[0][1]}"
    search_engine = None
    if not os.environ.get("ELASTICSEARCH_URL"):
        search_engine = start_search_engine(extra)

    cpu_before = cpu_check()
    rows, me_rows = [], []
    with Gunicorn(workers=args.workers, **extra) as server:
        bare_url = server.url + "/bench/bare/"
        run_wrk(bare_url, seconds=3, connections=8)  # warm up the workers
        ceiling = parse_wrk(run_wrk(bare_url, seconds=args.seconds, connections=args.connections))
        for name, path in urls:
            url = server.url + path
            status, _ = status_of(url)
            status_of(url)  # warm: renditions, then the cached copy
            _, cache_state = status_of(url)
            _, signed_in_state = status_of(url, cookie)
            anonymous = parse_wrk(run_wrk(url, seconds=args.seconds, connections=args.connections))
            signed_in = signed_in_wrk(url, sessions_file, args.seconds, args.connections)
            rows.append((name, status, cache_state, signed_in_state, anonymous, signed_in))
        for name, path in me_urls():
            status, _ = status_of(server.url + path, cookie)
            me_rows.append(
                (name, status, signed_in_wrk(server.url + path, sessions_file, args.seconds, args.connections))
            )
        peak = server.peak_rss_mb()
    cpu_after = cpu_check()
    if search_engine:
        search_engine.terminate()
    renders = render_times(urls)

    print()
    mode = "page cache off" if args.no_cache else "page cache on (Redis)"
    print(
        f"gunicorn: {args.workers} sync workers, production settings, PostgreSQL + Redis, {mode}; "
        f"wrk: {args.connections} connections, {args.seconds}s per page; signed in: {args.sessions} workers' "
        f"sessions in turn"
    )
    print(f"this machine's speed (10⁷ additions in 2 processes): {cpu_before:.2f} s before, {cpu_after:.2f} s after")
    header = (
        f"{'page':<18} {'status':>6} {'cache':>9} {'anon r/s':>8} {'p50':>6} {'p99':>6} {'of bare':>7}"
        f" {'signed r/s':>10} {'p50':>6} {'p99':>6} {'signed/anon':>11}"
    )
    print(header)
    print("-" * len(header))
    print(
        f"{'bare view':<18} {200:>6} {'-':>9} {ceiling['rps']:>8.0f} {ceiling['p50']:>6.1f} {ceiling['p99']:>6.1f}"
        f" {'100%':>7}"
    )
    for name, status, cache_state, signed_state, anon, signed in rows:
        share = anon["rps"] / ceiling["rps"] * 100
        ratio = signed["rps"] / anon["rps"] * 100
        errors = anon["non2xx"] + signed["non2xx"]
        note = f"  ({errors} non-2xx)" if errors else ""
        print(
            f"{name:<18} {status:>6} {cache_state + '/' + signed_state:>9} {anon['rps']:>8.0f} {anon['p50']:>6.1f} "
            f"{anon['p99']:>6.1f} {share:>6.0f}% {signed['rps']:>10.0f} {signed['p50']:>6.1f} {signed['p99']:>6.1f}"
            f" {ratio:>10.0f}%{note}"
        )
    for name, status, stats in me_rows:
        note = f"  ({stats['non2xx']} non-2xx)" if stats["non2xx"] else ""
        share = stats["rps"] / ceiling["rps"] * 100
        print(
            f"{name:<18} {status:>6} {'private':>9} {'':>8} {'':>6} {'':>6} {share:>6.0f}%"
            f" {stats['rps']:>10.0f} {stats['p50']:>6.1f} {stats['p99']:>6.1f}{note}"
        )
    print()
    print("uncached render in this process (page cache off), median of 15: ms and queries")
    for name in RENDER_PAGES:
        anon_ms, anon_q = renders[(name, "anonymous")]
        signed_ms, signed_q = renders[(name, "signed in")]
        print(
            f"{name:<18} anonymous {anon_ms:>6.1f} ms {anon_q:>3} queries · signed in {signed_ms:>6.1f} ms "
            f"{signed_q:>3} queries"
        )
    print(f"peak worker memory: {peak:.0f} MB")


def start_search_engine(extra):
    """The search page needs an engine: start the embedded one and build the index, if the search app can."""
    try:
        from osmem_server import OsmemServer
    except ImportError:
        return None
    server = OsmemServer.start()
    os.environ["ELASTICSEARCH_URL"] = server.url
    extra["ELASTICSEARCH_URL"] = server.url
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "help", "search_index"], cwd=ROOT, env=environment(**extra), capture_output=True
    )
    if result.returncode == 0:
        manage("search_index", "rebuild", **extra)
    return server.process


if __name__ == "__main__":
    main()
