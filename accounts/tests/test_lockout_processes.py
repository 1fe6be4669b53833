"""The lockout holds across server processes: failures counted by one gunicorn worker lock out the others."""

import re

import pytest
import requests

from conftest import TEST_PASSWORD
from tests.servers import gunicorn

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def attempt(base, password):
    with requests.Session() as session:  # a new connection, so gunicorn may hand it to any worker
        page = session.get(f"{base}/accounts/login/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        response = session.post(
            f"{base}/accounts/login/",
            data={"username": "worker1", "password": password, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{base}/accounts/login/"},
            allow_redirects=False,
            timeout=30,
        )
        return response.status_code, response.headers.get("X-Served-By-Pid")


@pytest.mark.postgres
def test_lockout_is_shared_by_all_workers(worker):
    with gunicorn(workers=3) as base:
        statuses = [attempt(base, f"wrong-{n}")[0] for n in range(5)]
        assert statuses == [200, 200, 200, 200, 429]
        assert attempt(base, TEST_PASSWORD)[0] == 429, "the right password is refused while locked"
