"""Roles and moderated publishing, driven through the Wagtail admin the way people use it.

Forms are read from the admin's own HTML (as a browser would submit them), changed, and posted back.
"""

import datetime

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, PageLogEntry, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

import pytest
import time_machine

from accounts import roles
from home.models import FeaturePage


class AdminSession:
    """A logged-in admin user who fills in page forms."""

    def __init__(self, client, user):
        self.client = client
        self.user = user
        client.force_login(user)

    def page_form(self, url):
        response = self.client.get(url)
        assert response.status_code == 200, response.status_code
        data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
        # The StreamField editor writes its block count with JavaScript; an empty body is zero blocks.
        data.setdefault("body-count", "0")
        return data

    def create_feature(self, parent, action=None, **fields):
        url = reverse("wagtailadmin_pages:add", args=("home", "featurepage", parent.pk))
        data = self.page_form(url)
        data.update(fields)
        if action:
            data[action] = action
        return self.client.post(url, data)

    def edit(self, page, action=None, **fields):
        url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        data = self.page_form(url)
        data.update(fields)
        if action:
            data[action] = action
        return self.client.post(url, data)

    def workflow_action(self, page, action_name, comment=""):
        state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
        url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action_name, state.current_task_state.pk))
        return self.client.post(url, {"comment": comment})


def actions_logged(page):
    return list(PageLogEntry.objects.filter(page=page).order_by("timestamp", "pk").values_list("action", flat=True))


@pytest.fixture
def feature_fields():
    return {
        "title": "职工书屋开展读书交友活动",
        "slug": "reading-club",
        "summary": "书屋里的读书会。",
        "date_published": "2022-03-01",
    }


def test_groups_exist_with_the_intended_permissions(db):
    from django.contrib.auth.models import Group

    from wagtail.models import GroupPagePermission

    names = set(Group.objects.values_list("name", flat=True))
    assert {roles.EDITORS, roles.MODERATORS, roles.WORKERS} <= names
    assert not {"Editors", "Moderators"} & names, "Wagtail's English default groups should have been taken over"

    def page_perms(group):
        return set(GroupPagePermission.objects.filter(group__name=group).values_list("permission__codename", flat=True))

    assert page_perms(roles.EDITORS) == {"add_page", "change_page"}
    assert page_perms(roles.FIRST_REVIEWERS) == {"add_page", "change_page"}
    assert page_perms(roles.LEADERS) == {"change_page"}
    assert page_perms(roles.MODERATORS) == {"add_page", "change_page", "lock_page", "unlock_page", "bulk_delete_page"}
    assert not GroupPagePermission.objects.filter(permission__codename="publish_page").exists(), (
        "only the workflow publishes (三审 cannot be skipped)"
    )
    assert page_perms(roles.WORKERS) == set()
    workers = Group.objects.get(name=roles.WORKERS)
    assert not workers.permissions.filter(codename="access_admin").exists()


def test_the_publishing_workflow_covers_the_whole_tree(home_page):
    from wagtail.models import Workflow

    workflow = Workflow.objects.get(name=roles.PUBLISHING_WORKFLOW)
    assert workflow.active
    assert [task.name for task in workflow.tasks] == [roles.SCREENING_TASK, *roles.REVIEW_TASKS]
    groups = [list(task.specific.groups.values_list("name", flat=True)) for task in workflow.tasks[1:]]
    assert groups == [[roles.FIRST_REVIEWERS], [roles.MODERATORS], [roles.LEADERS]]
    assert home_page.get_workflow() == workflow
    assert Page.objects.get(depth=1).get_workflow() == workflow


def current_task(page):
    state = WorkflowState.objects.for_instance(page).filter(status=WorkflowState.STATUS_IN_PROGRESS).first()
    return state.current_task_state.task.name if state else None


def test_three_levels_each_can_send_it_back(
    client, editor, first_reviewer, moderator, leader, news_index, feature_fields
):
    """初审, 复审 and 终审 in turn; each level sends the page back once with a comment the editor reads, and the
    resubmitted page goes on from the level that sent it back. Only the last approval publishes."""
    from django.test import Client

    editor_session = AdminSession(client, editor)
    editor_session.create_feature(news_index, action="action-submit", **feature_fields)
    page = FeaturePage.objects.get(slug="reading-club")
    assert current_task(page) == roles.FIRST_REVIEW_TASK

    levels = [
        (first_reviewer, roles.FIRST_REVIEW_TASK, "初审：请补充活动时间。"),
        (moderator, roles.SECOND_REVIEW_TASK, "复审：请核对参与人数。"),
        (leader, roles.FINAL_REVIEW_TASK, "终审：标题请更具体。"),
    ]
    sessions = {user: AdminSession(Client(), user) for user, _task, _comment in levels}
    for number, (reviewer, task_name, comment) in enumerate(levels):
        session = sessions[reviewer]
        assert current_task(page) == task_name
        # Reviewers of the other levels cannot act on this one.
        for other, _task, _comment in levels:
            if other != reviewer:
                state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
                assert state.current_task_state.task.specific.get_actions(page, other) == []
        # The page waits on the reviewer's dashboard; the editor cannot approve it.
        assert feature_fields["title"] in session.client.get(reverse("wagtailadmin_home")).content.decode()
        assert AdminSession(Client(), editor).workflow_action(page, "approve").status_code in (302, 403)
        assert current_task(page) == task_name

        response = session.workflow_action(page, "reject", comment=comment)
        assert response.status_code == 302
        state = WorkflowState.objects.for_instance(page).order_by("-created_at").first()
        assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
        assert state.current_task_state.comment == comment
        page.refresh_from_db()
        assert not page.live
        assert comment in client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()

        editor_session.edit(page, action="action-submit", summary=f"第{number + 1}次修改后的摘要。")
        assert current_task(page) == task_name, "the resubmitted page returns to the level that sent it back"
        session.workflow_action(page, "approve", comment="同意。")
        page.refresh_from_db()
        if number < 2:
            assert not page.live, f"{task_name} alone must not publish"
            assert current_task(page) == levels[number + 1][1]

    assert page.live
    assert page.summary == "第3次修改后的摘要。"
    assert client.get(page.url).status_code == 200
    log = actions_logged(page)
    assert log.count("wagtail.workflow.reject") == 3
    assert log.count("wagtail.workflow.approve") >= 4  # screening + three levels
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").get().user == leader


