"""Faulty Redis servers for the degradation tests: real sockets and real processes, no mocks (fixtures in
conftest.py).

- ``refused_redis_url``: a port nobody listens on (bound, then closed): every connection is refused.
- ``hung_redis_url``: a TCP server that accepts connections and never answers: a Redis that hangs.
- ``own_redis``: a redis-server of this test's own on a free port, which the test can hang (SIGSTOP), resume,
  stop (after saving its data) and start again with that data. Skipped, with the reason, without redis-server.
"""

import os
import shutil
import signal
import socket
import subprocess
import threading
import time

SOCKET_TIMEOUT = 0.25  # short, so a test against a hung server does not wait long for each timeout


def redis_cache_settings(url, retry_interval=60.0):
    """CACHES for core.cache.RedisCache at ``url``, with a short timeout; Redis is skipped after a failure for
    ``retry_interval`` seconds (long by default: one timeout per test)."""
    return {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "fault-test",
            "OPTIONS": {
                "socket_timeout": SOCKET_TIMEOUT,
                "socket_connect_timeout": SOCKET_TIMEOUT,
                "retry_interval": retry_interval,
            },
        }
    }


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class HungServer:
    """Accepts TCP connections and never reads or answers."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.listener.settimeout(0.05)
        self.port = self.listener.getsockname()[1]
        self.connections = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while not self.stopping.is_set():
            try:
                connection, _address = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections.append(connection)

    def close(self):
        self.stopping.set()
        self.thread.join(timeout=5)
        for connection in self.connections:
            connection.close()
        self.listener.close()


class RedisProcess:
    """A redis-server of the test's own, without persistence except an explicit save before ``stop``."""

    def __init__(self, directory):
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.stopped = False

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
                "--dbfilename",
                "dump.rdb",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while not self._answers():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"redis-server did not start on port {self.port}")
            time.sleep(0.05)

    def _answers(self):
        import redis

        try:
            return redis.Redis(port=self.port, socket_timeout=1, socket_connect_timeout=1).ping()
        except redis.RedisError:
            return False

    def hang(self):
        os.kill(self.process.pid, signal.SIGSTOP)
        self.stopped = True

    def resume(self):
        os.kill(self.process.pid, signal.SIGCONT)
        self.stopped = False

    def stop_keeping_data(self):
        """Save the data to disk and stop: the port refuses connections until ``start`` loads the data again."""
        import redis

        redis.Redis(port=self.port, socket_timeout=5).save()
        self.process.terminate()
        self.process.wait(timeout=20)

    def close(self):
        if self.process is not None and self.process.poll() is None:
            if self.stopped:
                self.resume()
            self.process.terminate()
            self.process.wait(timeout=20)
