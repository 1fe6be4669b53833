"""One cached page for everyone, personal parts apart: nothing personal in shared HTML, each visitor gets their own
parts from /accounts/me/, and forms work from cached pages with and without JavaScript.

Through the real page cache (PAGE_CACHE_ENABLED, the test cache): two workers and an anonymous reader request
every public page type in turn, each of them first on some pages, and get the same bytes; /accounts/me/ gives
each their own name, token, vote state and pending comments, and nobody else's.
"""

import re

from django.conf import settings
from django.test import Client

import pytest

from accounts import roles
from comments.models import Comment, Status
from conftest import make_user
from tests.test_every_page_type import document, full_site  # noqa: F401 (fixtures)
from voting.services import cast_vote

pytestmark = pytest.mark.django_db

TOKEN_IN_HTML = re.compile(r'csrfmiddlewaretoken" value="[^"]')
PENDING = "我的待审核评论"  # full_site(): each commentable target has one pending comment by `worker`


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_TTL = 300


@pytest.fixture
def second_worker(db):
    return make_user("worker2", roles.WORKERS, display_name="职工丁", work_unit="第二纺织厂", membership_number="T0002")


def me(client, **params):
    response = client.get("/accounts/me/", params)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    return response.json()


def target_key(obj):
    return f"{obj._meta.app_label}.{obj._meta.model_name}:{obj.pk}"


def public_urls(site):
    urls = [page.url for page in site["pages"]] + [entry.get_url() for entry in site["entries"]]
    return urls + site["extra_urls"] + ["/search/?q=书屋", "/en" + site["pages"][2].url]


def test_every_public_page_is_one_copy_without_personal_parts(full_site, worker, second_worker):  # noqa: F811
    voting_entry = full_site["entries"][0]
    cast_vote(voting_entry.pk, worker, "10.0.0.1")
    clients = {"anonymous": Client(), "worker": Client(), "second": Client()}
    clients["worker"].force_login(worker)
    clients["second"].force_login(second_worker)
    tokens = {}
    for who in ("worker", "second"):  # each worker holds a CSRF token of their own, as after signing in
        tokens[who] = me(clients[who])["csrf"]
    order = list(clients)
    cached = 0
    for i, url in enumerate(public_urls(full_site)):
        turn = order[i % 3 :] + order[: i % 3]  # each visitor is the first (the one whose request is stored) in turn
        bodies = {}
        for who in turn:
            response = clients[who].get(url)
            assert response.status_code == 200, (who, url)
            html = response.content.decode()
            assert not TOKEN_IN_HTML.search(html), f"{who} {url}: a CSRF token in shared HTML"
            for token in tokens.values():
                assert token not in html
            assert PENDING not in html, f"{who} {url}: a pending comment in shared HTML"
            assert ">已投票<" not in html, f"{who} {url}: a vote state in shared HTML"
            assert not re.search(r"data-account-name>[^<]", html), f"{who} {url}: a name in the header"
            assert "wagtail-userbar" not in html
            bodies[who] = (response.get("X-Page-Cache"), html)
        if bodies[turn[0]][0] == "miss":
            cached += 1
            assert {bodies[who][0] for who in turn[1:]} == {"hit"}, f"{url}: served from the cache to the others"
            assert len({html for _state, html in bodies.values()}) == 1, f"{url}: the same bytes for everyone"
    assert cached >= len(public_urls(full_site)) - 2, "every public page type is cached (search may not be)"


