"""Tests: fast and deterministic, but on the same database engine and cache as production when the CI machine
provides them (``DATABASE_URL`` / ``REDIS_URL``)."""

import os
from urllib.parse import urlsplit, urlunsplit

# Under pytest-xdist (``-n 2``) each worker process gets its own Redis database next to the configured one (gw0 the
# configured one, gw1 the one below it, …), since tests clear the cache; pytest-django gives each worker its own
# test database. Set in the environment, so servers started by a test (gunicorn, runserver) use the same one.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw") and os.environ.get("REDIS_URL"):
    _url = urlsplit(os.environ["REDIS_URL"])
    _db = int(_url.path.strip("/") or 0)
    os.environ["REDIS_URL"] = urlunsplit(_url._replace(path=f"/{(_db - int(_worker[2:])) % 16}"))

# The fleet's tests (tests/test_fleet.py, FLEET_TESTS=1) run in a pytest session of their own (``-n 0 -m fleet``;
# CI's last step), whose servers share everything with the test: so that session gets its own test database
# (``test_<name>_fleet``, below), Redis database (FLEET_REDIS_URL, or the one two below the configured one, after
# the two xdist workers' ones) and search index prefix, and may run beside an ordinary test session of the same
# checkout without either one emptying the other's data under it.
FLEET_SESSION = bool(os.environ.get("FLEET_TESTS"))
if FLEET_SESSION and os.environ.get("REDIS_URL"):
    _url = urlsplit(os.environ["REDIS_URL"])
    _db = int(_url.path.strip("/") or 0)
    os.environ["REDIS_URL"] = os.environ.get("FLEET_REDIS_URL") or urlunsplit(_url._replace(path=f"/{(_db - 2) % 16}"))
if FLEET_SESSION:
    os.environ["SEARCH_INDEX_PREFIX"] = os.environ.get("SEARCH_INDEX_PREFIX", "workershome") + "-fleet"

from .base import *  # noqa: E402, F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

# A file-backed SQLite test database, so servers started by the tests (gunicorn, a live server with several
# processes) see the same data as the test. PostgreSQL test databases are shared by nature.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405  (a fresh clone has no var/ yet)
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}  # noqa: F405

if FLEET_SESSION:
    _test = DATABASES["default"].setdefault("TEST", {})  # noqa: F405
    _name = _test.get("NAME") or DATABASES["default"]["NAME"]  # noqa: F405
    _test["NAME"] = f"{_name}_fleet" if _test.get("NAME") else f"test_{_name}_fleet"

# Most tests change data behind the pages' back (queryset updates, no signals); the page cache tests turn it on.
PAGE_CACHE_ENABLED = False

# No search engine unless a test starts one (search tests use the osmem-server engine, see search/conftest.py).
ELASTICSEARCH_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
