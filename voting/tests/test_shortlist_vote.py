"""A contest that keeps its public vote to the shortlist (入围), and a contest that switches between single votes
and ballots during a day: the rules are checked by the statement that inserts the vote, as the database has them
at that moment (not as a server process remembers them), for single votes and whole ballots alike."""

import datetime

from django.urls import reverse

import pytest
import time_machine

from campaigns.models import VideoContestPage, VideoEntry
from campaigns.moderation import ShortlistEntry, UnshortlistEntry
from judging.services import contest_results
from voting.leaderboard import leaderboard
from voting.models import Backing, Ballot, Vote
from voting.services import VoteRejected, cast_ballot, cast_vote, count_mismatches, forget_contest_rules


def set_rules(contest, **rules):
    """An editor's change of the rules, published (the publishing process forgets its copy of the rules)."""
    for name, value in rules.items():
        setattr(contest, name, value)
    contest.save_revision().publish()
    contest.refresh_from_db()
    forget_contest_rules()
    return contest


def set_rules_elsewhere(contest, **rules):
    """The same change made by another process: this one still holds the old rules (``VOTE_RULES_TTL``)."""
    VideoContestPage.objects.filter(pk=contest.pk).update(**rules)


def counted(entry):
    return VideoEntry.objects.get(pk=entry.pk).vote_count


def ids(entries):
    return [e.pk for e in entries]


def vote_json(client, entry):
    return client.post(reverse("voting:vote", args=[entry.pk]), HTTP_ACCEPT="application/json")


def tomorrow():
    return time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1))


@pytest.fixture
def restricted(voting_contest, make_entry):
    """Public vote only on the shortlist; entry 0 and 1 shortlisted, entry 2 not."""
    set_rules(voting_contest, vote_shortlist_only=True)
    entries = [make_entry(voting_contest, title=f"入围投票作品{i}", shortlisted=i < 2) for i in range(3)]
    return voting_contest, entries


# ---- single votes -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cap", [None, 3], ids=["one-statement", "daily-cap"])
def test_a_vote_for_an_entry_off_the_shortlist_is_refused(restricted, make_worker, cap):
    contest, (in_a, in_b, out) = restricted
    if cap:
        set_rules(contest, max_entries_per_day=cap)
    worker = make_worker()
    assert cast_vote(in_a.pk, worker, "10.0.0.1").count == 1
    with pytest.raises(VoteRejected) as refused:
        cast_vote(out.pk, worker, "10.0.0.1")
    assert refused.value.code == "not_shortlisted" and refused.value.status == 409
    assert counted(out) == 0 and not Vote.objects.filter(entry=out).exists()
    assert not Backing.objects.filter(entry=out).exists(), "a refused vote leaves no backing behind"
    assert cast_vote(in_b.pk, worker, "10.0.0.1").count == 1
    assert count_mismatches() == []


def test_the_vote_api_refuses_too_and_an_open_contest_takes_every_entry(client, restricted, make_worker):
    contest, (in_a, _in_b, out) = restricted
    client.force_login(make_worker())
    refused = vote_json(client, out)
    assert refused.status_code == 409 and refused.json()["code"] == "not_shortlisted"
    assert "入围" in refused.json()["message"]
    assert vote_json(client, in_a).json()["ok"] is True
    set_rules(contest, vote_shortlist_only=False)  # the rule is off by default: every approved entry is in the vote
    assert vote_json(client, out).json()["ok"] is True
    assert counted(out) == 1


@pytest.mark.postgres
def test_the_statement_reads_the_rule_and_the_shortlist_from_the_database(restricted, make_worker, moderator):
    """This process still remembers the old rules, and the entry's contest, and the vote is refused all the same:
    the check is in the insert itself, so it holds whatever a server process remembers."""
    contest, (in_a, _in_b, out) = restricted
    worker = make_worker()
    set_rules(contest, vote_shortlist_only=False)
    cast_vote(out.pk, worker, "10.0.0.1")  # rules and the entry's contest now remembered by this process
    set_rules_elsewhere(contest, vote_shortlist_only=True)
    with pytest.raises(VoteRejected) as refused:
        cast_vote(out.pk, make_worker(), "10.0.0.1")
    assert refused.value.code == "not_shortlisted"
    cast_vote(in_a.pk, worker, "10.0.0.1")
    UnshortlistEntry(in_a, user=moderator, reason="不符合征集主题").execute()
    with pytest.raises(VoteRejected) as unlisted:
        cast_vote(in_a.pk, make_worker(), "10.0.0.1")
    assert unlisted.value.code == "not_shortlisted"
    assert counted(out) == 1 and counted(in_a) == 1 and count_mismatches() == []


