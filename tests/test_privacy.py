"""What is private stays out of every output, and comes back when it is public again.

One table: each condition that makes something private (core.visibility) is applied to a site where everything
is public and shown everywhere; then every output is asked for it: the search index (a real engine, drained as
the worker would), /api/search/, the search page and its suggestions, /api/v2/pages/, /api/v2/images/ and
/api/v2/documents/ (lists and details), /sitemap.xml, /feeds/features.xml, the contest page's entry list, the
page itself and the anonymous page cache. Lifting the condition brings it back everywhere.
"""

import datetime
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

import pytest
import time_machine

from campaigns.models import EntryStatus, VideoContestPage
from campaigns.moderation import approve_entries, reject_entries
from campaigns.submissions import worker_uploads_collection
from core import pagecache
from core.demo import demo_image
from search.client import alias_name, get_client
from search.index import rebuild

FEATURE = "荆江隐私测试专题文章"
FEATURE_BODY = "只给会员看的正文段落"
CONTEST = "荆江隐私测试视频大赛"
ENTRY = "荆江隐私测试参赛作品"
DOCUMENT = "荆江隐私测试文件"


@dataclass
class Site:
    news_index: object
    feature: object
    contest_index: object
    contest: object
    entry: object
    poster: object
    document: object
    moderator: object


@pytest.fixture
def site(
    engine, sync, settings, monkeypatch, news_index, make_feature, contest_index, make_contest, make_entry, moderator
):
    from wagtail.documents import get_document_model

    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_TTL = 300
    monkeypatch.setattr(VideoContestPage, "cache_max_age", 300)  # no expiry while a test looks at the cache
    feature = make_feature(title=FEATURE, body=[("paragraph", f"<p>{FEATURE_BODY}</p>")])
    contest = make_contest(title=CONTEST)
    poster = demo_image("荆江隐私测试封面", "play", "green")
    poster.collection = worker_uploads_collection()  # where a worker's submission files it
    poster.save()
    entry = make_entry(contest, title=ENTRY, poster=poster)
    folder = Collection.get_first_root_node().add_child(name="工会文件")
    document = get_document_model().objects.create(
        title=DOCUMENT, collection=folder, file=ContentFile(b"%PDF-1.4 test", "notice.pdf")
    )
    sync()
    return Site(news_index, feature, contest_index, contest, entry, poster, document, moderator)


# ---- the outputs ------------------------------------------------------------------------------------------


def in_index(source):
    client = get_client()
    client.indices.refresh(index=alias_name())
    return client.count(index=alias_name(), body={"query": {"term": {"source": source}}})["count"] > 0


def source(obj):
    return f"{obj._meta.app_label}.{obj._meta.model_name}:{obj.pk}"


def api_ids(client, endpoint, **params):
    response = client.get(f"/api/v2/{endpoint}/", {"limit": 20, **params})
    assert response.status_code == 200
    return {item["id"] for item in response.json()["items"]}


def cached_copy(path):
    """What the anonymous page cache holds for this path (a request as the test client sends it), or ''."""
    _key, stored, _generations = pagecache.lookup(RequestFactory().get(path))
    return stored["content"].decode() if stored else ""


def visit(client, path):
    response = client.get(path)
    return response.content.decode() if response.status_code == 200 else ""


def page_outputs(client, page, title, text):
    """Where a page shows: each output -> is it there?"""
    model = f"{page._meta.app_label}.{page.__class__.__name__}"
    sitemap = client.get("/sitemap.xml").content.decode()
    found = {
        "search index": in_index(source(page)),
        "/api/search/": title in [hit["title"] for hit in client.get("/api/search/", {"q": title}).json()["results"]],
        "/search/": f'href="{page.url}"' in client.get("/search/", {"q": title}).content.decode(),
        "/search/suggest/": title
        in [s["title"] for s in client.get("/search/suggest/", {"q": title}).json()["suggestions"]],
        "/api/v2/pages/": page.pk in api_ids(client, "pages", type=model),
        "/api/v2/pages/<id>/": client.get(f"/api/v2/pages/{page.pk}/").status_code == 200,
        "/sitemap.xml": f"{page.url}</loc>" in sitemap,
        "the page": text in visit(client, page.url),
        "page cache": text in cached_copy(page.url),
    }
    if model == "home.FeaturePage":
        found["/feeds/features.xml"] = title in client.get("/feeds/features.xml").content.decode()
    return found


