"""Screenshots of the main pages on a phone and a desktop (saved under test-output/), each checked for script
errors, failed requests and serious or critical accessibility violations (axe-core)."""

import urllib.parse

import pytest

from .conftest import DESKTOP, PHONE, axe_violations, screenshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def pages():
    from campaigns.models import LectureTourPage, VideoContestPage

    return [
        ("home", "/"),
        ("campaign-tour", LectureTourPage.objects.live().order_by("pk").first().url),
        ("contest", VideoContestPage.objects.get(title__contains="e有绝活").url),
        ("search", "/search/?q=" + urllib.parse.quote("职工书屋")),
    ]


def test_main_pages_on_phone_and_desktop(site, open_page):
    problems = {}
    for device, options in (("phone", PHONE), ("desktop", DESKTOP)):
        page, _ = open_page(**options)
        for name, path in pages():
            response = page.goto(site + path)
            assert response.status == 200, path
            page.wait_for_load_state("networkidle")
            screenshot(page, f"{name}-{device}")
            violations = axe_violations(page)
            if violations:
                problems[f"{name} ({device})"] = violations
        if device == "phone":
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"the phone layout scrolls sideways ({width}px)"
    assert problems == {}, "\n".join(f"{page}: {v}" for page, vs in problems.items() for v in vs)