def test_each_visitor_gets_only_their_own_parts(full_site, worker, second_worker):  # noqa: F811
    voting_entry, other_entry = full_site["entries"][0], full_site["entries"][1]
    contest = voting_entry.contest
    cast_vote(voting_entry.pk, worker, "10.0.0.1")
    first, second, anonymous = Client(), Client(), Client()
    first.force_login(worker)
    second.force_login(second_worker)
    params = {"contest": contest.pk, "entries": f"{voting_entry.pk},{other_entry.pk}", "target": target_key(contest)}

    mine = me(first, **params)
    assert mine["signed_in"] and mine["name"] == "职工丙" and mine["csrf"]
    assert mine["votes"][str(voting_entry.pk)] == {
        "can_vote": False,
        "voted": True,
        "left": 0,
        "label": "已投票",
        "message": "今天已经为这件作品投过票了，明天再来吧。",
    }
    assert mine["votes"][str(other_entry.pk)]["can_vote"] and mine["votes"][str(other_entry.pk)]["label"] == "投票"
    pending = [c for c in mine["comments"]["own"] if c["status"] == Status.PENDING]
    assert len(pending) == 1 and PENDING in pending[0]["html"] and "待审核" in pending[0]["html"]
    assert "csrfmiddlewaretoken" in pending[0]["html"], "their own comment comes with its edit and delete forms"

    theirs = me(second, **params)
    assert theirs["name"] == "职工丁" and theirs["csrf"] != mine["csrf"]
    assert theirs["votes"][str(voting_entry.pk)]["voted"] is False
    assert theirs["comments"] == {"block": "", "own": []}
    assert "职工丙" not in str(theirs) and PENDING not in str(theirs)

    nobody = anonymous.get("/accounts/me/", params)
    assert nobody.json() == {"signed_in": False} and "no-store" in nobody["Cache-Control"]
    assert settings.SESSION_COOKIE_NAME not in nobody.cookies and "csrftoken" not in nobody.cookies


def test_the_personal_request_is_cheap(full_site, worker, django_assert_max_num_queries):  # noqa: F811
    entry = full_site["entries"][0]
    client = Client()
    client.force_login(worker)
    params = {
        "contest": entry.contest_id,
        "entries": ",".join(str(e.pk) for e in full_site["entries"][:3]),
        "target": target_key(full_site["pages"][2]),
    }
    me(client, **params)
    # session, user, today's votes, backings (the contest caps entries a day), own comments, block; rendering the
    # one pending comment adds the comment settings (site, settings).
    with django_assert_max_num_queries(8):
        me(client, **params)
    anonymous = Client()
    with django_assert_max_num_queries(0):
        me(anonymous, **params)


def test_forms_on_cached_pages_work_with_the_token_from_me(full_site, worker):  # noqa: F811
    """The JavaScript path: the page carries an empty token field; personal.js fills in the token from
    /accounts/me/ and the post is accepted; without it, or with another worker's, it is refused."""
    feature = full_site["pages"][2]
    client = Client(enforce_csrf_checks=True)
    client.force_login(worker)
    html = client.get(feature.url).content.decode()
    assert 'name="csrfmiddlewaretoken" value="" data-csrf' in html
    data = {"target": target_key(feature), "body": "脚本填上令牌后评论"}
    assert client.post("/comments/post/", data, HTTP_ACCEPT="application/json").status_code == 403
    token = me(client)["csrf"]
    posted = client.post("/comments/post/", {**data, "csrfmiddlewaretoken": token}, HTTP_ACCEPT="application/json")
    assert posted.status_code == 201 and "待审核" in posted.json()["html"]
    entry = full_site["entries"][1]
    voted = client.post(
        f"/voting/entries/{entry.pk}/vote/", {"csrfmiddlewaretoken": token}, HTTP_ACCEPT="application/json"
    )
    assert voted.status_code == 200 and voted.json()["ok"]
    state = me(client, contest=entry.contest_id, entries=str(entry.pk))["votes"][str(entry.pk)]
    assert state["voted"] and state["label"] == "已投票", "the vote button tells the truth on the next load"


