"""Journey 4: comments carrying XSS payloads are rendered in a real browser, to readers, to their author and to
the moderator; no script runs (no dialog, no console error, no global set by a payload)."""

import pytest

from comments.tests.xss_payloads import PAYLOADS

from .conftest import DESKTOP, PHONE, admin_login, site_login, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
MARKERS = [
    "<img src=x onerror=window.__pwned=1>",
    "<svg onload=window.__pwned=2>",
    "<script>window.__pwned=3</script>",
    '"><img src=x onerror=window.__pwned=4>',
    "<a href=javascript:window.__pwned=5 id=pwn>点我</a>",
]


@pytest.fixture
def hostile(site, settings):
    from django.contrib.auth import get_user_model

    from comments.models import Comment
    from comments.policy import post_comment
    from home.models import FeaturePage

    settings.COMMENT_RATE_PER_USER = settings.COMMENT_RATE_PER_USER_HOUR = settings.COMMENT_RATE_PER_IP = "10000/m"
    worker = get_user_model().objects.get(username="worker")
    feature = FeaturePage.objects.live().order_by("pk").last()
    posted = set()
    for payload in MARKERS + PAYLOADS:
        cleaned = payload.replace("\x00", "").strip()
        if cleaned not in posted:
            post_comment(worker, feature, payload, ip="10.2.2.2")
            posted.add(cleaned)
    first_page = Comment.objects.order_by("-created_at")[:40].values_list("pk", flat=True)
    Comment.objects.filter(pk__in=list(first_page)).update(status="approved")  # the rest stay pending
    return feature, len(posted)


def no_script_ran(page):
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator(".comment__body script, .comment__body img, .comment__body svg, .comment__body a").count() == 0


def test_payloads_stay_text_for_readers_authors_and_moderators(site, hostile, open_page):
    feature, count = hostile
    reader, _ = open_page(**DESKTOP)
    for page_number in (1, 2, 3, 4):
        reader.goto(f"{site}{feature.url}?cpage={page_number}")
        no_script_ran(reader)
    reader.goto(f"{site}{feature.url}?comments=oldest")
    assert reader.locator(".comment__body").count() == 10
    no_script_ran(reader)

    author, _ = open_page(**PHONE)
    site_login(author, site, "worker")
    author.goto(site + feature.url)
    # The cached page is the same for everyone; personal.js adds the author's own pending comments from /accounts/me/.
    wait_until(author, "document.querySelectorAll('.comment--pending').length > 0")
    assert author.locator(".comment--pending").count() >= count - 40, "the author sees their pending payloads"
    no_script_ran(author)
    author.goto(site + "/accounts/")
    assert author.evaluate("typeof window.__pwned") == "undefined"

    moderator, _ = open_page(**DESKTOP)
    admin_login(moderator, site, "moderator")
    moderator.goto(site + "/admin/snippets/publiccomments/comment/?status=pending")
    assert moderator.locator("tbody tr").count() > 10
    assert moderator.evaluate("typeof window.__pwned") == "undefined"
