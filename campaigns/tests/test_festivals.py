from campaigns.fixtures import gallery_images


def test_festival_page_shows_programme_awards_gallery_and_figures(client, make_festival, gallery_collection):
    images = gallery_images(gallery_collection, 3)
    festival = make_festival(events=4, awards=2, gallery=gallery_collection)
    html = client.get(festival.url).content.decode()
    assert "项目0" in html and "项目3" in html
    assert "获奖者0" in html and "获奖者1" in html
    for image in images:
        assert image.title in html
    figures = {str(f.label): f.value for f in festival.participation_figures()}
    assert figures == {"节目和比赛项目": 4, "参与人数": 10 + 11 + 12 + 13, "获奖数": 2}


def test_a_programme_events_district_shows_beside_its_venue(client, make_festival, districts):
    festival = make_festival(events=2)
    first = festival.programme.get(name="项目0")
    first.venue = "市体育中心田径场"
    first.district = districts[1]
    first.save()
    html = client.get(festival.url).content.decode()
    assert "市体育中心田径场 · 荆州区" in html
    assert html.count("· 荆州区") == 1


def test_festival_without_gallery_renders(client, make_festival):
    assert client.get(make_festival().url).status_code == 200


def test_festival_index_groups_by_year_and_filters(client, festival_index, make_festival):
    make_festival(title="荆江之春2021", edition_year=2021)
    make_festival(title="荆江之秋2022", kind="sports", edition_year=2022)
    html = client.get(festival_index.url).content.decode()
    assert html.index("2022") < html.index("荆江之秋2022") < html.index("荆江之春2021")
    only_2021 = client.get(festival_index.url, {"year": 2021}).content.decode()
    assert "荆江之春2021" in only_2021 and "荆江之秋2022" not in only_2021
    assert "体育节" in html
