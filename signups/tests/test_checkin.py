"""Check-in codes (signed, expiring, nothing personal), the organisers' page, export and no-shows, and who may."""

import csv
import datetime
import io

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

import pytest
import time_machine

from conftest import make_user
from signups import services
from signups.models import Activity, Signup
from signups.roles import ORGANISERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_up(activity, make_worker):
    member = make_worker(work_unit="=HYPERLINK(evil)", phone="13800000000")
    return services.sign_up(activity.pk, member, {}).signup


@pytest.fixture
def organiser(db):
    return make_user("organiser1", ORGANISERS, display_name="活动管理员甲")


def test_the_code_holds_nothing_personal_and_the_worker_sees_it(client, signed_up):
    token = services.checkin_token(signed_up)
    assert token.split(":")[0] == str(signed_up.pk) and len(token) < 40
    for personal in (signed_up.user.username, signed_up.user.membership_number, signed_up.user.phone):
        assert personal not in token
    client.force_login(signed_up.user)
    page = client.get(reverse("signups:code", args=[signed_up.pk]))
    assert page.status_code == 200 and b"<svg" in page.content and "no-store" in page["Cache-Control"]


def test_tampered_expired_and_foreign_codes_are_refused(signed_up, organiser, make_activity, make_worker):
    activity = signed_up.activity
    token = services.checkin_token(signed_up)
    number, stamp, signature = token.split(":")
    for forged in (
        f"{int(number) + 1}:{stamp}:{signature}",  # someone else's number with this signature
        f"{number}:{stamp}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
        f"{number}:{stamp}",
        "",
        "x" * 500,
        "１２:３:４",
    ):
        with pytest.raises(services.SignupRefused) as caught:
            services.check_in(activity, forged, organiser)
        assert caught.value.code == "invalid", forged
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        with pytest.raises(services.SignupRefused) as caught:
            services.check_in(activity, token, organiser)
        assert caught.value.code == "expired"
    other = make_activity()
    with pytest.raises(services.SignupRefused) as caught:
        services.check_in(other, token, organiser)
    assert caught.value.code == "other_event"
    # a signature made with another salt (another use of the site's key) is not a check-in code
    from django.core import signing

    with pytest.raises(services.SignupRefused):
        services.check_in(activity, signing.TimestampSigner(salt="other").sign(number), organiser)


def test_check_in_once_and_waitlisted_or_cancelled_cannot(signed_up, organiser, make_worker):
    activity = signed_up.activity
    token = services.checkin_token(signed_up)
    signup, first = services.check_in(activity, token, organiser)
    assert first and signup.checked_in_by == organiser
    _signup, first = services.check_in(activity, f"  {token}\n", organiser)
    assert not first
    assert Activity.objects.get(pk=activity.pk).checked_in_count == 1
    queued = services.sign_up(activity.pk, make_worker()).signup
    queued = services.sign_up(activity.pk, make_worker()).signup
    assert queued.status == "waitlisted"
    with pytest.raises(services.SignupRefused) as caught:
        services.check_in(activity, services.checkin_token(queued), organiser)
    assert caught.value.code == "waitlisted"


def test_only_organisers_check_in_export_and_mark_no_shows(client, signed_up, make_worker, editor, organiser):
    activity = signed_up.activity
    urls = [
        ("get", reverse("signups:checkin", args=[activity.pk])),
        ("post", reverse("signups:checkin", args=[activity.pk])),
        ("get", reverse("signups:export_csv", args=[activity.pk])),
        ("get", reverse("signups:export_xlsx", args=[activity.pk])),
        ("post", reverse("signups:no_shows", args=[activity.pk])),
        ("get", reverse("signups:organise")),
    ]
    token = services.checkin_token(signed_up)
    for user in (signed_up.user, make_worker()):  # the worker themself, another worker
        client.force_login(user)
        for method, url in urls:
            response = getattr(client, method)(url, {"code": token} if method == "post" else {})
            assert response.status_code == 403, (user, url)
    client.logout()
    response = client.post(urls[1][1], {"code": token})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Signup.objects.get(pk=signed_up.pk).checked_in_at
    # an editor who may edit the page, and the 活动管理员 role
    for user in (editor, organiser):
        client.force_login(user)
        page = client.get(urls[0][1])
        assert page.status_code == 200 and "camera=(self)" in page["Permissions-Policy"]
        listing = client.get(urls[5][1])
        assert listing.status_code == 200 and activity.title in listing.content.decode()
    assert "camera=()" in client.get(reverse("signups:organise"))["Permissions-Policy"]
    response = client.post(urls[1][1], {"code": token}, HTTP_ACCEPT="application/json")
    assert response.json()["ok"] and Signup.objects.get(pk=signed_up.pk).checked_in_at
    assert Group.objects.filter(name=ORGANISERS).exists()


def test_export_csv_and_xlsx_neutralise_formulas(client, signed_up, organiser):
    from openpyxl import load_workbook

    client.force_login(organiser)
    activity = signed_up.activity
    body = client.get(reverse("signups:export_csv", args=[activity.pk])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 2 and "'=HYPERLINK(evil)" in rows[1] and "13800000000" in rows[1]
    xlsx = client.get(reverse("signups:export_xlsx", args=[activity.pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [cell.value for cell in sheet[2]]
    assert "'=HYPERLINK(evil)" in values and signed_up.user.public_name in values


def test_no_shows_after_the_start_and_reach_from_check_ins(client, make_activity, make_worker, organiser):
    activity = make_activity(signup_capacity=5, actual_attendance=40)
    here, absent = make_worker(), make_worker()
    came = services.sign_up(activity.pk, here).signup
    services.sign_up(activity.pk, absent)
    client.force_login(organiser)
    url = reverse("signups:no_shows", args=[activity.pk])
    client.post(url)
    assert not Signup.objects.filter(status="no_show").exists()  # not before the start
    with time_machine.travel(activity.starts_at + datetime.timedelta(minutes=10)):
        services.check_in(activity, services.checkin_token(came), organiser)
        client.post(url)
        tour = activity.page.specific
        figures = {str(f.label): f.value for f in tour.participation_figures()}
    assert Signup.objects.get(user=absent).status == "no_show"
    # the held session's reach is its one check-in, not the 40 an editor typed in
    assert 1 in figures.values() and 40 not in figures.values()