def test_votes_received_before_leaving_the_shortlist_are_kept_but_not_ranked(restricted, make_worker, moderator):
    """The rule: a vote counted stays counted (and in the audit trail); an entry off the shortlist takes no new
    votes and is ranked neither on the leaderboard nor in the results; back on the shortlist, its votes count."""
    contest, (in_a, in_b, out) = restricted
    workers = [make_worker() for _ in range(3)]
    for worker in workers:
        cast_vote(in_a.pk, worker, "10.0.0.1")
    cast_vote(in_b.pk, workers[0], "10.0.0.1")
    UnshortlistEntry(in_a, user=moderator, reason="重复投稿").execute()
    assert counted(in_a) == 3 and Vote.objects.filter(entry=in_a, status="valid").count() == 3
    with pytest.raises(VoteRejected):
        cast_vote(in_a.pk, make_worker(), "10.0.0.1")
    assert [r.entry.pk for r in leaderboard(contest)] == [in_b.pk]
    assert [r.entry.pk for r in contest_results(contest)] == [in_b.pk]
    assert count_mismatches() == []
    in_a.refresh_from_db()
    ShortlistEntry(in_a, user=moderator).execute()
    assert [r.entry.pk for r in leaderboard(contest)] == [in_a.pk, in_b.pk]
    assert [(r.entry.pk, r.votes) for r in contest_results(contest)][0] == (in_a.pk, 3)


def test_an_open_contest_ranks_every_entry_on_the_leaderboard(voting_contest, make_entry, make_worker):
    entries = [make_entry(voting_contest, shortlisted=i == 0) for i in range(2)]
    cast_vote(entries[1].pk, make_worker(), "10.0.0.1")
    assert [r.entry.pk for r in leaderboard(voting_contest)] == [entries[1].pk, entries[0].pk]


# ---- ballots ------------------------------------------------------------------------------------------------


@pytest.fixture
def restricted_ballots(restricted, make_entry):
    contest, entries = restricted
    set_rules(contest, ballot_size=3)
    entries.append(make_entry(contest, title="入围投票作品3", shortlisted=True))
    return contest, entries  # 0, 1, 3 shortlisted; 2 not


def test_a_ballot_with_one_entry_off_the_shortlist_is_refused_whole(restricted_ballots, make_worker):
    contest, (a, b, out, c) = restricted_ballots
    worker = make_worker()
    with pytest.raises(VoteRejected) as refused:
        cast_ballot(contest.pk, ids([a, b, out]), worker, "10.0.0.1")
    assert refused.value.code == "not_shortlisted"
    assert not Ballot.objects.exists() and not Vote.objects.exists()
    assert [counted(e) for e in (a, b, out, c)] == [0, 0, 0, 0]
    cast_ballot(contest.pk, ids([a, b, c]), worker, "10.0.0.1")
    assert [counted(e) for e in (a, b, out, c)] == [1, 1, 0, 1] and count_mismatches() == []


@pytest.mark.postgres
def test_a_ballot_is_checked_against_the_shortlist_as_the_database_has_it(restricted_ballots, make_worker, moderator):
    contest, (a, b, _out, c) = restricted_ballots
    UnshortlistEntry(c, user=moderator, reason="作者撤回").execute()  # this process is not told: checked in the update
    with pytest.raises(VoteRejected) as refused:
        cast_ballot(contest.pk, ids([a, b, c]), make_worker(), "10.0.0.1")
    assert refused.value.code == "not_shortlisted" and not Vote.objects.exists()


