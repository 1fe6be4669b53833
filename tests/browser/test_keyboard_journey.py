"""Journey 5: a worker who uses the keyboard alone (no mouse, no touch) switches on the elder-friendly mode,
registers, opens the video contest and an entry, votes and comments. After every Tab the focused element must be
visible: a focus ring, on screen, not under the header. The mode is remembered from page to page."""

import pytest

from .conftest import DESKTOP, screenshot, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "Zhigong-2022-home"

FOCUS = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) { return {ok: false, what: "nothing has the focus"}; }
    const style = getComputedStyle(element);
    const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== "none";
    const box = element.getBoundingClientRect();
    const onScreen = box.width > 0 && box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
    const x = Math.min(Math.max(box.left + box.width / 2, 1), innerWidth - 1);
    const y = Math.min(Math.max(box.top + Math.min(box.height / 2, 10), 1), innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    const uncovered = !!hit && (hit === element || element.contains(hit) || hit.contains(element));
    return {ok: ring && onScreen && uncovered, ring, onScreen, uncovered, what: element.outerHTML.slice(0, 140)};
}"""


class Keyboard:
    def __init__(self, page):
        self.page = page
        self.unseen = []  # focused elements that were not visibly focused

    def tab_to(self, selector, limit=90):
        """Press Tab until the element matching ``selector`` has the focus, checking the focus after each press."""
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            focus = self.page.evaluate(FOCUS)
            if not focus["ok"]:
                self.unseen.append(focus)
            if self.page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"{selector} was not reached with {limit} presses of Tab on {self.page.url}")

    def follow(self, selector):
        """Tab to a link and follow it with Enter."""
        self.tab_to(selector)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")

    def fill(self, selector, text):
        self.tab_to(selector)
        self.page.keyboard.type(text)


def elder(page):
    return page.evaluate("document.documentElement.classList.contains('elder')")


def test_a_worker_registers_votes_and_comments_with_the_keyboard_alone(site, open_page):
    from comments.models import Comment

    page, _ = open_page(**DESKTOP)
    keys = Keyboard(page)
    page.goto(site + "/")

    keys.tab_to("[data-display-mode-switch]")
    page.keyboard.press("Enter")
    assert elder(page) and page.get_attribute("[data-display-mode-switch]", "aria-pressed") == "true"

    keys.follow("a[href$='/accounts/register/']")
    assert elder(page), "the mode is remembered on the next page"
    for selector, text in (
        ("#id_username", "lilei"),
        ("#id_display_name", "李雷"),
        ("#id_work_unit", "荆州纺织印染公司"),
        ("#id_membership_number", "GH20229911"),
        ("#id_phone", "13907169911"),
        ("#id_password1", PASSWORD),
        ("#id_password2", PASSWORD),
    ):
        keys.fill(selector, text)
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in the last field sends the form
    # The header is the same for everyone; personal.js puts the name in it from /accounts/me/.
    wait_until(page, "document.querySelector('[data-account-name]').textContent === '李雷'")
    assert page.locator(".account-nav").inner_text().strip() == "李雷", "registered and signed in"

    keys.follow(".site-nav a[href$='/video-contests/']")
    keys.follow("a.card__link[href*='e-you-juehuo']")
    keys.follow(".entry-card a.card__link")
    assert elder(page)

    wait_until(page, "document.querySelector('button.vote__button') !== null")  # the vote form, made by personal.js
    keys.tab_to("button.vote__button")
    page.keyboard.press("Enter")
    wait_until(page, "document.querySelector('[data-vote-status]').textContent.length > 0")
    assert page.locator("[data-vote-status]").inner_text() == "感谢投票！您的一票已计入。"

    keys.fill("#comment-body", "键盘也能投票评论，长辈模式字大清楚。")
    keys.tab_to("form[data-comment-form] button[type=submit]")
    page.keyboard.press("Enter")
    wait_until(page, "document.querySelector('[data-comment-status]').textContent.length > 0")
    mine = page.locator(".comment--pending", has_text="键盘也能投票评论")
    assert mine.count() == 1 and "待审核" in mine.inner_text(), "the new comment shows at once, marked 待审核"
    assert page.locator("[data-comments-empty]").count() == 0, "and 'no comments yet' has gone"
    screenshot(page, "journey-keyboard-entry-desktop-elder")

    page.reload()
    assert elder(page), "still on after a reload"
    assert Comment.objects.get(body="键盘也能投票评论，长辈模式字大清楚。").status == "pending"
    assert keys.unseen == [], "focus not visible:\n" + "\n".join(str(focus) for focus in keys.unseen)
