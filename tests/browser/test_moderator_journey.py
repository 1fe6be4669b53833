"""Journey 3: a moderator reviews a comment held by a sensitive word, approves another in bulk and blocks an
abusive account; the worker then sees the approved comment, and the blocked account is refused."""

import pytest

from .conftest import DESKTOP, PASSWORD, PHONE, admin_login, site_login, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
HELD = "这台冲床真是个废物，三天两头坏，希望工会帮着反映一下"
PLAIN = "读书角周末也开放吗？想带孩子一起去"
ABUSE = "你们都是废物，滚出去"


@pytest.fixture
def queue(site):
    from django.contrib.auth import get_user_model

    from comments.policy import post_comment
    from home.models import FeaturePage

    users = get_user_model().objects
    worker = users.get(username="worker")
    troll = users.create_user("troll", password=PASSWORD, display_name="捣乱者", membership_number="TR0001")
    feature = FeaturePage.objects.live().order_by("pk").first()
    held = post_comment(worker, feature, HELD, ip="10.1.1.1")
    plain = post_comment(worker, feature, PLAIN, ip="10.1.1.1")
    post_comment(troll, feature, ABUSE, ip="10.1.1.2")
    assert held.held_because == "screening" and plain.held_because == "new"
    return {"feature": feature, "worker": worker, "troll": troll}


def test_moderator_reviews_approves_in_bulk_and_blocks(site, queue, open_page):
    from comments.models import Comment, CommentBlock

    moderator, _ = open_page(**DESKTOP)
    admin_login(moderator, site, "moderator")
    assert "待审评论" in moderator.content(), "the dashboard shows the comment queue"
    moderator.goto(site + "/admin/snippets/publiccomments/comment/?status=pending&held_because=screening")
    row = moderator.locator("tr", has_text="这台冲床")
    assert row.locator("mark").inner_text() == "废物", "the matched word is highlighted"

    # Review the held comment on its own page: the moderator sees the match and approves it (a machine, not a person).
    with moderator.expect_navigation():
        row.locator("a").first.click()
    assert moderator.locator("mark", has_text="废物").count() >= 1
    moderator.select_option("#id_status", "approved")
    with moderator.expect_navigation():
        moderator.locator("footer button[type=submit]").first.click()

    # Approve another in bulk, from the queue.
    moderator.goto(site + "/admin/snippets/publiccomments/comment/?status=pending")
    moderator.locator("tr", has_text="读书角周末也开放吗").locator("input[type=checkbox]").check()
    with moderator.expect_navigation():
        moderator.locator("[data-bulk-action-footer] a, .bulk-actions-choices a", has_text="通过").first.click()
    with moderator.expect_navigation():
        moderator.locator("main form button[type=submit]").first.click()
    assert set(Comment.objects.filter(status="approved", author=queue["worker"]).values_list("body", flat=True)) >= {
        HELD,
        PLAIN,
    }

    # Block the abusive account, with a reason.
    moderator.goto(site + "/admin/snippets/publiccomments/commentblock/add/")
    moderator.select_option("#id_user", str(queue["troll"].pk))
    moderator.fill("#id_reason", "多次发布辱骂他人的评论")
    with moderator.expect_navigation():
        moderator.locator("footer button[type=submit]").first.click()
    assert CommentBlock.objects.active().filter(user=queue["troll"]).exists()

    worker, _ = open_page(**PHONE)
    site_login(worker, site, "worker")
    worker.goto(site + queue["feature"].url)
    approved = worker.locator(".comment", has_text="这台冲床")
    assert approved.count() == 1 and approved.locator(".badge--pending").count() == 0
    assert worker.locator(".comment", has_text="读书角周末也开放吗").count() == 1

    troll, _ = open_page(**PHONE)
    site_login(troll, site, "troll")
    troll.goto(site + queue["feature"].url)
    # The page is the shared copy; personal.js shows the block's reason in place of the form, from /accounts/me/.
    wait_until(troll, "document.querySelector('[data-comment-block]').textContent.length > 0")
    notice = troll.locator("[data-comment-block]")
    assert "多次发布辱骂他人的评论" in notice.inner_text()
    assert troll.locator("#comment-body").count() == 0, "no comment form for a blocked account"
    assert troll.locator(".comment--pending", has_text="滚出去").count() == 1, "their held comment stays theirs"
    # Posting anyway (bypassing the page) is refused by the server, with the reason.
    csrf = next(c["value"] for c in troll.context.cookies() if c["name"] == "csrftoken")
    response = troll.request.post(
        site + "/comments/post/",
        form={"target": f"home.featurepage:{queue['feature'].pk}", "body": "换个说法再骂一次"},
        headers={"X-CSRFToken": csrf, "Referer": site + queue["feature"].url, "Accept": "application/json"},
    )
    assert response.status == 403 and "多次发布辱骂他人的评论" in response.json()["message"]
