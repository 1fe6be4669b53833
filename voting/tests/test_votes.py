"""Voting rules: who, when, how often — and what the voter is told when a vote is refused."""

import contextlib
import datetime
import re
import zoneinfo

from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

import pytest
import time_machine

from campaigns.models import EntryStatus, VideoEntry
from voting.models import Backing, Vote, VoteStatus
from voting.services import VoteRejected, cast_vote, count_mismatches, void_votes

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def vote_json(client, entry, **headers):
    return client.post(
        reverse("voting:vote", args=(entry.pk,)),
        HTTP_ACCEPT="application/json",
        HTTP_USER_AGENT="TestPhone/1.0",
        **headers,
    )


def counted(entry):
    return VideoEntry.objects.get(pk=entry.pk).vote_count


# ---- the happy path and the audit record --------------------------------------------------------------------


def test_a_vote_counts_and_is_recorded(client, entries, make_worker):
    voter = make_worker()
    client.force_login(voter)
    response = vote_json(client, entries[0], REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "count": 1, "label": "1票", "message": "感谢投票！您的一票已计入。"}
    vote = Vote.objects.get()
    assert (vote.entry, vote.voter, vote.ip, vote.user_agent, vote.status) == (
        entries[0],
        voter,
        "10.1.2.3",
        "TestPhone/1.0",
        VoteStatus.VALID,
    )
    assert vote.day == timezone.localdate() and vote.slot == 1
    assert counted(entries[0]) == 1


def test_the_new_count_comes_in_words_of_the_page_language(client, entries, make_worker):
    """The page's script shows the label as it is: "1 vote", never the "1 votes" of replacing a digit."""
    url = f"/en/voting/entries/{entries[0].pk}/vote/"
    with translation.override("zh-hans"):  # the requests switch this thread to English; switch it back after
        client.force_login(make_worker())
        assert client.post(url, HTTP_ACCEPT="application/json").json()["label"] == "1 vote"
        client.force_login(make_worker())
        assert client.post(url, HTTP_ACCEPT="application/json").json()["label"] == "2 votes"


def test_voting_works_without_javascript(client, entries, make_worker):
    """The cached page's vote link leads to the vote page: sign-in first, then a form with a fresh token; the vote
    answers there (uncached), with the message and the worker's state."""
    url = reverse("voting:vote", args=(entries[0].pk,))
    entry_url = entries[0].get_url()
    html = client.get(entry_url).content.decode()
    assert f'href="{url}?next=' in html and not re.search(r'csrfmiddlewaretoken" value="[^"]', html)
    assert client.get(url, {"next": entry_url})["Location"].startswith("/accounts/login/?next=/voting/")
    client.force_login(make_worker())
    form = client.get(url, {"next": entry_url})
    assert form.status_code == 200 and "private" in form["Cache-Control"]
    assert "csrfmiddlewaretoken" in form.content.decode() and entries[0].title in form.content.decode()
    response = client.post(url, {"next": entry_url})
    assert response.status_code == 302 and response["Location"].startswith(f"{url}?next=")
    page = client.get(response["Location"]).content.decode()
    assert "感谢投票！您的一票已计入。" in page
    assert "1票" in page and "已投票" in page and "csrfmiddlewaretoken" not in page, "no second vote offered"
    assert f'href="{entry_url}"' in page
    again = client.post(url, {"next": "https://evil.example/"}, follow=True)
    assert f'href="{entry_url}"' in again.content.decode(), "foreign next URLs are ignored"
    assert "今天已经为这件作品投过票了，明天再来吧。" in again.content.decode()


def test_csrf_is_required(entries, make_worker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_worker())
    assert vote_json(client, entries[0]).status_code == 403
    assert not Vote.objects.exists()


# ---- refusals say why -------------------------------------------------------------------------------------


def test_one_vote_per_entry_per_day(client, entries, make_worker):
    client.force_login(make_worker())
    assert vote_json(client, entries[0]).status_code == 200
    second = vote_json(client, entries[0])
    assert second.status_code == 409
    assert second.json()["code"] == "already_voted"
    assert "明天再来" in second.json()["message"]
    assert vote_json(client, entries[1]).status_code == 200, "another entry is fine"
    assert counted(entries[0]) == 1


