"""Staff account security: the second factor cannot be skipped, enrolment and recovery codes, password rules,
the idle timeout, and the sign-in audit log with its retention and export."""

import csv
import datetime
import io
import re

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry, PageLogEntry

import pytest
import time_machine

from accounts.models import SignInEvent
from conftest import TEST_PASSWORD, current_code, enrol_second_factor

pytestmark = pytest.mark.real_second_factor


def admin_paths():
    """Every URL pattern under the admin, with its parameters filled with a plausible value."""
    prefix = reverse("wagtailadmin_home")
    found = []

    def walk(patterns, base):
        for pattern in patterns:
            route = base + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                found.append(route)

    walk(get_resolver().url_patterns, "/")
    paths = set()
    for route in found:
        route = route.lstrip("^").replace("\\Z", "").replace("$", "")
        if not route.startswith(prefix):
            continue
        route = re.sub(r"<(?:int:)?[^>]*>|\(\?P<[^>]+>[^)]*\)", "1", route)
        paths.add(route)
    return sorted(paths)


def sign_in_with_password(client, user):
    response = client.post(reverse("wagtailadmin_login"), {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302, "the password step succeeds"
    return response


@pytest.mark.parametrize("enrolled", [False, True])
def test_no_admin_url_without_the_second_factor(client, moderator, enrolled):
    if enrolled:
        enrol_second_factor(moderator)
    sign_in_with_password(client, moderator)
    target = reverse("two_factor_verify" if enrolled else "two_factor_setup")
    paths = admin_paths()
    assert len(paths) > 100, "every admin URL is tried"
    open_paths = (
        "/admin/login/",
        "/admin/logout/",
        "/admin/password_reset/",
        "/admin/jsi18n/",
        "/admin/2fa/",
        "/admin/sprite/",
    )
    for path in paths:
        if path.startswith(open_paths):
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            assert response.status_code == 302, (method, path, response.status_code)
            assert response["Location"].startswith(target), (method, path, response["Location"])


def test_workers_are_not_asked_and_the_public_site_is_open(client, worker, home_page):
    client.force_login(worker)
    assert client.get(home_page.url).status_code == 200
    assert client.get(reverse("accounts:account")).status_code == 200


def test_enrolment_on_first_sign_in_then_recovery_codes(client, editor):
    sign_in_with_password(client, editor)
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=(2,)))
    assert response["Location"].startswith(reverse("two_factor_setup"))
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "<svg" in html and "data-otp-key" in html

    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    wrong = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert wrong.status_code == 200
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()

    # django-otp throttles a device after a wrong code (1 s, doubling with each failure): the right code waits.
    assert client.post(reverse("two_factor_setup"), {"code": current_code(device)}).status_code == 200
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists(), "throttled"
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):
        done = client.post(reverse("two_factor_setup"), {"code": current_code(device)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([^<]+)</code></li>", done.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(reverse("wagtailadmin_home")).status_code == 200, "verified for this session"

    # Next sign-in, phone lost: a recovery code works once.
    client.post(reverse("wagtailadmin_logout"))
    sign_in_with_password(client, editor)
    assert client.get(reverse("wagtailadmin_home"))["Location"].startswith(reverse("two_factor_verify"))
    assert client.post(reverse("two_factor_verify"), {"code": codes[0]}).status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    client.post(reverse("wagtailadmin_logout"))
    sign_in_with_password(client, editor)
    again = client.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert again.status_code == 200, "a recovery code works once"
    assert client.get(reverse("wagtailadmin_home")).status_code == 302

    actions = list(SignInEvent.objects.filter(user=editor).values_list("action", flat=True))
    for action in (
        "accounts.sign_in",
        "accounts.2fa.enrol",
        "accounts.2fa.recovery",
        "accounts.2fa.failed",
        "accounts.sign_out",
    ):
        assert action in actions, (action, actions)


def test_a_code_from_the_app_verifies_and_the_next_url_is_kept(client, moderator):
    device = enrol_second_factor(moderator)
    sign_in_with_password(client, moderator)
    response = client.get(reverse("wagtailadmin_explore_root"))
    verify_url = response["Location"]
    assert "next=" in verify_url
    answer = client.post(verify_url, {"code": current_code(device), "next": reverse("wagtailadmin_explore_root")})
    assert answer["Location"] == reverse("wagtailadmin_explore_root")
    hostile = client.post(reverse("two_factor_verify"), {"code": "1", "next": "https://evil.example/"})
    assert hostile.status_code in (200, 302)
    assert "evil.example" not in hostile.get("Location", "")


def test_failed_sign_ins_are_logged(client, moderator):
    client.post(reverse("wagtailadmin_login"), {"username": moderator.username, "password": "wrong"})
    client.post(reverse("wagtailadmin_login"), {"username": "nobody", "password": "wrong"})
    failed = SignInEvent.objects.filter(action="accounts.sign_in_failed")
    assert {(e.username, e.user_id) for e in failed} == {(moderator.username, moderator.pk), ("nobody", None)}
    assert all(e.ip_address for e in failed)


@pytest.mark.parametrize(
    "password, ok",
    [
        ("short1A!", False),
        ("alllowercaseletters", False),
        ("lowercase123456", False),
        ("Lower-Case-Words", True),
        ("lowercase-123456", True),
    ],
)
def test_staff_passwords_need_complexity(moderator, worker, password, ok):
    from django.contrib.auth.password_validation import validate_password

    if ok:
        validate_password(password, moderator)
    else:
        with pytest.raises(ValidationError):
            validate_password(password, moderator)
    validate_password("lowercase123456", worker)  # workers keep the general rules


def test_staff_cannot_reuse_recent_passwords(moderator):
    from django.contrib.auth.password_validation import validate_password

    passwords = [f"Staff-password-{n}" for n in range(7)]
    for password in passwords:
        validate_password(password, moderator)
        moderator.set_password(password)
        moderator.save()
    for recent in passwords[-5:]:
        with pytest.raises(ValidationError):
            validate_password(recent, moderator)
    validate_password(passwords[0], moderator)  # older than the last five
    assert moderator.password_history.count() == 5


def test_idle_staff_sessions_end(client, moderator, settings):
    settings.STAFF_IDLE_TIMEOUT_MINUTES = 30
    device = enrol_second_factor(moderator)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in_with_password(client, moderator)
        client.post(reverse("two_factor_verify"), {"code": current_code(device)})
        assert client.get(reverse("wagtailadmin_home")).status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=29), tick=False):
        assert client.get(reverse("wagtailadmin_home")).status_code == 200, "active: still signed in"
    with time_machine.travel(start + datetime.timedelta(minutes=29 + 31), tick=False):
        response = client.get(reverse("wagtailadmin_home"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("wagtailadmin_login"))
    assert SignInEvent.objects.filter(user=moderator, action="accounts.idle_timeout").exists()


def test_pruning_keeps_exactly_the_last_180_days(moderator, home_page, settings):
    settings.AUDIT_LOG_RETENTION_DAYS = 30  # below the legal minimum: 180 days apply anyway
    now = timezone.now()
    ages = {"older": 181, "just_older": 180.01, "just_younger": 179.99, "young": 1}
    for label, days in ages.items():
        when = now - datetime.timedelta(days=days)
        event = SignInEvent.objects.create(action=f"test.{label}", username=label)
        SignInEvent.objects.filter(pk=event.pk).update(timestamp=when)
        entry = PageLogEntry.objects.log_action(home_page, "wagtail.edit", user=moderator, data={"test": label})
        PageLogEntry.objects.filter(pk=entry.pk).update(timestamp=when)
        entry = ModelLogEntry.objects.log_action(moderator, "wagtail.edit", user=moderator, data={"test": label})
        ModelLogEntry.objects.filter(pk=entry.pk).update(timestamp=when)
    with time_machine.travel(now, tick=False):
        call_command("prune_audit_log", verbosity=0)
    kept = set(SignInEvent.objects.filter(action__startswith="test.").values_list("action", flat=True))
    assert kept == {"test.just_younger", "test.young"}
    for model in (PageLogEntry, ModelLogEntry):
        kept = {entry.data.get("test") for entry in model.objects.filter(action="wagtail.edit")}
        assert kept == {"just_younger", "young"}, model


def test_the_export_for_auditors(moderator, client):
    client.post(reverse("wagtailadmin_login"), {"username": moderator.username, "password": "wrong"})
    out = io.StringIO()
    call_command("export_audit_log", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows and {"time", "source", "action", "user", "address", "object", "details"} <= set(rows[0])
    assert any(row["action"] == "accounts.sign_in_failed" and row["user"] == moderator.username for row in rows)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the roles from the migrations are restored
def test_verification_works_outside_a_test_transaction(client):
    """As in production (no transaction around the request): django-otp locks the devices while checking a code."""
    from conftest import make_user

    moderator = make_user("moderator-tx", "审核员")
    device = enrol_second_factor(moderator)
    sign_in_with_password(client, moderator)
    assert client.post(reverse("two_factor_verify"), {"code": current_code(device)}).status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
