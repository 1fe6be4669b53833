"""What the site's scripts write on the page is in the page's language: the contest countdown and the message when
a vote or a comment cannot reach the server, in Chinese at / and in English at /en/ (the words come from the
JavaScript catalogue, /jsi18n/ and /en/jsi18n/; tests/test_javascript_catalogue.py checks the catalogue itself)."""

import re

import pytest

from .conftest import PHONE, site_login, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LANGUAGES = {
    "": {
        "countdown": r"^(\d+天)?\d+小时\d+分(\d+秒)?$|^即将开始$",
        "network_error": "网络错误，请稍后再试。",
        "vote": "投票",
        "comment": "发表评论",
    },
    "/en": {
        "countdown": r"^(\d+d )?\d+h \d+m( \d+s)?$|^any moment now$",
        "network_error": "Network error, please try again.",
        "vote": "Vote",
        "comment": "Post comment",
    },
}


def text_of(page, selector):
    return page.locator(selector).first.inner_text().strip()


def test_countdown_and_network_errors_speak_the_pages_language(site, open_page):
    from campaigns.models import VideoContestPage

    contest = VideoContestPage.objects.get(title__contains="e有绝活")
    entry = contest.entries.filter(status="approved").order_by("pk").first()
    page, _watch = open_page(**PHONE)
    site_login(page, site, "worker")
    # The vote and the comment "reach" a server that answers something other than JSON, as a proxy's error
    # page would: the scripts' fetch fails and they say so in words of their own.
    page.route(re.compile(r".*/(vote|comments/post)/$"), lambda route: route.fulfill(status=200, body="<html>"))
    for prefix, words in LANGUAGES.items():
        page.goto(site + prefix + contest.url)
        wait_until(page, "document.querySelector('time[data-countdown]') !== null")
        countdown = re.compile(words["countdown"])
        deadline_text = ""
        for _ in range(40):  # the server writes the first words (Django's timeuntil); the script then ticks
            deadline_text = text_of(page, "time[data-countdown]")
            if countdown.match(deadline_text):
                break
            page.wait_for_timeout(50)
        assert countdown.match(deadline_text), (prefix, deadline_text)

        page.goto(site + prefix + entry.get_url())
        page.get_by_role("button", name=words["vote"], exact=True).click()
        wait_until(page, "document.querySelector('[data-vote-status]').textContent.length > 0")
        assert text_of(page, "[data-vote-status]") == words["network_error"]

        page.fill("#comment-body", "网络断了也要说清楚。")
        page.get_by_role("button", name=words["comment"]).click()
        wait_until(page, "document.querySelector('[data-comment-status]').textContent.length > 0")
        assert text_of(page, "[data-comment-status]") == words["network_error"]
