"""Results: trimmed mean, vote score, blend and ties against figures computed by hand; the 公示 and its objections;
the shortlist as a moderation decision."""

import datetime
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest
import time_machine

from campaigns.models import ResultsStatus, VideoEntry
from campaigns.moderation import ShortlistEntry, UnshortlistEntry
from core.moderation import ModerationPermissionError
from judging import services
from judging.models import Objection, ObjectionStatus, Scorecard
from judging.moderation import DismissObjection, UpholdObjection


def scored(entry, judges, totals, votes):
    for judge, total in zip(judges, totals, strict=False):
        Scorecard.objects.create(contest=entry.contest, entry=entry, judge=judge, points={}, total=total)
    VideoEntry.objects.filter(pk=entry.pk).update(vote_count=votes)


@pytest.fixture
def panel(judging_contest, make_judge):
    return [make_judge(judging_contest) for _ in range(5)]


@pytest.fixture
def three(judging_contest, make_entry, panel):
    """By hand (full marks 100, the default criteria):
    A: 90 80 85 70 95 → drop 95 and 70 → (90+80+85)/3 = 85;   200 votes → vote score 100 × 200/200 = 100
    B: 88 92 90 60 100 → drop 100 and 60 → (88+92+90)/3 = 90; 50 votes → 25
    C: 80 84 (two judges: nothing dropped) → 82;              100 votes → 50
    """
    a, b, c = (make_entry(judging_contest, title=t, shortlisted=True) for t in "ABC")
    scored(a, panel, [90, 80, 85, 70, 95], 200)
    scored(b, panel, [88, 92, 90, 60, 100], 50)
    scored(c, panel, [80, 84], 100)
    return a, b, c


def ranking(contest):
    contest.refresh_from_db()
    results = services.contest_results(contest)
    return [(r.entry.title, r.rank, r.tied, r.judges_score, r.vote_score, r.score) for r in results]


def test_trimmed_mean_from_five_judges():
    assert services.judges_score([90, 80, 85, 70, 95]) == 85
    assert services.judges_score([80, 84]) == 82
    assert services.judges_score([70, 80, 90, 100]) == 85, "four judges: nothing dropped"
    assert services.judges_score([10, 50, 50, 50, 50, 90]) == 50, "only one highest and one lowest are dropped"
    assert services.judges_score([]) is None


def test_separate_tracks_rank_by_the_judges_score(judging_contest, three):
    assert [(t, rank, j) for t, rank, _tied, j, _v, _s in ranking(judging_contest)] == [
        ("B", 1, 90),
        ("A", 2, 85),
        ("C", 3, 82),
    ]


def test_blend_sixty_forty(judging_contest, three):
    """A = .6×85 + .4×100 = 91; C = .6×82 + .4×50 = 69.2; B = .6×90 + .4×25 = 64."""
    judging_contest.results_method = "blended"
    judging_contest.judges_weight = 60
    judging_contest.save()
    assert [(t, rank, v, s) for t, rank, _tied, _j, v, s in ranking(judging_contest)] == [
        ("A", 1, 100, 91),
        ("C", 2, 50, Fraction(692, 10)),
        ("B", 3, 25, 64),
    ]


def test_blend_with_the_vote_at_seventy_per_cent(judging_contest, three):
    """Judges 30 %: A = 25.5 + 70 = 95.5; C = 24.6 + 35 = 59.6; B = 27 + 17.5 = 44.5."""
    judging_contest.results_method = "blended"
    judging_contest.judges_weight = 30
    judging_contest.save()
    assert [(t, s) for t, _r, _tied, _j, _v, s in ranking(judging_contest)] == [
        ("A", Fraction(955, 10)),
        ("C", Fraction(596, 10)),
        ("B", Fraction(445, 10)),
    ]


