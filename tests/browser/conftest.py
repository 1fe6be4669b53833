"""Browser journeys: Playwright driving Debian's Chromium against the site served by gunicorn.

Each test gets the demo content in the (transactional) test database, a fresh search engine clone with the index
built, and gunicorn with the production settings serving them. Pages are watched: any JavaScript error, any
console error, any 4xx/5xx response the test did not announce, and any dialog (``alert`` from a script) fails
the test. Screenshots go to ``test-output/``.
"""

import os
import shutil
import time
from pathlib import Path

from django.conf import settings as django_settings
from django.core.management import call_command

import pytest

from tests.servers import gunicorn

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
AXE = Path(django_settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
OUTPUT = Path(django_settings.BASE_DIR) / "test-output"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PASSWORD = "workers-home-demo"

if not Path(CHROMIUM).exists():
    pytest.skip(
        f"browser journeys need Chromium at {CHROMIUM}: apt-get install chromium (.ci/run installs it)",
        allow_module_level=True,
    )


@pytest.fixture
def browser(monkeypatch):
    """Chromium for one test. While Playwright's sync API runs, an event loop is running in this thread, which
    Django's async-safety check takes for an async context; the test code is synchronous, so the check is
    switched off for the duration of the test only (and kept out of the servers' environment)."""
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content, built once per test process by the first journey and restored for each later one: a copy
    of the database (tests/snapshots.py), of the uploaded files, and of a search engine with the index built (an
    osmem-server of this process's own, whose clones each journey searches)."""
    from tests import snapshots

    state = {"database": None, "media": tmp_path_factory.mktemp("demo-media"), "engine": None}
    yield state
    if state["engine"] is not None:
        state["engine"].close()
    if state["database"] is not None:
        with django_db_blocker.unblock():
            snapshots.drop(state["database"])


def build_demo(snapshot, settings):
    """Load the demo content and build its search index (on an engine of its own), then keep copies of both."""
    from osmem_server import OsmemServer

    from search.index import rebuild
    from tests import snapshots

    call_command("load_demo", verbosity=0)
    snapshot["engine"] = engine = OsmemServer.start(japanese=False)
    settings.ELASTICSEARCH_URL = engine.url
    rebuild()
    shutil.copytree(settings.MEDIA_ROOT, snapshot["media"], dirs_exist_ok=True)
    name = snapshots.snapshot_name("demo")
    snapshots.take(name)
    snapshot["database"] = name


@pytest.fixture
def site(transactional_db, demo_snapshot, settings):
    """The demo site served by gunicorn (production settings), with search on a fresh engine.

    ``transactional_db`` comes first, so the database is restored (serialized rollback) before the demo content is
    loaded; the server only sees committed data. The first journey of a test process loads the demo content and
    builds the index; the later ones start from copies of what it built (``demo_snapshot``), which is the same
    state, in seconds instead of a minute."""
    from tests import snapshots

    # The server runs the production settings, whose password hashers do not include the tests' fast MD5 one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    if demo_snapshot["database"] is None:
        build_demo(demo_snapshot, settings)
    else:
        snapshots.restore(demo_snapshot["database"])
        shutil.copytree(demo_snapshot["media"], settings.MEDIA_ROOT, dirs_exist_ok=True)
    engine = demo_snapshot["engine"].clone()  # the built index, for this journey alone
    settings.ELASTICSEARCH_URL = engine.url
    env = {
        "ELASTICSEARCH_URL": engine.url,
        "TASKS_BACKEND": "immediate",  # search sync and other tasks run at once, as a worker would soon after
        "PAGE_CACHE_ENABLED": "1",
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
        # Autosave (a draft saved half a second after each change) would race the journey's own clicks: on a
        # slow machine it creates the page while the editor's "submit" still posts to the "add" form.
        "WAGTAIL_AUTOSAVE_INTERVAL": "0",
    }
    try:
        # Without Redis each process has its own cache; one worker keeps cache invalidation observable.
        with gunicorn(workers=2 if settings.REDIS_URL else 1, extra_env=env) as base:
            yield base
    finally:
        engine.close()


class Watch:
    """Fails the test on script errors, console errors, unexpected 4xx/5xx responses and dialogs."""

    def __init__(self, page):
        self.problems, self.expected, self.dialogs = [], [], []
        page.on("pageerror", lambda error: self.problems.append(f"JavaScript error: {error}"))
        page.on("console", self.on_console)
        page.on("response", self.on_response)
        page.on("dialog", self.on_dialog)

    def expect(self, url_part, status):
        """Announce a 4xx the journey provokes on purpose (a refused second vote)."""
        self.expected.append((url_part, status))

    def on_console(self, message):
        if message.type != "error":
            return
        if message.text.startswith("Failed to load resource: the server responded with a status of"):
            return  # the response itself is checked in on_response, with the expected ones allowed
        self.problems.append(f"console error: {message.text}")

    def on_response(self, response):
        if response.status >= 400 and not any(
            part in response.url and status == response.status for part, status in self.expected
        ):
            self.problems.append(f"HTTP {response.status} for {response.url}")

    def on_dialog(self, dialog):
        self.dialogs.append(dialog.message)
        self.problems.append(f"a dialog opened: {dialog.message!r}")
        dialog.dismiss()

    def assert_clean(self):
        assert self.problems == [], "\n".join(self.problems)


@pytest.fixture
def open_page(browser):
    """open_page(**context_options) -> (page, watch); every page opened is checked when the test ends."""
    contexts, watches = [], []

    def make(**options):
        context = browser.new_context(locale="zh-CN", **options)
        context.set_default_timeout(15000)
        contexts.append(context)
        page = context.new_page()
        watch = Watch(page)
        watches.append(watch)
        return page, watch

    yield make
    for context in contexts:
        context.close()
    # While Playwright's loop runs, Django keeps this test's queries on connections of their own (its
    # connection handler is context-local); close them here, or they outlive the test database.
    from django.db import connections

    connections.close_all()
    for watch in watches:
        watch.assert_clean()


def wait_until(page, expression, timeout=10):
    """Poll a JavaScript expression until it is true, for at most ``timeout`` seconds. (Playwright's
    ``wait_for_function`` runs its text through eval() inside the page, which the site's Content-Security-Policy
    forbids; ``page.evaluate`` goes through the debugging protocol, which it does not.)"""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout}s: {expression}")
        time.sleep(0.05)


def screenshot(page, name):
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"{name}.png"), full_page=True)


