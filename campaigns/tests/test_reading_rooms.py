from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest

from campaigns.fixtures import aware
from campaigns.models import DemonstrationLevel
from campaigns.models.reading_rooms import room_map


def test_index_filters_by_district_and_level(client, rooms_index, make_room, districts):
    make_room(title="沙市书屋", district=districts[0], level=DemonstrationLevel.NATIONAL)
    make_room(title="荆州书屋", district=districts[1], level=DemonstrationLevel.CITY)
    make_room(title="江陵书屋", district=districts[2], level=DemonstrationLevel.PROVINCIAL)

    def listing(**params):
        return client.get(rooms_index.url, params).content.decode()

    by_district = listing(district=districts[1].pk)
    assert "荆州书屋" in by_district and "沙市书屋" not in by_district and "江陵书屋" not in by_district
    national = listing(level="national")
    assert "沙市书屋" in national and "荆州书屋" not in national
    assert "没有符合条件的职工书屋" in listing(district=districts[0].pk, level="city")
    everything = listing(district="abc", level="nope")
    assert all(name in everything for name in ("沙市书屋", "荆州书屋", "江陵书屋"))


def test_campaign_figures_are_computed_from_the_rooms(rooms_index, make_room):
    make_room(collection_size=1200, level="national")
    make_room(collection_size=800, level="none")
    make_room(collection_size=3000, level="provincial")
    stats = rooms_index.room_stats
    assert (stats["rooms"], stats["books"], stats["national"], stats["provincial"], stats["city"]) == (3, 5000, 1, 1, 0)
    figures = {str(f.label): f.value for f in rooms_index.participation_figures()}
    assert figures == {"职工书屋": 3, "藏书": 5000, "示范点": 2}


def test_map_view_needs_no_tile_server(client, rooms_index, make_room):
    rooms = [make_room(title=f"书屋{i}") for i in range(4)]
    html = client.get(rooms_index.url, {"view": "map"}).content.decode()
    assert "<svg" in html and html.count('class="room-map__pin') == 4
    assert "http://" not in html.split("<svg")[1].split("</svg>")[0].replace("http://www.w3.org", "")
    for room in rooms:
        assert f'href="{room.url}"' in html


def test_map_projection_keeps_every_room_inside_the_picture(rooms_index, make_room):
    far_west = make_room(latitude=Decimal("30.17"), longitude=Decimal("111.77"))
    far_east = make_room(latitude=Decimal("29.81"), longitude=Decimal("113.47"))
    north = make_room(latitude=Decimal("30.35"), longitude=Decimal("112.19"))
    unplaced = make_room(latitude=None, longitude=None)
    drawing = room_map([far_west, far_east, north, unplaced])
    markers = {m["room"].pk: m for m in drawing["markers"]}
    assert unplaced.pk not in markers
    for marker in markers.values():
        assert 0 <= marker["x"] <= drawing["width"] and 0 <= marker["y"] <= drawing["height"]
    assert markers[far_west.pk]["x"] < markers[north.pk]["x"] < markers[far_east.pk]["x"], "west is left"
    assert markers[north.pk]["y"] < markers[far_west.pk]["y"] < markers[far_east.pk]["y"], "north is up"


def test_room_page_shows_details_and_events(client, make_room):
    import time_machine

    room = make_room(
        title="荆江汽车书屋",
        opening_hours="周一至周五 12:00–13:30",
        contact_phone="0716-8000000",
        e_reading=True,
        e_reading_note="扫码借阅",
        level="national",
        level_year=2020,
        events=[
            {"starts_at": aware(2022, 5, 1, 19), "topic": "青年读书交友会", "signup_capacity": 40},
            {"starts_at": aware(2022, 3, 1, 19), "topic": "劳模讲书"},
        ],
    )
    with time_machine.travel(aware(2022, 4, 1, 12), tick=False):
        html = client.get(room.url).content.decode()
    assert "全国示范点" in html and "2020" in html
    assert "周一至周五 12:00–13:30" in html and 'href="tel:0716-8000000"' in html and "扫码借阅" in html
    upcoming, past = html.split("往期活动")
    assert "青年读书交友会" in upcoming and "限40人" in upcoming
    assert "劳模讲书" in past


def test_coordinates_are_validated(make_room):
    room = make_room()
    room.latitude = Decimal("91")
    with pytest.raises(ValidationError) as error:
        room.full_clean()
    assert "latitude" in error.value.message_dict


def test_rooms_close_together_get_markers_that_do_not_overlap(rooms_index, make_room):
    """Three rooms in one street and two at one address: on a phone their markers used to sit on each other."""
    from campaigns.models.reading_rooms import MARKER_GAP, MARKER_RADIUS

    spots = [
        ("30.3500", "112.2400"),
        ("30.3501", "112.2401"),
        ("30.3502", "112.2399"),
        ("30.3502", "112.2399"),
        ("29.8100", "113.4700"),
    ]
    rooms = [make_room(latitude=Decimal(lat), longitude=Decimal(lon)) for lat, lon in spots]
    drawing = room_map(rooms)
    markers = drawing["markers"]
    for i, a in enumerate(markers):
        assert 0 < a["x"] < drawing["width"] and 0 < a["y"] < drawing["height"]
        for b in markers[i + 1 :]:
            assert ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5 >= 2 * MARKER_RADIUS + MARKER_GAP - 0.2
    moved = [m for m in markers if m["moved"]]
    assert moved and all((m["true_x"], m["true_y"]) != (m["x"], m["y"]) for m in moved), "a leader line to the spot"
    html_positions = {(m["left_percent"], m["top_percent"]) for m in markers}
    assert len(html_positions) == len(markers), "every marker at its own place on the page"