def entry_outputs(client, entry):
    url = entry.get_url()
    return {
        "search index": in_index(source(entry)),
        "/api/search/": ENTRY in [hit["title"] for hit in client.get("/api/search/", {"q": ENTRY}).json()["results"]],
        "/search/": f'href="{url}"' in client.get("/search/", {"q": ENTRY}).content.decode(),
        "/search/suggest/": ENTRY
        in [s["title"] for s in client.get("/search/suggest/", {"q": ENTRY}).json()["suggestions"]],
        "contest page's entry list": ENTRY in visit(client, entry.contest.url),
        "contest page in the page cache": ENTRY in cached_copy(entry.contest.url),
        "the entry's page": ENTRY in visit(client, url),
        "entry page in the page cache": ENTRY in cached_copy(url),
    }


def media_outputs(client, endpoint, obj):
    return {
        f"/api/v2/{endpoint}/": obj.pk in api_ids(client, endpoint),
        f"/api/v2/{endpoint}/<id>/": client.get(f"/api/v2/{endpoint}/{obj.pk}/").status_code == 200,
    }


SUBJECTS = {
    "feature": lambda client, site: page_outputs(client, site.feature, FEATURE, FEATURE_BODY),
    "contest": lambda client, site: page_outputs(client, site.contest, CONTEST, ENTRY),
    "entry": lambda client, site: entry_outputs(client, site.entry),
    "poster": lambda client, site: media_outputs(client, "images", site.poster),
    "document": lambda client, site: media_outputs(client, "documents", site.document),
}


# ---- the conditions: make private, then public again -------------------------------------------------------


def unpublish(site):
    site.feature.unpublish()


def republish(site):
    site.feature.refresh_from_db()
    site.feature.expire_at = None
    site.feature.save_revision().publish()


def expire(site):
    now = timezone.now()
    site.feature.expire_at = now + datetime.timedelta(hours=1)
    site.feature.save_revision().publish()
    with time_machine.travel(now + datetime.timedelta(hours=2)):
        call_command("publish_scheduled", verbosity=0)


def restrict(page, kind="password"):
    def apply(site):
        PageViewRestriction.objects.create(page=getattr(site, page), restriction_type=kind, password="secret")

    return apply


def lift(page):
    def apply(site):
        for restriction in PageViewRestriction.objects.filter(page=getattr(site, page)):
            restriction.delete()

    return apply


def set_pending(site):
    site.entry.status = EntryStatus.PENDING
    site.entry.save()


def reject(site):
    reject_entries([site.entry], site.moderator, "画面与主题不符")


def approve(site):
    approve_entries([site.entry], site.moderator)


def restrict_collection(site):
    CollectionViewRestriction.objects.create(collection=site.document.collection, restriction_type="login")


def lift_collection_restriction(site):
    CollectionViewRestriction.objects.filter(collection=site.document.collection).delete()


CONDITIONS = [
    # (condition, make private, make public again, what it hides)
    ("unpublished", unpublish, republish, ["feature"]),
    ("expired", expire, republish, ["feature"]),
    ("view restriction on the page", restrict("feature"), lift("feature"), ["feature"]),
    ("sign-in restriction on the page", restrict("feature", "login"), lift("feature"), ["feature"]),
    ("view restriction on an ancestor", restrict("news_index"), lift("news_index"), ["feature"]),
    ("contest restricted", restrict("contest", "login"), lift("contest"), ["contest", "entry", "poster"]),
    ("contest's ancestor restricted", restrict("contest_index"), lift("contest_index"), ["contest", "entry", "poster"]),
    ("entry pending", set_pending, approve, ["entry", "poster"]),
    ("entry rejected", reject, approve, ["entry", "poster"]),
    ("document in a restricted collection", restrict_collection, lift_collection_restriction, ["document"]),
]