def admin_login(page, base, username):
    """A staff sign-in as people do it: the password, then the code of their authenticator app (enrolled here,
    in the database the server uses, as the enrolment view would: accounts/two_factor.py)."""
    from django.contrib.auth import get_user_model

    from conftest import current_code, enrol_second_factor

    device = enrol_second_factor(get_user_model().objects.get(username=username))
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/2fa/verify/**")
    page.fill("#id_code", current_code(device))
    page.click("main form button[type=submit]")
    page.wait_for_url(base + "/admin/")


def site_login(page, base, username, password=PASSWORD):
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def axe_source():
    if not AXE.exists():
        if shutil.which("npm") is None:
            pytest.skip("the accessibility check needs axe-core from npm, and npm is not installed")
        pytest.fail(f"axe-core is missing at {AXE}: run `npm ci` (./run.sh does it)")
    return AXE.read_text()


def run_axe(page, rules=()):
    """axe-core's results for the page as it is now. Evaluated through the browser's debugging protocol, not a
    <script> element, so the site's Content-Security-Policy (scripts from the site only) does not stop it."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    return page.evaluate(
        """async (extra) => {
            const rules = {};
            for (const id of extra) { rules[id] = {enabled: true}; }
            return await axe.run(document, {resultTypes: ["violations", "incomplete"], rules});
        }""",
        list(rules),
    )


def axe_problems(page, elder=False):
    """Every axe violation (any impact) and every colour-contrast check axe could not settle ("incomplete", such
    as text on a picture, or links it cannot see against the header). Elder-friendly mode is also held to the
    enhanced contrast of WCAG AAA (7:1)."""
    contrast = ["color-contrast", "color-contrast-enhanced"] if elder else ["color-contrast"]
    result = run_axe(page, rules=contrast[1:])
    found = []
    for kind, items in (("violation", result["violations"]), ("incomplete", result["incomplete"])):
        for item in items:
            if kind == "incomplete" and item["id"] not in contrast:
                continue
            targets = "; ".join(str(node["target"][0]) for node in item["nodes"][:5])
            found.append(f"{kind} {item['id']} ({item['impact']}): {item['help']} — {targets}")
    return found
