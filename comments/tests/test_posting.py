"""Workers comment: pre-moderation, replies, plain text, limits, edit/delete window, reports, blocks, modes."""

import datetime
import re

from django.conf import settings
from django.utils import timezone

import pytest
import time_machine

from comments.models import Comment, CommentBlock, CommentSettings, HeldBecause, Status
from comments.policy import APPROVE, moderate

pytestmark = pytest.mark.django_db


def page_html(client, page, **params):
    """What the visitor sees of the comments: the (cached, shared) page for a visitor; for a signed-in worker their
    comment page, the personal rendering of the same section (their pending comments, their forms, a fresh token)
    that personal.js assembles on the cached page from /accounts/me/ (tested in comments/tests/test_personal.py)."""
    if settings.SESSION_COOKIE_NAME not in client.cookies:
        return client.get(page.url, params).content.decode()
    target = f"{page._meta.app_label}.{page._meta.model_name}:{page.pk}"
    return client.get("/comments/write/", {"target": target, **params}).content.decode()


def test_a_new_comment_waits_for_review_and_only_its_author_sees_it(client, post, feature, worker, other_worker):
    client.force_login(worker)
    response = post(feature, "宣讲员讲得很实在")
    assert response.status_code == 201
    assert "待审核" in response.json()["message"]
    comment = Comment.objects.get()
    assert comment.status == Status.PENDING and comment.held_because == HeldBecause.PRE_MODERATION
    mine = page_html(client, feature)
    assert "宣讲员讲得很实在" in mine and "comment--pending" in mine

    client.force_login(other_worker)
    assert "宣讲员讲得很实在" not in page_html(client, feature), "another worker never sees a pending comment"
    client.logout()
    assert "宣讲员讲得很实在" not in page_html(client, feature)


def test_the_answer_carries_the_comment_as_the_page_lists_it(client, post, feature, worker):
    """The page's script shows the new comment at once, marked as awaiting review, with its author's actions."""
    client.force_login(worker)
    html = post(feature, "<b>宣讲员</b>讲得很实在", HTTP_X_REQUESTED_WITH="XMLHttpRequest").json()["html"]
    comment = Comment.objects.get()
    assert html.lstrip().startswith(f'<li class="comment comment--pending" id="comment-{comment.pk}"')
    assert "&lt;b&gt;宣讲员&lt;/b&gt;讲得很实在" in html and "<b>" not in html, "escaped, as on the page"
    assert "待审核" in html and f'action="/comments/{comment.pk}/delete/"' in html
    assert "csrfmiddlewaretoken" in html


def test_no_comments_is_a_sentence_not_a_numbered_item(client, feature, worker):
    for signed_in in (False, True):
        if signed_in:
            client.force_login(worker)
        section = page_html(client, feature).split('id="comments"')[1]
        assert '<p class="comments__empty" data-comments-empty>还没有评论。</p>' in section
        assert not re.search(r"<li[^>]*>\s*还没有评论", section)


def test_approval_publishes_it_for_everyone(client, post, feature, worker, moderator):
    client.force_login(worker)
    post(feature, "希望再来我们车间")
    moderate(list(Comment.objects.all()), APPROVE, moderator)
    client.logout()
    assert "希望再来我们车间" in page_html(client, feature)


def test_post_moderation_for_verified_members_when_the_site_allows_it(client, post, feature, worker, other_worker):
    settings = CommentSettings.for_site(feature.get_site())
    settings.moderation_mode = "post_verified"
    settings.save()
    worker.is_verified = True
    worker.save()
    client.force_login(worker)
    assert post(feature, "已认证会员的评论").status_code == 201
    client.force_login(other_worker)  # not verified: still pre-moderated
    post(feature, "未认证会员的评论")
    assert dict(Comment.objects.values_list("body", "status")) == {
        "已认证会员的评论": Status.APPROVED,
        "未认证会员的评论": Status.PENDING,
    }
    client.logout()
    html = page_html(client, feature)
    assert "已认证会员的评论" in html and "未认证会员的评论" not in html


