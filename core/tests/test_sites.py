"""The request's Wagtail site and the site settings come from the cache, and follow every change at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

from core.models import SiteSettings


def site_queries(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    looked_up = [q["sql"] for q in queries.captured_queries if "wagtailcore_site" in q["sql"]]
    settings_read = [q["sql"] for q in queries.captured_queries if "core_sitesettings" in q["sql"]]
    return response, looked_up, settings_read


def test_the_site_and_its_settings_are_looked_up_once_then_cached(client, news_index):
    _, looked_up, settings_read = site_queries(client, "/search/")
    assert looked_up and settings_read, "the first request asks the database"
    for url in ("/search/", news_index.url, "/"):
        _, looked_up, settings_read = site_queries(client, url)
        assert looked_up == [] and settings_read == [], url


def test_editing_site_settings_shows_at_once(client, home_page):
    client.get("/")
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation = "荆州市总工会网站中心"
    settings.save()
    assert "荆州市总工会网站中心" in client.get("/search/").content.decode()


def test_a_new_host_and_a_changed_root_are_followed_at_once(client, home_page, news_index, settings):
    settings.ALLOWED_HOSTS = ["*"]
    assert client.get("/", HTTP_HOST="rooms.example.org").context["page"].pk == home_page.pk, "the default site"
    site = Site.objects.create(hostname="rooms.example.org", port=80, root_page=news_index, is_default_site=False)
    assert client.get("/", HTTP_HOST="rooms.example.org").context["page"].pk == news_index.pk
    site.root_page = home_page
    site.save()
    assert client.get("/", HTTP_HOST="rooms.example.org").context["page"].pk == home_page.pk
    site.delete()
    assert client.get("/", HTTP_HOST="rooms.example.org").context["page"].pk == home_page.pk


def test_no_site_at_all_is_a_404_not_a_crash(client, home_page):
    Site.objects.all().delete()
    assert client.get("/").status_code == 404


def test_writes_do_not_look_the_site_up(db):
    """A vote or a comment post answers without a site, so the middleware does not even ask the cache."""
    from django.test import RequestFactory

    from core.sites import CachedSiteMiddleware

    seen = []
    middleware = CachedSiteMiddleware(lambda request: seen.append(getattr(request, "_wagtail_site", "not looked up")))
    middleware(RequestFactory().post("/voting/entries/1/vote/"))
    middleware(RequestFactory().get("/search/"))
    assert seen == ["not looked up", Site.objects.get(is_default_site=True)]
