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
    assert card.total == 86 and card.points == {"theme": 25, "creativity": 28, "production": 15, "appeal": 18}
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
    assert "与评委同一工作单位（沙市纺织厂）" in html
    assert not Recusal.objects.exists(), "a GET shows the conflict and records nothing"
    response = client.post(score_url(judging_contest, own_unit), DEFAULT_POINTS)
    assert response.status_code == 200 and not Scorecard.objects.exists()
    recusal = Recusal.objects.get(judge=judge, entry=own_unit)  # the POST recorded it, with its reason
    assert "沙市纺织厂" in recusal.reason and recusal.reason in response.content.decode()
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


def test_the_judges_pages_write_nothing_on_get(client, judging_contest, shortlisted, make_judge):
    """A GET of every judging page (a recused entry included, before and after a score) runs no INSERT, UPDATE or
    DELETE: recusals are worked out on reading and recorded only by a POST."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    judge = make_judge(judging_contest, work_unit="荆州电力公司")  # the work unit of the first entry
    client.force_login(judge)
    urls = [reverse("judging:my_contests"), reverse("judging:shortlist", args=[judging_contest.pk])]
    urls += [score_url(judging_contest, entry) for entry in shortlisted]
    client.post(score_url(judging_contest, shortlisted[2]), DEFAULT_POINTS)
    with CaptureQueriesContext(connection) as queries:
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert "no-cache" in response["Cache-Control"]
    # Left out: what Wagtail makes on the first page anyone sees (the site's settings row, the poster's rendition).
    derived = ('"wagtailimages_rendition"', '"core_sitesettings"')
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE")
        and not any(table in q["sql"].split("(", 1)[0] for table in derived)
    ]
    assert writes == []
    assert "与评委同一工作单位（荆州电力公司）" in client.get(urls[2]).content.decode()
    assert not Recusal.objects.exists()


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


# ---- scores are stored by the criterion's key, not its name ------------------------------------------------------


def test_renaming_a_criterion_keeps_the_scores(client, judging_contest, shortlisted, make_judge):
    judging_contest.criteria = [
        ContestCriterion(name="镜头语言", max_points=40, sort_order=0),
        ContestCriterion(name="主题", max_points=60, sort_order=1),
    ]
    judging_contest.save_revision().publish()
    first, second = ContestCriterion.objects.filter(contest=judging_contest).order_by("sort_order")
    judge = make_judge(judging_contest)
    client.force_login(judge)
    client.post(score_url(judging_contest, shortlisted[0]), {"c0": 33, "c1": 50})
    assert Scorecard.objects.get().points == {str(first.pk): 33, str(second.pk): 50}
    # The editor renames both criteria and publishes (the page's revision keeps each row's id).
    contest = type(judging_contest).objects.get(pk=judging_contest.pk)
    renamed = list(contest.criteria.order_by("sort_order"))
    renamed[0].name, renamed[1].name = "镜头与剪辑", "主题思想"
    contest.criteria = renamed
    contest.save_revision().publish()
    contest.refresh_from_db()
    assert [(c.key, c.name) for c in contest.criteria_list()] == [
        (str(first.pk), "镜头与剪辑"),
        (str(second.pk), "主题思想"),
    ]
    html = client.get(score_url(contest, shortlisted[0])).content.decode()
    assert "镜头与剪辑" in html and 'value="33"' in html and 'value="50"' in html, "the judge's points are still there"
    client.post(score_url(contest, shortlisted[0]), {"c0": 35, "c1": 50})
    card = Scorecard.objects.get()
    assert card.total == 85 and card.points == {str(first.pk): 35, str(second.pk): 50}


def test_the_migration_moves_scores_stored_by_name_to_keys_and_back(
    judging_contest, make_contest, make_entry, shortlisted, make_judge
):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("judging.migrations.0003_scores_by_criterion_key")
    own = ContestCriterion.objects.create(contest=judging_contest, name="镜头语言", max_points=40, sort_order=0)
    other = make_contest()  # the default criteria
    judge = make_judge()
    by_name = {"镜头语言": 30, "已删除的标准": 7}  # a name the contest no longer has is left as it is
    own_card = Scorecard.objects.create(
        contest=judging_contest, entry=shortlisted[0], judge=judge, points=by_name, total=37
    )
    default_points = {"主题": 25, "创意": 28, "制作": 15, "感染力": 18}
    default_card = Scorecard.objects.create(
        contest=other, entry=make_entry(other), judge=judge, points=default_points, total=86
    )
    migration.forwards(apps, None)
    own_card.refresh_from_db()
    default_card.refresh_from_db()
    assert own_card.points == {str(own.pk): 30, "已删除的标准": 7}
    assert default_card.points == {"theme": 25, "creativity": 28, "production": 15, "appeal": 18}
    migration.backwards(apps, None)
    own_card.refresh_from_db()
    default_card.refresh_from_db()
    assert own_card.points == by_name and default_card.points == default_points
