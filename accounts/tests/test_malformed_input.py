"""Registration and profile fields drop control characters (core.inputs.PlainTextField) instead of storing them
(or, for NUL, refusing the form with Django's "null characters are not allowed")."""

from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest

from .test_accounts import registration

pytestmark = pytest.mark.django_db


def test_registration_drops_control_characters(client):
    response = client.post(
        reverse("accounts:register"), registration(display_name="李\x00师\x07傅", work_unit="荆江\x1b汽车\x00")
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="lishifu")
    assert (user.display_name, user.work_unit) == ("李师傅", "荆江汽车")


def test_profile_drops_control_characters(client, worker):
    client.force_login(worker)
    data = {"display_name": "老\x00丙", "work_unit": "新\x7f单位", "phone": "13900000000", "email": ""}
    assert client.post(reverse("accounts:profile"), data).status_code == 302
    worker.refresh_from_db()
    assert (worker.display_name, worker.work_unit) == ("老丙", "新单位")
