"""The statistics: a leader's 数据统计 dashboard and the public 数说工会 page, on a phone and a desktop, draw their
ECharts charts (canvas) with the same numbers in tables, under the site's Content-Security-Policy, without a
console error; the public page passes axe. Screenshots go to ``test-output/`` (stats-*.png); the README's is a
copy of one of them in ``stats/screenshots/``."""

import pytest

from .conftest import DESKTOP, PHONE, admin_login, axe_problems, screenshot, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
DRAWN = "document.querySelectorAll('[data-chart-drawn] canvas').length"
CHARTS = "document.querySelectorAll('[data-chart-source]').length"


def check_charts_and_tables(page):
    wait_until(page, f"{CHARTS} > 0 && {DRAWN} === {CHARTS}")
    sizes = page.evaluate(
        "Array.from(document.querySelectorAll('[data-chart-drawn] canvas')).map(c => [c.clientWidth, c.clientHeight])"
    )
    assert all(width > 200 and height > 150 for width, height in sizes), sizes
    assert page.locator(".stats-table table tbody tr").count() > 10
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1] + 1, f"the page scrolls sideways: {width}"


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_leader_sees_the_dashboard_with_charts(site, open_page, device):
    page, _watch = open_page(**(PHONE if device == "phone" else DESKTOP))
    admin_login(page, site, "leader")
    page.goto(site + "/admin/stats/")  # this year: the demo's campaigns run around today
    assert page.locator("h2", has_text="宣讲场次").count() >= 1
    assert page.locator("h2", has_text="评论与审核").count() == 1
    assert page.locator("h1", has_text="数据统计").count() == 1
    check_charts_and_tables(page)
    screenshot(page, f"stats-dashboard-{device}")


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_the_public_figures_page_draws_its_charts(site, open_page, device):
    from stats.models import StatsPage

    page, _watch = open_page(**(PHONE if device == "phone" else DESKTOP))
    page.goto(site + StatsPage.objects.live().get().url)
    assert page.locator("h1", has_text="数说工会").count() == 1
    check_charts_and_tables(page)
    assert "评论与审核" not in page.content()
    assert axe_problems(page) == []
    screenshot(page, f"stats-page-{device}")
