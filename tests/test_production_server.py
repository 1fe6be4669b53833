"""The production setup really serves: gunicorn with the production settings, whitenoise for static files."""

import os
import subprocess
import sys
import urllib.request

from django.conf import settings

import pytest

from .servers import gunicorn


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_gunicorn_serves_pages_and_whitenoise_serves_hashed_static_files(tmp_path, home_page):
    static_root = tmp_path / "static"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "workershome.settings.production",
        "SECRET_KEY": "collectstatic-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(static_root),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=settings.BASE_DIR, env=env, check=True
    )
    with gunicorn(extra_env={"STATIC_ROOT": str(static_root)}) as base:
        status, headers, body = fetch(base + "/")
        assert status == 200
        html = body.decode()
        assert "职工之家" in html
        # The stylesheet link carries a content hash; whitenoise serves it compressed with a long cache life.
        css_path = html.split('rel="stylesheet" href="')[1].split('"')[0]
        assert css_path.startswith("/static/css/site.") and css_path != "/static/css/site.css"
        status, headers, _ = fetch(base + css_path, headers={"Accept-Encoding": "gzip"})
        assert status == 200
        assert headers.get("Content-Encoding") == "gzip"
        assert "max-age=315360000" in headers.get("Cache-Control", "")
        # Security headers from the production settings.
        _, headers, _ = fetch(base + "/healthz")
        assert headers.get("X-Content-Type-Options") == "nosniff"
        assert headers.get("Referrer-Policy") == "strict-origin-when-cross-origin"
