"""What every page carries for accessibility: the filing numbers in the footer (only when set), the
elder-friendly mode's switch and script, and a search button that is an icon with a text label."""

import re

from wagtail.models import Site

from core.models import SiteSettings


def test_filing_numbers_are_hidden_until_set_then_linked(client, home_page):
    html = client.get("/").content.decode()
    assert "data-filing" not in html and "beian" not in html, "nothing when the site settings leave them empty"

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.icp_number = "鄂ICP备20220001号-1"
    settings.public_security_number = "鄂公网安备 42100202000001号"
    settings.save()
    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    assert '<a href="https://beian.miit.gov.cn/" rel="noopener" data-filing="icp">鄂ICP备20220001号-1</a>' in footer
    police = re.search(r'<a href="([^"]+)" rel="noopener" data-filing="public-security"><img src="([^"]+)"', footer)
    assert police.group(1) == "https://beian.mps.gov.cn/#/query/webSearch?code=42100202000001"
    assert police.group(2).endswith("public-security-badge.svg") and "鄂公网安备 42100202000001号</a>" in footer

    settings.icp_number = ""
    settings.save()
    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    assert 'data-filing="icp"' not in footer and 'data-filing="public-security"' in footer


def test_every_page_has_the_elder_friendly_switch_and_its_script_before_the_body(client, home_page):
    for path in ("/", "/en/", "/search/", "/accounts/login/"):
        html = client.get(path).content.decode()
        head, body = html.split("</head>")
        assert re.search(r'<script src="[^"]*/js/display-mode\.js"></script>', head), "in <head>, not deferred"
        assert '<button type="button" class="mode-switch" data-display-mode-switch aria-pressed="false" hidden>' in body


def test_the_search_button_is_an_icon_with_a_text_label(client, home_page):
    html = client.get("/").content.decode()
    button = re.search(r'<button type="submit" class="search-box__button">(.*?)</button>', html, re.S).group(1)
    assert '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">' in button
    assert '<span class="visually-hidden">搜索</span>' in button
    assert "🔍" not in html
