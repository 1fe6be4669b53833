"""What visitors and editors wait for when the search engine hangs, comes back, or comes back empty.

    .venv/bin/python bench/search_outage.py [--searches 8] [--breaker-seconds 5]

Prepares a fresh bench database with the demo content, starts an engine of its own (osmem-server), builds both
indexes and serves the site with gunicorn (production settings, 2 sync workers, the page cache off). Then:
1. hangs the engine (SIGSTOP: connections are accepted, nothing is answered) and sends ``--searches`` searches
   at once with a page read right behind them, then searches, API calls and admin searches one after another;
2. lets the engine answer again (SIGCONT) and times how long until searches use it again (the breaker's trial);
3. restarts the engine empty at the same address and times one ``manage.py search_worker --once`` round, which
   recreates and refills the site's and the admin's indexes.
It prints the times; it asserts nothing. Needs PostgreSQL and Redis (set BENCH_DATABASE_URL / BENCH_REDIS_URL to
use a database and Redis db of your own).
"""

import argparse
import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    ROOT,
    Gunicorn,
    collect_static,
    environment,
    flush_redis,
    manage,
    recreate_database,
    setup_django,
)

QUERY = urllib.parse.quote("书屋")


def timed_get(url, opener=None):
    started = time.monotonic()
    try:
        with (opener or urllib.request.build_opener()).open(url, timeout=60) as response:  # noqa: S310
            body = response.read().decode()
            status = response.status
    except urllib.error.HTTPError as error:  # an error page is an answer too: its time and status are the figures
        body, status = error.read().decode(errors="replace"), error.code
    return time.monotonic() - started, status, body


def mode(body):
    found = re.search(r'"mode": "(\w+)"', body)
    return found.group(1) if found else "?"


def admin_opener(base):
    """A signed-in admin session (the demo superuser), as a browser holds it."""
    from accounts.demo import DEMO_PASSWORD

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{base}/admin/login/", timeout=30).read().decode()  # noqa: S310
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({"username": "admin", "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token})
    opener.open(
        urllib.request.Request(f"{base}/admin/login/", data=data.encode(), headers={"Referer": f"{base}/admin/"}),
        timeout=30,
    ).read()  # noqa: S310
    return opener


def row(label, seconds, extra=""):
    print(f"  {label:<58} {seconds * 1000:>8.0f} ms  {extra}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--searches", type=int, default=8)
    parser.add_argument("--breaker-seconds", type=float, default=5.0)
    args = parser.parse_args()

    from osmem_server import OsmemServer

    engine = OsmemServer.start(japanese=False)
    port = engine.url.rsplit(":", 1)[1]
    extra = {
        "ELASTICSEARCH_URL": engine.url,
        "PAGE_CACHE_ENABLED": 0,
        "SECURE_COOKIES": 0,
        "SEARCH_BREAKER_SECONDS": args.breaker_seconds,
    }
    try:
        print("Preparing a fresh bench database with the demo content and both search indexes ...", flush=True)
        recreate_database()
        collect_static()
        flush_redis()
        manage("load_demo", "-v0", **extra)
        manage("search_index", "rebuild", "--no-progress", **extra)
        manage("update_index", "-v0", **extra)
        setup_django(**extra)
        with Gunicorn(workers=2, **extra) as server:
            base = server.url
            admin = admin_opener(base)
            for path in ["/", "/admin/images/", f"/admin/pages/search/?q={QUERY}"]:  # templates, renditions
                timed_get(f"{base}{path}", admin)
            seconds, _, body = timed_get(f"{base}/api/search/?q={QUERY}")
            from django.conf import settings

            print(f"\nEngine answering (gunicorn: 2 sync workers; search timeout {settings.SEARCH_TIMEOUT} s)")
            row("API search", seconds, mode(body))
            row("home page", timed_get(f"{base}/")[0])
            row("admin page search", timed_get(f"{base}/admin/pages/search/?q={QUERY}", admin)[0])

            print(f"\n1. Engine hung (SIGSTOP): {args.searches} searches at once, then a page read behind them")
            os.kill(engine.process.pid, signal.SIGSTOP)
            hung_at = time.monotonic()
            with ThreadPoolExecutor(max_workers=args.searches + 1) as pool:
                searches = [pool.submit(timed_get, f"{base}/search/?q={QUERY}&n={n}") for n in range(args.searches)]
                time.sleep(0.05)
                page = pool.submit(timed_get, f"{base}/")
                times = sorted(future.result()[0] for future in searches)
                row("searches: slowest / fastest", times[-1], f"fastest {times[0] * 1000:.0f} ms")
                row("the page read behind them", page.result()[0])
            for label, url, opener in [
                ("search page", f"{base}/search/?q={QUERY}", None),
                ("API search", f"{base}/api/search/?q={QUERY}", None),
                ("suggestions", f"{base}/search/suggest/?q={QUERY}", None),
                ("admin page search", f"{base}/admin/pages/search/?q={QUERY}", admin),
                ("admin image search", f"{base}/admin/images/?q={QUERY}", admin),
            ]:
                seconds, status, body = timed_get(url, opener)
                note = mode(body) if "api" in url else ("notice shown" if "搜索引擎没有响应" in body else "")
                row(f"then {label} (HTTP {status})", seconds, note)

            print("\n2. Engine answering again (SIGCONT)")
            os.kill(engine.process.pid, signal.SIGCONT)
            resumed = time.monotonic()
            while True:
                seconds, _, body = timed_get(f"{base}/api/search/?q={QUERY}")
                if mode(body) == "engine":
                    break
                time.sleep(0.2)
            row(
                "until searches use the engine again",
                time.monotonic() - resumed,
                f"(breaker {args.breaker_seconds:.0f} s; hung {resumed - hung_at:.1f} s)",
            )

            print("\n3. Engine restarted empty at the same address")
            engine.close(grace=1)
            engine = OsmemServer.start(japanese=False, addr=f"127.0.0.1:{port}")
            seconds, _, body = timed_get(f"{base}/api/search/?q={QUERY}")
            row("API search, indexes gone", seconds, mode(body))
            started = time.monotonic()
            subprocess.run(  # noqa: S603
                [sys.executable, "manage.py", "search_worker", "--once"],
                cwd=ROOT,
                env=environment(**extra),
                check=True,
                capture_output=True,
            )
            row("one search_worker round (rebuilds site + admin indexes)", time.monotonic() - started)
            seconds, _, body = timed_get(f"{base}/api/search/?q={QUERY}")
            total = re.search(r'"total": (\d+)', body).group(1)
            row("API search after the round", seconds, f"{mode(body)}, {total} results")
            seconds, status, body = timed_get(f"{base}/admin/pages/search/?q={QUERY}", admin)
            answered = "the database (notice shown)" if "搜索引擎没有响应" in body else "no notice"
            row(f"admin page search after the round (HTTP {status})", seconds, answered)
    finally:
        if engine.process.poll() is None:
            os.kill(engine.process.pid, signal.SIGCONT)
        engine.close(grace=1)


if __name__ == "__main__":
    main()
