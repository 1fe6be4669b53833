"""Hostile input: 100+ XSS payloads stored through the real posting path and rendered back as inert text."""

import html
from html.parser import HTMLParser

from django.urls import reverse

import pytest

from comments.models import Comment, Status
from comments.policy import post_comment

from .xss_payloads import PAYLOADS

pytestmark = pytest.mark.django_db


class CommentSection(HTMLParser):
    """Collects, inside the comments section, every tag and attribute, the text of each comment body and any tag
    that appears inside a body (there must be none but line breaks)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # > 0 inside <section id="comments">
        self.tags, self.attrs, self.bodies, self.tags_in_bodies = [], [], [], []
        self.in_body = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and attrs.get("id") == "comments":
            self.depth = 1
            return
        if not self.depth:
            return
        if tag in ("section",):
            self.depth += 1
        if self.in_body:
            self.tags_in_bodies.append(tag)
        self.tags.append(tag)
        self.attrs.extend((tag, name, value or "") for name, value in attrs.items())
        if tag == "p" and attrs.get("class") == "comment__body":
            self.in_body = True
            self.bodies.append("")

    def handle_startendtag(self, tag, attrs):
        if tag == "br" and self.in_body:
            self.bodies[-1] += "\n"
            return
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self.depth and tag == "section":
            self.depth -= 1
        if tag == "p":
            self.in_body = False

    def handle_data(self, data):
        if self.in_body:
            self.bodies[-1] += data


def check_inert(page_html):
    parser = CommentSection()
    parser.feed(page_html)
    assert parser.tags_in_bodies == [], "a comment body holds text and line breaks only"
    assert "script" not in parser.tags
    for tag, name, value in parser.attrs:
        assert not name.startswith("on"), (tag, name, value)
        if name in ("href", "src", "action", "formaction", "data", "style"):
            compact = "".join(value.split()).lower()
            assert not compact.startswith(("javascript:", "data:")), (tag, name, value)
    return parser.bodies


def test_there_are_over_a_hundred_payloads():
    assert len(PAYLOADS) >= 100


def test_payloads_render_as_text_on_the_public_page(client, feature, worker, settings):
    settings.COMMENT_RATE_PER_USER = settings.COMMENT_RATE_PER_USER_HOUR = settings.COMMENT_RATE_PER_IP = "10000/m"
    expected = []
    for payload in PAYLOADS:
        cleaned = payload.replace("\x00", "").strip()  # control characters are dropped (PostgreSQL refuses NUL)
        if cleaned not in expected:
            post_comment(worker, feature, payload, ip="127.0.0.1")
            expected.append(cleaned)
    stored = set(Comment.objects.values_list("body", flat=True))
    assert stored == set(expected), "every payload is stored as written"
    Comment.objects.update(status=Status.APPROVED)

    shown = []
    for page_number in range(1, len(expected) // 10 + 2):
        page = client.get(feature.url, {"cpage": page_number, "comments": "oldest"}).content.decode()
        shown.extend(check_inert(page))
    assert sorted(shown) == sorted(expected), "each payload comes back as its own text"


def test_payloads_render_as_text_for_their_author_and_on_the_account_page(client, feature, worker, settings):
    settings.COMMENT_RATE_PER_USER = settings.COMMENT_RATE_PER_USER_HOUR = settings.COMMENT_RATE_PER_IP = "10000/m"
    for payload in PAYLOADS[:30]:
        post_comment(worker, feature, payload, ip="127.0.0.1")
    client.force_login(worker)
    # The author's own pending comments: on their comment page, and as /accounts/me/ gives them to the cached page.
    write = client.get("/comments/write/", {"target": f"home.featurepage:{feature.pk}"}).content.decode()
    bodies = check_inert(write)
    assert len(bodies) == 30
    own = client.get("/accounts/me/", {"target": f"home.featurepage:{feature.pk}"}).json()["comments"]["own"]
    bodies = check_inert('<section id="comments">' + "".join(item["html"] for item in own) + "</section>")
    assert len(bodies) == 30
    account = client.get("/accounts/").content.decode()
    for payload in PAYLOADS[:30]:
        if "<" in payload:
            assert payload not in account


def test_payloads_are_inert_in_the_moderators_queue(client, feature, worker, moderator, settings):
    settings.COMMENT_RATE_PER_USER = settings.COMMENT_RATE_PER_USER_HOUR = settings.COMMENT_RATE_PER_IP = "10000/m"
    for payload in PAYLOADS[:50]:
        post_comment(worker, feature, payload, ip="127.0.0.1")
    client.force_login(moderator)
    queue = client.get(reverse("wagtailsnippets_publiccomments_comment:list"), {"status": "pending"})
    assert queue.status_code == 200
    text = queue.content.decode()
    for payload in PAYLOADS[:50]:
        if "<" in payload:
            assert payload[:300] not in text, payload
    comment = Comment.objects.get(body="<script>alert(1)</script>")
    edit = client.get(reverse("wagtailsnippets_publiccomments_comment:edit", args=[comment.pk])).content.decode()
    assert html.escape("<script>alert(1)</script>", quote=False) in edit
    assert "<script>alert(1)</script>" not in edit