def test_several_votes_per_day_when_the_contest_allows(client, entries, make_worker, voting_contest):
    type(voting_contest).objects.filter(pk=voting_contest.pk).update(votes_per_entry_per_day=3)
    client.force_login(make_worker())
    assert [vote_json(client, entries[0]).status_code for _ in range(4)] == [200, 200, 200, 409]
    assert sorted(Vote.objects.values_list("slot", flat=True)) == [1, 2, 3]
    assert "3次" in vote_json(client, entries[0]).json()["message"]


def test_daily_cap_on_entries_backed(client, entries, make_worker, voting_contest):
    type(voting_contest).objects.filter(pk=voting_contest.pk).update(max_entries_per_day=2, votes_per_entry_per_day=2)
    client.force_login(make_worker())
    assert vote_json(client, entries[0]).status_code == 200
    assert vote_json(client, entries[1]).status_code == 200
    third = vote_json(client, entries[2])
    assert third.status_code == 409 and third.json()["code"] == "daily_cap"
    assert "最多支持2件作品" in third.json()["message"]
    assert vote_json(client, entries[0]).status_code == 200, "a second vote for an entry already backed today"
    assert Backing.objects.count() == 2


def test_verified_members_only(client, entries, make_worker, voting_contest):
    type(voting_contest).objects.filter(pk=voting_contest.pk).update(voter_eligibility="verified")
    client.force_login(make_worker(is_verified=False))
    refused = vote_json(client, entries[0])
    assert refused.status_code == 403 and refused.json()["code"] == "not_verified"
    client.force_login(make_worker(is_verified=True))
    assert vote_json(client, entries[0]).status_code == 200


def test_signed_out_visitors_are_asked_to_sign_in(client, entries):
    response = vote_json(client, entries[0])
    assert response.status_code == 401 and response.json()["code"] == "not_signed_in"
    form = client.post(reverse("voting:vote", args=(entries[0].pk,)))
    assert form.status_code == 302 and "next=" in form["Location"]
    assert not Vote.objects.exists()


def test_staff_accounts_and_disabled_accounts_cannot_vote(client, entries, editor, make_worker):
    client.force_login(editor)
    assert vote_json(client, entries[0]).json()["code"] == "not_a_worker"
    worker = make_worker()
    client.force_login(worker)
    type(worker).objects.filter(pk=worker.pk).update(is_active=False)
    assert vote_json(client, entries[0]).status_code in (401, 403)
    assert not Vote.objects.exists()


def test_entries_not_approved_cannot_be_voted_for(client, voting_contest, make_entry, make_worker):
    pending = make_entry(voting_contest, status=EntryStatus.PENDING)
    client.force_login(make_worker())
    assert vote_json(client, pending).status_code == 404
    assert client.post(reverse("voting:vote", args=(999999,)), HTTP_ACCEPT="application/json").status_code == 404


def test_an_entry_withdrawn_after_votes_takes_no_more(client, entries, make_worker):
    """Each process remembers an entry's contest; the entry's status is still checked with every vote."""
    client.force_login(make_worker())
    assert vote_json(client, entries[0]).status_code == 200
    VideoEntry.objects.filter(pk=entries[0].pk).update(status=EntryStatus.REJECTED)
    client.force_login(make_worker())
    refused = vote_json(client, entries[0])
    assert refused.status_code == 404 and refused.json()["code"] == "no_entry"
    assert counted(entries[0]) == 1 and Vote.objects.count() == 1
    VideoEntry.objects.filter(pk=entries[0].pk).update(status=EntryStatus.APPROVED)
    assert vote_json(client, entries[0]).status_code == 200
    VideoEntry.objects.filter(pk=entries[0].pk).delete()
    assert vote_json(client, entries[0]).status_code == 404