def test_forms_on_cached_pages_work_without_javascript(full_site, worker):  # noqa: F811
    """The no-JavaScript path: "Write a comment" and "Vote" lead to small uncached pages with a fresh token."""
    feature = full_site["pages"][2]
    client = Client(enforce_csrf_checks=True)
    html = client.get(feature.url).content.decode()
    write = re.search(r'href="(/comments/write/[^"]+)"', html).group(1).replace("&amp;", "&")
    assert client.get(write)["Location"].startswith("/accounts/login/?next=/comments/write/")
    client.force_login(worker)
    page = client.get(write)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    body = page.content.decode()
    assert PENDING in body, "their own pending comment"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    posted = client.post(
        "/comments/post/", {"target": target_key(feature), "body": "不用脚本评论", "csrfmiddlewaretoken": token}
    )
    assert posted.status_code == 302 and posted["Location"].startswith("/comments/write/")
    after = client.get(posted["Location"]).content.decode()
    assert "不用脚本评论" in after and "待审核" in after
    assert Comment.objects.filter(body="不用脚本评论", author=worker).exists()

    entry = full_site["entries"][1]
    html = client.get(entry.get_url()).content.decode()
    vote = re.search(r'href="(/voting/entries/\d+/vote/[^"]*)"', html).group(1).replace("&amp;", "&")
    form = client.get(vote).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    voted = client.post(vote.split("?")[0], {"csrfmiddlewaretoken": token, "next": entry.get_url()}, follow=True)
    assert "您的一票已计入" in voted.content.decode() and "已投票" in voted.content.decode()


def test_staff_get_an_edit_link_not_the_user_bar(full_site, editor, worker):  # noqa: F811
    feature = full_site["pages"][2]
    staff = Client()
    staff.force_login(editor)
    html = staff.get(feature.url).content.decode()
    assert "wagtail-userbar" not in html and f'data-page="{feature.pk}"' in html
    assert me(staff, page=feature.pk)["edit"]["url"] == f"/admin/pages/{feature.pk}/edit/"
    workers = Client()
    workers.force_login(worker)
    assert "edit" not in me(workers, page=feature.pk)


def test_messages_wait_for_the_personal_request(full_site, worker):  # noqa: F811
    """A message stored before a cached page (a no-JavaScript post elsewhere) is shown by personal.js, once."""
    feature = full_site["pages"][2]
    client = Client()
    client.force_login(worker)
    client.get(feature.url)
    client.post("/comments/post/", {"target": target_key(feature), "body": "留一条消息"})
    assert client.get(feature.url)["X-Page-Cache"] == "hit"
    messages = me(client)["messages"]
    assert len(messages) == 1 and "待审核" in messages[0]["text"]
    assert me(client)["messages"] == []


def test_a_blocked_worker_sees_why_and_keeps_their_pending_comments(full_site, worker, moderator):  # noqa: F811
    from comments.models import CommentBlock

    feature = full_site["pages"][2]
    CommentBlock.objects.create(user=worker, reason="多次发布辱骂内容", created_by=moderator)
    client = Client()
    client.force_login(worker)
    part = me(client, target=target_key(feature))["comments"]
    assert "多次发布辱骂内容" in part["block"] and "data-comment-block" in part["block"]
    pending = [own for own in part["own"] if own["status"] == Status.PENDING]
    assert PENDING in pending[0]["html"] and "/edit/" not in pending[0]["html"], "kept, without edit forms"


def test_the_personal_request_costs_the_same_queries_whatever_the_worker_has(full_site, worker):  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    feature = full_site["pages"][2]
    entries = full_site["entries"][:3]
    client = Client()
    client.force_login(worker)
    params = {
        "contest": entries[0].contest_id,
        "entries": ",".join(str(e.pk) for e in entries),
        "target": target_key(feature),
    }

    def queries(**query):
        me(client, **query)
        with CaptureQueriesContext(connection) as captured:
            answer = me(client, **query)
        return len(captured), answer

    bare, _answer = queries()
    assert bare <= 2, "no parameters, no part: the session and the user at most"
    one, answer = queries(**params)
    before = len(answer["comments"]["own"])
    assert before >= 1
    where = {"target": feature, "target_title": feature.title, "target_url": feature.get_url(), "author": worker}
    for n in range(6):
        Comment.objects.create(**where, body=f"又一条待审核评论{n}", status=Status.PENDING)
    cast_vote(entries[0].pk, worker, "10.0.0.1")
    many, answer = queries(**params)
    assert len(answer["comments"]["own"]) == before + 6 and answer["votes"][str(entries[0].pk)]["voted"]
    # session, user, today's votes, backings (the contest caps entries a day), own comments and blocks (one
    # UNION); rendering own comments adds the comment settings (site, settings) and the comments themselves.
    assert many == one <= 8


