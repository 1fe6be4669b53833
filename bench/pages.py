"""Anonymous page throughput: the site under gunicorn with the production settings and the demo content.

    .venv/bin/python bench/pages.py [--seconds 10] [--workers 2] [--connections 32] [--no-cache]

Creates a fresh bench database (PostgreSQL) with the demo content, starts gunicorn (2 workers by default,
Redis as the cache), warms every page, then drives each page with wrk from this machine and prints a table:
requests/s, p50/p99 latency and the share of the bare-view ceiling (a fixed response through the same server
and middleware), plus the peak memory of a worker. ``--no-cache`` measures the pages rendered every time.
Needs `wrk` (apt-get install wrk), PostgreSQL and Redis.
"""

import argparse
import os
import subprocess
import sys
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
)


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


def status_of(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own server
            return response.status, response.headers.get("X-Page-Cache", "-")
    except urllib.error.HTTPError as error:
        return error.code, "-"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
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
    search_engine = None
    if not os.environ.get("ELASTICSEARCH_URL"):
        search_engine = start_search_engine(extra)

    rows = []
    speed_before = cpu_check()
    with Gunicorn(workers=args.workers, **extra) as server:
        bare_url = server.url + "/bench/bare/"
        run_wrk(bare_url, seconds=3, connections=8)  # warm up the workers
        ceiling = parse_wrk(run_wrk(bare_url, seconds=args.seconds, connections=args.connections))
        for name, path in urls:
            url = server.url + path
            status, _ = status_of(url)
            status_of(url)  # warm: renditions, then the cached copy
            _, cache_state = status_of(url)
            stats = parse_wrk(run_wrk(url, seconds=args.seconds, connections=args.connections))
            rows.append((name, status, cache_state, stats))
        peak = server.peak_rss_mb()
    speed_after = cpu_check()
    if search_engine:
        search_engine.terminate()

    print()
    mode = "page cache off" if args.no_cache else "page cache on (Redis)"
    print(f"gunicorn: {args.workers} sync workers, production settings, PostgreSQL + Redis, {mode}; "
          f"wrk: {args.connections} connections, {args.seconds}s per page, anonymous requests")  # fmt: skip
    header = f"{'page':<18} {'status':>6} {'cache':>5} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'of bare':>8}"
    print(header)
    print("-" * len(header))
    print(f"{'bare view':<18} {200:>6} {'-':>5} {ceiling['rps']:>8.0f} {ceiling['p50']:>7.1f} {ceiling['p99']:>7.1f}"
          f" {'100%':>8}")  # fmt: skip
    for name, status, cache_state, stats in rows:
        share = stats["rps"] / ceiling["rps"] * 100
        errors = f"  ({stats['non2xx']} non-2xx)" if stats["non2xx"] else ""
        print(f"{name:<18} {status:>6} {cache_state:>5} {stats['rps']:>8.0f} {stats['p50']:>7.1f} "
              f"{stats['p99']:>7.1f} {share:>7.0f}%{errors}")  # fmt: skip
    print(f"peak worker memory: {peak:.0f} MB")
    print(f"machine speed (two 10^7-addition loops at once; lower is faster): {speed_before:.2f}s before, "
          f"{speed_after:.2f}s after")  # fmt: skip


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
