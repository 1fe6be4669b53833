"""Journeys of issue 21: a judge scores three shortlisted entries on a phone; a worker submits a five-entry ballot.
Both pages are checked with axe (violations and contrast left incomplete)."""

import pytest

from .conftest import PHONE, axe_problems, screenshot, site_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_judge_scores_three_entries_on_a_phone(site, open_page):
    from judging.models import Scorecard

    page, _watch = open_page(**PHONE)
    site_login(page, site, "judge")
    page.goto(site + "/accounts/")
    with page.expect_navigation():
        page.get_by_role("link", name="为入围作品打分").click()
    with page.expect_navigation():
        page.locator(".judging a").filter(has_text="e有绝活").first.click()
    assert page.locator(".badge").filter(has_text="待评分").count() >= 3
    with page.expect_navigation():
        page.locator(".judging-list a").first.click()
    for n, points in enumerate([(26, 27, 17, 18), (22, 25, 15, 16), (29, 28, 19, 19)]):
        title = page.locator("h1").inner_text()
        assert page.locator(".entry__media img, .entry__media video").count() >= 1, "the poster or the video"
        criteria = [c.strip() for c in page.locator(".criteria strong").all_inner_texts()]
        assert criteria == ["主题", "创意", "制作", "感染力"]
        field = page.locator("#id_c0")
        assert field.get_attribute("inputmode") == "numeric" and field.get_attribute("max") == "30"
        if n == 0:
            screenshot(page, "judging-score-phone")
            assert axe_problems(page) == []
        for index, value in enumerate(points):
            page.fill(f"#id_c{index}", str(value))
        page.fill("#id_comment", f"第{n + 1}部：镜头干净，主题鲜明。")
        with page.expect_navigation():
            page.get_by_role("button", name="保存我的评分").click()
        assert f"您对《{title}》的评分已保存。" in page.content()
    cards = Scorecard.objects.filter(judge__username="judge", contest__title__contains="e有绝活").order_by("pk")
    assert [c.total for c in cards] == [88, 78, 95]
    # Changing a score until judging closes: back to the first entry, the form holds the judge's own numbers.
    page.goto(site + f"/judging/{cards[0].contest_id}/entries/{cards[0].entry_id}/")
    assert page.locator("#id_c0").input_value() == "26"
    page.fill("#id_c0", "30")
    with page.expect_navigation():
        page.get_by_role("button", name="修改我的评分").click()
    assert Scorecard.objects.get(pk=cards[0].pk).total == 92 and cards.count() == 3


def test_a_worker_submits_a_five_entry_ballot(site, open_page):
    from campaigns.models import VideoContestPage
    from core.demo import demo_staff, publish_revision
    from voting.models import Ballot

    contest = VideoContestPage.objects.get(title__contains="e有绝活")
    contest.ballot_size = 5
    contest.hide_live_counts = True
    publish_revision(contest, *demo_staff())

    page, _watch = open_page(**PHONE)
    site_login(page, site, "worker")
    page.goto(site + contest.url)
    assert page.locator("[data-entry-votes]").count() == 0, "counts hidden while voting"
    with page.expect_navigation():
        page.get_by_role("link", name="投票：选 5 部作品").click()
    boxes = page.locator("input[name=entry]")
    assert boxes.count() >= 10
    screenshot(page, "ballot-phone")
    assert axe_problems(page) == []
    for i in range(4):
        boxes.nth(i).check()
    with page.expect_navigation():
        page.get_by_role("button", name="提交我的选票（5 部作品）").click()
    assert "选票须恰好选中 5 部不同的作品" in page.content() and not Ballot.objects.exists(), "four are not a ballot"
    boxes = page.locator("input[name=entry]")
    for i in range(5):
        boxes.nth(i).check()
    with page.expect_navigation():
        page.get_by_role("button", name="提交我的选票（5 部作品）").click()
    assert "谢谢！您的选票已计入。" in page.content()
    assert "您今天的选票已计入" in page.content() and page.locator("input[name=entry]").count() == 0
    ballot = Ballot.objects.get(voter__username="worker")
    assert ballot.votes.count() == 5 and len({v.entry_id for v in ballot.votes.all()}) == 5
