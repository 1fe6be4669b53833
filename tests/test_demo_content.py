"""The demo content command: realistic, complete, and idempotent."""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, Revision

import pytest

from accounts import roles
from home.models import Category, FeaturePage


def snapshot():
    """Row counts and highest ids of everything the loader writes."""
    from taggit.models import Tag

    from campaigns.models import District, LectureSession, ReadingEvent, Speaker, VideoEntry

    models = [
        Page,
        Revision,
        PageLogEntry,
        get_image_model(),
        get_user_model(),
        Category,
        Tag,
        Speaker,
        District,
        LectureSession,
        VideoEntry,
        ReadingEvent,
    ]
    return {
        model.__name__: (model.objects.count(), model.objects.order_by("-pk").values_list("pk", flat=True).first())
        for model in models
    } | {"latest_revisions": sorted(Page.objects.values_list("pk", "latest_revision_id"))}


@pytest.fixture(scope="module")
def demo_content(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content, loaded once for this module (a minute of work in each test before) in a transaction that
    is rolled back after its last test. Each test runs inside it: pytest-django's per-test transaction becomes a
    savepoint, so whatever a test changes is undone after it as before."""
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call_command("load_demo", verbosity=0)
        yield media
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_content, db, settings):
    settings.MEDIA_ROOT = demo_content  # the pictures the loader wrote


def test_running_twice_changes_nothing(demo):
    before = snapshot()
    call_command("load_demo", verbosity=0)
    assert snapshot() == before


def test_demo_features_cover_the_categories(demo):
    features = FeaturePage.objects.live().select_related("category")
    assert features.count() >= 12
    assert len({f.category.name for f in features}) >= 5
    for feature in features:
        assert feature.listing_image_id, feature.title
        assert feature.summary, feature.title
        assert feature.tags.exists(), feature.title
        assert len(feature.body) >= 2, feature.title
    titles = " ".join(f.title for f in features)
    for fact in ("550", "93.3", "90151", "544", "3.3万"):
        assert fact in titles or any(fact in f.summary for f in features), fact


def test_demo_campaigns_cover_every_type(demo):
    from campaigns.models import (
        EntryStatus,
        FestivalEvent,
        FestivalPage,
        LectureSession,
        LectureTourPage,
        ReadingRoomPage,
        VideoContestPage,
    )

    assert LectureTourPage.objects.live().count() >= 2
    assert LectureSession.objects.count() >= 15
    contests = VideoContestPage.objects.live()
    assert any(c.entries.filter(status=EntryStatus.APPROVED).count() >= 20 for c in contests)
    assert {c.current_phase for c in contests} >= {"voting", "results"}, "one contest open for votes, one finished"
    rooms = ReadingRoomPage.objects.live()
    assert rooms.count() >= 8
    assert {"national", "provincial", "city"} <= set(rooms.values_list("level", flat=True))
    assert rooms.values("district").distinct().count() >= 5
    assert set(FestivalPage.objects.live().values_list("kind", flat=True)) == {"arts", "sports"}
    # Every demo session and festival event is placed in a district, so the statistics' district filter has data.
    assert not LectureSession.objects.filter(district=None).exists()
    assert LectureSession.objects.values("district").distinct().count() >= 4
    assert not FestivalEvent.objects.filter(district=None).exists()


def test_demo_has_a_contest_in_judging_and_one_in_its_public_notice(client, demo):
    from campaigns.models import ResultsStatus, VideoContestPage
    from judging.models import Objection, Scorecard

    contests = list(VideoContestPage.objects.live())
    judged = [c for c in contests if c.is_open_for_judging()]
    notice = [c for c in contests if c.results_status() == ResultsStatus.NOTICE]
    assert judged and notice
    judge = get_user_model().objects.get(username="judge")
    assert judged[0].judges.filter(user=judge).exists() and judged[0].entries.filter(shortlisted=True).count() >= 5
    assert not Scorecard.objects.filter(judge=judge, contest=judged[0]).exists(), "the demo judge has work to do"
    assert Scorecard.objects.filter(contest=notice[0]).count() >= 5 * 5
    assert Objection.objects.filter(contest=notice[0], status="pending").exists()
    assert "评审结果公示" in client.get(notice[0].url).content.decode()
    client.force_login(judge)
    assert client.get(f"/judging/{judged[0].pk}/").status_code == 200


def test_demo_users_have_their_roles(demo):
    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="editor").groups.filter(name=roles.EDITORS).exists()
    assert User.objects.get(username="moderator").groups.filter(name=roles.MODERATORS).exists()
    worker = User.objects.get(username="worker")
    assert worker.groups.filter(name=roles.WORKERS).exists()
    assert worker.membership_number and worker.work_unit


def test_demo_pages_were_published_by_the_moderator(demo):
    entry = PageLogEntry.objects.filter(action="wagtail.publish", page__in=FeaturePage.objects.all()).first()
    assert entry.user.username == "moderator"


def test_every_demo_page_renders(client, demo):
    for page in Page.objects.live().filter(depth__gt=1).specific():
        response = client.get(page.url)
        assert response.status_code == 200, (page.url, response.status_code)
