"""Journey: a worker signs up for a lecture session on a phone, answers the question, finds the sign-up in 我的报名
and opens the check-in QR code; the organiser (活动管理员) opens the event's check-in page on a phone and, the
camera not being available here, types the code shown under the QR code: the worker is checked in."""

import pytest

from .conftest import PHONE, screenshot, site_login, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_worker_signs_up_and_the_organiser_checks_them_in(site, open_page):
    from signups.models import Activity, Signup

    activity = Activity.objects.filter(enabled=True, questions=["工作单位"]).order_by("starts_at")
    activity = activity.first() or Activity.objects.filter(enabled=True).order_by("starts_at").first()
    tour_url = activity.page.specific.url

    page, _watch = open_page(**PHONE)
    site_login(page, site, "worker")
    page.goto(site + tour_url)
    box = page.locator(f"[data-signup='{activity.pk}']")
    assert "报名中" in box.inner_text()
    with page.expect_navigation():
        box.get_by_role("link", name="我要报名").click()
    if page.locator("#id_q0").count():
        page.fill("#id_q0", "荆江汽车零部件有限公司")
    with page.expect_navigation():
        page.locator("main form[data-signup-form] button[type=submit]").click()
    assert "报名成功" in page.locator("[data-messages]").inner_text()
    assert "您已报名成功" in page.locator("[data-signup-state]").inner_text()

    page.goto(site + tour_url)  # the cached page: personal.js says the worker has a place
    wait_until(
        page, f"document.querySelector(\"[data-signup='{activity.pk}'] [data-signup-status]\").textContent === '已报名'"
    )
    page.goto(site + "/accounts/")
    mine = page.locator(".my-signup", has_text=activity.title)
    assert "已报名" in mine.inner_text()
    with page.expect_navigation():
        mine.get_by_role("link", name="签到码").click()
    assert page.locator("[data-checkin-qr] svg").is_visible()
    code = page.locator("[data-checkin-token]").inner_text()
    screenshot(page, "journey-signup-checkin-code-phone")

    staff, _staff_watch = open_page(**PHONE)
    site_login(staff, site, "organiser")
    staff.goto(site + "/signups/organise/")
    with staff.expect_navigation():
        staff.locator("a", has_text=activity.title).first.click()
    staff.fill("#id_code", code)
    with staff.expect_navigation():
        staff.get_by_role("button", name="签到", exact=True).click()
    assert "签到成功" in staff.locator("[data-messages]").inner_text()
    assert "李师傅" in staff.locator("[data-checkin-list]").inner_text()
    screenshot(staff, "journey-signup-organiser-phone")
    signup = Signup.objects.get(activity=activity, user__username="worker")
    assert signup.checked_in_at and signup.checked_in_by.username == "organiser"
    assert signup.answers.get("工作单位", "荆江汽车零部件有限公司") == "荆江汽车零部件有限公司"
