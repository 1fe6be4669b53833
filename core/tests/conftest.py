"""Fixtures for the degradation tests: a refused, a hung and a real Redis of the test's own (see faults.py)."""

import shutil

import pytest

from .faults import HungServer, RedisProcess, free_port


@pytest.fixture
def refused_redis_url():
    return f"redis://127.0.0.1:{free_port()}/0"  # the socket is closed again: nothing listens there


@pytest.fixture
def hung_redis_url():
    server = HungServer()
    yield f"redis://127.0.0.1:{server.port}/0"
    server.close()


@pytest.fixture
def own_redis(tmp_path):
    if shutil.which("redis-server") is None:
        pytest.skip("needs the redis-server program (apt-get install redis-server)")
    server = RedisProcess(tmp_path)
    server.start()
    yield server
    server.close()
