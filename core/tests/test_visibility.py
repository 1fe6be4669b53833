"""The one rule of what is public (core.visibility): each object test and its queryset form give the expected
answer for every case, so the two agree; and no other module computes page visibility itself."""

import datetime
import re
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

import pytest
import time_machine

from campaigns.models import EntryStatus
from core import visibility
from core.demo import demo_image


def restrict(page, kind="password"):
    from django.contrib.auth.models import Group

    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind, password="secret")
    if kind == "groups":
        restriction.groups.set(Group.objects.filter(name="审核员"))
    return restriction


def check(cases, is_public, queryset):
    """``cases``: {name: (object, expected)}. The object test and the queryset form both give ``expected``."""
    wrong = {name: expected for name, (obj, expected) in cases.items() if is_public(obj) != expected}
    assert wrong == {}, "object test disagrees with the table"
    found = set(queryset.values_list("pk", flat=True))
    wrong = {name: expected for name, (obj, expected) in cases.items() if (obj.pk in found) != expected}
    assert wrong == {}, "queryset form disagrees with the table"


def test_pages(home_page, news_index, make_feature):
    from home.models import NewsIndexPage

    now = timezone.now()
    private_index = NewsIndexPage(title="内部资讯", slug="internal")
    home_page.add_child(instance=private_index)
    private_index.save_revision().publish()
    restrict(private_index, "login")

    unpublished = make_feature()
    unpublished.unpublish()
    expired = make_feature(expire_at=now + datetime.timedelta(hours=1))
    with time_machine.travel(now + datetime.timedelta(hours=2)):
        call_command("publish_scheduled", verbosity=0)
    expired.refresh_from_db()
    assert expired.expired and not expired.live
    past_expiry = make_feature()
    Page.objects.filter(pk=past_expiry.pk).update(expire_at=now - datetime.timedelta(minutes=1))
    past_expiry.refresh_from_db()  # live: publish_scheduled has not run yet
    restricted = {kind: make_feature() for kind in ("password", "login", "groups")}
    for kind, page in restricted.items():
        restrict(page, kind)
    public_source = make_feature()
    private_source = make_feature()
    restrict(private_source)
    public_alias = public_source.create_alias(parent=private_index.get_parent(), update_slug="alias-public")
    private_alias = private_source.create_alias(parent=private_index.get_parent(), update_slug="alias-private")
    under_private_source = make_feature(parent=private_index)
    alias_of_page_under_restriction = under_private_source.create_alias(parent=home_page, update_slug="alias-under")

    cases = {
        "home": (home_page, True),
        "live": (make_feature(), True),
        "expiry ahead": (make_feature(expire_at=now + datetime.timedelta(days=1)), True),
        "draft": (make_feature(publish=False), False),
        "unpublished": (unpublished, False),
        "expired": (expired, False),
        "past its expiry time, not yet unpublished": (past_expiry, False),
        **{f"{kind} on the page": (page, False) for kind, page in restricted.items()},
        "restricted index": (private_index, False),
        "under a restricted ancestor": (under_private_source, False),
        "sibling of a restricted page": (news_index, True),
        "alias of a public page": (public_alias, True),
        "alias of a restricted page": (private_alias, False),
        "alias of a page under a restriction": (alias_of_page_under_restriction, False),
    }
    check(cases, lambda page: visibility.page_is_public(page.specific), visibility.public_pages())
    features = {name: case for name, case in cases.items() if case[0].specific_class.__name__ == "FeaturePage"}
    from home.models import FeaturePage

    check(features, visibility.page_is_public, visibility.public_pages(FeaturePage))
    check(features, visibility.page_is_public, visibility.public_pages(FeaturePage.objects.filter(depth__gt=2)))


def test_expiry_is_judged_at_the_given_time(make_feature):
    page = make_feature(expire_at=timezone.now() + datetime.timedelta(hours=1))
    later = timezone.now() + datetime.timedelta(hours=2)
    assert visibility.page_is_public(page) and not visibility.page_is_public(page, now=later)
    assert visibility.public_pages(type(page)).filter(pk=page.pk).exists()
    assert not visibility.public_pages(type(page), now=later).filter(pk=page.pk).exists()


CONTEST_CONDITIONS = ["public", "unpublished", "restricted", "ancestor restricted", "past its expiry time"]


