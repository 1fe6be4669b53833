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
        root = settings.VAR_DIR / f"test-static{os.environ.get('PYTEST_XDIST_WORKER', '')}"
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
