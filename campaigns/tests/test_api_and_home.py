import datetime

from django.utils import timezone

from campaigns.fixtures import aware


def api(client, page_type, fields):
    response = client.get("/api/v2/pages/", {"type": page_type, "fields": fields})
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_tour_api_exposes_sessions_and_figures(client, make_tour):
    make_tour(sessions=[{"starts_at": aware(2021, 3, 1, 9), "actual_attendance": 42, "host_enterprise": "纺织公司"}])
    (item,) = api(client, "campaigns.LectureTourPage", "theme,start_date,sessions,figures,speakers")
    assert item["theme"] == "中国梦·劳动美"
    assert item["sessions"][0]["host_enterprise"] == "纺织公司"
    assert item["sessions"][0]["speaker_name"] == "张建国"
    assert {"value": 42, "unit": "人次", "label": "覆盖人数"} in item["figures"]


def test_contest_api_exposes_phases_categories_and_prizes(client, contest):
    (item,) = api(
        client, "campaigns.VideoContestPage", "current_phase,voting_opens_at,categories,prizes,voter_eligibility"
    )
    assert item["current_phase"] == "results"
    assert [c["name"] for c in item["categories"]] == ["技能绝活", "岗位风采"]
    assert item["prizes"][0] == {
        "id": item["prizes"][0]["id"],
        "meta": item["prizes"][0]["meta"],
        "name": "一等奖",
        "rank": 1,
        "quantity": 1,
        "reward": "",
    }


def test_reading_room_api(client, make_room):
    make_room(title="书屋甲", e_reading=True)
    (item,) = api(client, "campaigns.ReadingRoomPage", "district_name,latitude,longitude,level,e_reading,events")
    assert item["district_name"] and item["level"] == "city" and item["e_reading"] is True


def test_festival_api(client, make_festival):
    make_festival(events=2, awards=1)
    (item,) = api(client, "campaigns.FestivalPage", "kind,edition_year,programme,awards")
    assert item["kind"] == "arts" and len(item["programme"]) == 2 and item["awards"][0]["award"] == "一等奖"


def test_home_page_shows_campaigns_running_today(client, home_page, make_tour, make_contest):
    today = timezone.localdate()
    make_tour(title="正在进行的宣讲", start_date=today - datetime.timedelta(days=3), end_date=today)
    make_tour(title="已经结束的宣讲", start_date=datetime.date(2021, 1, 1), end_date=datetime.date(2021, 12, 31))
    make_contest(title="没有截止日期的征集", start_date=today, end_date=None)
    html = client.get("/").content.decode()
    assert "正在进行的活动" in html
    assert "正在进行的宣讲" in html and "没有截止日期的征集" in html
    assert "已经结束的宣讲" not in html
