"""Settings that vary by environment: production passes Django's deployment checklist."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def run_manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        "--settings=workershome.settings.production",
        SECRET_KEY="x" * 20 + "a-production-like-secret-key-with-enough-entropy-0123456789",
        ALLOWED_HOSTS="union.example.org",
        SITE_URL="https://union.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_until_site_url_names_the_public_address():
    """Without SITE_URL the default site stays localhost (from its migration) and every absolute link says so."""
    production = {
        "SECRET_KEY": "x" * 20 + "a-production-like-secret-key-with-enough-entropy-0123456789",
        "ALLOWED_HOSTS": "union.example.org",
    }
    for site_url, error in (
        ("", "core.E001"),
        ("http://localhost:8000", "core.E003"),
        ("union.example.org", "core.E002"),
    ):
        settings_module = "--settings=workershome.settings.production"
        result = run_manage("check", "--deploy", settings_module, SITE_URL=site_url, **production)
        assert result.returncode != 0 and error in result.stderr, (site_url, result.stdout + result.stderr)


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--settings=workershome.settings.production"],
        cwd=settings.BASE_DIR,
        env={**env, "ALLOWED_HOSTS": "union.example.org"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_embedded_defaults_and_environment_overrides():
    """With no variables the site uses SQLite and local memory; the URLs switch it to real services."""
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, s.TIME_ZONE,"
        " s.LANGUAGE_CODE)"
    )
    bare = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    default = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code, "--settings=workershome.settings.dev"],
        cwd=settings.BASE_DIR,
        env=bare,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert default.stdout.split()[-5:] == [
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
        "django.contrib.sessions.backends.db",
        "Asia/Shanghai",
        "zh-hans",
    ], default.stderr
    services = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code, "--settings=workershome.settings.dev"],
        cwd=settings.BASE_DIR,
        env={**bare, "DATABASE_URL": "postgres://u@db.example:5432/union", "REDIS_URL": "redis://cache:6379/0"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert services.stdout.split()[-5:-2] == [
        "django.db.backends.postgresql",
        "core.cache.RedisCache",
        "core.sessions",  # Django's cached_db, keeping sessions through a Redis outage
    ], services.stderr


def test_each_parallel_test_process_gets_its_own_redis_database():
    """Tests clear the cache, so under pytest-xdist each worker uses a Redis database of its own, and the servers
    a test starts inherit it from the environment."""
    code = "import os; from workershome.settings import test as t; print(t.REDIS_URL, os.environ['REDIS_URL'])"
    seen = {}
    for worker in ("", "gw0", "gw1", "gw2"):
        env = {**os.environ, "REDIS_URL": "redis://cache:6379/15", "PYTEST_XDIST_WORKER": worker}
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
        )
        in_settings, in_environment = result.stdout.split()
        assert in_settings == in_environment, result.stderr
        seen[worker] = in_settings
    assert seen == {
        "": "redis://cache:6379/15",
        "gw0": "redis://cache:6379/15",
        "gw1": "redis://cache:6379/14",
        "gw2": "redis://cache:6379/13",
    }


def test_every_environment_variable_is_in_the_readme():
    """Docs say what the code does: each variable the settings read (through settings/env.py) is named in the
    README's configuration, so a new one cannot be added without saying what it does."""
    settings_dir = Path(settings.BASE_DIR) / "workershome" / "settings"
    source = "\n".join(path.read_text() for path in settings_dir.glob("*.py"))
    names = set(re.findall(r'env_(?:str|int|bool|list)\(\s*"([A-Z0-9_]+)"', source))
    assert {"DATABASE_URL", "REDIS_URL", "PAGE_CACHE_TTL"} <= names
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    missing = sorted(name for name in names if f"`{name}`" not in readme)
    assert not missing, f"add them to the README's Configuration table: {missing}"


def test_every_app_with_tests_is_collected_by_the_test_command():
    """A new app's tests run only if pyproject's ``testpaths`` names the app (the README's command relies on it)."""
    import tomllib
    from pathlib import Path

    root = Path(settings.BASE_DIR)
    testpaths = set(tomllib.loads((root / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["testpaths"])
    apps_with_tests = {path.parent.name for path in root.glob("*/tests") if (path.parent / "apps.py").exists()}
    assert apps_with_tests, "no app has a tests folder: the test would pass whatever pyproject says"
    assert apps_with_tests - testpaths == set(), "add these apps to testpaths in pyproject.toml"
