"""Editors' search in the Wagtail admin finds Chinese titles: pages, images, documents and snippets."""

from django.core.management import call_command
from django.urls import reverse

import pytest


@pytest.fixture
def admin_search(osmem_clone, settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.admin_backend", "URLS": [osmem_clone.url], "INDEX_PREFIX": "test-admin-"}
    }


def refresh(osmem_clone):
    from elasticsearch import Elasticsearch

    from search.transport import PlainJsonNode

    Elasticsearch(osmem_clone.url, node_class=PlainJsonNode).indices.refresh(index="test-admin-*")


def test_admin_finds_chinese_titles(client, moderator, admin_search, osmem_clone, make_feature, image, category):
    from django.core.files.base import ContentFile

    from wagtail.documents.models import Document

    make_feature(title="荆江汽车职工书屋升级")
    make_feature(title="送清凉到工地")
    image.title = "职工书屋读书会照片"
    image.save()
    document = Document(title="书屋管理办法")
    document.file.save("rules.txt", ContentFile(b"rules"), save=False)
    document.save()
    category.name = "职工书屋专栏"
    category.save()
    call_command("update_index", verbosity=0)
    refresh(osmem_clone)

    client.force_login(moderator)
    pages = client.get(reverse("wagtailadmin_pages:search"), {"q": "书屋"}).content.decode()
    assert "荆江汽车职工书屋升级" in pages and "送清凉到工地" not in pages
    assert "荆江汽车职工书屋升级" in client.get(reverse("wagtailadmin_pages:search"), {"q": "职工书"}).content.decode()
    images = client.get(reverse("wagtailimages:index"), {"q": "书屋"}).content.decode()
    assert "职工书屋读书会照片" in images
    documents = client.get(reverse("wagtaildocs:index"), {"q": "书屋"}).content.decode()
    assert "书屋管理办法" in documents
    snippets = client.get(reverse("wagtailsnippets_home_category:list"), {"q": "书屋"}).content.decode()
    assert "职工书屋专栏" in snippets


def test_new_pages_are_found_without_a_rebuild(client, moderator, admin_search, osmem_clone, make_feature):
    call_command("update_index", verbosity=0)
    make_feature(title="新发布的书屋文章")  # indexed by Wagtail's own signal handlers (immediate tasks in tests)
    refresh(osmem_clone)
    client.force_login(moderator)
    assert "新发布的书屋文章" in client.get(reverse("wagtailadmin_pages:search"), {"q": "书屋"}).content.decode()


def test_database_backend_cannot_do_this(client, moderator, make_feature, settings):
    """Why the admin needs the engine: Wagtail's default database search finds nothing for 书屋."""
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    make_feature(title="荆江汽车职工书屋升级")
    call_command("update_index", verbosity=0)
    client.force_login(moderator)
    assert (
        "荆江汽车职工书屋升级" not in client.get(reverse("wagtailadmin_pages:search"), {"q": "书屋"}).content.decode()
    )


def test_the_api_searches_public_pages_on_the_engine(client, admin_search, osmem_clone, make_feature):
    """/api/v2/pages/?search= goes through the same backend (the engine in production) with the public rule applied
    as an indexed filter: a restricted page is not found."""
    from wagtail.models import PageViewRestriction

    public = make_feature(title="荆江职工书屋开放")
    private = make_feature(title="内部职工书屋名单")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    call_command("update_index", verbosity=0)
    refresh(osmem_clone)
    response = client.get("/api/v2/pages/", {"search": "职工书屋", "search_operator": "and"})
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [public.pk]
