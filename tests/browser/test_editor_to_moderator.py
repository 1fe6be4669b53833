"""Journey 1: an editor writes a feature article, a moderator sends it back, the editor fixes it, the moderator
approves it, and it is live: on its own URL, on the home page and in search."""

import pytest

from .conftest import DESKTOP, admin_login, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
TITLE = "书屋夜读：车间旁的读书角开放了"
FIXED_TITLE = "书屋夜读：车间旁的读书角每晚开放"
SLUG = "shu-wu-ye-du-che-jian-pang-de-du-shu-jiao-kai-fang-le"


def news_index_id():
    from home.models import NewsIndexPage

    return NewsIndexPage.objects.get().pk


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


def test_editor_submits_moderator_rejects_then_approves(site, open_page):
    from wagtail.models import Page

    editor, _ = open_page(**DESKTOP)
    admin_login(editor, site, "editor")
    editor.goto(f"{site}/admin/pages/add/home/featurepage/{news_index_id()}/")
    editor.fill("#id_title", TITLE)
    editor.fill("#id_summary", "厂区职工书屋延长开放时间，下夜班的职工也能读上书。")
    # Wagtail's slug field follows the title as pinyin (core/slugs.py), which the editor could still change.
    wait_until(editor, "document.querySelector('#id_slug').value === '" + SLUG + "'")
    choose_first(editor, "listing_image")
    editor.get_by_role("tab", name="署名与分类").click()
    choose_first(editor, "category")
    tags = editor.locator('[data-contentpath="tags"] .tagit-new input')
    for tag in ("职工书屋", "夜读"):
        # A comma ends a tag in Wagtail's tag widget; Enter submits the form when the input is empty.
        tags.fill(tag)
        tags.press(",")
        editor.locator('[data-contentpath="tags"] .tagit-choice', has_text=tag).wait_for()
    assert "/pages/add/" in editor.url, "nothing was saved before the submission"
    submit_for_moderation(editor)
    message = editor.locator(".messages").inner_text()
    assert TITLE in message and "提交审核" in message, (message, form_errors(editor))  # "created and submitted"
    page = Page.objects.get(title=TITLE).specific
    assert not page.live and sorted(t.name for t in page.tags.all()) == ["夜读", "职工书屋"]
    assert page.listing_image_id is not None and page.category_id is not None

    moderator, _ = open_page(**DESKTOP)
    admin_login(moderator, site, "moderator")
    assert TITLE in moderator.content(), "the page waits in the moderator's queue on the dashboard"
    moderator.goto(f"{site}/admin/pages/{page.pk}/edit/")
    moderator.locator("footer [data-w-dropdown-target=toggle]").first.click()
    moderator.locator('button[data-workflow-action-name="reject"]').click()
    moderator.locator(".modal textarea").fill("标题请写明开放时间。")
    with moderator.expect_navigation():
        moderator.locator(".modal button[type=submit]").click()
    page.refresh_from_db()
    assert not page.live
    assert page.workflow_states.order_by("-created_at").first().status == "needs_changes"

    editor.goto(f"{site}/admin/pages/{page.pk}/edit/")
    assert "标题请写明开放时间。" in editor.content(), "the editor sees the moderator's comment"
    editor.fill("#id_title", FIXED_TITLE)
    submit_for_moderation(editor)

    # Approved from the dashboard's list, which says so (it used to come back without a word).
    moderator.goto(f"{site}/admin/")
    row = moderator.locator("#awaiting-review-content tr", has_text=FIXED_TITLE)  # the panel "awaiting your review"
    row.locator("[data-w-dropdown-target=toggle]").click()
    with moderator.expect_navigation():
        row.locator("button[data-workflow-action-url*='/approve/']:not([data-launch-modal])").click()
    assert f"《{FIXED_TITLE}》已通过审核并发布。" in moderator.locator(".messages").inner_text()
    page.refresh_from_db()
    assert page.live and page.title == FIXED_TITLE
    assert page.slug.startswith("shu-wu-ye-du-che-jian") and page.slug.isascii(), page.slug  # as it follows the title

    reader, _ = open_page(**DESKTOP)
    reader.goto(site + page.url)
    assert reader.locator("h1").inner_text() == FIXED_TITLE
    reader.goto(site + "/")
    assert FIXED_TITLE in reader.content(), "the home page lists the new article"
    reader.goto(site + "/search/?q=书屋夜读")
    assert reader.locator(".results-list .result", has_text=FIXED_TITLE).count() == 1, "search finds it"
