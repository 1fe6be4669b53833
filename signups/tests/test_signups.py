"""Signing up, the waiting list, cancelling and every refusal, through the services and the HTTP views."""

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest
import time_machine

from signups import services
from signups.models import Activity, Notice, Signup, SignupStatus
from signups.services import SignupRefused

pytestmark = pytest.mark.django_db


def refusal(callable_, *args, **kwargs):
    with pytest.raises(SignupRefused) as caught:
        callable_(*args, **kwargs)
    return caught.value


def test_publishing_the_page_makes_the_activity(activity):
    assert activity.capacity == 2 and activity.enabled and activity.confirmed_count == 0
    assert activity.title.startswith("大讲堂")


def test_places_then_waiting_list_then_promotion_in_queue_order(
    activity, make_worker, django_capture_on_commit_callbacks
):
    workers = [make_worker() for _ in range(5)]
    results = [services.sign_up(activity.pk, w) for w in workers]
    assert [r.signup.status for r in results] == ["confirmed"] * 2 + ["waitlisted"] * 3
    assert [r.position for r in results] == [None, None, 1, 2, 3]
    # The second in the queue leaves: the third moves up to place 2, no gap.
    services.cancel(results[3].signup.pk, workers[3])
    assert results[4].signup.waitlist_position() == 2
    # A confirmed worker cancels: the first in the queue gets the place, and is told (task, notice).
    with django_capture_on_commit_callbacks(execute=True):
        _signup, promoted = services.cancel(results[0].signup.pk, workers[0])
    assert promoted == [results[2].signup.pk]
    promoted_signup = Signup.objects.get(pk=results[2].signup.pk)
    assert promoted_signup.status == SignupStatus.CONFIRMED and promoted_signup.promoted_at
    assert Notice.objects.filter(user=workers[2], kind="promoted").count() == 1
    assert Activity.objects.get(pk=activity.pk).confirmed_count == 2
    assert Signup.objects.get(pk=results[4].signup.pk).waitlist_position() == 1
    # Cancelled workers may sign up again, at the end of the queue.
    again = services.sign_up(activity.pk, workers[0])
    assert again.signup.status == "waitlisted" and again.position == 2


def test_every_refusal_says_why(make_activity, make_worker, worker, editor):
    now = timezone.now()
    activity = make_activity(signup_capacity=1)
    member = make_worker()
    services.sign_up(activity.pk, member)
    # already signed up (confirmed, and on the waiting list with the place)
    assert refusal(services.sign_up, activity.pk, member).code == "already_signed_up"
    second = make_worker()
    assert services.sign_up(activity.pk, second).position == 1
    refused = refusal(services.sign_up, activity.pk, second)
    assert refused.code == "already_signed_up" and "1" in str(refused.message)
    # not eligible: staff (no membership number) for a members-only event; unverified for verified-only
    assert refusal(services.sign_up, activity.pk, editor).code == "members_only"
    verified_only = make_activity(signup_eligibility="verified")
    assert refusal(services.sign_up, verified_only.pk, worker).code == "not_verified"
    worker.is_verified = True
    worker.save()
    assert services.sign_up(verified_only.pk, worker).confirmed
    # not open yet, closed, event started
    later = make_activity(signup_opens_at=now + datetime.timedelta(days=1))
    assert refusal(services.sign_up, later.pk, make_worker()).code == "not_open"
    closed = make_activity(signup_closes_at=now - datetime.timedelta(hours=1))
    assert refusal(services.sign_up, closed.pk, make_worker()).code == "closed"
    started = make_activity(starts_at=now - datetime.timedelta(minutes=5))
    assert refusal(services.sign_up, started.pk, make_worker()).code == "closed"
    # cancellation deadline passed (for a place; leaving the waiting list stays possible)
    strict = make_activity(cancel_deadline=now + datetime.timedelta(hours=1), signup_capacity=1)
    first, queued = make_worker(), make_worker()
    placed = services.sign_up(strict.pk, first).signup
    waiting = services.sign_up(strict.pk, queued).signup
    with time_machine.travel(now + datetime.timedelta(hours=2)):
        assert refusal(services.cancel, placed.pk, first).code == "deadline_passed"
        services.cancel(waiting.pk, queued)
    assert refusal(services.cancel, waiting.pk, queued).code == "already_cancelled"
    # someone else's sign-up
    assert refusal(services.cancel, placed.pk, queued).code == "not_found"