def test_each_level_sees_the_changes_against_the_live_version(
    client, editor, first_reviewer, moderator, leader, make_feature
):
    """A live page edited and submitted: every level's dashboard links to the comparison with the live version,
    and the comparison opens for that reviewer and shows the change."""
    from django.test import Client

    feature_page = make_feature(title="职工书屋开放时间")
    AdminSession(client, editor).edit(feature_page, action="action-submit", summary="改写后的摘要：书屋延长开放时间。")
    for reviewer in (first_reviewer, moderator, leader):
        session = AdminSession(Client(), reviewer)
        dashboard = session.client.get(reverse("wagtailadmin_home")).content.decode()
        feature_page.refresh_from_db()
        revision = feature_page.get_latest_revision()
        compare = reverse("wagtailadmin_pages:revisions_compare", args=(feature_page.pk, "live", revision.pk))
        assert compare in dashboard, reviewer
        response = session.client.get(compare)
        assert response.status_code == 200, reviewer
        assert "改写后的摘要：书屋延长开放时间。" in response.content.decode()
        session.workflow_action(feature_page, "approve")
    feature_page.refresh_from_db()
    assert feature_page.summary == "改写后的摘要：书屋延长开放时间。"


def approve_all_levels(page, *reviewers, **data):
    from django.test import Client

    for reviewer in reviewers:
        AdminSession(Client(), reviewer).workflow_action(page, "approve", **data)


def test_scheduled_go_live_and_expiry(client, editor, first_reviewer, moderator, leader, news_index, feature_fields):
    now = timezone.now()
    go_live = now + datetime.timedelta(days=1)
    expire = now + datetime.timedelta(days=3)
    local = timezone.localtime
    AdminSession(client, editor).create_feature(
        news_index,
        action="action-submit",
        go_live_at=local(go_live).strftime("%Y-%m-%d %H:%M"),
        expire_at=local(expire).strftime("%Y-%m-%d %H:%M"),
        **feature_fields,
    )
    page = FeaturePage.objects.get(slug="reading-club")
    approve_all_levels(page, first_reviewer, moderator, leader)
    page.refresh_from_db()
    assert not page.live, "approved with a future go-live time: scheduled, not live"
    assert page.latest_revision.approved_go_live_at is not None

    with time_machine.travel(go_live + datetime.timedelta(minutes=5), tick=False):
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live

    with time_machine.travel(expire + datetime.timedelta(minutes=5), tick=False):
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live
    assert page.expired


def test_approving_from_the_dashboard_says_what_happened(
    client, editor, first_reviewer, moderator, leader, news_index, feature_fields
):
    """The dashboard's buttons post the workflow action and come back to the dashboard, which now confirms it."""
    editor_session = AdminSession(client, editor)
    editor_session.create_feature(news_index, action="action-submit", **feature_fields)
    page = FeaturePage.objects.get(slug="reading-club")
    moderator_client = client.__class__()
    AdminSession(moderator_client, moderator)

    def from_dashboard(action_name, **data):
        state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
        args = (page.pk, action_name, state.current_task_state.pk)
        url = reverse("wagtailadmin_pages:workflow_action", args=args)
        response = moderator_client.post(url, {"next": reverse("wagtailadmin_home"), **data}, follow=True)
        assert response.redirect_chain[-1][0] == reverse("wagtailadmin_home")
        return [str(message).strip() for message in response.context["messages"]]

    AdminSession(moderator_client, first_reviewer)
    assert from_dashboard("reject", comment="请补充时间") == [
        "已要求修改《职工书屋开展读书交友活动》，页面已退回编辑。"
    ]
    editor_session.edit(page, action="action-submit")
    approve_all_levels(page, first_reviewer)
    AdminSession(moderator_client, moderator)
    assert from_dashboard("approve") == ["《职工书屋开展读书交友活动》已通过复审（审核员），现等待终审（分管领导）。"]
    AdminSession(moderator_client, leader)
    assert from_dashboard("approve") == ["《职工书屋开展读书交友活动》已通过审核并发布。"]
    page.refresh_from_db()
    assert page.live


def test_worker_cannot_open_the_admin(client, worker):
    client.force_login(worker)
    for url in (reverse("wagtailadmin_home"), reverse("wagtailadmin_explore_root")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_anonymous_visitor_is_sent_to_the_admin_login(client, db):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_admin_interface_is_chinese_by_default(client, editor):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'lang="zh-hans"' in html
    assert "控制面板" in html  # "Dashboard" in Wagtail's zh-hans catalogue