def everywhere(client, site, subjects):
    """{subject: {output: shown?}}, each page visited (and so cached, when public) before it is looked up."""
    return {subject: SUBJECTS[subject](client, site) for subject in subjects}


def shown(found, expected):
    return {
        subject: {output for output, there in outputs.items() if there != expected}
        for subject, outputs in found.items()
        if any(there != expected for there in outputs.values())
    }


@pytest.mark.parametrize(
    ("condition", "hide", "show", "subjects"), CONDITIONS, ids=[condition for condition, *_ in CONDITIONS]
)
def test_private_things_are_in_no_output(client, site, sync, condition, hide, show, subjects):
    everywhere(client, site, subjects)  # visit once: public pages are now in the page cache
    assert shown(everywhere(client, site, subjects), True) == {}, "public to start with, in every output"

    hide(site)
    sync()
    assert shown(everywhere(client, site, subjects), False) == {}, f"{condition}: still shown in these outputs"

    show(site)
    sync()
    everywhere(client, site, subjects)
    assert shown(everywhere(client, site, subjects), True) == {}, f"{condition} lifted: missing from these outputs"


def test_what_stays_public_is_untouched(client, site, sync):
    """A restriction on the contest hides nothing of the news, and a pending entry hides no other entry."""
    restrict("contest")(site)
    sync()
    everywhere(client, site, ["feature", "document"])
    assert shown(everywhere(client, site, ["feature", "document"]), True) == {}


def test_a_full_rebuild_leaves_no_private_entry_in_the_index(site, sync, make_contest, make_entry):
    members_only = make_contest(title="会员内部视频大赛")
    PageViewRestriction.objects.create(page=members_only, restriction_type="login")
    unpublished = make_contest(title="未发布的视频大赛")
    unpublished.unpublish()
    private = [
        make_entry(members_only, title="内部大赛作品"),
        make_entry(unpublished, title="未发布大赛作品"),
        make_entry(site.contest, title="待审作品", status=EntryStatus.PENDING),
        make_entry(site.contest, title="未通过作品", status=EntryStatus.REJECTED, rejection_reason="不符"),
    ]
    PageViewRestriction.objects.create(page=site.news_index, restriction_type="password", password="secret")
    sync()
    rebuild()
    assert in_index(source(site.entry)) and in_index(source(site.contest))
    assert not [entry.title for entry in private if in_index(source(entry))]
    assert not in_index(source(members_only)) and not in_index(source(unpublished))
    assert not in_index(source(site.feature)) and not in_index(source(site.news_index))


def test_the_reconciler_removes_what_became_private_without_an_event(site, sync):
    """A page past its expiry time before ``publish_scheduled`` has run: no signal, yet not public. The pages,
    the API and the sitemap leave it out at once; the index drops it at the next reconcile."""
    from wagtail.models import Page

    from search.sync import reconcile

    Page.objects.filter(pk=site.feature.pk).update(expire_at=timezone.now() - datetime.timedelta(seconds=1))
    assert reconcile()["surplus"] == 1
    sync()
    assert not in_index(source(site.feature))


def test_a_page_past_its_expiry_time_is_gone_before_publish_scheduled_runs(client, site):
    from wagtail.models import Page

    Page.objects.filter(pk=site.feature.pk).update(expire_at=timezone.now() - datetime.timedelta(seconds=1))
    found = page_outputs(client, site.feature, FEATURE, FEATURE_BODY)
    del found["search index"], found["/api/search/"], found["/search/"], found["/search/suggest/"]  # reconciled
    assert {output for output, there in found.items() if there} == set()


def test_the_page_cache_keeps_a_page_no_longer_than_until_its_expiry(client, site):
    site.feature.expire_at = timezone.now() + datetime.timedelta(seconds=30)
    site.feature.save_revision().publish()
    response = client.get(site.feature.url)
    max_age = int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert 0 < max_age <= 30