def test_an_entry_moved_to_another_contest_is_judged_by_its_rules(client, entries, make_worker, make_contest):
    closed = make_contest(
        title="已结束的征集",
        slug="closed-contest",
        submission_opens_at=timezone.now() - datetime.timedelta(days=40),
        submission_closes_at=timezone.now() - datetime.timedelta(days=30),
        voting_opens_at=timezone.now() - datetime.timedelta(days=20),
        voting_closes_at=timezone.now() - datetime.timedelta(days=10),
        results_at=timezone.now() - datetime.timedelta(days=5),
    )
    client.force_login(make_worker())
    assert vote_json(client, entries[0]).status_code == 200
    VideoEntry.objects.filter(pk=entries[0].pk).update(contest=closed)
    client.force_login(make_worker())
    refused = vote_json(client, entries[0])
    assert refused.status_code == 403 and refused.json()["code"] == "closed"
    assert Vote.objects.filter(entry=entries[0]).count() == 1


def test_an_edit_made_by_another_process_applies_within_the_rules_ttl(client, entries, make_worker, settings):
    """Another server closes voting (here: a queryset update, which sends no signal to this process)."""
    import time

    from campaigns.models import VideoContestPage

    settings.VOTE_RULES_TTL = 0.3
    client.force_login(make_worker())
    assert vote_json(client, entries[0]).status_code == 200
    VideoContestPage.objects.filter(pk=entries[0].contest_id).update(voting_closes_at=timezone.now())
    time.sleep(0.35)
    refused = vote_json(client, entries[1])
    assert refused.status_code == 403 and refused.json()["code"] == "closed"


def test_an_edit_saved_in_this_process_applies_at_once(client, entries, make_worker, voting_contest):
    client.force_login(make_worker())
    assert vote_json(client, entries[0]).status_code == 200
    voting_contest.voting_closes_at = timezone.now()
    voting_contest.save_revision().publish()
    refused = vote_json(client, entries[1])
    assert refused.status_code == 403 and refused.json()["code"] == "closed"


# ---- time: phase boundaries and the day in Asia/Shanghai ---------------------------------------------------


def test_voting_opens_and_closes_exactly_on_time(entries, make_worker, voting_contest):
    voter = make_worker()
    opens, closes = voting_contest.voting_opens_at, voting_contest.voting_closes_at
    with pytest.raises(VoteRejected) as early:
        cast_vote(entries[0].pk, voter, "10.0.0.1", now=opens - datetime.timedelta(microseconds=1))
    assert early.value.code == "not_open" and str(early.value.message) == "投票尚未开始。"
    assert cast_vote(entries[0].pk, voter, "10.0.0.1", now=opens).count == 1
    assert cast_vote(entries[1].pk, voter, "10.0.0.1", now=closes - datetime.timedelta(microseconds=1)).count == 1
    with pytest.raises(VoteRejected) as late:
        cast_vote(entries[2].pk, voter, "10.0.0.1", now=closes)
    assert late.value.code == "closed" and str(late.value.message) == "投票已结束。"


def test_the_day_rolls_over_at_midnight_in_shanghai(client, make_contest, make_entry, make_worker):
    shanghai_midnight = datetime.datetime(2022, 5, 11, 0, 0, tzinfo=SHANGHAI)  # = 2022-05-10 16:00 UTC
    contest = make_contest(
        submission_opens_at=shanghai_midnight - datetime.timedelta(days=20),
        submission_closes_at=shanghai_midnight - datetime.timedelta(days=10),
        voting_opens_at=shanghai_midnight - datetime.timedelta(days=5),
        voting_closes_at=shanghai_midnight + datetime.timedelta(days=5),
        results_at=shanghai_midnight + datetime.timedelta(days=6),
    )
    entry = make_entry(contest)
    voter = make_worker()
    client.force_login(voter)
    with time_machine.travel(shanghai_midnight - datetime.timedelta(hours=9), tick=False):  # 15:00 Shanghai
        assert vote_json(client, entry).status_code == 200
    with time_machine.travel(shanghai_midnight - datetime.timedelta(seconds=1), tick=False):  # 23:59:59, same day
        assert vote_json(client, entry).status_code == 409
    with time_machine.travel(shanghai_midnight, tick=False):  # 00:00 Shanghai, though still 10 May in UTC
        assert vote_json(client, entry).status_code == 200
    assert sorted(map(str, Vote.objects.values_list("day", flat=True))) == ["2022-05-10", "2022-05-11"]


# ---- the database holds the rules even if the code did not -------------------------------------------------