def test_ties_go_to_the_judges_then_to_votes_then_share_a_rank(judging_contest, make_entry, panel):
    """Blend 60/40, most votes 100:
    D: judges 70, 100 votes → .6×70 + .4×100 = 82
    E: judges 80,  85 votes → .6×80 + .4×85 = 82 — equal to D, higher judges' score: before D
    F: judges 80,  85 votes → equal to E on everything: E and F share rank 1, D is third
    G: judges 75, G's votes 92.5 impossible, so: judges 82, 80 votes → 49.2 + 32 = 81.2 (rank 4)
    """
    judging_contest.results_method = "blended"
    judging_contest.save()
    d, e, f, g = (make_entry(judging_contest, title=t, shortlisted=True) for t in "DEFG")
    scored(d, panel, [70, 70], 100)
    scored(e, panel, [80, 80], 85)
    scored(f, panel, [80, 80], 85)
    scored(g, panel, [82, 82], 80)
    rows = ranking(judging_contest)
    assert [(t, rank, tied) for t, rank, tied, *_ in rows] == [
        ("E", 1, True),
        ("F", 1, True),
        ("D", 3, False),
        ("G", 4, False),
    ]
    assert [s for *_, s in rows] == [82, 82, 82, Fraction(812, 10)]


def test_equal_judges_scores_in_separate_tracks_go_to_more_votes(judging_contest, make_entry, panel):
    h, i = (make_entry(judging_contest, title=t, shortlisted=True) for t in "HI")
    scored(h, panel, [80, 90], 10)
    scored(i, panel, [85, 85], 30)
    assert [(t, rank, tied) for t, rank, tied, *_ in ranking(judging_contest)] == [("I", 1, False), ("H", 2, False)]


def test_no_votes_at_all_gives_a_vote_score_of_zero(judging_contest, make_entry, panel):
    judging_contest.results_method = "blended"
    judging_contest.save()
    entry = make_entry(judging_contest, shortlisted=True)
    scored(entry, panel, [90], 0)
    assert ranking(judging_contest)[0][4:] == (0, 54)


def test_the_method_is_one_sentence_with_the_weights(judging_contest):
    judging_contest.results_method = "blended"
    judging_contest.judges_weight = 60
    sentence = services.method_sentence(judging_contest)
    assert "60%" in sentence and "40%" in sentence and "100" in sentence
    assert sentence.count("。") <= 1 and sentence.count(". ") == 0


# ---- 公示 → final ------------------------------------------------------------------------------------------------


def test_results_are_a_public_notice_until_its_end_then_final(client, judging_contest, three):
    judging_contest.results_method = "blended"
    judging_contest.save_revision().publish()
    judging_contest.refresh_from_db()
    url = judging_contest.url
    assert judging_contest.results_status() is None
    with time_machine.travel(judging_contest.results_at):
        assert judging_contest.results_status() == ResultsStatus.NOTICE
        html = client.get(url).content.decode()
        assert "公示" in html and reverse("judging:objection", args=[judging_contest.pk]) in html
        assert "60%" in html and "40%" in html and "91.00" in html
    with time_machine.travel(judging_contest.notice_ends_at - datetime.timedelta(seconds=1)):
        assert judging_contest.results_status() == ResultsStatus.NOTICE
    with time_machine.travel(judging_contest.notice_ends_at):
        assert judging_contest.results_status() == ResultsStatus.FINAL
        html = client.get(url).content.decode()
        assert "最终结果" in html and reverse("judging:objection", args=[judging_contest.pk]) not in html


def test_without_a_notice_period_the_results_are_final_at_once(judging_contest):
    judging_contest.notice_ends_at = None
    with time_machine.travel(judging_contest.results_at):
        assert judging_contest.results_status() == ResultsStatus.FINAL


def test_the_notice_must_end_after_the_results(judging_contest):
    judging_contest.notice_ends_at = judging_contest.results_at
    with pytest.raises(ValidationError):
        judging_contest.full_clean()


# ---- objections ------------------------------------------------------------------------------------------------


def objection_url(contest):
    return reverse("judging:objection", args=[contest.pk])


def test_workers_raise_objections_only_during_the_notice_with_a_reason(client, judging_contest, three, worker, editor):
    a = three[0]
    url = objection_url(judging_contest)
    assert client.get(url).status_code == 302  # anonymous: sign in first
    client.force_login(worker)
    client.post(url, {"reason": "作品A与往届获奖作品雷同，请复核。"})
    assert not Objection.objects.exists(), "not during the notice"
    with time_machine.travel(judging_contest.results_at):
        response = client.post(url, {"entry": a.pk, "reason": ""})
        assert response.status_code == 200 and not Objection.objects.exists()
        client.post(url, {"entry": a.pk, "reason": "作品A与往届获奖作品雷同，请复核。"})
        client.force_login(editor)  # staff accounts are not workers
        client.post(url, {"reason": "编辑也想提异议，但不是职工账号。"})
    objection = Objection.objects.get()
    assert (objection.author, objection.entry, objection.status) == (worker, a, ObjectionStatus.PENDING)
    assert ModelLogEntry.objects.filter(action="judging.objection.raise", object_id=str(objection.pk)).exists()
    with time_machine.travel(judging_contest.notice_ends_at):
        client.force_login(worker)
        client.post(url, {"reason": "公示期结束后再提的异议不受理。"})
    assert Objection.objects.count() == 1


