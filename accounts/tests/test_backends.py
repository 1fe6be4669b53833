"""The authentication backend's quick load of the signed-in user behaves exactly like Django's, on PostgreSQL and
SQLite alike (the same statement and the same code on both)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db import connection
from django.urls import reverse
from django.utils import timezone

import pytest

from accounts import roles
from accounts.backends import ModelBackend, user_by_pk_sql
from conftest import make_user

User = get_user_model()


@pytest.fixture
def worker(db):
    return make_user(
        "wangshifu",
        roles.WORKERS,
        display_name="王师傅",
        work_unit="荆江机床厂",
        membership_number="GH20220007",
        phone="13900139000",
        is_verified=True,
        verified_at=timezone.now(),
    )


def field_values(user):
    return {field.attname: getattr(user, field.attname) for field in User._meta.concrete_fields}


def test_the_statement_reads_every_column_of_the_user_table():
    sql = user_by_pk_sql(connection.vendor)
    quote = connection.ops.quote_name
    for field in User._meta.concrete_fields:
        assert quote(field.column) in sql
    assert f"FROM {quote(User._meta.db_table)} WHERE" in sql


def test_loads_the_same_user_as_djangos_backend_in_one_query(worker, django_assert_num_queries):
    with django_assert_num_queries(1):
        quick = ModelBackend().get_user(str(worker.pk))
    reference = DjangoModelBackend().get_user(worker.pk)
    assert field_values(quick) == field_values(reference)
    # SQLite hands back booleans as integers and times as text: converted as the ORM converts them
    assert quick.is_verified is True and isinstance(quick.is_active, bool)
    assert quick.verified_at == reference.verified_at and quick.verified_at.tzinfo is not None
    assert quick._state.adding is False and quick._state.db == "default"
    assert quick.has_perm("voting.void_vote") == reference.has_perm("voting.void_vote")


def test_no_user_for_missing_disabled_or_malformed_ids(worker):
    backend = ModelBackend()
    assert backend.get_user(worker.pk + 1000) is None
    assert backend.get_user("not-a-number") is None
    assert backend.get_user("1 OR 1=1") is None
    User.objects.filter(pk=worker.pk).update(is_active=False)
    assert backend.get_user(worker.pk) is None


def test_a_disabled_or_changed_password_account_is_signed_out_at_once(client, worker):
    client.force_login(worker)
    account = reverse("accounts:account")
    assert client.get(account).status_code == 200
    User.objects.filter(pk=worker.pk).update(is_active=False)
    assert client.get(account).status_code == 302, "a moderator's disable takes effect on the next request"
    User.objects.filter(pk=worker.pk).update(is_active=True)
    client.force_login(worker)
    assert client.get(account).status_code == 200
    worker.set_password("Another-Password-2022")
    User.objects.filter(pk=worker.pk).update(password=worker.password)
    assert client.get(account).status_code == 302, "sessions end when the password changes"


def test_sign_in_records_this_backend(client, worker):
    from conftest import TEST_PASSWORD

    response = client.post(reverse("accounts:login"), {"username": "wangshifu", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_backend"] == "accounts.backends.ModelBackend"
    assert int(client.session["_auth_user_id"]) == worker.pk