def test_one_level_of_replies(client, post, feature, worker, other_worker, make_comment):
    top = make_comment(feature, "顶层评论", author=other_worker)
    client.force_login(worker)
    assert post(feature, "回复顶层", parent=top).status_code == 201
    reply = Comment.objects.get(body="回复顶层")
    assert reply.parent == top
    Comment.objects.filter(pk=reply.pk).update(status=Status.APPROVED)
    post(feature, "回复的回复", parent=reply)
    assert Comment.objects.get(body="回复的回复").parent == top, "a reply to a reply joins the top-level thread"
    client.logout()
    html = page_html(client, feature)
    assert html.index("顶层评论") < html.index("回复顶层")


def test_replies_only_to_approved_comments_of_the_same_page(client, post, feature, make_feature, worker, make_comment):
    other_page = make_feature(title="另一篇")
    elsewhere = make_comment(other_page, "别处的评论")
    pending = make_comment(feature, "待审的评论", status=Status.PENDING)
    client.force_login(worker)
    assert post(feature, "回复别处", parent=elsewhere).status_code == 400
    assert post(feature, "回复待审", parent=pending).status_code == 400


def test_plain_text_only_links_stay_text(client, post, feature, worker, moderator):
    client.force_login(worker)
    post(feature, "看这里 https://example.com/x 和 <a href='https://evil.example'>点我</a>")
    moderate(list(Comment.objects.all()), APPROVE, moderator)
    client.logout()
    html = page_html(client, feature)
    assert 'href="https://example.com/x"' not in html
    assert "&lt;a href=&#x27;https://evil.example&#x27;&gt;点我&lt;/a&gt;" in html


@pytest.mark.parametrize("body, code", [("", "too_short"), ("好", "too_short"), ("长" * 501, "too_long")])
def test_length_limits(client, post, feature, worker, body, code):
    client.force_login(worker)
    response = post(feature, body)
    assert response.status_code == 400 and response.json()["code"] == code
    assert not Comment.objects.exists()


def test_edit_and_delete_within_the_window_only(client, feature, worker, other_worker, make_comment):
    comment = make_comment(feature, "原来的话")
    client.force_login(other_worker)
    assert client.post(f"/comments/{comment.pk}/edit/", {"body": "别人改的"}).status_code == 404
    client.force_login(worker)
    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "改过的话"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.body == "改过的话" and comment.edited_at is not None
    assert comment.status == Status.PENDING and comment.held_because == HeldBecause.EDITED, "edits are re-reviewed"
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        late = client.post(f"/comments/{comment.pk}/edit/", {"body": "太晚了"}, HTTP_ACCEPT="application/json")
        assert late.status_code == 403
        gone = client.post(f"/comments/{comment.pk}/delete/", HTTP_ACCEPT="application/json")
        assert gone.status_code == 403
    assert client.post(f"/comments/{comment.pk}/delete/", HTTP_ACCEPT="application/json").status_code == 200
    comment.refresh_from_db()
    assert comment.status == Status.DELETED


def test_pagination_newest_or_oldest_first(client, feature, make_comment):
    base = timezone.now()
    for i in range(12):
        make_comment(feature, f"第{i:02d}条评论", created_at=base - datetime.timedelta(minutes=60 - i))
    newest = page_html(client, feature)
    assert "第11条评论" in newest and "第00条评论" not in newest
    assert re.search(r'<h2 id="comments-heading">12 ', newest), "the heading counts all approved comments"
    assert newest.index("第11条评论") < newest.index("第10条评论")
    second = page_html(client, feature, cpage=2)
    assert "第00条评论" in second and "第11条评论" not in second
    oldest = page_html(client, feature, comments="oldest")
    assert oldest.index("第00条评论") < oldest.index("第01条评论") and "第11条评论" not in oldest


