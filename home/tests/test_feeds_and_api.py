"""Machine-readable views of the news: RSS, sitemap and the Wagtail API used by the mobile app."""

import xml.etree.ElementTree as ET


def test_rss_feed_lists_latest_live_features(client, make_feature):
    live = make_feature(title="送清凉到工地", tags=["送清凉"])
    make_feature(title="还没发布", publish=False)
    response = client.get("/feeds/features.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["送清凉到工地"]
    item = channel.find("item")
    assert item.findtext("link").endswith(live.url)
    assert {c.text for c in item.findall("category")} == {"思想引领", "送清凉"}


def test_sitemap_lists_live_pages_only(client, make_feature):
    live = make_feature(title="已发布")
    draft = make_feature(title="草稿", publish=False)
    body = client.get("/sitemap.xml").content.decode()
    assert live.url in body
    assert draft.slug not in body


def test_robots_txt_points_to_the_sitemap(client, db):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_api_exposes_feature_fields(client, make_feature):
    page = make_feature(title="大讲堂", tags=["宣讲"])
    response = client.get(
        "/api/v2/pages/",
        {
            "type": "home.FeaturePage",
            "fields": "summary,author,date_published,category_name,tag_names,listing_image_thumbnail,body",
        },
    )
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["id"] == page.pk
    assert item["category_name"] == "思想引领"
    assert item["tag_names"] == ["宣讲"]
    assert item["listing_image_thumbnail"]["url"].endswith(".webp")
    assert item["body"][0]["type"] == "paragraph"


def test_api_hides_drafts(client, make_feature):
    make_feature(title="草稿", publish=False)
    response = client.get("/api/v2/pages/", {"type": "home.FeaturePage"})
    assert response.json()["meta"]["total_count"] == 0
