"""Fixtures shared by every app's tests: the page tree, users in each role, and page builders.

Tests run on the database named by DATABASE_URL (PostgreSQL in CI) or on SQLite when it is unset.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Site

import pytest

from accounts import roles

# Fixtures that live with their domain but are used across apps.
pytest_plugins = ["campaigns.fixtures"]

TEST_PASSWORD = "a-long-test-password"


def is_postgres():
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_runtest_setup(item):
    """The markers declared in pyproject.toml decide what a test needs: ``postgres`` and ``redis`` tests are skipped,
    with the reason, where that service is not configured; ``pytest -m "not browser"`` leaves out the browser suite."""
    if item.get_closest_marker("postgres") and not is_postgres():
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://… (CI does)")
    if item.get_closest_marker("redis") and not settings.REDIS_URL:
        pytest.skip("needs a shared Redis cache: set REDIS_URL=redis://… (CI does)")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes uploads and renditions to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language. A request to /en/… leaves English active in the test's
    thread (LocaleMiddleware activates it and nothing switches back), so a later test's ``page.url`` would get the
    /en/ prefix and its result would depend on which test ran before it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def enrol_second_factor(user):
    """A confirmed authenticator for a staff user (what the enrolment view makes); returns the device."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test authenticator", confirmed=True)


def current_code(device):
    """The code the authenticator app would show now."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture(autouse=True)
def _staff_pass_the_second_factor(request, monkeypatch):
    """``client.force_login(staff)`` in tests stands for a full staff sign-in: password *and* second factor (an
    enrolled authenticator, verified in the session). The production rule is unchanged: tests of the second factor
    itself (marked ``real_second_factor``) sign in without it."""
    if request.node.get_closest_marker("real_second_factor"):
        return
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        from django_otp import DEVICE_ID_SESSION_KEY

        from accounts.two_factor import needs_second_factor

        if needs_second_factor(user):
            device = enrol_second_factor(user)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


def make_user(username, group=None, **fields):
    user = get_user_model().objects.create_user(username=username, password=TEST_PASSWORD, **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    return make_user("editor1", roles.EDITORS, display_name="编辑甲")


@pytest.fixture
def moderator(db):
    return make_user("moderator1", roles.MODERATORS, display_name="审核员乙")


@pytest.fixture
def first_reviewer(db):
    """初审: the editorial office."""
    return make_user("chief1", roles.FIRST_REVIEWERS, display_name="编辑部主任丁")


@pytest.fixture
def leader(db):
    """终审: the leader in charge."""
    return make_user("leader1", roles.LEADERS, display_name="分管领导戊")


@pytest.fixture
def worker(db):
    return make_user("worker1", roles.WORKERS, display_name="职工丙", work_unit="测试机械厂", membership_number="T0001")


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.com", TEST_PASSWORD)


@pytest.fixture
def home_page(db):
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def news_index(home_page):
    from home.models import NewsIndexPage

    index = NewsIndexPage(title="新闻资讯", slug="news", show_in_menus=True)
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def category(db):
    from home.models import Category

    return Category.objects.create(name="思想引领", slug="sixiang", sort_order=1)


@pytest.fixture
def image(db):
    from core.demo import demo_image

    return demo_image("测试图片", "books", "blue")


@pytest.fixture
def make_feature(news_index, category, image):
    """Create (and by default publish) a feature article under the news index."""
    from home.models import FeaturePage

    counter = {"n": 0}

    def build(title=None, publish=True, parent=None, tags=(), **fields):
        counter["n"] += 1
        n = counter["n"]
        defaults = {
            "title": title or f"测试文章{n}",
            "slug": f"feature-{n}",
            "summary": "一段摘要。",
            "category": category,
            "listing_image": image,
            "date_published": datetime.date(2022, 1, 1) + datetime.timedelta(days=n),
            "body": [("paragraph", "<p>正文内容，书屋与讲堂。</p>")],
        }
        defaults.update(fields)
        page = FeaturePage(live=False, **defaults)
        page.tags.add(*tags)
        (parent or news_index).add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        page.refresh_from_db()
        return page

    return build
