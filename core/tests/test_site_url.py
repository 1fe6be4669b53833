"""SITE_URL: after `manage.py migrate` every absolute link of the site names the public address, not the
``http://localhost/`` of the Site record a migration created."""

import json

from django.core.management import call_command

from wagtail.models import Site

import pytest

from core.site_url import apply_to_default_site, host_and_port


def absolute_links(client, feature):
    sitemap = client.get("/sitemap.xml").content.decode()
    page = client.get(feature.url).content.decode()
    canonical = page.split('<link rel="canonical" href="')[1].split('"')[0]
    og_url = page.split('<meta property="og:url" content="')[1].split('"')[0]
    api = json.loads(client.get(f"/api/v2/pages/{feature.pk}/").content)
    return sitemap, canonical, og_url, api["meta"]["html_url"]


def test_migrate_gives_the_default_site_the_public_address(client, make_feature, settings):
    feature = make_feature(title="书屋夜读")
    sitemap, canonical, og_url, html_url = absolute_links(client, feature)
    assert "http://localhost/" in sitemap and canonical.startswith("http://localhost/"), "the migration's Site"

    settings.SITE_URL = "https://zgzj.example.cn"
    call_command("migrate", verbosity=0)  # what every deployment runs, and ./run.sh at each start
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("zgzj.example.cn", 443, "https://zgzj.example.cn")
    sitemap, canonical, og_url, html_url = absolute_links(client, feature)
    expected = "https://zgzj.example.cn" + feature.url
    assert f"<loc>{expected}</loc>" in sitemap and "localhost" not in sitemap
    assert canonical == og_url == html_url == expected


def test_applying_is_idempotent_and_unset_changes_nothing(home_page, settings, django_assert_num_queries):
    settings.SITE_URL = ""
    assert apply_to_default_site() is None
    assert Site.objects.get(is_default_site=True).hostname == "localhost"
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert apply_to_default_site() is not None
    with django_assert_num_queries(1):  # read and compare; nothing to write
        assert apply_to_default_site() is None
    assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://zgzj.example.cn", ("zgzj.example.cn", 443)),
        ("http://zgzj.example.cn:8080/", ("zgzj.example.cn", 8080)),
    ],
)
def test_host_and_port(url, expected):
    assert host_and_port(url) == expected


@pytest.mark.parametrize("url", ["zgzj.example.cn", "ftp://zgzj.example.cn", "https://"])
def test_anything_but_an_http_address_is_refused(url):
    with pytest.raises(ValueError):
        host_and_port(url)
