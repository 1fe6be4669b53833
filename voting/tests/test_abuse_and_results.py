"""Rate limits, the moderators' suspicious-votes view, the leaderboard with ties, and sharing."""

import datetime
import re
import types

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

import pytest
import time_machine

from campaigns.models import VideoEntry
from voting.leaderboard import rank_entries
from voting.models import Vote, VoteStatus
from voting.services import cast_vote
from voting.suspicion import address_bursts, fresh_account_clusters

from .test_votes import vote_json


def test_rate_limit_per_account(client, entries, make_worker, settings, voting_contest):
    settings.VOTE_RATE_PER_USER = "2/m"
    type(voting_contest).objects.filter(pk=voting_contest.pk).update(votes_per_entry_per_day=5)
    client.force_login(make_worker())
    statuses = [vote_json(client, entries[0]).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    limited = vote_json(client, entries[1])
    assert limited.status_code == 429 and limited.json()["message"] == "投票太频繁了，请等一分钟再试。"
    assert VideoEntry.objects.get(pk=entries[0].pk).vote_count == 2


def test_rate_limit_per_address_across_accounts(client, entries, make_worker, settings):
    settings.VOTE_RATE_PER_IP = "3/m"
    results = []
    for _ in range(4):
        client.force_login(make_worker())
        results.append(vote_json(client, entries[0], REMOTE_ADDR="172.16.0.7").status_code)
    assert results == [200, 200, 200, 429]
    client.force_login(make_worker())
    assert vote_json(client, entries[0], REMOTE_ADDR="172.16.0.8").status_code == 200, "another address is fine"


def test_forwarded_for_is_trusted_only_behind_a_configured_proxy(client, entries, make_worker, settings):
    client.force_login(make_worker())
    vote_json(client, entries[0], REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert Vote.objects.get().ip == "10.0.0.1", "without a trusted proxy the header is ignored"
    settings.TRUSTED_PROXY_COUNT = 1
    client.force_login(make_worker())
    vote_json(client, entries[1], REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert Vote.objects.filter(entry=entries[1]).get().ip == "203.0.113.9", "the address our proxy saw"


# ---- suspicious voting ------------------------------------------------------------------------------------


@pytest.fixture
def burst(entries, make_worker):
    """Twelve accounts voting for one entry from one address within a few minutes."""
    start = timezone.now() - datetime.timedelta(hours=1)
    voters = [make_worker() for _ in range(12)]
    for minute, voter in enumerate(voters):
        with time_machine.travel(start + datetime.timedelta(seconds=20 * minute), tick=False):
            cast_vote(entries[0].pk, voter, "10.9.9.9")
    honest = make_worker()
    cast_vote(entries[0].pk, honest, "10.1.1.1")
    return voters


def test_address_bursts_are_flagged(burst, voting_contest, entries):
    (finding,) = address_bursts(voting_contest, threshold=10)
    assert finding.entry == entries[0]
    assert len(finding.votes) == 12 and {v.ip for v in finding.votes} == {"10.9.9.9"}
    assert address_bursts(voting_contest, threshold=13) == []


def test_accounts_made_minutes_apart_are_flagged(voting_contest, entries, make_worker):
    User = get_user_model()
    base = timezone.now() - datetime.timedelta(days=2)
    for i in range(6):
        voter = make_worker()
        User.objects.filter(pk=voter.pk).update(date_joined=base + datetime.timedelta(minutes=3 * i))
        cast_vote(entries[1].pk, User.objects.get(pk=voter.pk), f"10.0.{i}.1")
    old_timer = make_worker()
    User.objects.filter(pk=old_timer.pk).update(date_joined=base - datetime.timedelta(days=300))
    cast_vote(entries[1].pk, User.objects.get(pk=old_timer.pk), "10.0.99.1")
    (finding,) = fresh_account_clusters(voting_contest, threshold=5)
    assert finding.entry == entries[1] and len({v.voter_id for v in finding.votes}) == 6
    assert old_timer.pk not in {v.voter_id for v in finding.votes}


def test_moderator_voids_a_flagged_burst(client, moderator, burst, voting_contest, entries, settings):
    settings.VOTE_BURST_THRESHOLD = 10
    client.force_login(moderator)
    url = reverse("voting_suspicious") + f"?contest={voting_contest.pk}"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert entries[0].title in html and "10.9.9.9" in html
    ids = ",".join(str(v.pk) for v in Vote.objects.filter(ip="10.9.9.9"))
    assert client.post(url, {"votes": ids, "reason": ""}).status_code == 302
    assert VideoEntry.objects.get(pk=entries[0].pk).vote_count == 13, "no reason, nothing voided"
    client.post(url, {"votes": ids, "reason": "同一地址短时间内集中投票"})
    assert VideoEntry.objects.get(pk=entries[0].pk).vote_count == 1
    assert Vote.objects.filter(status=VoteStatus.VOID).count() == 12
    assert "这次征集没有发现可疑投票" in client.get(url).content.decode()


def test_only_moderators_see_votes_and_suspicions(client, editor, worker, moderator, burst):
    for user in (editor, worker):
        client.force_login(user)
        assert client.get(reverse("voting_suspicious")).status_code in (302, 403)
        assert client.get(reverse("votes:index")).status_code in (302, 403)
    client.force_login(moderator)
    html = client.get(reverse("votes:index")).content.decode()
    vote = Vote.objects.select_related("voter").first()
    # Ballot secrecy: the audit trail names no voter and cannot be searched by one; there is no detail view.
    assert vote.voter.username not in html and str(vote.voter) not in html
    assert len(client.get(reverse("votes:index"), {"q": vote.voter.username}).context["object_list"]) == 0
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse("votes:inspect", args=(vote.pk,))


def test_votes_cannot_be_edited_in_the_admin_even_by_a_superuser(client, superuser, burst):
    from django.urls import NoReverseMatch

    client.force_login(superuser)
    assert client.get(reverse("votes:index")).status_code == 200
    with pytest.raises(NoReverseMatch):
        reverse("votes:edit", args=(Vote.objects.first().pk,))


# ---- leaderboard -------------------------------------------------------------------------------------------


def fake(pk, votes, minutes):
    return types.SimpleNamespace(
        pk=pk, vote_count=votes, submitted_at=datetime.datetime(2022, 5, 1) + datetime.timedelta(minutes=minutes)
    )


def test_ranking_with_ties():
    ranked = rank_entries([fake(1, 5, 0), fake(2, 9, 0), fake(3, 5, -10), fake(4, 1, 0), fake(5, 9, 5)])
    assert [(r.rank, r.tied, r.entry.pk) for r in ranked] == [
        (1, True, 2),
        (1, True, 5),
        (3, True, 3),
        (3, True, 1),
        (5, False, 4),
    ]


def test_the_database_ranks_the_leaderboard_as_rank_entries_does(voting_contest, make_entry, django_assert_num_queries):
    """The top ``limit`` come from the database, ranked and with ties marked exactly as ``rank_entries`` ranks all
    the entries in Python, a tie cut by the limit included; one query, whatever the number of entries."""
    from campaigns.models import VideoEntry
    from voting.leaderboard import leaderboard

    entries = [make_entry(voting_contest, title=f"作品{n}") for n in range(9)]
    for entry, votes in zip(entries, [4, 9, 4, 0, 7, 4, 9, 1, 4], strict=True):
        VideoEntry.objects.filter(pk=entry.pk).update(vote_count=votes)
    expected = [(r.rank, r.tied, r.entry.pk) for r in rank_entries(voting_contest.public_entries())]
    for limit in (None, 3, 4, 9):  # 4 cuts the four-way tie at 4 votes after its first entry
        with django_assert_num_queries(1):
            ranked = [(r.rank, r.tied, r.entry.pk) for r in leaderboard(voting_contest, limit=limit)]
        assert ranked == (expected[:limit] if limit else expected)
    assert [rank for rank, _tied, _pk in expected] == [1, 1, 3, 4, 4, 4, 4, 8, 9]


def test_leaderboard_on_the_contest_page_per_category(client, voting_contest, make_entry, make_worker):
    first, second = voting_contest.categories.all()[:2]
    a = make_entry(voting_contest, title="甲作品", category=first)
    b = make_entry(voting_contest, title="乙作品", category=first)
    c = make_entry(voting_contest, title="丙作品", category=second)
    for voter in [make_worker() for _ in range(2)]:
        cast_vote(a.pk, voter, "10.0.0.1")
        cast_vote(b.pk, voter, "10.0.0.1")
    cast_vote(c.pk, make_worker(), "10.0.0.1")
    html = client.get(voting_contest.url).content.decode()
    board = html.split('class="results leaderboard"')[1].split("</table>")[0]
    assert board.index("甲作品") < board.index("乙作品") < board.index("丙作品")
    # Every rank is the number itself, and a shared one says so after it: "1（并列）", "1（并列）", "3".
    ranks = re.findall(r'<td class="rank">(.*?)</td>', board)
    assert [re.sub(r"<[^>]+>", "", rank) for rank in ranks] == ["1 （并列）", "1 （并列）", "3"]
    only_second = client.get(voting_contest.url, {"category": second.pk}).content.decode()
    board = only_second.split('class="results leaderboard"')[1].split("</table>")[0]
    assert "丙作品" in board and "甲作品" not in board


def test_results_phase_shows_awards_beside_votes(client, voting_contest, make_entry, make_worker):
    prize = voting_contest.prizes.get(name="一等奖")
    winner = make_entry(voting_contest, title="评委选的", award=prize)
    popular = make_entry(voting_contest, title="网友选的")
    for voter in [make_worker() for _ in range(3)]:
        cast_vote(popular.pk, voter, "10.0.0.1")
    with time_machine.travel(voting_contest.results_at, tick=False):
        html = client.get(voting_contest.url).content.decode()
    board = html.split('class="results leaderboard"')[1].split("</table>")[0]
    assert "评委奖项" in board
    assert board.index("网友选的") < board.index("评委选的"), "the public vote orders the table"
    assert '<strong class="award">一等奖</strong>' in board
    assert winner.title in html


# ---- sharing -----------------------------------------------------------------------------------------------


def test_entry_page_has_a_qr_code_and_share_link(client, entries):
    entry = entries[0]
    html = client.get(entry.get_url()).content.decode()
    qr_url = reverse("voting:qr_code", args=(entry.pk,))
    assert f'src="{qr_url}"' in html
    assert f'value="http://testserver{entry.get_url()}"' in html
    svg = client.get(qr_url)
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content and b"<path" in svg.content
    assert "max-age=86400" in svg["Cache-Control"]


def test_no_qr_code_for_entries_not_yet_approved(client, voting_contest, make_entry):
    from campaigns.models import EntryStatus

    pending = make_entry(voting_contest, status=EntryStatus.PENDING)
    assert client.get(reverse("voting:qr_code", args=(pending.pk,))).status_code == 404


def test_vote_buttons_are_the_same_for_everyone_and_the_state_comes_apart(client, entries, make_worker):
    """One cached page for all: the vote box is a link to the vote page; a signed-in worker's vote form, token and
    state come from /accounts/me/ (personal.js builds the form)."""
    url = entries[0].get_url()
    anonymous = client.get(url).content.decode()
    assert f'href="/voting/entries/{entries[0].pk}/vote/?next=' in anonymous
    assert not re.search(r'csrfmiddlewaretoken" value="[^"]', anonymous), "no token in shared HTML"
    client.force_login(make_worker())
    assert client.get(url).content.decode() == anonymous
    query = {"contest": entries[0].contest_id, "entries": entries[0].pk}
    state = client.get("/accounts/me/", query).json()["votes"][str(entries[0].pk)]
    assert state["can_vote"] and state["label"] == "投票" and not state["voted"]