def test_the_unique_constraint_holds_without_the_friendly_check(activity, make_worker):
    from django.db import IntegrityError, transaction

    member = make_worker()
    services.sign_up(activity.pk, member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Signup.objects.create(activity=activity, user=member, status=SignupStatus.CONFIRMED)


def test_raising_the_capacity_on_publish_promotes_the_queue(make_tour, make_worker):
    tour = make_tour(
        sessions=[
            {"starts_at": timezone.now() + datetime.timedelta(days=2), "signup_enabled": True, "signup_capacity": 1}
        ]
    )
    activity = Activity.objects.get(page=tour)
    workers = [make_worker() for _ in range(3)]
    for w in workers:
        services.sign_up(activity.pk, w)
    session = tour.sessions.get()
    session.signup_capacity = 2
    session.save()
    tour.refresh_from_db()
    tour.save_revision().publish()
    statuses = dict(Signup.objects.filter(activity=activity).values_list("user_id", "status"))
    assert statuses == {workers[0].pk: "confirmed", workers[1].pk: "confirmed", workers[2].pk: "waitlisted"}


def test_the_sign_up_page_without_javascript(client, activity, make_worker):
    url = reverse("signups:activity", args=[activity.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    member = make_worker()
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert b'name="csrfmiddlewaretoken"' in response.content
    response = client.post(url, follow=True)
    assert "报名成功" in response.content.decode()
    assert Signup.objects.get(user=member).status == "confirmed"
    json = client.post(url, HTTP_ACCEPT="application/json")
    assert json.status_code == 409 and json.json()["code"] == "already_signed_up"


def test_questions_are_asked_and_answers_kept(client, make_activity, make_worker):
    activity = make_activity(signup_questions="工作单位\n参赛队人数")
    member = make_worker()
    client.force_login(member)
    url = reverse("signups:activity", args=[activity.pk])
    assert "参赛队人数" in client.get(url).content.decode()
    client.post(url, {"q0": "荆江机械厂\x00", "q1": "5"})
    assert Signup.objects.get(user=member).answers == {"工作单位": "荆江机械厂", "参赛队人数": "5"}


def test_a_private_or_unknown_event_is_not_found(client, activity, make_worker):
    from wagtail.models import PageViewRestriction

    client.force_login(make_worker())
    assert client.get(reverse("signups:activity", args=[999999])).status_code == 404
    assert str(activity.pk) in client.get("/accounts/me/", {"activities": activity.pk}).json()["signups"]
    PageViewRestriction.objects.create(page=activity.page, restriction_type="login")
    assert client.get(reverse("signups:activity", args=[activity.pk])).status_code == 404
    assert client.get("/accounts/me/", {"activities": activity.pk}).json().get("signups") == {}


def test_my_sign_ups_on_the_account_page_cancel_and_ics(client, activity, make_worker):
    member = make_worker()
    services.sign_up(activity.pk, member)
    client.force_login(member)
    page = client.get(reverse("accounts:account")).content.decode()
    assert activity.title in page
    signup = Signup.objects.get(user=member)
    ics = client.get(reverse("signups:calendar", args=[signup.pk]))
    assert ics.status_code == 200 and ics["Content-Type"] == "text/calendar" and b"BEGIN:VEVENT" in ics.content
    response = client.post(reverse("signups:cancel", args=[signup.pk]))
    assert response.status_code == 302
    assert Signup.objects.get(pk=signup.pk).status == "cancelled"
    # another worker cannot see or cancel it
    other = Client()
    other.force_login(make_worker())
    assert other.get(reverse("signups:calendar", args=[signup.pk])).status_code == 404
    assert other.post(reverse("signups:cancel", args=[signup.pk])).status_code == 404


def test_personal_part_says_what_the_cached_page_cannot(client, activity, make_worker):
    member = make_worker()
    services.sign_up(activity.pk, member)
    client.force_login(member)
    data = client.get("/accounts/me/", {"activities": f"{activity.pk},x,²,99999999999999999999"}).json()
    state = data["signups"][str(activity.pk)]
    assert state["status"] == "confirmed" and state["left"] == 1 and state["open"]


def test_the_cached_page_is_forgotten_when_the_last_place_goes(
    settings, activity, make_worker, django_capture_on_commit_callbacks
):
    from core import pagecache

    settings.PAGE_CACHE_ENABLED = True
    url = activity.page.specific.url
    anonymous = Client()
    assert anonymous.get(url)["X-Page-Cache"] == "miss"
    assert anonymous.get(url)["X-Page-Cache"] == "hit"
    services.sign_up(activity.pk, make_worker())
    assert anonymous.get(url)["X-Page-Cache"] == "hit"  # places still left: the page says the same
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_up(activity.pk, make_worker())
    response = anonymous.get(url)
    assert response["X-Page-Cache"] == "miss" and "候补" in response.content.decode()
    assert pagecache  # the page cache the test relies on


def test_reminders_the_day_before_through_the_task(activity, make_worker, mailoutbox):
    from signups.tasks import send_reminders

    member = make_worker(email="w@example.com")
    services.sign_up(activity.pk, member)
    day = timezone.localtime(activity.starts_at).date()
    assert send_reminders.enqueue(day.isoformat()).return_value == 1
    assert send_reminders.enqueue(day.isoformat()).return_value == 0  # once
    assert Notice.objects.get(user=member, kind="reminder")
    assert len(mailoutbox) == 1 and activity.title in mailoutbox[0].body
