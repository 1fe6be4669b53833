"""Security headers: an enforced Content-Security-Policy and a Permissions-Policy on the public site (pages served
from the page cache included), the same policy only reported in the admin."""

from django.test import Client

import pytest


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def csp(response):
    return dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if " " in part.strip()
    )


def test_public_pages_enforce_the_policy_also_when_served_from_the_page_cache(page_cache_on, make_feature):
    feature = make_feature()
    client = Client()
    for expected_cache in ("miss", "hit"):
        response = client.get(feature.url)
        assert response["X-Page-Cache"] == expected_cache
        policy = csp(response)
        assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
        assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'self'"
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]


def test_the_admin_reports_but_does_not_enforce(client, editor):
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
    assert "script-src 'self'" in response["Content-Security-Policy-Report-Only"]


def test_json_and_api_answers_carry_the_policy_too(client, db):
    for url in ("/search/suggest/?q=书屋", "/api/v2/pages/", "/healthz"):
        response = client.get(url)
        assert "default-src 'self'" in response["Content-Security-Policy"], url
