"""Journey 1: a district editor (沙市区总工会) writes a feature with a held word; screening flags it, and it passes
初审 (编辑部, who first sends it back with a comment), 复审 (审核员) and 终审 (分管领导), with the word marked at each
level, then it is live: on its own URL, on the home page and in search. Every staff member signs in with a
password and an authenticator code."""

import pytest

from .conftest import DESKTOP, admin_login, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
TITLE = "书屋夜读：沙市区车间旁的读书角开放了"
FIXED_TITLE = "书屋夜读：沙市区车间旁的读书角每晚开放"
SUMMARY = "沙市区总工会在厂区开展抵制赌博、倡导读书的活动，下夜班的职工也能读上书。"
SLUG = "shu-wu-ye-du-sha-shi-qu-che-jian-pang-de-du-shu-jiao-kai-fang-le"


def district_section_id():
    from home.models import NewsIndexPage

    return NewsIndexPage.objects.get(title="沙市区总工会").pk


def choose_first(page, field):
    """Open a chooser (image, snippet) and pick the first item in its modal."""
    page.locator(f'[data-contentpath="{field}"] button[data-chooser-action-choose]').click()
    page.locator(".modal [data-chooser-modal-choice]").first.click()
    page.wait_for_selector(".modal", state="hidden")


def form_errors(page):
    """The admin form's field errors, as "field: message" lines (for a failure's explanation)."""
    return page.eval_on_selector_all(
        ".w-field--error, .w-field__errors, .error-message",
        "nodes => nodes.map(n => (n.closest('[data-contentpath]')?.dataset.contentpath || '?') + ': ' + n.innerText)",
    )


def submit_for_moderation(page):
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    with page.expect_navigation():
        page.locator('button[name="action-submit"]').click()


def sees_the_flag(reviewer, site, page):
    reviewer.goto(f"{site}/admin/pages/{page.pk}/edit/")
    flagged = reviewer.locator(".messages .screening-findings li[data-screening=hold]")
    assert flagged.count() == 1, "the reviewer sees what screening flagged"
    assert flagged.locator("mark").first.inner_text() == "赌博"


def approve_from_dashboard(reviewer, site, title):
    reviewer.goto(f"{site}/admin/")
    row = reviewer.locator("#awaiting-review-content tr", has_text=title)  # the panel "awaiting your review"
    row.locator("[data-w-dropdown-target=toggle]").click()
    with reviewer.expect_navigation():
        row.locator("button[data-workflow-action-url*='/approve/']:not([data-launch-modal])").click()
    return reviewer.locator(".messages").inner_text()


def test_district_editor_to_three_levels_of_review(site, open_page):
    from wagtail.models import Page

    editor, _ = open_page(**DESKTOP)
    admin_login(editor, site, "shashi")
    editor.goto(f"{site}/admin/pages/add/home/featurepage/{district_section_id()}/")
    editor.fill("#id_title", TITLE)
    editor.fill("#id_summary", SUMMARY)
    # Wagtail's slug field follows the title as pinyin (core/slugs.py), which the editor could still change.
    wait_until(editor, "document.querySelector('#id_slug').value === '" + SLUG + "'")
    choose_first(editor, "listing_image")
    assert "/pages/add/" in editor.url, "nothing was saved before the submission"
    submit_for_moderation(editor)
    message = editor.locator(".messages").inner_text()
    assert TITLE in message and "提交审核" in message, (message, form_errors(editor))  # "created and submitted"
    page = Page.objects.get(title=TITLE).specific
    assert not page.live and page.get_parent().title == "沙市区总工会"

    # 初审: the editorial office sees the flag and sends the page back with a comment.
    chief, _ = open_page(**DESKTOP)
    admin_login(chief, site, "chief")
    assert TITLE in chief.content(), "the page waits in 编辑部's queue on the dashboard"
    sees_the_flag(chief, site, page)
    chief.locator("footer [data-w-dropdown-target=toggle]").first.click()
    chief.locator('button[data-workflow-action-name="reject"]').click()
    chief.locator(".modal textarea").fill("标题请写明开放时间。")
    with chief.expect_navigation():
        chief.locator(".modal button[type=submit]").click()
    page.refresh_from_db()
    assert not page.live
    assert page.workflow_states.order_by("-created_at").first().status == "needs_changes"

    editor.goto(f"{site}/admin/pages/{page.pk}/edit/")
    assert "标题请写明开放时间。" in editor.content(), "the editor sees the comment"
    editor.fill("#id_title", FIXED_TITLE)
    submit_for_moderation(editor)

    assert "现等待复审（审核员）" in approve_from_dashboard(chief, site, FIXED_TITLE)

    # 复审 and 终审, each seeing the flag first.
    moderator, _ = open_page(**DESKTOP)
    admin_login(moderator, site, "moderator")
    sees_the_flag(moderator, site, page)
    assert "现等待终审（分管领导）" in approve_from_dashboard(moderator, site, FIXED_TITLE)
    page.refresh_from_db()
    assert not page.live, "复审 does not publish"

    leader, _ = open_page(**DESKTOP)
    admin_login(leader, site, "leader")
    sees_the_flag(leader, site, page)
    assert f"《{FIXED_TITLE}》已通过审核并发布。" in approve_from_dashboard(leader, site, FIXED_TITLE)
    page.refresh_from_db()
    assert page.live and page.title == FIXED_TITLE

    reader, _ = open_page(**DESKTOP)
    reader.goto(site + page.url)
    assert reader.locator("h1").inner_text() == FIXED_TITLE
    reader.goto(site + "/")
    assert FIXED_TITLE in reader.content(), "the home page lists the new article"
    reader.goto(site + "/search/?q=书屋夜读")
    assert reader.locator(".results-list .result", has_text=FIXED_TITLE).count() == 1, "search finds it"
