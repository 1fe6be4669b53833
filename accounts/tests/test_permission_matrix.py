"""Who may do what in the admin: the district editors of 沙市区 (A) and 荆州区 (B), a city editor, each review level
(编辑部 初审, 审核员 复审, 分管领导 终审) and a worker, over every admin action that matters.

Each cell is checked the way the person meets it: opening the admin's add and edit views, the workflow's
approve action at each level, Wagtail's own permission tester for publishing, and the take-down action.
"""

from django.test import Client
from django.urls import reverse

from wagtail.models import WorkflowState

import pytest

from accounts import roles
from accounts.districts import create_district_section
from conftest import make_user
from core.takedown import TakeDown

ROLES = ["district_a", "district_b", "city_editor", "chief", "moderator", "leader", "worker"]

# action -> the roles that may do it (everyone else may not)
MATRIX = {
    "open the admin": {"district_a", "district_b", "city_editor", "chief", "moderator", "leader"},
    "add a page in district A": {"district_a", "city_editor", "chief", "moderator"},
    "edit a page in district A": {"district_a", "city_editor", "chief", "moderator", "leader"},
    "edit a page in district B": {"district_b", "city_editor", "chief", "moderator", "leader"},
    "add a city page": {"city_editor", "chief", "moderator"},
    "edit a city page": {"city_editor", "chief", "moderator", "leader"},
    "publish without review": set(),
    "approve 初审": {"chief"},
    "approve 复审": {"moderator"},
    "approve 终审": {"leader"},
    "take down": {"moderator"},
}


@pytest.fixture
def world(news_index, make_feature):
    section_a, group_a, _ = create_district_section("沙市区总工会", news_index)
    section_b, group_b, _ = create_district_section("荆州区总工会", news_index)
    users = {
        "district_a": make_user("district-a", group_a.name),
        "district_b": make_user("district-b", group_b.name),
        "city_editor": make_user("city-editor", roles.EDITORS),
        "chief": make_user("chief", roles.FIRST_REVIEWERS),
        "moderator": make_user("moderator", roles.MODERATORS),
        "leader": make_user("leader", roles.LEADERS),
        "worker": make_user("worker", roles.WORKERS),
    }
    pages = {
        "a": make_feature(title="沙市区新闻", parent=section_a),
        "b": make_feature(title="荆州区新闻", parent=section_b),
        "city": make_feature(title="市总新闻"),
    }
    return {"sections": {"a": section_a, "b": section_b}, "users": users, "pages": pages, "news": news_index}


def can_open(user, url):
    client = Client()
    client.force_login(user)
    return client.get(url).status_code == 200


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=("home", "featurepage", parent.pk))


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def current_task(page):
    state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
    return state.current_task_state


def approve(user, page):
    task_state = current_task(page)
    client = Client()
    client.force_login(user)
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    client.post(url, {"comment": ""})
    task_state.refresh_from_db()
    return task_state.status == task_state.STATUS_APPROVED


def test_the_permission_matrix(world, make_feature):
    users, pages, sections = world["users"], world["pages"], world["sections"]
    found = {action: set() for action in MATRIX}
    for role in ROLES:
        user = users[role]
        checks = {
            "open the admin": lambda user=user: can_open(user, reverse("wagtailadmin_home")),
            "add a page in district A": lambda user=user: can_open(user, add_url(sections["a"])),
            "edit a page in district A": lambda user=user: can_open(user, edit_url(pages["a"])),
            "edit a page in district B": lambda user=user: can_open(user, edit_url(pages["b"])),
            "add a city page": lambda user=user: can_open(user, add_url(world["news"])),
            "edit a city page": lambda user=user: can_open(user, edit_url(pages["city"])),
            "publish without review": lambda user=user: any(
                page.permissions_for_user(user).can_publish() for page in pages.values()
            ),
            "take down": lambda user=user: TakeDown(pages["a"], user=user).user_has_permission(),
        }
        for action, check in checks.items():
            if check():
                found[action].add(role)

    # The review levels: a district A page submitted by its editor, each level tried by everyone in turn (only
    # the right one succeeds, and then the page moves to the next level).
    page = make_feature(title="沙市区送清凉", parent=sections["a"], publish=False)
    page.get_workflow().start(page, users["district_a"])
    for level in ("approve 初审", "approve 复审", "approve 终审"):
        for role in ROLES:
            if approve(users[role], page):
                found[level].add(role)
                break
    page.refresh_from_db()
    assert page.live, "after the three levels the page is live"

    assert found == MATRIX


def test_a_district_editor_writes_only_in_their_section(world):
    """Posting the add form into the other district (or the city's index) is refused; into their own it works,
    and the page waits for the city's review."""
    from accounts.tests.test_publishing_workflow import AdminSession

    user = world["users"]["district_a"]
    client = Client()
    session = AdminSession(client, user)
    fields = {"title": "沙市区职工运动会", "slug": "sports", "summary": "运动会。", "date_published": "2022-05-01"}
    own = session.create_feature(world["sections"]["a"], action="action-submit", **fields)
    assert own.status_code == 302
    from home.models import FeaturePage

    page = FeaturePage.objects.get(slug="sports")
    assert page.get_parent().pk == world["sections"]["a"].pk
    assert not page.live
    assert current_task(page).task.name == roles.FIRST_REVIEW_TASK
    for parent in (world["sections"]["b"], world["news"]):
        response = client.post(add_url(parent), {**fields, "slug": "elsewhere", "action-submit": "1"})
        assert response.status_code in (302, 403)
        assert not FeaturePage.objects.filter(slug="elsewhere").exists()