def test_closed_and_hidden_pages(client, post, feature, worker, make_comment):
    make_comment(feature, "已有的评论")
    feature.comments_mode = "closed"
    feature.save_revision().publish()
    client.force_login(worker)
    response = post(feature, "关闭后再评论")
    assert response.status_code == 403 and response.json()["code"] == "closed"
    html = page_html(client, feature)
    assert "已有的评论" in html and 'name="body"' not in html
    feature.comments_mode = "hidden"
    feature.save_revision().publish()
    assert "已有的评论" not in page_html(client, feature)


def test_entries_take_comments_and_follow_their_contest(client, post, contest, make_entry, worker):
    entry = make_entry(contest)
    client.force_login(worker)
    assert post(entry, "给师傅点赞").status_code == 201
    contest.comments_mode = "closed"
    contest.save_revision().publish()
    assert post(entry, "关闭后再点赞").status_code == 403


def test_unpublished_or_unknown_targets_are_refused(client, post, make_feature, worker, target_key):
    draft = make_feature(publish=False)
    client.force_login(worker)
    assert post(draft, "草稿上的评论").status_code == 404
    response = client.post("/comments/post/", {"target": "auth.user:1", "body": "试试"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 404


def test_anonymous_visitors_are_asked_to_sign_in(client, post, feature):
    response = post(feature, "匿名评论")
    assert response.status_code == 401 and not Comment.objects.exists()
    html = page_html(client, feature)
    assert 'name="csrfmiddlewaretoken" value=""' in html, "pages carry no CSRF token, so one cached copy serves all"
    assert "/comments/write/?target=" in html
    write = client.get(re.search(r'href="(/comments/write/[^"]+)"', html).group(1).replace("&amp;", "&"))
    assert write.status_code == 302 and write["Location"].startswith("/accounts/login/?next=/comments/write/")


def test_blocked_workers_see_why_and_cannot_post(client, post, feature, worker, moderator):
    CommentBlock.objects.create(user=worker, reason="多次发布辱骂内容", created_by=moderator)
    client.force_login(worker)
    response = post(feature, "我还想说")
    assert response.status_code == 403 and "多次发布辱骂内容" in response.json()["message"]
    assert "多次发布辱骂内容" in page_html(client, feature)
    assert not Comment.objects.exists()


def test_a_block_with_an_end_date_expires(client, post, feature, worker, moderator):
    CommentBlock.objects.create(
        user=worker, reason="冷静一天", ends_at=timezone.now() + datetime.timedelta(days=1), created_by=moderator
    )
    client.force_login(worker)
    assert post(feature, "被禁言时").status_code == 403
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, minutes=1)):
        assert post(feature, "禁言结束后").status_code == 201


def test_duplicate_text_is_refused(client, post, feature, worker):
    client.force_login(worker)
    assert post(feature, "同样的一句话").status_code == 201
    again = post(feature, "同样的一句话")
    assert again.status_code == 409 and again.json()["code"] == "duplicate"


def test_the_same_text_from_several_accounts_is_held_as_a_flood(client, post, feature, worker, settings):
    from conftest import make_user

    settings.COMMENT_RATE_PER_IP = "1000/m"
    authors = [worker] + [make_user(f"flood{i}", membership_number=f"F{i}") for i in range(3)]
    for author in authors:
        client.force_login(author)
        assert post(feature, "刷 屏 内 容 一 样").status_code == 201
    held = list(Comment.objects.order_by("pk").values_list("held_because", flat=True))
    assert held[:2] == [HeldBecause.PRE_MODERATION] * 2 and held[2:] == [HeldBecause.DUPLICATE] * 2


def test_rate_limit_per_account(client, post, feature, worker, settings):
    settings.COMMENT_RATE_PER_USER = "3/m"
    client.force_login(worker)
    codes = [post(feature, f"第{i}条不同的评论").status_code for i in range(5)]
    assert codes == [201, 201, 201, 429, 429]
    assert Comment.objects.count() == 3


def test_rate_limit_per_address(client, post, feature, worker, other_worker, settings):
    settings.COMMENT_RATE_PER_IP = "2/m"
    client.force_login(worker)
    assert [post(feature, f"甲{i}说").status_code for i in range(2)] == [201, 201]
    client.force_login(other_worker)
    response = post(feature, "乙说")
    assert response.status_code == 429 and response.json()["code"] == "rate_limited"


