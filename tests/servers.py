"""Start real server processes for tests that need them: gunicorn with the production settings."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

from django.conf import settings
from django.db import connection


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    """A DATABASE_URL naming the database the tests are using right now (the test database)."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def wait_for(url, timeout=90, process=None):
    """Wait until ``url`` answers; fail at once if the server ``process`` has exited meanwhile."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server for {url} exited with status {process.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError as error:
            last_error = error
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout}s: {last_error}")


_collected = {}


def collected_static():
    """Static files collected once per test session (production settings need the hashed manifest)."""
    if "root" not in _collected:
        # One folder per pytest-xdist worker: two collectstatic runs must not write one manifest at once.
        # A fleet session (FLEET_TESTS=1) has its own, as it may run beside an ordinary one.
        fleet = "-fleet" if os.environ.get("FLEET_TESTS") else ""
        root = settings.VAR_DIR / f"test-static{fleet}{os.environ.get('PYTEST_XDIST_WORKER', '')}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "workershome.settings.production",
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "STATIC_ROOT": str(root),
        }
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
        )
        _collected["root"] = root
    return _collected["root"]


@contextmanager
def gunicorn(workers=2, extra_env=None, settings_module="workershome.settings.production"):
    """Serve the project with gunicorn (production settings) on a free port; yields the base URL.

    ``--preload`` imports the project once, before the workers are forked (nothing at import opens a connection
    or starts a thread), which halves the start on a busy machine. At the end the server's whole process group is
    killed at once: a graceful stop waits seconds for the workers' interpreters to wind down, and no test needs it.
    """
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": database_url(),
        "SECRET_KEY": settings.SECRET_KEY,  # the same key, so sessions made by the test are valid for the server
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "SERVE_MEDIA": "1",
        "STATIC_ROOT": str(collected_static()),
        **(extra_env or {}),
    }
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set while a browser test runs; never for a server
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "workershome.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--preload",
    ]
    process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/healthz", process=process)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the master and its workers (a group of their own)
        process.wait(timeout=20)


def free_port_block(count):
    """The first of ``count`` consecutive free ports (the fleet takes its port and the next ones)."""
    import random

    for _ in range(200):
        first = random.randrange(20000, 60000)  # noqa: S311 - a port, not a secret
        try:
            sockets = []
            for port in range(first, first + count):
                sock = socket.socket()
                sockets.append(sock)
                sock.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    raise RuntimeError(f"no {count} consecutive free ports")


def descendants(pid):
    """Every process below ``pid`` (children, their children, …), from /proc."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()  # noqa: PTH123, SIM115
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def alive(pid):
    try:
        state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]  # noqa: PTH123, SIM115
    except OSError:
        return False
    return state != "Z"


class Fleet:
    """``manage.py fleet --pin`` on the test database: nginx, two app servers (a, b), the workers, the scheduler
    and a search engine, as one process tree. ``url`` is nginx; ``node(name)`` the headers that pin a request to
    one app server through nginx."""

    def __init__(self, log_path, extra_env=None, web_workers=2, extra_args=()):
        self.port = free_port_block(4)
        self.url = f"http://127.0.0.1:{self.port}"
        self.var = settings.VAR_DIR / f"test-fleet{os.environ.get('PYTEST_XDIST_WORKER', '')}"
        self.app_ports = {"a": self.port + 1, "b": self.port + 2}
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "CACHE_KEY_PREFIX": settings.CACHES["default"].get("KEY_PREFIX", ""),
            "SECRET_KEY": settings.SECRET_KEY,
            "STATIC_ROOT": str(collected_static()),
            "LOG_LEVEL": "WARNING",
            **(extra_env or {}),
        }
        for name in ("ELASTICSEARCH_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "FLEET_TESTS"):
            # The fleet starts its own engine. FLEET_TESTS would make ``manage.py fleet`` (which reads the test
            # settings named by pytest's DJANGO_SETTINGS_MODULE) move REDIS_URL two databases down once more, and
            # its servers would count sign-ins and votes in a Redis database this test session never empties.
            env.pop(name, None)
        self.log = open(log_path, "w")  # noqa: SIM115
        command = [sys.executable, "manage.py", "fleet", "--no-prepare", "--pin", "--port", str(self.port)]
        command += ["--web-workers", str(web_workers), "--var", str(self.var), *extra_args]
        self.process = subprocess.Popen(  # noqa: S603
            command, cwd=settings.BASE_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            for node in self.app_ports:
                self.wait_for_node(node)
        except BaseException:
            self.stop()
            raise

    def node(self, name):
        return {"X-Fleet-Node": name}

    def wait_for_node(self, node, timeout=120):
        import requests

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the fleet exited with status {self.process.returncode}; see {self.log.name}")
            try:
                response = requests.get(self.url + "/healthz", headers=self.node(node), timeout=5)
                if response.status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise TimeoutError(f"app server {node} did not answer through nginx within {timeout}s; see {self.log.name}")

    def master_pid(self, node):
        return int((self.var / f"web_{node}.pid").read_text())

    def rolling_restart(self, *nodes):
        """``manage.py fleet --restart``: each app server (or those named) in turn, drained by nginx first; returns
        what it said."""
        env = {**os.environ, "DATABASE_URL": database_url(), "REDIS_URL": settings.REDIS_URL}
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        env.pop("FLEET_TESTS", None)
        return subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "fleet", "--restart", "--var", str(self.var)]
            + [f"--node={node}" for node in nodes],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def stop(self, timeout=60):
        """SIGTERM to the fleet (honcho), as Ctrl-C would; returns the processes still alive afterwards."""
        tree = descendants(self.process.pid)
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait()
        deadline = time.monotonic() + 10
        left = [pid for pid in tree if alive(pid)]
        while left and time.monotonic() < deadline:
            time.sleep(0.2)
            left = [pid for pid in tree if alive(pid)]
        self.log.close()
        return tree, left
