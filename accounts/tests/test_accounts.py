"""Workers' accounts: registration, sign-in with lockout, the account page, and moderators' verify/disable."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest
import time_machine

from accounts import roles
from accounts.forms import normalise_membership_number
from conftest import TEST_PASSWORD, make_user

User = get_user_model()
GOOD_PASSWORD = "Jingjiang-2022-books"


def registration(**overrides):
    data = {
        "username": "lishifu",
        "display_name": "李师傅",
        "work_unit": "荆江汽车零部件有限公司",
        "membership_number": "GH20220001",
        "phone": "13800138000",
        "email": "",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
    }
    data.update(overrides)
    return data


def errors_in(response):
    return " ".join(re.findall(r'class="errorlist"[^>]*>([^<]*)<', response.content.decode())) + " ".join(
        re.findall(r'message--error"[^>]*>\s*(?:<p>)?([^<]*)<', response.content.decode())
    )


# ---- registration -----------------------------------------------------------------------------------------


def test_register_a_worker(client, db):
    response = client.post(reverse("accounts:register"), registration(phone="+86 138-0013-8000"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:account")
    user = User.objects.get(username="lishifu")
    assert user.groups.filter(name=roles.WORKERS).exists()
    assert (user.membership_number, user.phone, user.is_verified) == ("GH20220001", "13800138000", False)
    page = client.get(response["Location"]).content.decode()
    assert "欢迎，李师傅" in page and "尚未核实" in page and "我的参赛作品" in page


@pytest.mark.parametrize("variant", ["ＧＨ2022 0001", "gh20220001", "GH-2022-0001", " gh2022_0001 "])
def test_membership_numbers_are_unique_after_normalising(client, db, variant):
    make_user("first", roles.WORKERS, membership_number="GH20220001")
    response = client.post(reverse("accounts:register"), registration(membership_number=variant))
    assert response.status_code == 200
    assert "这个会员证号已经注册过了" in errors_in(response)
    assert normalise_membership_number(variant) == "GH20220001"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password1": "12345678", "password2": "12345678"}, "密码只包含数字"),
        ({"password1": "abc12", "password2": "abc12"}, "密码至少要8位"),
        ({"password1": "password123", "password2": "password123"}, "太常见"),
        ({"password2": "Jingjiang-2022-bookz"}, "两次输入的密码不一致"),
        ({"phone": "12345"}, "请输入11位手机号码"),
        ({"phone": "23800138000"}, "请输入11位手机号码"),
        ({"membership_number": "A1"}, "会员证号为6到32位字母和数字"),
        ({"display_name": "   "}, "必需字段"),
        ({"work_unit": ""}, "必需字段"),
        ({"username": "li shifu<script>"}, "用户名"),
    ],
)
def test_registration_says_what_is_wrong(client, db, overrides, message):
    response = client.post(reverse("accounts:register"), registration(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode(), errors_in(response)
    assert not User.objects.filter(username="lishifu").exists()


def test_public_names_are_screened_like_comments(client, worker):
    """The display name shows beside a worker's comments and entries: a reject word is refused at registration
    and in the profile, whatever evasion hides it (a Hangul filler here)."""
    from screening.models import Action, Category, SensitiveWord

    SensitiveWord.objects.create(term="网络赌场", category=Category.ILLEGAL, action=Action.REJECT)
    response = client.post(reverse("accounts:register"), registration(display_name="网络\u3164赌场老板"))
    assert "包含不允许发布的词语（违法犯罪）" in errors_in(response)
    assert not User.objects.filter(username="lishifu").exists()
    client.force_login(worker)
    profile = {"display_name": "网络赌场", "work_unit": "新单位", "phone": "13900000000", "email": ""}
    assert "包含不允许发布的词语（违法犯罪）" in errors_in(client.post(reverse("accounts:profile"), profile))
    worker.refresh_from_db()
    assert worker.display_name == "职工丙"


def test_registration_is_rate_limited_per_address(client, db, settings):
    settings.REGISTER_RATE = "2/h"
    for n in range(2):
        client.post(reverse("accounts:register"), registration(username=f"w{n}", membership_number=f"GH2022000{n}"))
        client.logout()
    third = client.post(reverse("accounts:register"), registration(username="w3", membership_number="GH20220003"))
    assert "来自您网络的注册太多" in third.content.decode()
    assert User.objects.filter(username__in=["w0", "w1", "w3"]).count() == 2


# ---- signing in -------------------------------------------------------------------------------------------


def sign_in(client, username, password, url=None, **extra):
    return client.post(url or reverse("accounts:login"), {"username": username, "password": password}, **extra)


def test_sign_in_and_go_where_you_were(client, worker):
    response = client.post(
        reverse("accounts:login") + "?next=/news/", {"username": "worker1", "password": TEST_PASSWORD, "next": "/news/"}
    )
    assert response.status_code == 302 and response["Location"] == "/news/"
    assert client.get(reverse("accounts:account")).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("accounts:account")).status_code == 302


def test_wrong_password_is_refused_plainly(client, worker):
    response = sign_in(client, "worker1", "not-the-password")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_a_disabled_worker_is_told_why(client, worker):
    User.objects.filter(pk=worker.pk).update(is_active=False, deactivation_reason="冒用他人会员证号")
    response = sign_in(client, "worker1", TEST_PASSWORD)
    assert "这个账号已被停用（冒用他人会员证号）" in response.content.decode()
    guess = sign_in(client, "worker1", "wrong-guess")
    assert "冒用他人会员证号" not in guess.content.decode(), "no hint without the right password"


def test_repeated_failures_lock_the_account_for_that_address(client, worker, make_worker_login_client):
    for attempt in range(4):
        assert sign_in(client, "worker1", f"guess-{attempt}").status_code == 200
    fifth = sign_in(client, "worker1", "guess-4")
    assert fifth.status_code == 429, "the fifth wrong password locks"
    locked = sign_in(client, "worker1", TEST_PASSWORD)
    assert locked.status_code == 429
    assert "请在15分钟后再试" in locked.content.decode()
    other_worker = make_worker_login_client()  # another account from the same address is not locked
    assert other_worker.status_code == 302
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        assert sign_in(client, "worker1", TEST_PASSWORD).status_code == 302


def test_hostile_brute_force_never_gets_in(client, worker):
    """Fifty guesses with the right password hidden at the end: the lockout stops them all."""
    guesses = [f"guess{n:02d}" for n in range(49)] + [TEST_PASSWORD]
    statuses = [sign_in(client, "worker1", guess, REMOTE_ADDR="198.51.100.7").status_code for guess in guesses]
    assert 302 not in statuses
    assert statuses[:4] == [200] * 4 and set(statuses[4:]) == {429}
    assert client.get(reverse("accounts:account")).status_code == 302


def test_many_usernames_from_one_address_are_slowed(client, db, settings):
    settings.LOGIN_RATE_PER_IP = "10/10m"
    statuses = [sign_in(client, f"someone{n}", "x").status_code for n in range(12)]
    assert statuses[:10] == [200] * 10 and statuses[10:] == [429, 429]
    assert "尝试登录的次数太多" in sign_in(client, "someone99", "x").content.decode()


def test_one_username_from_many_addresses_is_slowed(client, worker, settings):
    settings.LOGIN_RATE_PER_USERNAME = "8/h"
    statuses = [sign_in(client, "worker1", "x", REMOTE_ADDR=f"203.0.113.{n}").status_code for n in range(10)]
    assert statuses[:8] == [200] * 8 and statuses[8:] == [429, 429]


def test_the_admin_sign_in_has_the_same_rate_limits(client, db, settings):
    """The probe sprayed 40 usernames from one address at /admin/login/ and every attempt was processed."""
    settings.LOGIN_RATE_PER_IP = "10/10m"
    url = reverse("wagtailadmin_login")
    statuses = [sign_in(client, f"staff{n}", "x", url=url).status_code for n in range(12)]
    assert statuses[:10] == [200] * 10 and statuses[10:] == [429, 429]
    assert "尝试登录的次数太多" in sign_in(client, "staff99", "x", url=url).content.decode()
    public = sign_in(client, "someone", "x")
    assert public.status_code == 429, "the public form counts against the same limit"


def test_one_username_from_many_addresses_is_slowed_at_the_admin_too(client, editor, settings):
    settings.LOGIN_RATE_PER_USERNAME = "8/h"
    url = reverse("wagtailadmin_login")
    statuses = [sign_in(client, "editor1", "x", url=url, REMOTE_ADDR=f"203.0.113.{n}").status_code for n in range(9)]
    assert statuses[-1] == 429
    right = sign_in(client, "editor1", TEST_PASSWORD, url=url, REMOTE_ADDR="198.51.100.1")
    assert right.status_code == 429, "over the limit, even the right password waits"


def test_the_admin_sign_in_is_locked_too(client, editor):
    for attempt in range(5):
        sign_in(client, "editor1", f"guess-{attempt}", url=reverse("wagtailadmin_login"))
    assert sign_in(client, "editor1", TEST_PASSWORD, url=reverse("wagtailadmin_login")).status_code == 429


@pytest.fixture
def make_worker_login_client(db):
    def sign_in_other():
        from django.test import Client

        make_user("worker2", roles.WORKERS, membership_number="T0002")
        return sign_in(Client(), "worker2", TEST_PASSWORD)

    return sign_in_other


# ---- the account page -------------------------------------------------------------------------------------


def test_account_page_shows_profile_and_contributed_panels(client, worker):
    client.force_login(worker)
    html = client.get(reverse("accounts:account")).content.decode()
    for expected in ("职工丙", "测试机械厂", "T0001", "我的参赛作品", "退出登录"):
        assert expected in html, expected
    assert "no-store" in client.get(reverse("accounts:account"))["Cache-Control"]


def test_profile_edit(client, worker):
    client.force_login(worker)
    bad = client.post(reverse("accounts:profile"), {"display_name": "老丙", "work_unit": "新单位", "phone": "1"})
    assert "请输入11位手机号码" in bad.content.decode()
    client.post(
        reverse("accounts:profile"),
        {"display_name": "老丙", "work_unit": "新单位", "phone": "13900000000", "email": ""},
    )
    worker.refresh_from_db()
    assert (worker.display_name, worker.work_unit, worker.phone) == ("老丙", "新单位", "13900000000")


def test_password_reset_by_email(client, worker):
    User.objects.filter(pk=worker.pk).update(email="worker@example.com")
    client.post(reverse("accounts:password_reset"), {"email": "worker@example.com"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    new = "A-brand-new-password-2022"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert sign_in(client, "worker1", new).status_code == 302


@pytest.mark.parametrize("url", ["/accounts/password/reset/", "/admin/password_reset/"])
def test_password_reset_answers_alike_for_known_and_unknown_addresses(client, worker, settings, url):
    """The e-mail goes out through the task queue, so the request never looks the address up (the probe timed
    99 ms for an address with an account against 16 ms without)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    User.objects.filter(pk=worker.pk).update(email="worker@example.com")
    answers = []
    for email in ("worker@example.com", "nobody@example.com"):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, {"email": email})
        assert response.status_code == 302
        answers.append(response["Location"])
        assert not [q for q in queries.captured_queries if User._meta.db_table in q["sql"]], "no account lookup"
    assert answers[0] == answers[1]
    assert [r.kwargs["email"] for r in default_task_backend.results] == ["worker@example.com", "nobody@example.com"]
    assert mail.outbox == []