def test_the_ballot_page_offers_only_the_shortlist(client, restricted_ballots, make_worker):
    contest, (a, b, out, c) = restricted_ballots
    client.force_login(make_worker())
    html = client.get(reverse("voting:ballot", args=[contest.pk])).content.decode()
    assert html.count('name="entry"') == 3 and f'value="{out.pk}"' not in html
    response = client.post(
        reverse("voting:ballot", args=[contest.pk]), {"entry": ids([a, b, out])}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 409 and response.json()["code"] == "not_shortlisted"


# ---- what the pages offer -----------------------------------------------------------------------------------


def test_cached_pages_offer_no_vote_for_entries_off_the_shortlist(client, restricted, make_worker, moderator, settings):
    settings.PAGE_CACHE_ENABLED = True
    contest, (in_a, _in_b, out) = restricted
    vote_link = 'href="{}?'.format
    entry_url = contest.url + "entries/{}/"
    for _ in range(2):  # the copy stored, then the copy served
        listing = client.get(contest.url)
        html = listing.content.decode()
        assert vote_link(reverse("voting:vote", args=[in_a.pk])) in html
        assert vote_link(reverse("voting:vote", args=[out.pk])) not in html
        assert "只有入围作品参加公众投票" in html
        page = client.get(entry_url.format(out.pk))
        assert vote_link(reverse("voting:vote", args=[out.pk])) not in page.content.decode()
    assert listing["X-Page-Cache"] == "hit" and page["X-Page-Cache"] == "hit"
    assert vote_link(reverse("voting:vote", args=[in_a.pk])) in client.get(entry_url.format(in_a.pk)).content.decode()
    UnshortlistEntry(in_a, user=moderator, reason="重复投稿").execute()  # forgets the cached pages
    html = client.get(contest.url).content.decode()
    assert vote_link(reverse("voting:vote", args=[in_a.pk])) not in html
    worker = make_worker()
    client.force_login(worker)
    me = client.get(reverse("accounts:me"), {"contest": contest.pk, "entries": f"{in_a.pk},{out.pk},{_in_b.pk}"})
    votes = me.json()["votes"]
    assert votes[str(out.pk)]["can_vote"] is False and "入围" in votes[str(out.pk)]["message"]
    assert votes[str(_in_b.pk)]["can_vote"] is True
    vote_page = client.get(reverse("voting:vote", args=[out.pk])).content.decode()
    assert "只有入围作品参加公众投票" in vote_page and "<form" not in vote_page.split('class="vote"')[1]


# ---- switching between single votes and ballots during a day ------------------------------------------------


def test_single_votes_then_ballot_mode_the_same_day(client, voting_contest, make_entry, make_worker):
    """The rule: one way of voting per worker, contest and day. Votes cast singly before the switch stay counted;
    the worker submits a ballot from the next day."""
    entries = [make_entry(voting_contest) for _ in range(4)]
    worker = make_worker()
    cast_vote(entries[0].pk, worker, "10.0.0.1")
    set_rules(voting_contest, ballot_size=3)
    with pytest.raises(VoteRejected) as refused:
        cast_ballot(voting_contest.pk, ids(entries[1:]), worker, "10.0.0.1")
    assert refused.value.code == "voted_singly_today"
    assert not Ballot.objects.exists() and Vote.objects.count() == 1 and counted(entries[1]) == 0
    client.force_login(worker)
    assert "从明天起" in client.get(reverse("voting:ballot", args=[voting_contest.pk])).content.decode()
    cast_ballot(voting_contest.pk, ids(entries[1:]), make_worker(), "10.0.0.1")  # others are not affected
    with tomorrow():
        cast_ballot(voting_contest.pk, ids(entries[:3]), worker, "10.0.0.1")
    assert [counted(e) for e in entries] == [2, 2, 2, 1] and count_mismatches() == []


def test_a_ballot_then_single_votes_the_same_day(client, voting_contest, make_entry, make_worker):
    entries = [make_entry(voting_contest) for _ in range(4)]
    set_rules(voting_contest, ballot_size=3)
    worker = make_worker()
    cast_ballot(voting_contest.pk, ids(entries[:3]), worker, "10.0.0.1")
    set_rules(voting_contest, ballot_size=None)
    for entry in (entries[3], entries[0]):  # an entry outside the ballot too: the day's vote was the ballot
        with pytest.raises(VoteRejected) as refused:
            cast_vote(entry.pk, worker, "10.0.0.1")
        assert refused.value.code in ("ballot_today", "already_voted")
    assert Vote.objects.count() == 3 and counted(entries[3]) == 0
    client.force_login(worker)
    me = client.get(reverse("accounts:me"), {"contest": voting_contest.pk, "entries": entries[3].pk}).json()
    assert me["votes"][str(entries[3].pk)]["can_vote"] is False and "选票" in me["votes"][str(entries[3].pk)]["message"]
    assert cast_vote(entries[3].pk, make_worker(), "10.0.0.1").count == 1
    with tomorrow():
        cast_vote(entries[3].pk, worker, "10.0.0.1")
    assert counted(entries[3]) == 2 and count_mismatches() == []


@pytest.mark.postgres
def test_the_switch_holds_in_the_statement_while_processes_remember_the_old_mode(
    voting_contest, make_entry, make_worker
):
    entries = [make_entry(voting_contest) for _ in range(4)]
    worker = make_worker()
    cast_vote(entries[0].pk, worker, "10.0.0.1")  # this process remembers single votes
    set_rules_elsewhere(voting_contest, ballot_size=3)
    with pytest.raises(VoteRejected) as refused:
        cast_vote(entries[1].pk, worker, "10.0.0.1")
    assert refused.value.code == "ballot_only" and Vote.objects.count() == 1
    forget_contest_rules()
    ballot_worker = make_worker()
    cast_ballot(voting_contest.pk, ids(entries[1:]), ballot_worker, "10.0.0.1")  # remembers ballot mode now
    set_rules_elsewhere(voting_contest, ballot_size=None)
    forget_contest_rules()
    with pytest.raises(VoteRejected) as after_ballot:
        cast_vote(entries[0].pk, ballot_worker, "10.0.0.1")
    assert after_ballot.value.code == "ballot_today"
    assert count_mismatches() == []
