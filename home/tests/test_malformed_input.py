"""The news index reads its filters safely: a NUL in a category or tag slug is "no such category", not a 500
(PostgreSQL refuses NUL in a query)."""

from django.test import Client

import pytest

pytestmark = pytest.mark.django_db


def test_news_index_filters(make_feature, news_index):
    make_feature(title="送清凉到工地", tags=["送清凉"])
    client = Client(raise_request_exception=False)
    for value in ["\x00", "sixiang\x00", "²", "-1", "99999999999999999999999", "x" * 5000, "%", "_"]:
        response = client.get(news_index.url, {"category": value, "tag": value, "page": value})
        assert response.status_code == 200, value
    assert "送清凉到工地" in client.get(news_index.url, {"category": "sixiang"}).content.decode()
