"""`./run.sh` (manage.py devsite) on a fresh machine: it says what it is doing, shows no alarming warnings, and a
signal ends every process it started (a `kill` used to leave runserver serving with the search engine gone)."""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from django.conf import settings

from tests.servers import free_port


def descendants(pid):
    """Every live process below ``pid`` (children, grandchildren, ...), from /proc."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            # The command name is in parentheses and may hold spaces: the parent pid is the 2nd field after it.
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its parent has not collected it yet


def answers(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except OSError:
        return None


def test_first_run_shows_progress_without_warnings_and_a_signal_stops_everything(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("ELASTICSEARCH_URL", "REDIS_URL", "SITE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="workershome.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",  # a first run: nothing migrated yet
        MEDIA_ROOT=str(tmp_path / "media"),
        VAR_DIR=str(tmp_path / "var"),
    )
    devsite = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "devsite", f"127.0.0.1:{port}"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output = []
    reader = threading.Thread(target=lambda: output.extend(devsite.stdout), daemon=True)
    reader.start()
    started = set()
    try:
        deadline = time.monotonic() + 300
        while answers(f"http://127.0.0.1:{port}/healthz") != 200:
            assert devsite.poll() is None, "".join(output)
            assert time.monotonic() < deadline, "the site did not come up:\n" + "".join(output)
            time.sleep(0.5)
        started = descendants(devsite.pid)
        assert len(started) >= 3, "runserver (two processes with its autoreloader) and the search engine"
        text = "".join(output).split("is ready")[0]  # then runserver's own banner (its "not for production")
        assert "Preparing the database: " in text and "migrations to apply" in text, text
        assert re.search(r"\d+/\d+ \[", text), "a progress bar while migrating"
        assert "WARNING" not in text and "Traceback" not in text, text

        devsite.send_signal(signal.SIGTERM)  # as `kill` does, or a terminal closing (SIGHUP)
        devsite.wait(timeout=30)
        deadline = time.monotonic() + 20
        while any(alive(pid) for pid in started) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [pid for pid in started if alive(pid)], "every process started by ./run.sh has ended"
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", port)) != 0, "nothing serves on the port any more"
    finally:
        for pid in started | descendants(devsite.pid) | {devsite.pid}:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        devsite.wait(timeout=10)