def test_database_refuses_a_second_vote_in_the_same_slot(entries, make_worker):
    voter = make_worker()
    vote = cast_vote(entries[0].pk, voter, "10.0.0.1").vote
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(entry=vote.entry, contest=vote.contest, voter=voter, day=vote.day, slot=1, ip="10.0.0.2")
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(entry=vote.entry, contest=vote.contest, voter=voter, day=vote.day, slot=0, ip="10.0.0.2")


def test_database_refuses_backing_beyond_the_slots(entries, make_worker, voting_contest):
    voter = make_worker()
    day = timezone.localdate()
    Backing.objects.create(voter=voter, contest=voting_contest, entry=entries[0], day=day, slot=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Backing.objects.create(voter=voter, contest=voting_contest, entry=entries[1], day=day, slot=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Backing.objects.create(voter=voter, contest=voting_contest, entry=entries[0], day=day, slot=2)


# ---- voiding ----------------------------------------------------------------------------------------------


def test_voiding_votes_updates_counts_and_keeps_the_slot(client, entries, make_worker, moderator):
    voters = [make_worker() for _ in range(4)]
    votes = [cast_vote(entries[0].pk, v, "10.0.0.9").vote for v in voters]
    assert counted(entries[0]) == 4
    assert void_votes(votes[:3], moderator, "同一设备刷票") == 3
    assert void_votes(votes[:3], moderator, "重复操作") == 0, "voiding twice takes nothing off twice"
    assert counted(entries[0]) == 1
    assert count_mismatches() == []
    voided = Vote.objects.get(pk=votes[0].pk)
    assert (voided.status, voided.voided_by, voided.void_reason) == (VoteStatus.VOID, moderator, "同一设备刷票")
    client.force_login(voters[0])
    assert vote_json(client, entries[0]).status_code == 409, "a voided vote does not give the voter a new one"
    with pytest.raises(ValueError):
        void_votes(votes[3:], moderator, "  ")


def test_counters_never_drift_through_a_mixed_history(entries, make_worker, moderator, voting_contest):
    import random

    rng = random.Random(2022)
    type(voting_contest).objects.filter(pk=voting_contest.pk).update(votes_per_entry_per_day=2)
    voters = [make_worker() for _ in range(12)]
    cast = []
    for _ in range(80):
        with contextlib.suppress(VoteRejected):  # refusals are part of a realistic history
            cast.append(cast_vote(rng.choice(entries).pk, rng.choice(voters), "10.0.0.1").vote)
        if cast and rng.random() < 0.2:
            void_votes([rng.choice(cast)], moderator, "抽查")
        assert count_mismatches() == []
    for entry in entries:
        assert counted(entry) == Vote.objects.filter(entry=entry, status=VoteStatus.VALID).count()


def test_check_vote_counts_command_detects_and_repairs(entries, make_worker):
    from django.core.management import CommandError, call_command

    cast_vote(entries[0].pk, make_worker(), "10.0.0.1")
    call_command("check_vote_counts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    VideoEntry.objects.filter(pk=entries[0].pk).update(vote_count=7)  # someone edits the database by hand
    with pytest.raises(CommandError):
        call_command("check_vote_counts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("check_vote_counts", "--repair", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counted(entries[0]) == 1


def test_vote_statements_name_the_models_tables_and_columns_and_take_statuses_as_parameters(db):
    from django.db import connection

    from voting.services import VOTE_COLUMNS, statements

    quote = connection.ops.quote_name
    sql = statements(connection.vendor)
    assert sql.insert_vote.startswith(f"INSERT INTO {quote(Vote._meta.db_table)} (")
    for name in VOTE_COLUMNS:
        assert quote(Vote._meta.get_field(name).column) in sql.insert_vote
    assert quote(VideoEntry._meta.db_table) in sql.count_vote and quote(VideoEntry._meta.db_table) in sql.entry_status
    assert f"FROM {quote(Vote._meta.db_table)} WHERE" in sql.entries_voted
    assert f"FROM {quote(Backing._meta.db_table)} WHERE" in sql.entries_backed
    for statement in vars(sql).values():
        assert "'valid'" not in statement and "'approved'" not in statement, "statuses are parameters"
