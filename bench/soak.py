"""Soak: mixed traffic through nginx against the whole fleet (``manage.py fleet``) for ten minutes.

    .venv/bin/python bench/soak.py                 # 600 s, 16 clients, 300 signed-in workers
    .venv/bin/python bench/soak.py --seconds 150   # a short run

Starts the fleet on the bench database (``BENCH_DATABASE_URL``, migrated and given the demo content if needed),
``BENCH_REDIS_URL`` and ``BENCH_PORT`` + 10 for nginx (the app servers and the engine on the next ports), with
real signed-in sessions for ``--workers`` workers. Each client picks, per request: browse 70 % (a public page
from the sitemap, then ``/accounts/me/`` as personal.js would ask), vote 15 % (an entry of the contest whose
voting is open), comment 5 % (a feature article), search 10 % (a word from the union's work). Every request
carries a worker's session cookie. It reports, per kind: requests, answers by status, p50/p99/max; 5xx and
connection errors; the resident memory of every process of the fleet at the start (after a warm-up) and the
end; and vote integrity (every vote answered 200 is one row, the counters agree: ``check_vote_counts``).
It never asserts: it prints, with the host's load before and after.
"""

import argparse
import json
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

MIX = (("browse", 70), ("vote", 15), ("comment", 5), ("search", 10))
WORDS = ["职工书屋", "劳模", "技能", "讲堂", "微视频", "工会", "困难职工", "帮扶", "安全生产", "女职工", "送温暖"]
ENV = {
    # Every client is 127.0.0.1: the per-address limits (app and nginx) would stop the run, not a visitor.
    "VOTE_RATE_PER_IP": "1000000/m",
    "COMMENT_RATE_PER_IP": "1000000/m",
    "COMMENT_RATE_PER_USER": "1000/m",
    "COMMENT_RATE_PER_USER_HOUR": "100000/h",
    "VOTE_RATE_PER_USER": "1000/m",
    "LOGIN_RATE_PER_IP": "1000000/10m",
    "PAGE_CACHE_ENABLED": "1",
}


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def processes(root):
    """{pid: label} of every process below ``root``: nginx, gunicorn masters and workers, workers, engine."""
    children = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError):
                continue
            children[ppid].append(int(entry.name))
    found, todo = {}, [root]
    while todo:
        for pid in children.get(todo.pop(), []):
            todo.append(pid)
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            found[pid] = label(command)
    return {pid: name for pid, name in found.items() if name}


def label(command):
    if "nginx" in command and "worker" in command:
        return "nginx worker"
    if "nginx" in command:
        return "nginx master"
    match = re.search(r"--bind 127\.0\.0\.1:(\d+)", command)
    if match and "keep-running" in command:
        return f"keep-running :{match.group(1)}"
    if match and "gunicorn" in command:
        return f"gunicorn :{match.group(1)}"
    for name in ("db_worker", "search_worker", "scheduler", "osmem-server"):
        if name in command:
            return name
    return None


def rss_mb(pid):
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"VmRSS:\s+(\d+) kB", status)
    return int(match.group(1)) / 1024 if match else None


def memory(root):
    """[(label, pid, MB)] for every process of the fleet, gunicorn masters and workers told apart by parentage."""
    rows = []
    table = processes(root)
    for pid, name in table.items():
        if name.startswith("gunicorn"):
            ppid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
            name += " worker" if table.get(ppid, "").startswith("gunicorn") else " master"
        mb = rss_mb(pid)
        if mb is not None:
            rows.append((name, pid, mb))
    return sorted(rows)


def prepare_data(workers):
    """Signed-in sessions for ``workers`` workers, the open contest's entries, the feature pages, the public URLs."""
    common.setup_django()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone
    from django.utils.module_loading import import_string

    from accounts import roles
    from campaigns.models import VideoContestPage, VideoEntry
    from core.visibility import public_pages
    from home.models import FeaturePage

    User = get_user_model()
    group = Group.objects.get(name=roles.WORKERS)
    store_class = import_string(settings.SESSION_ENGINE + ".SessionStore")
    sessions = []
    for n in range(workers):
        user, created = User.objects.get_or_create(
            username=f"soak{n:04d}", defaults={"display_name": f"浸泡职工{n}", "membership_number": f"SOAK{n:05d}"}
        )
        if created:
            user.groups.add(group)
        store = store_class()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "accounts.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.save()
        sessions.append(store.session_key)
    now = timezone.now()
    open_contests = [c for c in VideoContestPage.objects.live() if c.voting_opens_at <= now < c.voting_closes_at]
    entries = list(VideoEntry.objects.filter(contest__in=open_contests, status="approved").values_list("pk", flat=True))
    features = list(FeaturePage.objects.live().values_list("pk", flat=True))
    paths = sorted({page.url for page in public_pages().specific() if page.url})
    return sessions, entries, features, paths