def test_objections_are_answered_through_the_moderation_actions(client, judging_contest, worker, moderator, editor):
    objection = Objection.objects.create(contest=judging_contest, author=worker, reason="评分有误，请复核。")
    with pytest.raises(ValidationError):
        DismissObjection(objection, user=moderator, reason="").execute()
    with pytest.raises(ModerationPermissionError):
        UpholdObjection(objection, user=editor, reason="同意").execute()
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.PENDING
    DismissObjection(objection, user=moderator, reason="经复核，评分无误。").execute()
    objection.refresh_from_db()
    assert (objection.status, objection.moderated_by, objection.response) == (
        ObjectionStatus.DISMISSED,
        moderator,
        "经复核，评分无误。",
    )
    entry = ModelLogEntry.objects.get(action="judging.objection.dismiss", object_id=str(objection.pk))
    assert entry.user == moderator and entry.data == {"reason": "经复核，评分无误。"}
    client.force_login(worker)
    assert "经复核，评分无误。" in client.get(reverse("accounts:account")).content.decode()


def test_the_objection_queue_bulk_action_asks_for_the_answer(client, judging_contest, worker, moderator):
    objection = Objection.objects.create(contest=judging_contest, author=worker, reason="评分有误，请复核。")
    client.force_login(moderator)
    assert client.get(reverse("wagtailsnippets_judging_objection:list")).status_code == 200
    url = reverse("wagtail_bulk_action", args=("judging", "objection", "uphold_objections")) + f"?id={objection.pk}"
    client.post(url, {"reason": ""})
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.PENDING
    client.post(url, {"reason": "已更正名次。"})
    objection.refresh_from_db()
    assert (objection.status, objection.response) == (ObjectionStatus.UPHELD, "已更正名次。")


# ---- shortlist ------------------------------------------------------------------------------------------------


def test_moderators_shortlist_approved_entries_with_an_audit_trail(
    client, judging_contest, make_entry, moderator, editor
):
    approved = make_entry(judging_contest, title="好作品")
    pending = make_entry(judging_contest, title="待审作品", status="pending")
    with pytest.raises(ModerationPermissionError):
        ShortlistEntry(approved, user=editor).execute()
    with pytest.raises(ValidationError):
        ShortlistEntry(pending, user=moderator).execute()
    client.force_login(moderator)
    url = reverse("wagtail_bulk_action", args=("campaigns", "videoentry", "shortlist_entries")) + f"?id={approved.pk}"
    client.post(url)
    approved.refresh_from_db()
    assert approved.shortlisted and approved.moderated_by == moderator
    assert ModelLogEntry.objects.filter(action="campaigns.entry.shortlist", object_id=str(approved.pk)).exists()
    assert list(services.shortlist(judging_contest)) == [approved]
    with pytest.raises(ValidationError):
        UnshortlistEntry(approved, user=moderator, reason="").execute()
    UnshortlistEntry(approved, user=moderator, reason="与规则不符").execute()
    approved.refresh_from_db()
    assert not approved.shortlisted
    assert ModelLogEntry.objects.get(action="campaigns.entry.unshortlist").data == {"reason": "与规则不符"}


def test_contests_without_judging_or_notice_show_no_results_section(client, make_contest):
    contest = make_contest()  # CONTEST_TIMES: results out since 2022, no judging, no 公示
    html = client.get(contest.url).content.decode()
    assert "scores-heading" not in html and "公示" not in html


def test_the_contest_editor_offers_criteria_judges_and_the_rules(client, superuser, judging_contest):
    client.force_login(superuser)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[judging_contest.pk])).content.decode()
    labels = ("评分标准", "评委", "选票模式", "结果公布前隐藏票数", "公示截止", "评委权重", "仅入围作品参加公众投票")
    for label in labels:
        assert label in html, label
