"""Malformed posts to the comment endpoints answer 404 or 400, never a 500 (issue 22: ``target=…:²`` and
``parent=abc`` reached ``int()`` and the primary key lookup; a NUL in a report's detail reached PostgreSQL)."""

from urllib.parse import parse_qs, urlsplit

from django.test import Client

import pytest

from comments.models import Comment, CommentReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def post_json(client, url, data):
    return client.post(url, data, HTTP_ACCEPT="application/json")


@pytest.mark.parametrize("pk", ["²", "١", "-1", "1.0", "99999999999999999999999", "", "\x00"])
def test_a_malformed_target_is_not_found(client, feature, worker, pk):
    client.force_login(worker)
    response = post_json(client, "/comments/post/", {"target": f"home.featurepage:{pk}", "body": "很好的活动"})
    assert response.status_code == 404
    assert not Comment.objects.exists()


@pytest.mark.parametrize("parent", ["abc", "²", "-1", "1.5", "99999999999999999999999", "\x00"])
def test_a_malformed_parent_is_not_found(client, feature, worker, target_key, parent):
    client.force_login(worker)
    data = {"target": target_key(feature), "body": "回复一下", "parent": parent}
    response = post_json(client, "/comments/post/", data)
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_control_characters_in_a_report_detail_are_dropped(client, feature, make_comment, other_worker):
    comment = make_comment(feature, "一条评论")
    client.force_login(other_worker)
    response = post_json(client, f"/comments/{comment.pk}/report/", {"reason": "abuse", "detail": "骂\x00人\x07了"})
    assert response.status_code == 200
    assert CommentReport.objects.get().detail == "骂人了"


@pytest.mark.parametrize(
    "next_url", ["²", "abc", "a\x00b", "comments:post", "//evil.example/", "https://evil.example/"]
)
def test_a_next_that_is_not_a_path_on_this_site_goes_back_to_the_page(
    client, feature, worker, other_worker, make_comment, target_key, next_url
):
    """Found by the fuzzer: ``next=²`` passed Django's host check (a relative URL) and redirect() took it for a view
    name: NoReverseMatch, a 500."""
    client.force_login(worker)
    mine = make_comment(feature, "我的评论")
    others = make_comment(feature, "别人的评论", author=other_worker)
    for url, data in [
        ("/comments/post/", {"target": target_key(feature), "body": "很好的活动", "next": next_url}),
        (f"/comments/{mine.pk}/edit/", {"body": "改一下措辞", "next": next_url}),
        (f"/comments/{others.pk}/report/", {"reason": "abuse", "next": next_url}),
        (f"/comments/{mine.pk}/delete/", {"next": next_url}),
    ]:
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.status_code)
        # Without JavaScript the answer is the comment page, which links back to the page the comment is on.
        location = urlsplit(response["Location"])
        assert location.path == "/comments/write/"
        assert parse_qs(location.query)["next"] == [feature.url + "#comments"]