def ensure_database():
    """The bench database, created if missing (the fleet migrates it and loads the demo content)."""
    import psycopg

    name = common.BENCH_DB.rsplit("/", 1)[1]
    with psycopg.connect(common.BENCH_DB.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def vote_rows(entries):
    from voting.models import Vote

    return Vote.objects.filter(entry_id__in=entries).count()


class Client(threading.Thread):
    def __init__(self, base, sessions, entries, features, paths, deadline, seed):
        super().__init__(daemon=True)
        import requests

        self.http = requests.Session()
        self.base, self.sessions, self.entries, self.features, self.paths = base, sessions, entries, features, paths
        self.deadline, self.rng = deadline, random.Random(seed)  # noqa: S311 - load, not secrets
        self.times, self.statuses, self.errors, self.votes_ok = defaultdict(list), defaultdict(Counter), Counter(), 0

    def request(self, kind, method, path, session, **kwargs):
        token = secrets.token_hex(16)
        cookies = {"sessionid": session, "csrftoken": token}
        headers = {"X-CSRFToken": token, "Accept": "application/json"} if method == "POST" else {}
        started = time.perf_counter()
        try:
            response = self.http.request(
                method, self.base + path, cookies=cookies, headers=headers, timeout=30, allow_redirects=False, **kwargs
            )
        except Exception as error:  # noqa: BLE001 - counted and reported, the run goes on
            self.errors[type(error).__name__] += 1
            return None
        self.times[kind].append(time.perf_counter() - started)
        self.statuses[kind][response.status_code] += 1
        return response

    def run(self):
        kinds, weights = zip(*MIX, strict=True)
        while time.monotonic() < self.deadline:
            kind = self.rng.choices(kinds, weights)[0]
            session = self.rng.choice(self.sessions)
            if kind == "browse":
                self.request(kind, "GET", self.rng.choice(self.paths), session)
                self.request("me", "GET", "/accounts/me/", session)
            elif kind == "vote" and self.entries:
                response = self.request(kind, "POST", f"/voting/entries/{self.rng.choice(self.entries)}/vote/", session)
                if response is not None and response.status_code == 200:
                    self.votes_ok += 1
            elif kind == "comment" and self.features:
                body = f"浸泡测试的评论 {secrets.token_hex(6)}，说说书屋的好处。"
                target = f"home.featurepage:{self.rng.choice(self.features)}"
                self.request(kind, "POST", "/comments/post/", session, data={"target": target, "body": body})
            elif kind == "search":
                self.request(kind, "GET", f"/search/?q={self.rng.choice(WORDS)}", session)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--sample-every", type=int, default=60, help="seconds between memory samples")
    parser.add_argument("--port", type=int, default=common.BENCH_PORT + 10, help="nginx (the fleet takes 3 more)")
    args = parser.parse_args()
    port = args.port
    base = f"http://127.0.0.1:{port}"
    ensure_database()
    # The demo content's images live in ./media, as for ./run.sh.
    env = common.environment(MEDIA_ROOT=common.ROOT / "media", **ENV)
    for name in ("STATIC_ROOT", "ELASTICSEARCH_URL"):
        env.pop(name, None)  # the fleet collects into its own folder and starts its own engine
    print(f"host load before: {os.getloadavg()}")
    log = open(common.ROOT / "var" / "soak-fleet.log", "w")  # noqa: SIM115
    fleet = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "fleet", "--port", str(port), "--var", str(common.ROOT / "var" / "soak-fleet")]
        + ["--vote-rate", "100000r/s", "--signin-rate", "100000r/s"],
        cwd=common.ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "workershome.settings.dev"},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        import requests

        deadline = time.monotonic() + 600
        while True:
            try:
                if requests.get(base + "/healthz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if fleet.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"the fleet did not start; see {log.name}")
            time.sleep(1)
        sessions, entries, features, paths = prepare_data(args.workers)
        print(f"{len(paths)} public pages, {len(entries)} entries open for votes, {len(features)} features")

        def drive(seconds, seed):
            clients = [
                Client(base, sessions, entries, features, paths, time.monotonic() + seconds, seed + i)
                for i in range(args.clients)
            ]
            for client in clients:
                client.start()
            for client in clients:
                client.join()
            return clients

        drive(args.warmup, 1000)  # every page cached, every worker started
        votes_before = vote_rows(entries)
        start_memory = memory(fleet.pid)
        started = time.monotonic()
        samples, sampling = [], threading.Event()

        def sample():  # every process's memory and the host's load, each --sample-every seconds of the run
            while not sampling.wait(args.sample_every):
                samples.append((time.monotonic() - started, memory(fleet.pid), os.getloadavg()[0]))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        clients = drive(args.seconds, 1)
        elapsed = time.monotonic() - started
        sampling.set()
        end_memory = memory(fleet.pid)
        votes_ok = sum(client.votes_ok for client in clients)
        report(clients, elapsed, start_memory, end_memory)
        report_samples(start_memory, samples, end_memory)
        time.sleep(2)
        from voting.services import count_mismatches

        rows = vote_rows(entries) - votes_before
        print(f"votes: {votes_ok} answered 200, {rows} new rows; counters disagreeing: {count_mismatches() or 'none'}")
    finally:
        os.kill(fleet.pid, signal.SIGTERM)
        fleet.wait(timeout=60)
        log.close()
        print(f"host load after: {os.getloadavg()}")


def report(clients, elapsed, start_memory, end_memory):
    times, statuses, errors = defaultdict(list), defaultdict(Counter), Counter()
    for client in clients:
        for kind, values in client.times.items():
            times[kind].extend(values)
        for kind, counter in client.statuses.items():
            statuses[kind].update(counter)
        errors.update(client.errors)
    total = sum(len(values) for values in times.values())
    print(f"\n{total} requests in {elapsed:.0f} s ({total / elapsed:.1f}/s) through nginx")
    print(f"{'kind':8} {'requests':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}  answers")
    for kind in ("browse", "me", "vote", "comment", "search"):
        values = times.get(kind, [])
        print(
            f"{kind:8} {len(values):8d} {percentile(values, 0.5) * 1000:8.0f} {percentile(values, 0.99) * 1000:8.0f}"
            f" {max(values, default=0) * 1000:8.0f}  {json.dumps(dict(sorted(statuses[kind].items())))}"
        )
    everything = [value for values in times.values() for value in values]
    fives = sum(count for counter in statuses.values() for status, count in counter.items() if status >= 500)
    print(f"all: p99 {percentile(everything, 0.99) * 1000:.0f} ms; 5xx: {fives}; connection errors: {dict(errors)}")
    print("\nresident memory (MB), after the warm-up and at the end:")
    before = defaultdict(list)
    after = defaultdict(list)
    for name, _pid, mb in start_memory:
        before[name].append(mb)
    for name, _pid, mb in end_memory:
        after[name].append(mb)
    for name in sorted(set(before) | set(after)):
        start = ", ".join(f"{mb:.0f}" for mb in sorted(before[name]))
        end = ", ".join(f"{mb:.0f}" for mb in sorted(after[name]))
        print(f"  {name:28} {start:>16} -> {end}")


def report_samples(start_memory, samples, end_memory):
    """Memory over the run: per sample, the fleet's total and its largest process of each kind, and the load."""
    print("\nmemory over the run (MB): total of every process; largest gunicorn worker, db_worker, search_worker,")
    print("scheduler, engine; host load (1 min)")
    kinds = ("gunicorn", "db_worker", "search_worker", "scheduler", "osmem-server")
    rows = [(0.0, start_memory, None), *samples, (None, end_memory, os.getloadavg()[0])]
    for at, table, load in rows:
        largest = []
        for kind in kinds:
            sizes = [mb for name, _pid, mb in table if name.startswith(kind) and not name.endswith("master")]
            largest.append(f"{max(sizes, default=0):5.0f}")
        when = "end" if at is None else f"{at:4.0f} s"
        load_text = "" if load is None else f"  load {load:.1f}"
        print(f"  {when:>7}  total {sum(mb for _n, _p, mb in table):6.0f}  {' '.join(largest)}{load_text}")
    if samples or end_memory:
        growth = {}
        for name, _pid, mb in start_memory:
            growth.setdefault(name, [mb, mb])
        for _at, table, _load in [*samples, (None, end_memory, None)]:
            for name, _pid, mb in table:
                growth.setdefault(name, [mb, mb])[1] = max(growth[name][1], mb)
        # nginx workers (a few MB) left out: a few hundred kB is a large share of nothing.
        worst = max(
            (((peak - first) / first, name) for name, (first, peak) in growth.items() if first > 20),
            default=(0.0, "none"),
        )
        print(f"largest growth over the warm-up size: {worst[1]} {worst[0] * 100:+.1f} %")


if __name__ == "__main__":
    main()