def test_a_worker_who_never_commented_costs_no_comments_query(full_site, second_worker):  # noqa: F811
    """``User.has_comment_history`` (set by comments.signals in the transaction of a worker's first comment or
    block) lets /me answer the comments part from the user's row for the many workers who never comment."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from comments.models import CommentBlock
    from comments.policy import post_comment

    feature = full_site["pages"][2]
    client = Client()
    client.force_login(second_worker)
    assert not second_worker.has_comment_history
    me(client, target=target_key(feature))
    with CaptureQueriesContext(connection) as captured:
        assert me(client, target=target_key(feature))["comments"] == {"block": "", "own": []}
    tables = (Comment._meta.db_table, CommentBlock._meta.db_table)
    assert not [q["sql"] for q in captured.captured_queries if any(table in q["sql"] for table in tables)]

    post_comment(second_worker, feature, "第一次在这里留言，学习了。", ip="10.0.0.9")
    second_worker.refresh_from_db()
    assert second_worker.has_comment_history
    own = me(client, target=target_key(feature))["comments"]["own"]
    assert len(own) == 1 and own[0]["status"] in (Status.PENDING, Status.APPROVED)

    # A block alone (a worker blocked before ever commenting) sets it too.
    third = make_user("worker3", roles.WORKERS, display_name="职工戊", membership_number="T0003")
    CommentBlock.objects.create(user=third, reason="冒用他人身份")
    third.refresh_from_db()
    assert third.has_comment_history
    client.force_login(third)
    assert "冒用他人身份" in me(client, target=target_key(feature))["comments"]["block"]


def test_a_worker_sees_their_own_entries_on_the_contest_page_and_nobody_else_does(full_site, worker, second_worker):  # noqa: F811
    from campaigns.models import EntryStatus, VideoEntry

    contest = full_site["entries"][0].contest
    VideoEntry.objects.create(
        contest=contest,
        title="我的待审核新作",
        author=worker,
        author_name=worker.public_name,
        external_url="https://www.bilibili.com/video/BV1xx411c7mD",
        status=EntryStatus.PENDING,
    )
    html = Client().get(contest.url).content.decode()
    assert f'data-my-submissions="{contest.pk}"' in html and "我的待审核新作" not in html, "the shared page: no entry"

    client = Client()
    client.force_login(worker)
    mine = me(client, submissions=contest.pk)["submissions"]
    assert mine["count"] == 2 and "我的待审核新作" in mine["html"] and "上传的视频" in mine["html"]
    assert "entry-status--pending" in mine["html"]
    client.force_login(second_worker)
    assert me(client, submissions=contest.pk)["submissions"] == {"count": 0, "html": ""}
    assert "submissions" not in me(client), "not asked, not answered"
    assert me(Client(), submissions=contest.pk) == {"signed_in": False}


def test_malformed_submissions_parameters_give_no_part_and_no_error(full_site, worker):  # noqa: F811
    client = Client()
    client.force_login(worker)
    for value in ("", "abc", "-3", "0", "9" * 40, "1,2", "１２", "<script>", "\x00"):
        assert "submissions" not in me(client, submissions=value), value
    assert me(client, submissions="999999")["submissions"] == {"count": 0, "html": ""}, "no such contest: nothing"
