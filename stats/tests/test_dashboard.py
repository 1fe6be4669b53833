"""The 数据统计 dashboard: who sees what, the filter form, the exports and the query budget."""

import csv
import io
import zipfile

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
from openpyxl import load_workbook

from stats import figures

pytestmark = pytest.mark.django_db
URL = reverse("stats_dashboard")
SECRET = "绝活甲"  # an entry title from the records: shows only in the dashboard's top-entries table


def get(client, user, **params):
    if user is not None:
        client.force_login(user)
    return client.get(URL, {"year": 2022, **params})


def test_anonymous_visitors_and_workers_never_see_the_figures(client, records, worker):
    anonymous = get(client, None)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    as_worker = get(client, worker)
    assert as_worker.status_code in (302, 403)
    for response in (anonymous, as_worker, get(client, worker, export="xlsx"), get(client, worker, export="csv")):
        assert SECRET not in response.content.decode(errors="replace")
        assert response.get("Content-Type", "").startswith("text/html")


def test_staff_without_the_permission_get_403(client, records, first_reviewer):
    """The editorial office (编辑部) reviews pages but holds no statistics permission: Wagtail answers the refusal
    with its admin home and a message."""
    for response in (get(client, first_reviewer), get(client, first_reviewer, export="xlsx")):
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.parametrize("role", ["editor", "leader", "viewer", "superuser"])
def test_editors_leaders_and_viewers_see_every_group(client, records, role, request):
    user = request.getfixturevalue(role)
    response = get(client, user)
    assert response.status_code == 200
    assert [g.key for g in response.context["groups"]] == figures.GROUP_KEYS
    html = response.content.decode()
    assert SECRET in html and 'data-chart-source="lectures_by_level"' in html
    assert 'id="lectures_by_level" type="application/json"' in html  # json_script, no inline code
    assert html.count('class="room-map__pin') == 3 and "campaigns/room-map.css" in html  # the rooms on the map


def test_moderators_see_the_moderation_figures_only(client, records, moderator):
    response = get(client, moderator)
    assert response.status_code == 200
    assert [g.key for g in response.context["groups"]] == ["comments"]
    assert SECRET not in response.content.decode()
    book = load_workbook(io.BytesIO(get(client, moderator, export="xlsx").content))
    assert len(book.sheetnames) == 3  # the overview and the two comment tables
    assert get(client, moderator, export="csv", table="contests_top_entries").status_code == 404


def test_the_menu_item_shows_to_those_who_may_see(client, records, editor, first_reviewer, moderator):
    for user, shown in ((editor, True), (moderator, True), (first_reviewer, False)):
        client.force_login(user)
        assert (URL in client.get(reverse("wagtailadmin_home")).content.decode()) is shown, user


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"year": "1800"},
        {"year": "99999999999999999999999"},
        {"year": "2022\x00"},
        {"year": "２０２２"},
        {"district": "x"},
        {"district": "99999999999999999999999"},
        {"district": "1\x00"},
        {"campaign": "-1"},
        {"campaign": "<script>"},
        {"year": ["2021", "2022"], "campaign": "１"},
    ],
)
def test_malformed_filters_are_a_form_error_not_a_500(client, records, editor, params):
    client.force_login(editor)
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert response.context["groups"] == []
    assert client.get(URL, {**params, "export": "xlsx"}).status_code == 400


def test_filters_narrow_the_figures(client, records, editor, districts):
    response = get(client, editor, district=districts[1].pk)
    rooms = next(g for g in response.context["groups"] if g.key == "reading_rooms")
    assert dict(rooms.totals)[rooms.totals[0][0]] == 1
    response = get(client, editor, campaign=records["tour"].pk)
    assert [g.key for g in response.context["groups"]] == ["lectures", "comments"]


def test_the_workbook_has_chinese_sheets_and_the_same_numbers(client, records, editor):
    response = get(client, editor, export="xlsx")
    assert response.status_code == 200 and "figures-2022.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    groups = figures.year_in_figures(2022)
    tables = [t for g in groups for t in g.tables]
    assert len(book.sheetnames) == 1 + len(tables)
    assert book.sheetnames[0] == "2022年总览"
    assert "宣讲场次（按场所）" in book.sheetnames
    by_level = book["宣讲场次（按场所）"]
    assert [c.value for c in by_level[1]] == ["场所", "场次", "覆盖人数"]
    assert [c.value for c in by_level[2]] == ["进企业", 3, 150]
    for table, name in zip(tables, book.sheetnames[1:], strict=True):
        sheet = book[name]
        numbers = [[v for v in row if isinstance(v, int | float)] for row in table.rows]
        assert [
            [v for v in row if isinstance(v, int | float)] for row in sheet.iter_rows(min_row=2, values_only=True)
        ] == numbers, name
    overview = {row[1]: row[2] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert overview["覆盖人数"] == 245 and overview["有效票数"] == 5 and overview["评论数"] == 5


def test_csv_exports_one_table_or_all_in_a_zip(client, records, editor):
    one = get(client, editor, export="csv", table="search_no_results")
    assert one.status_code == 200
    rows = list(csv.reader(io.StringIO(one.content.decode("utf-8-sig"))))
    assert rows == [["搜索词", "无结果次数"], ["不存在", "3"], ["劳模工匠", "2"]]
    archive = zipfile.ZipFile(io.BytesIO(get(client, editor, export="csv").content))
    tables = [t.key for g in figures.year_in_figures(2022) for t in g.tables]
    assert sorted(archive.namelist()) == sorted(f"{key}.csv" for key in tables)
    assert get(client, editor, export="csv", table="nope").status_code == 404


def test_a_formula_typed_as_a_search_is_exported_as_text(client, records, editor):
    import datetime

    from search.models import SearchQueryDay

    SearchQueryDay.objects.create(day=datetime.date(2022, 1, 1), query="=HYPERLINK(1)", searches=50, no_results=50)
    book = load_workbook(io.BytesIO(get(client, editor, export="xlsx").content))
    cells = [c.value for row in book["最常搜索的词"].iter_rows(min_row=2) for c in row[:1]]
    assert "'=HYPERLINK(1)" in cells


def count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"year": 2022}).status_code == 200
    return len(queries)


def test_query_budget(client, records, editor, make_tour, make_entry):
    """The dashboard's queries are a fixed number, whatever the number of records: each figure is aggregated."""
    from campaigns.fixtures import aware

    client.force_login(editor)
    client.get(URL, {"year": 2022})  # the admin's first-use reads (content types, settings) out of the way
    before = count_queries(client)
    assert before <= 60
    make_tour(
        sessions=[{"starts_at": aware(2022, m, 2, 9), "level": "team", "actual_attendance": m} for m in range(1, 13)]
    )
    for i in range(10):
        make_entry(records["contest"], title=f"更多{i}", work_unit=f"单位{i}", vote_count=i)
    assert count_queries(client) == before
