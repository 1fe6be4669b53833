"""Shared pieces of the benchmarks: a production-like environment, gunicorn, and wrk.

Benchmarks run against PostgreSQL and Redis (the production parts), in a database of their own that they
create and drop, with the production settings. They print their figures; they never assert on speed.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

# The checkout benchmarked: this one, or another one named by BENCH_ROOT (search_bench.py --compare runs the same
# bench script against an older checkout this way, so both sides are measured by the same code).
ROOT = Path(os.environ.get("BENCH_ROOT") or Path(__file__).resolve().parent.parent).resolve()
BENCH_DB = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/workershome_bench")
BENCH_REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
BENCH_PORT = int(os.environ.get("BENCH_PORT", "8787"))  # another port, database and Redis db per engineer on one host


def environment(**extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "workershome.settings.production",
        "DATABASE_URL": BENCH_DB,
        "REDIS_URL": BENCH_REDIS,
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SERVE_MEDIA": "1",
        "MEDIA_ROOT": str(ROOT / "var" / "bench-media"),
        "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
        "LOG_LEVEL": "WARNING",
        "DB_CONN_MAX_AGE": "600",
    }
    env.update({k: str(v) for k, v in extra.items()})
    return env


def setup_django(**extra):
    os.environ.update(environment(**extra))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def recreate_database():
    """Drop and create the bench database, then migrate it."""
    import psycopg

    name = BENCH_DB.rsplit("/", 1)[1]
    admin_url = BENCH_DB.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    manage("migrate", "--no-input", "-v0")


def collect_static():
    manage("collectstatic", "--no-input", "-v0")


def manage(*args, **extra):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment(**extra), check=True)  # noqa: S603


def flush_redis():
    import redis

    redis.Redis.from_url(BENCH_REDIS).flushdb()


class Gunicorn:
    def __init__(self, workers=4, port=BENCH_PORT, threads=1, **extra):
        self.url = f"http://127.0.0.1:{port}"
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "workershome.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
            "--backlog",
            "2048",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=environment(**extra), start_new_session=True)  # noqa: S603
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=10).read()  # noqa: S310
                break
            except OSError:  # refused while binding, or a timeout while the workers import Django
                if time.monotonic() > deadline:
                    self.stop()
                    raise
                time.sleep(0.3)

    def worker_pids(self):
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout  # noqa: S603,S607
        return [int(pid) for pid in out.split()]

    def peak_rss_mb(self):
        """The largest peak resident memory (VmHWM) of any worker."""
        peaks = []
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except FileNotFoundError:
                continue
            match = re.search(r"VmHWM:\s+(\d+) kB", status)
            if match:
                peaks.append(int(match.group(1)) / 1024)
        return max(peaks) if peaks else 0.0

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def require_wrk():
    if shutil.which("wrk") is None:
        sys.exit("This benchmark drives load with wrk: apt-get install wrk")


def run_wrk(url, seconds=15, connections=64, threads=2, script=None, script_args=()):
    threads = min(threads, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if script:
        command += ["-s", str(script)]
    command.append(url)
    if script_args:
        command += ["--", *map(str, script_args)]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603


POSTS_SCRIPT = Path(__file__).resolve().parent / "vote_requests.lua"  # POSTs a path with a session and token


def run_posts(url, requests_file, seconds, connections):
    """Drive ``url`` with ``vote_requests.lua`` over the (session, token, path) lines of ``requests_file``:
    (wrk's stats, accepted, refused, failed), as the script counts the answers (200, 4xx, other)."""
    output = run_wrk(url, seconds=seconds, connections=connections, script=POSTS_SCRIPT, script_args=(requests_file, 2))
    counts = re.search(r"accepted=(\d+) refused=(\d+) failed=(\d+)", output).groups()
    return (parse_wrk(output), *map(int, counts))


def parse_wrk(output):
    """requests/s and p50/p99 latency (ms) from wrk's --latency report."""

    def to_ms(value):
        match = re.match(r"([\d.]+)(us|ms|s|m)$", value)
        if match is None:
            raise ValueError(f"unexpected latency {value!r} in wrk output:\n{output}")
        number, unit = match.groups()
        return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": rps,
        "p50": p50,
        "p99": p99,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": errors.group(1) if errors else "",
    }


LOOP = "import time\nt = time.perf_counter()\ns = 0\nfor i in range(10**7):\n    s += i\nprint(time.perf_counter() - t)"


def cpu_check(processes=2):
    """Seconds ``processes`` Pythons take for 10⁷ additions each, all at once: this machine's speed right now.

    A shared 2-core host's speed varies (here from about 0.85 s to 1.6 s for this loop, with both cores busy),
    so every benchmark prints it before and after its measurements.
    """
    runs = [
        subprocess.Popen([sys.executable, "-c", LOOP], stdout=subprocess.PIPE, text=True)  # noqa: S603
        for _ in range(processes)
    ]
    return max(float(run.communicate()[0]) for run in runs)


def worker_sessions(count, prefix="pages"):
    """``count`` new workers, each signed in with a session of their own (in the database and in the cache, as a
    sign-in leaves it): [(session key, CSRF cookie value)]. Distinct sessions, so a benchmark of signed-in pages
    pays each session's lookup as real traffic does, not one cookie read from a warm cache."""
    import datetime
    import secrets
    import string

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.cache import caches
    from django.utils import timezone

    from accounts import roles

    def token():
        return "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(32))

    User = get_user_model()
    workers = User.objects.bulk_create(
        User(username=f"{prefix}{i}", display_name=f"压测职工{i}", membership_number=f"P{prefix[:2]}{i:06d}")
        for i in range(count)
    )
    Group.objects.get(name=roles.WORKERS).user_set.add(*workers)
    expires = timezone.now() + datetime.timedelta(days=1)
    sessions = []
    for user in workers:
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "accounts.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        sessions.append(Session(session_key=token(), session_data=SessionStore().encode(data), expire_date=expires))
    Session.objects.bulk_create(sessions)
    caches[settings.SESSION_CACHE_ALIAS].set_many(
        {SessionStore.cache_key_prefix + s.session_key: SessionStore().decode(s.session_data) for s in sessions},
        timeout=86400,
    )
    return [(session.session_key, token()) for session in sessions]