@pytest.mark.parametrize("condition", CONTEST_CONDITIONS)
def test_entries(condition, make_contest, contest_index, make_entry):
    contest = make_contest()
    if condition == "unpublished":
        contest.unpublish()
    elif condition == "restricted":
        restrict(contest, "groups")
    elif condition == "ancestor restricted":
        restrict(contest_index, "login")
    elif condition == "past its expiry time":
        Page.objects.filter(pk=contest.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
        contest.refresh_from_db()
    other = make_contest()  # public, unless the restriction is on the shared index
    public_contest = condition == "public"
    cases = {
        f"{status} in a {condition} contest": (make_entry(contest, status=status), public_contest and approved)
        for status, approved in (
            (EntryStatus.APPROVED, True),
            (EntryStatus.PENDING, False),
            (EntryStatus.REJECTED, False),
        )
    }
    cases["approved in another contest"] = (make_entry(other), condition != "ancestor restricted")
    from campaigns.models import VideoEntry

    check(cases, lambda entry: VideoEntry.objects.get(pk=entry.pk).is_public, visibility.public_entries())
    own = {name: case for name, case in cases.items() if case[0].contest_id == contest.pk}
    check(own, visibility.entry_is_public, visibility.public_entries(VideoEntry.objects.filter(contest=contest)))
    assert visibility.approved_entries(contest.entries.all()).count() == 1, "the contest page shows its approved one"


def private_collection(name, parent=None):
    collection = (parent or Collection.get_first_root_node()).add_child(name=name)
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    return collection


def test_images(make_contest, make_entry):
    from campaigns.submissions import worker_uploads_collection

    contest = make_contest()
    private_contest = make_contest()
    restrict(private_contest)
    hidden = private_collection("内部图片")
    below_hidden = hidden.add_child(name="内部图片·子")
    uploads = worker_uploads_collection()

    def image(title, collection=None):
        picture = demo_image(title, "books", "blue")
        if collection is not None:
            picture.collection = collection
            picture.save()
        return picture

    def poster_of(*statuses, contest=contest, collection=None):
        picture = image(f"封面{len(cases)}", collection)
        for status in statuses:
            make_entry(contest, status=status, poster=picture)
        return picture

    cases = {}
    cases["library image"] = (image("资料图"), True)
    cases["in a private collection"] = (image("内部图", hidden), False)
    cases["below a private collection"] = (image("内部图·子", below_hidden), False)
    cases["poster of a pending entry"] = (poster_of(EntryStatus.PENDING), False)
    cases["poster of a rejected entry"] = (poster_of(EntryStatus.REJECTED), False)
    cases["poster of an approved entry"] = (poster_of(EntryStatus.APPROVED), True)
    cases["poster of an approved entry in a private contest"] = (
        poster_of(EntryStatus.APPROVED, contest=private_contest),
        False,
    )
    cases["poster of a pending and an approved entry"] = (poster_of(EntryStatus.PENDING, EntryStatus.APPROVED), True)
    cases["worker's upload without an entry"] = (image("职工上传", uploads), False)
    cases["worker's upload, entry pending"] = (poster_of(EntryStatus.PENDING, collection=uploads), False)
    cases["worker's upload, entry approved"] = (poster_of(EntryStatus.APPROVED, collection=uploads), True)
    check(cases, visibility.image_is_public, visibility.public_images())


def test_documents(db):
    from django.core.files.base import ContentFile

    from wagtail.documents import get_document_model

    Document = get_document_model()
    hidden = private_collection("内部文件")

    def document(title, collection):
        return Document.objects.create(title=title, collection=collection, file=ContentFile(b"%PDF-1.4", "a.pdf"))

    cases = {
        "in the root collection": (document("公开文件", Collection.get_first_root_node()), True),
        "in a private collection": (document("内部文件", hidden), False),
        "below a private collection": (document("内部文件·子", hidden.add_child(name="子")), False),
    }
    check(cases, visibility.document_is_public, visibility.public_documents())


def test_the_worker_uploads_collection_is_private_and_made_again_if_lost(db):
    from campaigns.submissions import worker_uploads_collection

    collection = worker_uploads_collection()
    assert visibility.collection_is_private(collection)
    assert worker_uploads_collection() == collection, "one collection"
    CollectionViewRestriction.objects.filter(collection=collection).delete()
    assert visibility.collection_is_private(worker_uploads_collection()), "private again"
    collection.name = "改了名字"
    collection.save()
    again = worker_uploads_collection()
    assert again != collection and visibility.collection_is_private(again)


VISIBILITY_CALLS = re.compile(r"\.(public|not_public|private|private_q)\(")


def test_nothing_else_decides_which_pages_are_public():
    """Wagtail's ``.public()`` is one half of the page rule; outputs call ``core.visibility`` instead."""
    root = Path(settings.BASE_DIR)
    offenders = []
    packages = [folder for folder in root.iterdir() if (folder / "__init__.py").exists()]  # the apps, not .venv
    for path in sorted(path for package in packages for path in package.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if "/tests/" in relative or "/migrations/" in relative or relative == "core/visibility.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if VISIBILITY_CALLS.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []


@pytest.mark.django_db
def test_restricted_paths_come_from_the_cache_and_follow_every_change(
    make_feature, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from core import pagecache

    feature = make_feature()
    assert visibility.restricted_paths() == []
    with django_assert_num_queries(0):
        assert visibility.restricted_paths() == [], "read from the cache"
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(page=feature, restriction_type=PageViewRestriction.LOGIN)
        # Another process reads the paths before the commit (without the new restriction) and caches them under
        # the generation the save has just bumped ...
        _stored, generations = pagecache._read(visibility.RESTRICTED_PATHS_KEY, [])
        cache.set(visibility.RESTRICTED_PATHS_KEY, {"value": [], "generations": generations})
        assert visibility.restricted_paths() == []
    # ... and the commit forgets that copy.
    assert visibility.restricted_paths() == [feature.path]
    assert not visibility.page_is_public(feature) and feature not in visibility.public_pages(Page)
    restriction.delete()
    assert visibility.restricted_paths() == []
