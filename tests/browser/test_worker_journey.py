"""Journey 2: a worker registers on a phone, sees their name on the (cached) contest page, opens an entry, votes
(the count rises without a reload, the button says 已投票), reloads and still sees 已投票 with the reason, and
comments — the comment shows at once, awaiting review, and again after a reload."""

import re

import pytest

from .conftest import PHONE, screenshot, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def votes_shown(page):
    return int(re.search(r"\d+", page.locator("[data-entry-votes]").first.inner_text()).group())


def test_worker_registers_votes_and_comments_on_a_phone(site, open_page):
    from campaigns.models import VideoContestPage
    from comments.models import Comment

    contest = VideoContestPage.objects.get(title__contains="e有绝活")
    page, watch = open_page(**PHONE)

    page.goto(site + "/accounts/register/")
    page.fill("#id_username", "hanmeimei")
    page.fill("#id_display_name", "韩梅梅")
    page.fill("#id_work_unit", "荆江汽车零部件有限公司")
    page.fill("#id_membership_number", "ＧＨ2022 7788")  # full-width and a space: normalised by the form
    page.fill("#id_phone", "13907160000")
    page.fill("#id_password1", "Zhigong-2022-home")
    page.fill("#id_password2", "Zhigong-2022-home")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "韩梅梅" in page.content(), "registered and signed in"

    page.goto(site + contest.url)
    assert page.locator("h1").inner_text().startswith("“e有绝活”")
    # The page is the cached copy every visitor gets; personal.js puts the worker's name in the header.
    wait_until(page, "document.querySelector('[data-account-name]').textContent === '韩梅梅'")
    assert page.locator("[data-account-name]").is_visible()
    with page.expect_navigation():
        page.locator(".entry-card a.card__link").first.click()
    entry_url = page.url
    media = page.locator(".entry video, .entry a.button[target=_blank]")
    assert media.count() >= 1, "the entry can be played or opened"
    if page.locator(".entry video").count():
        page.locator(".entry video").evaluate("video => { video.muted = true; return video.play().catch(() => null); }")

    page.evaluate("window.__notReloaded = true")
    before = votes_shown(page)
    page.get_by_role("button", name="投票").click()
    wait_until(page, "document.querySelector('[data-vote-status]').textContent.length > 0")
    assert page.locator("[data-vote-status]").inner_text() == "感谢投票！您的一票已计入。"
    assert votes_shown(page) == before + 1
    assert page.evaluate("window.__notReloaded") is True and page.url == entry_url, "no page reload"
    voted = page.locator(".entry .vote__button")
    assert voted.inner_text() == "已投票" and voted.is_disabled(), "no second vote offered"

    page.reload()  # the cached page again: the button tells the truth on load, without a click and a 409
    wait_until(page, "document.querySelector('.entry .vote__button').textContent === '已投票'")
    assert page.locator(".entry .vote__button").is_disabled()
    assert page.locator("[data-vote-status]").inner_text() == "今天已经为这件作品投过票了，明天再来吧。"

    page.fill("#comment-body", "这门手艺练了多少年？给师傅点赞！")
    page.get_by_role("button", name="发表评论").click()
    wait_until(page, "document.querySelector('[data-comment-status]').textContent.length > 0")
    assert "待审核" in page.locator("[data-comment-status]").inner_text()
    # The comment shows at once, marked 待审核, and "no comments yet" (never a numbered item) is gone.
    posted = page.locator(".comment--pending", has_text="这门手艺练了多少年")
    assert posted.is_visible() and "待审核" in posted.inner_text()
    assert page.locator("[data-comments-empty]").count() == 0
    assert page.locator("li", has_text="还没有评论").count() == 0
    page.reload()  # the cached page again: personal.js adds the worker's own pending comment from /accounts/me/
    wait_until(page, "document.querySelectorAll('.comment--pending').length > 0")
    mine = page.locator(".comment--pending", has_text="这门手艺练了多少年")
    assert mine.count() == 1 and "待审核" in mine.inner_text()
    screenshot(page, "journey-worker-entry-phone")
    assert Comment.objects.get(body="这门手艺练了多少年？给师傅点赞！").status == "pending"