def test_staff_reset_their_password_from_the_admin(client, editor):
    User.objects.filter(pk=editor.pk).update(email="editor@example.com")
    client.post("/admin/password_reset/", {"email": "editor@example.com"})
    assert len(mail.outbox) == 1
    assert re.search(r"http://testserver/admin/password_reset/confirm/\S+/", mail.outbox[0].body)


def test_header_links(client, worker, home_page):
    anonymous = client.get("/").content.decode()
    assert 'href="/accounts/login/?next=/"' in anonymous and 'href="/accounts/register/"' in anonymous
    client.force_login(worker)
    assert client.get("/").content.decode() == anonymous, "the same page: the name comes from /accounts/me/"
    assert '<a href="/accounts/" data-account-name></a>' in anonymous
    assert client.get("/accounts/me/").json()["name"] == "职工丙"


# ---- moderators verify and disable workers ----------------------------------------------------------------


def worker_form(**fields):
    data = {"is_verified": "", "is_active": "on", "deactivation_reason": "", "reason": ""}
    data.update(fields)
    return {k: v for k, v in data.items() if v != ""}


def test_moderator_verifies_and_disables_a_worker(client, moderator, worker):
    client.force_login(moderator)
    listing = client.get(reverse("workers:index"))
    assert listing.status_code == 200 and "职工丙" in listing.content.decode()
    edit = reverse("workers:edit", args=(worker.pk,))
    response = client.post(edit, worker_form(is_verified="on", is_active="on", reason="已核对会员证"))
    assert response.status_code == 302, response.content.decode()[:3000]
    worker.refresh_from_db()
    assert worker.is_verified and worker.verified_by == moderator and worker.verified_at

    refused = client.post(edit, worker_form(is_verified="on", is_active=""))  # disabling without a reason
    assert refused.status_code == 200 and "请说明停用账号的原因" in refused.content.decode()
    client.post(edit, worker_form(is_verified="on", is_active="", reason="多次发布广告"))
    worker.refresh_from_db()
    assert not worker.is_active and worker.deactivation_reason == "多次发布广告"
    actions = list(ModelLogEntry.objects.filter(user=moderator).values_list("action", flat=True))
    assert "accounts.worker.verify" in actions and "accounts.worker.disable" in actions
    assert "这个账号已被停用（多次发布广告）" in sign_in(client.__class__(), "worker1", TEST_PASSWORD).content.decode()


def test_workers_list_holds_workers_only(client, moderator, worker, editor):
    client.force_login(moderator)
    html = client.get(reverse("workers:index")).content.decode()
    assert "职工丙" in html and "编辑甲" not in html
    assert client.get(reverse("workers:edit", args=(editor.pk,))).status_code == 404


def test_editors_and_workers_cannot_moderate_workers(client, editor, worker):
    for user in (editor, worker):
        client.force_login(user)
        response = client.get(reverse("workers:index"))
        assert response.status_code in (302, 403)


def test_moderators_do_not_get_wagtails_user_administration(client, moderator, superuser):
    client.force_login(moderator)
    assert client.get(reverse("wagtailusers_users:index")).status_code in (302, 403)
    assert client.get(reverse("wagtailusers_users:edit", args=(superuser.pk,))).status_code in (302, 403)
