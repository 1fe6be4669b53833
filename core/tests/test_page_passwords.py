"""Pages protected by a password (Wagtail view restrictions): a site-styled form, and guessing is slowed."""

from django.urls import reverse

from wagtail.models import PageViewRestriction

import pytest


@pytest.fixture
def protected(make_feature):
    page = make_feature(title="内部通知")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="right-password"
    )
    return page, restriction


def attempt(client, page, restriction, password):
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])
    return client.post(url, {"password": password, "return_url": page.url})


def test_the_password_form_is_the_sites_own_and_the_right_password_opens_the_page(client, protected):
    page, restriction = protected
    form_page = client.get(page.url)
    assert form_page.status_code == 200 and "请向页面的组织者索取密码" in form_page.content.decode()
    assert attempt(client, page, restriction, "right-password").status_code == 302
    assert "内部通知" in client.get(page.url).content.decode()


def test_guessing_is_slowed_per_address(client, protected, settings):
    settings.PAGE_PASSWORD_RATE_PER_IP = "3/10m"
    page, restriction = protected
    assert [attempt(client, page, restriction, f"guess{n}").status_code for n in range(3)] == [200, 200, 200]
    refused = attempt(client, page, restriction, "right-password")
    assert refused.status_code == 429 and "尝试次数过多" in refused.content.decode()
    assert "内部通知</h1>" not in client.get(page.url).content.decode(), "even the right password waits"


def test_guessing_one_page_from_many_addresses_is_slowed_too(client, protected, settings):
    settings.PAGE_PASSWORD_RATE = "4/h"
    page, restriction = protected
    codes = [
        attempt(client, page, restriction, "guess").status_code
        for client.defaults["REMOTE_ADDR"] in (f"10.0.0.{n}" for n in range(1, 7))
    ]
    assert codes == [200, 200, 200, 200, 429, 429]
