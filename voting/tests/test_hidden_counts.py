"""A contest that hides live counts: votes are counted, but no page, cached copy, API answer, vote answer or
personal JSON shows a number before the results."""

from django.db.models import F
from django.urls import reverse

import pytest
import time_machine

from campaigns.models import VideoEntry
from voting.models import Vote
from voting.services import forget_contest_rules

SECRET, OTHER = 98765, 43210
NUMBERS = [str(SECRET), f"{SECRET:,}", str(OTHER), str(SECRET + OTHER), f"{SECRET + OTHER:,}", str(SECRET + 1)]


@pytest.fixture
def hidden(voting_contest, make_entry, make_worker):
    voting_contest.hide_live_counts = True
    voting_contest.save_revision().publish()
    voting_contest.refresh_from_db()
    forget_contest_rules()
    author = make_worker()
    entries = [make_entry(voting_contest, title="不公开票数的作品", author=author), make_entry(voting_contest)]
    VideoEntry.objects.filter(pk=entries[0].pk).update(vote_count=SECRET)
    VideoEntry.objects.filter(pk=entries[1].pk).update(vote_count=OTHER)
    return voting_contest, entries, author


def assert_no_count(body):
    text = body if isinstance(body, str) else body.decode()
    leaked = [n for n in NUMBERS if n in text]
    assert not leaked, f"counts leaked: {leaked}"


def test_no_count_leaks_anywhere_while_voting(client, hidden, make_worker, settings):
    settings.PAGE_CACHE_ENABLED = True
    contest, entries, author = hidden
    entry = entries[0]
    entry_url = contest.url + f"entries/{entry.pk}/"
    pages = [contest.url, entry_url, "/", contest.get_parent().url]
    for url in pages:  # a reader first (the copy stored), then again (the copy served)
        first, second = client.get(url), client.get(url)
        assert first.status_code == 200 and second["X-Page-Cache"] == "hit"
        assert_no_count(first.content)
        assert_no_count(second.content)
    assert "结果公布前不显示票数" in client.get(contest.url).content.decode()
    for url in (f"/api/v2/pages/{contest.pk}/", "/api/v2/pages/?type=campaigns.VideoContestPage&fields=*"):
        response = client.get(url)
        assert response.status_code == 200
        assert_no_count(response.content)
    worker = make_worker()
    client.force_login(worker)
    for url in pages:
        assert_no_count(client.get(url).content)
    me = client.get(reverse("accounts:me"), {"contest": contest.pk, "entries": f"{entry.pk},{entries[1].pk}"})
    assert_no_count(me.content)
    assert_no_count(client.get(reverse("voting:vote", args=[entry.pk])).content)  # the no-JavaScript vote page
    voted = client.post(reverse("voting:vote", args=[entry.pk]), HTTP_ACCEPT="application/json")
    assert voted.status_code == 200 and set(voted.json()) == {"ok", "message"}
    assert Vote.objects.filter(entry=entry).count() == 1
    assert VideoEntry.objects.get(pk=entry.pk).vote_count == SECRET + 1, "the vote is counted"
    client.force_login(author)
    assert_no_count(client.get(reverse("accounts:account")).content)
    assert_no_count(client.get(reverse("campaigns:my_entries")).content)


def test_counts_show_with_the_results(client, hidden):
    contest, entries, _author = hidden
    VideoEntry.objects.filter(pk=entries[0].pk).update(vote_count=F("vote_count"))
    with time_machine.travel(contest.results_at):
        html = client.get(contest.url).content.decode()
        assert str(SECRET) in html
        figures = client.get(f"/api/v2/pages/{contest.pk}/").json()["figures"]
        assert SECRET + OTHER in [f["value"] for f in figures]
