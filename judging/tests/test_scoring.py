"""Judges' scoring: who may score, conflicts of interest, changing a score until the deadline, hidden scores."""

import datetime

from django.urls import reverse

import pytest
import time_machine

from campaigns.models import ContestCriterion
from judging import services
from judging.models import Recusal, Scorecard

DEFAULT_POINTS = {"c0": 25, "c1": 28, "c2": 15, "c3": 18}  # 主题 30, 创意 30, 制作 20, 感染力 20 → 86


def score_url(contest, entry):
    return reverse("judging:score", args=[contest.pk, entry.pk])


def test_a_judge_scores_on_the_default_criteria_and_changes_the_score_until_judging_closes(
    client, judging_contest, shortlisted, make_judge
):
    judge = make_judge(judging_contest)
    entry = shortlisted[0]
    client.force_login(judge)
    page = client.get(score_url(judging_contest, entry))
    html = page.content.decode()
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")  # never cached
    for name in ("主题", "创意", "制作", "感染力"):
        assert name in html
    response = client.post(score_url(judging_contest, entry), {**DEFAULT_POINTS, "comment": "构思巧妙"})
    assert response.status_code == 302
    card = Scorecard.objects.get(judge=judge, entry=entry)
    assert card.total == 86 and card.points == {"主题": 25, "创意": 28, "制作": 15, "感染力": 18}
    client.post(score_url(judging_contest, entry), {**DEFAULT_POINTS, "c0": 30, "comment": ""})
    assert Scorecard.objects.get(judge=judge, entry=entry).total == 91
    assert Scorecard.objects.filter(entry=entry).count() == 1, "a change, not a second score"
    with time_machine.travel(judging_contest.judging_closes_at + datetime.timedelta(seconds=1)):
        client.post(score_url(judging_contest, entry), {**DEFAULT_POINTS, "c0": 0})
        with pytest.raises(services.ScoreRejected) as refused:
            services.save_score(judge, entry, {"主题": 1, "创意": 1, "制作": 1, "感染力": 1})
    assert refused.value.code == "closed"
    assert Scorecard.objects.get(judge=judge, entry=entry).total == 91, "no change after the deadline"


def test_points_outside_a_criterion_are_refused(client, judging_contest, shortlisted, make_judge):
    ContestCriterion.objects.create(contest=judging_contest, name="镜头语言", max_points=40, sort_order=0)
    ContestCriterion.objects.create(contest=judging_contest, name="主题", max_points=60, sort_order=1)
    judge = make_judge(judging_contest)
    client.force_login(judge)
    assert client.post(score_url(judging_contest, shortlisted[0]), {"c0": 41, "c1": 50}).status_code == 200
    assert client.post(score_url(judging_contest, shortlisted[0]), {"c0": -1, "c1": 50}).status_code == 200
    assert not Scorecard.objects.exists()
    with pytest.raises(services.ScoreRejected):
        services.save_score(judge, shortlisted[0], {"镜头语言": 10})  # a criterion missing
    client.post(score_url(judging_contest, shortlisted[0]), {"c0": 40, "c1": 55})
    assert Scorecard.objects.get().total == 95


def test_only_the_contests_judges_score_and_only_shortlisted_entries(
    client, judging_contest, shortlisted, make_judge, make_contest, make_entry, worker, moderator
):
    other_contest = make_contest()
    outsider = make_judge(other_contest)  # a judge, but of another contest
    not_shortlisted = make_entry(judging_contest, title="未入围")
    for user in (worker, moderator, outsider):
        client.force_login(user)
        assert client.get(reverse("judging:shortlist", args=[judging_contest.pk])).status_code == 404
        assert client.post(score_url(judging_contest, shortlisted[0]), DEFAULT_POINTS).status_code == 404
    client.logout()
    assert client.get(score_url(judging_contest, shortlisted[0])).status_code == 302  # to the sign-in form
    judge = make_judge(judging_contest)
    client.force_login(judge)
    assert client.post(score_url(judging_contest, not_shortlisted), DEFAULT_POINTS).status_code == 404
    html = client.get(reverse("judging:shortlist", args=[judging_contest.pk])).content.decode()
    assert all(entry.title in html for entry in shortlisted) and "未入围" not in html
    assert not Scorecard.objects.exists()
    judge.is_active = False
    judge.save()
    with pytest.raises(services.ScoreRejected):
        services.save_score(judge, shortlisted[0], {"主题": 1, "创意": 1, "制作": 1, "感染力": 1})


def test_a_judge_does_not_score_entries_from_their_own_work_unit(client, judging_contest, shortlisted, make_judge):
    judge = make_judge(judging_contest, work_unit="沙市 纺织厂")  # spaces and case do not hide the conflict
    own_unit = shortlisted[1]
    client.force_login(judge)
    html = client.get(reverse("judging:shortlist", args=[judging_contest.pk])).content.decode()
    recusal = Recusal.objects.get(judge=judge, entry=own_unit)
    assert "沙市纺织厂" in recusal.reason and recusal.reason in html
    response = client.post(score_url(judging_contest, own_unit), DEFAULT_POINTS)
    assert response.status_code == 200 and not Scorecard.objects.exists()
    assert "score-form" not in response.content.decode(), "no scoring form on a recused entry"
    with pytest.raises(services.ScoreRejected) as refused:
        services.save_score(judge, own_unit, {"主题": 1, "创意": 1, "制作": 1, "感染力": 1})
    assert refused.value.code == "conflict"
    # A recusal a moderator records (another reason) blocks the same way, and the reason is kept.
    Recusal.objects.create(judge=judge, entry=shortlisted[0], reason="作者为评委近亲属")
    assert client.post(score_url(judging_contest, shortlisted[0]), DEFAULT_POINTS).status_code == 200
    assert not Scorecard.objects.exists()
    client.post(score_url(judging_contest, shortlisted[2]), DEFAULT_POINTS)
    assert Scorecard.objects.filter(judge=judge).count() == 1


def test_judges_do_not_see_each_others_scores_until_judging_closes(client, judging_contest, shortlisted, make_judge):
    first, second = make_judge(judging_contest), make_judge(judging_contest)
    entry = shortlisted[0]
    client.force_login(first)
    client.post(score_url(judging_contest, entry), {**DEFAULT_POINTS, "c0": 29, "comment": "第一位评委的意见"})
    client.force_login(second)
    html = client.get(score_url(judging_contest, entry)).content.decode()
    assert "第一位评委的意见" not in html and "评委1" not in html and "90" not in html
    assert [c.judge for c in services.visible_scorecards(second, entry)] == []
    with time_machine.travel(judging_contest.judging_closes_at):
        html = client.get(score_url(judging_contest, entry)).content.decode()
        assert "第一位评委的意见" in html and "评委1: 90" in html
        assert [c.judge for c in services.visible_scorecards(second, entry)] == [first]


def test_saving_moves_on_to_the_next_entry_to_score(client, judging_contest, shortlisted, make_judge):
    judge = make_judge(judging_contest, work_unit="荆州电力公司")  # recused from the first
    client.force_login(judge)
    response = client.post(score_url(judging_contest, shortlisted[1]), DEFAULT_POINTS)
    assert response["Location"] == score_url(judging_contest, shortlisted[2])
    response = client.post(score_url(judging_contest, shortlisted[2]), DEFAULT_POINTS)
    assert response["Location"] == reverse("judging:shortlist", args=[judging_contest.pk])
