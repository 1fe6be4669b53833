"""Every public campaign page renders in a fixed number of queries, however many records it lists."""

from django.core.cache import cache

import pytest

from campaigns.fixtures import aware, gallery_images


def budget(client, url, django_assert_max_num_queries, limit):
    client.get(url)  # warm up: renditions are created on the first view only
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("sessions", [2, 40])
def test_tour_page(client, make_tour, tour_index, sessions, django_assert_max_num_queries):
    tour = make_tour(
        sessions=[
            {"starts_at": aware(2022, 1 + i % 12, 1 + i % 27, 9), "actual_attendance": 10} for i in range(sessions)
        ]
    )
    budget(client, tour.url, django_assert_max_num_queries, 17)  # + the comment count, the sign-up activities
    budget(client, tour_index.url, django_assert_max_num_queries, 12)


@pytest.mark.parametrize("entries", [2, 30])
def test_contest_and_entry_pages(client, contest, make_entry, entries, django_assert_max_num_queries):
    created = [make_entry(contest) for _ in range(entries)]
    cache.set("views:flush-lock", 1, 60)
    budget(client, contest.url, django_assert_max_num_queries, 20)  # + the leaderboard, the comment count
    budget(client, created[-1].get_url(), django_assert_max_num_queries, 17)  # + the comment count
    budget(client, contest.get_parent().url, django_assert_max_num_queries, 11)


@pytest.mark.parametrize("rooms", [2, 15])
def test_reading_rooms(client, rooms_index, make_room, rooms, django_assert_max_num_queries):
    made = [make_room(events=[{"starts_at": aware(2022, 5, 1, 19), "topic": "读书会"}]) for _ in range(rooms)]
    budget(client, rooms_index.url, django_assert_max_num_queries, 15)
    budget(client, rooms_index.url + "?view=map", django_assert_max_num_queries, 15)
    budget(client, made[0].url, django_assert_max_num_queries, 15)  # + the comment count, the sign-up activities


@pytest.mark.parametrize("size", [1, 12])
def test_festival_pages(client, make_festival, festival_index, gallery_collection, size, django_assert_max_num_queries):
    gallery_images(gallery_collection, size)
    festival = make_festival(events=size, awards=size, gallery=gallery_collection)
    budget(client, festival.url, django_assert_max_num_queries, 18)  # + the comment count, the sign-up activities
    budget(client, festival_index.url, django_assert_max_num_queries, 12)


@pytest.mark.parametrize("tours", [1, 5])
def test_home_page_with_campaigns(client, home_page, make_tour, make_contest, tours, django_assert_max_num_queries):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    for _ in range(tours):
        make_tour(start_date=today - datetime.timedelta(days=5), end_date=today + datetime.timedelta(days=5))
    make_contest(start_date=today, end_date=None)
    budget(client, "/", django_assert_max_num_queries, 19)
