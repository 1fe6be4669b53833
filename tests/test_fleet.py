"""The production topology, run: nginx in front of two app servers (``manage.py fleet``), with the task worker, the
search worker, the scheduler and a search engine, on this machine's PostgreSQL and Redis.

The fleet starts once for the module (``--pin``: a request may choose its app server with ``X-Fleet-Node``, and
nginx says which one answered in ``X-Fleet-Upstream``). Each test pins requests to node A and node B in turn and
checks that what one node did is seen by the other: the page cache, sessions, rate limits and lockouts, a
contest's voting rules (within ``VOTE_RULES_TTL``), the sensitive-word list, uploads, CDN purges; then a rolling
restart with votes in flight, and the fleet stopping as one unit. ``pytest -m fleet`` selects them.
"""

import datetime
import itertools
import os
import re
import secrets
import shutil
import string
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.cache import caches
from django.utils import timezone
from django.utils.module_loading import import_string

import pytest
import requests

from accounts import roles
from campaigns.tests.test_submissions import poster
from conftest import TEST_PASSWORD, enrol_second_factor, is_postgres, make_user

from .servers import Fleet, free_port

pytestmark = [
    pytest.mark.fleet,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.xdist_group("fleet"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VOTE_RULES_TTL = 1  # seconds: how long another app server may still vote under a contest's old rules
PBKDF2 = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # the production settings' hasher


@pytest.fixture(scope="module")
def purge_log(tmp_path_factory):
    """A stand-in CDN (tests/purge_recorder.py, a real HTTP server process) that records every PURGE."""
    log = tmp_path_factory.mktemp("cdn") / "purges.log"
    log.touch()
    port = free_port()
    recorder = subprocess.Popen(  # noqa: S603
        [sys.executable, str(Path(__file__).with_name("purge_recorder.py")), str(log), str(port)]
    )
    yield log, f"http://127.0.0.1:{port}/"
    recorder.terminate()
    recorder.wait(timeout=10)


@pytest.fixture(scope="module")
def fleet(request, django_db_setup, django_db_blocker, purge_log, tmp_path_factory):
    alone = "FLEET_TESTS=1 ./run.sh pytest -n 0 -m fleet tests/test_fleet.py"
    if not os.environ.get("FLEET_TESTS"):
        # In a session of their own (CI's last step): its own test database, Redis database and search index prefix
        # (workershome/settings/test.py), and no other test flushes that database under the running fleet.
        pytest.skip(f"the fleet tests run in a session of their own: {alone}")
    if os.environ.get("PYTEST_XDIST_WORKER") or any(
        not item.get_closest_marker("fleet") for item in request.session.items
    ):
        # Other transactional tests in the same session flush the database while the fleet's processes run (one
        # that writes in that moment, e.g. a content type, breaks the next serialized restore), and pytest-xdist
        # would share this module's tests out between processes, each starting a fleet of its own.
        pytest.fail(f"the fleet tests need a session of their own, in one process: {alone}")
    if not is_postgres() or not settings.REDIS_URL:
        pytest.skip("the fleet needs PostgreSQL and Redis: set DATABASE_URL and REDIS_URL (CI does)")
    if not Path(shutil.which("nginx") or "/usr/sbin/nginx").exists():
        pytest.skip("the fleet needs nginx: apt-get install nginx-light")
    media = tmp_path_factory.mktemp("fleet-media")
    env = {
        "MEDIA_ROOT": str(media),
        "VOTE_RULES_TTL": str(VOTE_RULES_TTL),
        "VOTE_RATE_PER_USER": "1000/m",
        "VOTE_RATE_PER_IP": "100000/m",
        "LOGIN_RATE_PER_IP": "1000/10m",
        "LOGIN_RATE_PER_USERNAME": "4/h",
        "AXES_FAILURE_LIMIT": "3",
        "FRONTEND_CACHE_PURGE_URL": purge_log[1],
        "PAGE_CACHE_ENABLED": "1",
    }
    with django_db_blocker.unblock():
        # nginx's vote limit per address is for the test's own many votes from one address.
        the_fleet = Fleet(
            tmp_path_factory.mktemp("fleet") / "fleet.log", extra_env=env, extra_args=["--vote-rate", "1000r/s"]
        )
    the_fleet.media = media
    yield the_fleet
    the_fleet.stop()


@pytest.fixture(autouse=True)
def _tasks_done_before_the_flush(fleet):
    """After each test pytest-django empties the database; first the task worker finishes the tasks the test gave
    it. A task whose row is deleted while it runs makes ``db_worker`` exit (it cannot record the result), and with
    it the whole fleet (honcho's rule): seen on a loaded host, a reference-index task still running when the
    sensitive-word test ended."""
    assert fleet.process.poll() is None, (
        f"the fleet has stopped (exit status {fleet.process.returncode}): {fleet.log.name}"
    )
    yield
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + 60
    while (
        DBTaskResult.objects.ready().exists() or DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists()
    ):
        if time.monotonic() > deadline or fleet.process.poll() is not None:
            break
        time.sleep(0.2)


@pytest.fixture
def production_hasher(settings):
    """For users who sign in with their password on the servers, whose production settings do not know the tests'
    MD5 hasher (the others get sessions made here, and the fast hasher)."""
    settings.PASSWORD_HASHERS = PBKDF2


class Browser:
    """A visitor's cookie jar; each request goes through nginx, pinned to the app server named."""

    def __init__(self, fleet):
        self.fleet = fleet
        self.session = requests.Session()

    def request(self, node, method, path, **kwargs):
        headers = {**self.fleet.node(node), **kwargs.pop("headers", {})}
        response = self.session.request(
            method, self.fleet.url + path, headers=headers, timeout=30, allow_redirects=False, **kwargs
        )
        assert response.headers.get("X-Fleet-Upstream") == f"127.0.0.1:{self.fleet.app_ports[node]}", (
            f"{method} {path} pinned to {node} was answered by {response.headers.get('X-Fleet-Upstream')}"
        )
        return response

    def get(self, node, path, **kwargs):
        return self.request(node, "GET", path, **kwargs)

    def post(self, node, path, data=None, **kwargs):
        token = [cookie.value for cookie in self.session.cookies if cookie.name == "csrftoken"][-1]
        headers = {"X-CSRFToken": token, "Referer": self.fleet.url + path, **kwargs.pop("headers", {})}
        return self.request(node, "POST", path, data=data, headers=headers, **kwargs)

    def sign_in(self, node, username, password, path="/accounts/login/"):
        self.get(node, path)  # the form sets the CSRF cookie
        return self.post(node, path, {"username": username, "password": password})


def session_for(user, second_factor=False):
    """A signed-in session cookie made as django.contrib.auth.login would (in Redis, which every node reads)."""
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "accounts.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if second_factor:
        from django_otp import DEVICE_ID_SESSION_KEY

        store[DEVICE_ID_SESSION_KEY] = enrol_second_factor(user).persistent_id
    store.save()
    return store.session_key


def signed_in(fleet, user, second_factor=False):
    browser = Browser(fleet)
    cookies = {"sessionid": session_for(user, second_factor), "csrftoken": secrets.token_hex(16)}
    for name, value in cookies.items():
        browser.session.cookies.set(name, value, domain="127.0.0.1", path="/")
    return browser


def superuser_on(fleet):
    user = make_user("fleetadmin", is_staff=True, is_superuser=True, display_name="管理员")
    return signed_in(fleet, user, second_factor=True)


def test_nginx_serves_static_files_itself_and_routes_pages_to_both_nodes(fleet, home_page):
    browser = Browser(fleet)
    for node in ("a", "b"):
        page = browser.get(node, "/")
        assert page.status_code == 200
        assert browser.get(node, "/healthz").json()["parts"]["cache"]["backend"] == "redis"
    css = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', page.text).group(1)
    static = requests.get(fleet.url + css, headers={"Accept-Encoding": "gzip"}, timeout=10)
    assert static.status_code == 200 and "X-Fleet-Upstream" not in static.headers, "nginx, not an app server"
    assert "immutable" in static.headers["Cache-Control"]
    assert requests.get(fleet.url + "/nginx-health", timeout=10).text == "ok\n"
    # Documents only through Wagtail's serve view (which checks private collections), never from the folder.
    (fleet.media / "documents").mkdir(exist_ok=True)
    (fleet.media / "documents" / "private.pdf").write_bytes(b"%PDF-1.4 private")
    (fleet.media / "images").mkdir(exist_ok=True)
    (fleet.media / "images" / "public.txt").write_bytes(b"a rendition")
    assert requests.get(fleet.url + "/media/documents/private.pdf", timeout=10).status_code == 404
    assert requests.get(fleet.url + "/media/images/public.txt", timeout=10).content == b"a rendition"
    # Wagtail's originals (full size, with the camera's metadata) neither: pages show renditions.
    (fleet.media / "original_images").mkdir(exist_ok=True)
    (fleet.media / "original_images" / "photo.jpg").write_bytes(b"an original")
    assert requests.get(fleet.url + "/media/original_images/photo.jpg", timeout=10).status_code == 404
    assert requests.get(fleet.url + "/media/original_images/", timeout=10).status_code == 404
    assert requests.get(fleet.url + "/media/images/../original_images/photo.jpg", timeout=10).status_code == 404
    assert requests.get(fleet.url + "/media//original_images/photo.jpg", timeout=10).status_code == 404
    # Renditions and videos are served in ranges (a video player seeks with them).
    ranged = requests.get(fleet.url + "/media/images/public.txt", headers={"Range": "bytes=2-5"}, timeout=10)
    assert ranged.status_code == 206 and ranged.content == b"rend"
    assert ranged.headers["Content-Range"] == "bytes 2-5/11"


def test_every_node_sees_the_schedulers_heartbeat(fleet):
    """The scheduler writes its heartbeat to Redis every 10 s; each app server's /healthz reads it (the test's
    cache flush before it removed the last one, so the next one is awaited)."""
    deadline = time.monotonic() + 30
    parts = {}
    while time.monotonic() < deadline:
        parts = {node: Browser(fleet).get(node, "/healthz").json()["parts"]["scheduler"] for node in "ab"}
        if all(part.get("ok") for part in parts.values()):
            break
        time.sleep(1)
    assert parts == {node: {"checked": True, "ok": True, "last_seconds": parts[node]["last_seconds"]} for node in "ab"}
    assert all(part["last_seconds"] <= 15 for part in parts.values()), parts


def test_a_page_changed_through_node_a_is_fresh_on_node_b_at_once(fleet, make_feature, purge_log):
    feature = make_feature(title="两个节点上的文章")
    path = feature.url
    reader = Browser(fleet)
    for node in ("a", "b", "a", "b"):  # cached once, in Redis, for both
        response = reader.get(node, path)
        assert response.status_code == 200 and "两个节点上的文章" in response.text
    assert response.headers.get("X-Page-Cache") == "hit"

    admin = superuser_on(fleet)
    admin.get("a", f"/admin/pages/{feature.pk}/unpublish/")
    done = admin.post("a", f"/admin/pages/{feature.pk}/unpublish/", {"include_descendants": ""})
    assert done.status_code == 302, done.text[:500]

    assert reader.get("b", path).status_code == 404, "node B still served the page node A unpublished"
    assert reader.get("a", path).status_code == 404
    # The CDN is told once, by the node that made the change, not once per node.
    log, _location = purge_log
    deadline = time.monotonic() + 15
    while path not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(2)  # any second purge of the same change would have arrived by now
    purges = Counter(line.split()[2] for line in log.read_text().splitlines() if line.startswith("PURGE"))
    assert purges[path] == 1, purges
    assert purges["/en" + path] == 1, purges


def test_a_session_from_node_a_works_on_node_b(fleet, worker, production_hasher):
    worker.set_password(TEST_PASSWORD)
    worker.save()
    browser = Browser(fleet)
    assert browser.sign_in("a", "worker1", TEST_PASSWORD).status_code == 302
    me = browser.get("b", "/accounts/me/").json()
    assert me["name"] == "职工丙"
    assert browser.post("b", "/accounts/logout/").status_code == 302
    assert browser.get("a", "/accounts/me/").json() == {"signed_in": False}, "signed out on B, so signed out on A"


def test_rate_limits_and_lockouts_are_shared_by_the_nodes(fleet, production_hasher):
    make_user("often", roles.WORKERS, membership_number="F0001")
    make_user("guessed", roles.WORKERS, membership_number="F0002")
    # Four sign-ins an hour per username (LOGIN_RATE_PER_USERNAME=4/h), counted in Redis for every node.
    statuses = [Browser(fleet).sign_in(node, "often", TEST_PASSWORD).status_code for node in "abab"]
    assert statuses == [302] * 4
    over = Browser(fleet).sign_in("a", "often", TEST_PASSWORD)
    assert over.status_code == 429 and "尝试登录的次数太多" in over.text
    # The nodes count in this session's Redis database, which the tests empty between them (once the fleet's own
    # manage.py moved it to another one, so a second run within the hour started with "often" already refused).
    counted = caches["default"].run(lambda client: client.keys("*:throttle:login-user:often:*"))
    assert counted, "the nodes' sign-in counters are not in this session's Redis database"
    # django-axes locks a username after three wrong passwords (AXES_FAILURE_LIMIT=3), whichever node saw them.
    browser = Browser(fleet)
    wrong = [browser.sign_in(node, "guessed", "wrong-password").status_code for node in "ab"]
    assert wrong == [200, 200]
    assert browser.sign_in("a", "guessed", "wrong-password").status_code == 429
    locked = browser.sign_in("b", "guessed", TEST_PASSWORD)
    assert locked.status_code == 429 and "尝试登录的次数太多" not in locked.text


def vote(browser, node, entry_id):
    response = browser.post(node, f"/voting/entries/{entry_id}/vote/", headers={"Accept": "application/json"})
    return response.status_code, response.json().get("code")


def test_closing_voting_stops_votes_on_every_node_within_the_rules_ttl(fleet, make_contest, make_entry):
    from campaigns.models import VideoContestPage
    from voting.models import Vote

    now = timezone.now()
    contest = make_contest(
        submission_opens_at=now - datetime.timedelta(days=30),
        submission_closes_at=now - datetime.timedelta(days=3),
        voting_opens_at=now - datetime.timedelta(days=1),
        voting_closes_at=now + datetime.timedelta(days=7),
        results_at=now + datetime.timedelta(days=10),
    )
    entries = [make_entry(contest, title=f"节点作品{i}") for i in range(80)]
    voters = {
        node: signed_in(fleet, make_user(f"v{node}", roles.WORKERS, membership_number=f"F1{node}")) for node in "ab"
    }
    # Each node has read the rules (its per-process copy) by voting.
    for node, browser in voters.items():
        for entry in entries[:2]:
            assert vote(browser, node, entry.pk) == (200, None)
    # The contest's voting closes now; the change is made in another process (an editor's), so neither node
    # forgets its copy at once: each may vote under the old rules for VOTE_RULES_TTL seconds, and no longer.
    closed_at = time.monotonic()
    closes = timezone.now() - datetime.timedelta(seconds=1)
    VideoContestPage.objects.filter(pk=contest.pk).update(voting_closes_at=closes)
    answers = []  # (node, seconds after the change when the vote was sent, status, code)
    remaining = iter(entries[2:])
    while time.monotonic() - closed_at < VOTE_RULES_TTL + 1.5:
        for node, browser in voters.items():
            sent = time.monotonic() - closed_at
            answers.append((node, sent, *vote(browser, node, next(remaining).pk)))
        time.sleep(0.1)
    accepted = [(node, sent) for node, sent, status, _code in answers if status == 200]
    refused = [(node, sent) for node, sent, status, code in answers if (status, code) == (403, "closed")]
    assert len(accepted) + len(refused) == len(answers), answers
    # A vote is accepted only under rules read before the change, so only if sent within the TTL of it ...
    assert all(sent <= VOTE_RULES_TTL for _node, sent in accepted), answers
    # ... and every vote sent after that is refused, on both nodes.
    late = [(node, sent) for node, sent in refused if sent > VOTE_RULES_TTL]
    assert {node for node, _sent in late} == {"a", "b"}, answers
    assert Vote.objects.filter(contest=contest).count() == 4 + len(accepted)


def test_voting_closed_by_publishing_in_the_admin_on_node_a_stops_votes_on_b_within_the_rules_ttl(
    fleet, make_contest, make_entry
):
    """An editor closes voting the way editors do: a draft of the contest with an earlier closing time, published
    with the admin's publish action through node A. The contest's page is fresh on node B at once (the page cache
    in Redis), and votes sent to either node more than VOTE_RULES_TTL after the publish are refused."""
    from campaigns.models import VideoContestPage
    from voting.models import Vote

    now = timezone.now()
    contest = make_contest(
        title="节点投票比赛",
        submission_opens_at=now - datetime.timedelta(days=30),
        submission_closes_at=now - datetime.timedelta(days=3),
        voting_opens_at=now - datetime.timedelta(days=1),
        voting_closes_at=now + datetime.timedelta(days=7),
        results_at=now + datetime.timedelta(days=10),
    )
    entries = [make_entry(contest, title=f"后台作品{i}") for i in range(60)]
    voters = {
        node: signed_in(fleet, make_user(f"w{node}", roles.WORKERS, membership_number=f"F2{node}")) for node in "ab"
    }
    reader = Browser(fleet)
    for node, browser in voters.items():  # each node reads the rules, and caches the contest's page
        assert vote(browser, node, entries[0].pk) == (200, None)
        assert "节点投票比赛" in reader.get(node, contest.url).text
    assert reader.get("b", contest.url).headers.get("X-Page-Cache") == "hit"

    draft = VideoContestPage.objects.get(pk=contest.pk)
    draft.title = "节点投票比赛（已改）"
    draft.voting_closes_at = timezone.now() - datetime.timedelta(seconds=1)
    draft.save_revision()
    assert VideoContestPage.objects.get(pk=contest.pk).voting_closes_at > timezone.now(), "a draft: nothing live yet"
    admin = superuser_on(fleet)
    publish = f"/admin/bulk/wagtailcore/page/publish/?id={contest.pk}&next=/admin/"
    assert admin.get("a", publish).status_code == 200
    done = admin.post("a", publish, {"include_descendants": ""})
    published_at = time.monotonic()
    assert done.status_code == 302, done.text[:500]
    assert VideoContestPage.objects.get(pk=contest.pk).voting_closes_at < timezone.now()

    page = reader.get("b", contest.url)
    assert "节点投票比赛（已改）" in page.text and page.headers.get("X-Page-Cache") != "hit", (
        "node B served the old page"
    )
    answers = []
    remaining = iter(entries[1:])
    while time.monotonic() - published_at < VOTE_RULES_TTL + 1.5:
        for node, browser in voters.items():
            sent = time.monotonic() - published_at
            answers.append((node, sent, *vote(browser, node, next(remaining).pk)))
        time.sleep(0.1)
    accepted = [(node, sent) for node, sent, status, _code in answers if status == 200]
    assert all(sent <= VOTE_RULES_TTL for _node, sent in accepted), answers
    late = {node for node, sent, status, code in answers if sent > VOTE_RULES_TTL and (status, code) == (403, "closed")}
    assert late == {"a", "b"}, answers
    assert all((status, code) == (403, "closed") for _n, sent, status, code in answers if sent > VOTE_RULES_TTL)
    assert Vote.objects.filter(contest=contest).count() == 2 + len(accepted)


def test_a_sensitive_word_added_through_node_a_screens_comments_on_node_b_at_once(fleet, make_feature):
    feature = make_feature(title="评论文章")
    target = f"home.featurepage:{feature.pk}"
    writer = signed_in(fleet, make_user("writer", roles.WORKERS, membership_number="F0003"))

    def comment(node, body):
        response = writer.post(
            node, "/comments/post/", {"target": target, "body": body}, headers={"Accept": "application/json"}
        )
        return response.status_code, response.json()

    assert comment("b", "这里说说节点之间的事")[0] == 201  # B has built its word list before the change
    admin = superuser_on(fleet)
    add = "/admin/snippets/screening/sensitiveword/add/"
    admin.get("a", add)
    response = admin.post("a", add, {"term": "节点刷票", "category": "spam", "action": "reject", "enabled": "on"})
    assert response.status_code == 302, response.text[:500]
    status, body = comment("b", "节 点 刷 票，加我")
    assert status == 400 and body["code"] == "rejected_words", body


def test_an_upload_through_node_a_is_served_to_everyone(fleet, make_contest, video_clips):
    from campaigns.models import VideoEntry

    now = timezone.now()
    contest = make_contest(
        submission_opens_at=now - datetime.timedelta(days=1),
        submission_closes_at=now + datetime.timedelta(days=3),
        voting_opens_at=now + datetime.timedelta(days=4),
        voting_closes_at=now + datetime.timedelta(days=7),
        results_at=now + datetime.timedelta(days=10),
        max_video_mb=1,
    )
    author = signed_in(fleet, make_user("author", roles.WORKERS, membership_number="F0004", display_name="作者"))
    submit = contest.url + "submit/"
    form = author.get("a", submit)
    assert form.status_code == 200
    video = video_clips["h264_mp4"].read_bytes()
    response = author.post(
        "a",
        submit,
        {"title": "两个节点的作品", "category": contest.categories.first().pk, "description": "两个节点都认得它。"},
        files={"video": ("clip.mp4", video, "video/mp4"), "poster": ("poster.png", poster().read(), "image/png")},
    )
    assert response.status_code == 302, response.text[:500]
    entry = VideoEntry.objects.get(title="两个节点的作品")
    assert (fleet.media / entry.original.name).exists(), "written to the shared media folder"
    served = requests.get(fleet.url + entry.original.url, headers={"Range": "bytes=0-99"}, timeout=10)
    assert served.status_code == 206 and served.content == video[:100], "nginx serves it, in ranges"


def test_rolling_restart_loses_no_vote(fleet, make_contest, make_entry):
    """Restart node A (``manage.py fleet --restart --node a``: drained by nginx, SIGTERM to its gunicorn,
    deploy/keep-running starts it again) while 12 workers vote through nginx: every vote is answered (200, or 409
    for a second vote for the same entry), and each counted once. ``FLEET_RESTART_ALL=1`` restarts both nodes in
    turn (twice as long: the full run)."""
    from campaigns.models import VideoEntry
    from voting.models import Vote
    from voting.services import count_mismatches

    now = timezone.now()
    contest = make_contest(
        submission_opens_at=now - datetime.timedelta(days=30),
        submission_closes_at=now - datetime.timedelta(days=3),
        voting_opens_at=now - datetime.timedelta(days=1),
        voting_closes_at=now + datetime.timedelta(days=7),
        results_at=now + datetime.timedelta(days=10),
    )
    entries = [make_entry(contest, title=f"重启作品{i}") for i in range(60)]
    voters = [make_user(f"rv{i}", roles.WORKERS, membership_number=f"R{i:04d}") for i in range(12)]
    cookies = [(session_for(user), "".join(secrets.choice(string.ascii_letters) for _ in range(32))) for user in voters]
    results = []
    stop = threading.Event()

    def keep_voting(index):
        session, token = cookies[index]
        mine = []
        for entry in itertools.cycle(entries):  # once round: 200 each; then again: 409, already voted today
            if stop.is_set():
                break
            try:
                response = requests.post(
                    f"{fleet.url}/voting/entries/{entry.pk}/vote/",
                    cookies={"sessionid": session, "csrftoken": token},
                    headers={"X-CSRFToken": token, "Accept": "application/json"},
                    timeout=60,
                )
                mine.append((voters[index].pk, entry.pk, response.status_code))
            except requests.RequestException as error:
                mine.append((voters[index].pk, entry.pk, repr(error)))
            time.sleep(0.02)
        return mine

    with ThreadPoolExecutor(max_workers=len(voters)) as pool:
        futures = [pool.submit(keep_voting, i) for i in range(len(voters))]
        try:
            time.sleep(1)
            said = fleet.rolling_restart(*([] if os.environ.get("FLEET_RESTART_ALL") else ["a"]))
        finally:
            stop.set()  # the voters stop whatever happened (the pool waits for them)
        for future in futures:
            results.extend(future.result())

    statuses = Counter(status for *_, status in results)
    print(f"rolling restart: {said.strip()}; answers {dict(statuses)}")  # noqa: T201
    assert statuses[200] > 0
    assert set(statuses) <= {200, 409}, f"every vote answered, none lost: {statuses}"
    ok = {(voter, entry) for voter, entry, status in results if status == 200}
    first = {}
    for voter, entry, status in results:
        first.setdefault((voter, entry), status)
    assert set(first.values()) == {200}, "each worker's first vote for an entry counted; 409 only for a second"
    votes = set(Vote.objects.filter(contest=contest).values_list("voter_id", "entry_id"))
    assert votes == ok, "each vote answered 200 is counted, and only those"
    assert Vote.objects.filter(contest=contest).count() == len(ok), "none twice"
    assert sum(VideoEntry.objects.filter(contest=contest).values_list("vote_count", flat=True)) == len(ok)
    assert count_mismatches() == []


def test_the_fleet_stops_as_one_unit(fleet):
    """Last in the module: SIGTERM to the fleet ends every process it started (nginx, gunicorn masters and
    workers, the workers, the scheduler, the search engine), within honcho's grace period."""
    tree, left = fleet.stop()
    assert len(tree) >= 12, tree
    assert left == [], f"processes left running: {left}"
    with pytest.raises(requests.ConnectionError):
        requests.get(fleet.url + "/nginx-health", timeout=5)