def test_sensitive_words_hold_or_reject(client, post, feature, worker, words):
    client.force_login(worker)
    refused = post(feature, "需要代 开 发 票的找我")
    assert refused.status_code == 400 and refused.json()["code"] == "rejected_words"
    assert not Comment.objects.exists(), "a rejected comment is not stored"
    assert post(feature, "组织的人都是废物").status_code == 201
    held = Comment.objects.get()
    assert held.status == Status.PENDING and held.held_because == HeldBecause.SCREENING
    assert held.matches[0]["term"] == "废物" and held.match_categories == "abuse"


def test_reports_hide_a_comment_after_the_threshold(client, feature, make_comment, other_worker):
    from conftest import make_user

    comment = make_comment(feature, "有争议的评论")
    reporters = [other_worker] + [make_user(f"reader{i}", membership_number=f"R{i}") for i in range(2)]
    for i, reporter in enumerate(reporters):
        client.force_login(reporter)
        response = client.post(f"/comments/{comment.pk}/report/", {"reason": "abuse"}, HTTP_ACCEPT="application/json")
        assert response.status_code == 200
        comment.refresh_from_db()
        assert comment.status == (Status.APPROVED if i < 2 else Status.PENDING)
    assert comment.held_because == HeldBecause.REPORTS and comment.report_count == 3
    again = client.post(f"/comments/{comment.pk}/report/", {"reason": "abuse"}, HTTP_ACCEPT="application/json")
    assert again.status_code in (400, 409)
    client.logout()
    assert "有争议的评论" not in page_html(client, feature)


def test_a_report_needs_a_known_reason(client, feature, make_comment, other_worker):
    comment = make_comment(feature)
    client.force_login(other_worker)
    response = client.post(f"/comments/{comment.pk}/report/", {"reason": "<script>"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400 and comment.reports.count() == 0


def test_authors_see_the_outcome_on_their_account_page(client, feature, worker, moderator, make_comment):
    from comments.policy import REJECT

    comment = make_comment(feature, "会被驳回的评论", status=Status.PENDING)
    moderate([comment], REJECT, moderator, reason="与文章无关")
    client.force_login(worker)
    html = client.get("/accounts/").content.decode()
    assert "会被驳回的评论" in html and "与文章无关" in html and "is-new" in html
    assert "is-new" not in client.get("/accounts/").content.decode(), "seen once, the decision is no longer new"


def test_forms_work_without_javascript(client, feature, worker, target_key):
    client.force_login(worker)
    response = client.post("/comments/post/", {"target": target_key(feature), "body": "不用脚本也能评论"})
    assert response.status_code == 302 and response["Location"].startswith("/comments/write/?target=")
    page = client.get(response["Location"])
    assert "待审核" in page.content.decode() and "不用脚本也能评论" in page.content.decode()
    assert "private" in page["Cache-Control"] and "csrfmiddlewaretoken" in page.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_query_budget_is_independent_of_the_number_of_comments(
    client, feature, make_comment, other_worker, worker, count, django_assert_max_num_queries
):
    for i in range(count):
        top = make_comment(feature, f"评论{i}", author=other_worker)
        make_comment(feature, f"回复{i}", parent=top)
        make_comment(feature, f"待审{i}", status=Status.PENDING)
    client.get(feature.url)
    with django_assert_max_num_queries(17):  # the page's 14 + count, page of comments, their replies
        assert "评论" in client.get(feature.url).content.decode()
    client.force_login(worker)
    client.get(feature.url)
    with django_assert_max_num_queries(25):  # + session, user, own pending, block, settings, site
        assert client.get(feature.url).status_code == 200


def test_bidi_overrides_are_not_stored(client, post, feature, worker):
    """A right-to-left override makes a comment read differently from what moderators screen and store."""
    client.force_login(worker)
    assert post(feature, "支持\u202e工会活动\u202c！").status_code == 201
    assert Comment.objects.get().body == "支持工会活动！"
