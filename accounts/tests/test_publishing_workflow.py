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
    assert "publish_page" in page_perms(roles.MODERATORS)
    assert page_perms(roles.WORKERS) == set()
    workers = Group.objects.get(name=roles.WORKERS)
    assert not workers.permissions.filter(codename="access_admin").exists()


def test_the_publishing_workflow_covers_the_whole_tree(home_page):
    from wagtail.models import Workflow

    workflow = Workflow.objects.get(name=roles.PUBLISHING_WORKFLOW)
    assert workflow.active
    assert [task.name for task in workflow.tasks] == [roles.MODERATION_TASK]
    assert list(workflow.tasks[0].specific.groups.values_list("name", flat=True)) == [roles.MODERATORS]
    assert home_page.get_workflow() == workflow
    assert Page.objects.get(depth=1).get_workflow() == workflow


def test_editor_cannot_publish_directly(client, editor, news_index, feature_fields):
    session = AdminSession(client, editor)
    response = session.create_feature(news_index, action="action-publish", **feature_fields)
    assert response.status_code == 302

    page = FeaturePage.objects.get(slug="reading-club")
    assert not page.live, "an editor's 'publish' must not make the page live"
    assert page.live_revision is None
    assert not page.permissions_for_user(editor).can_publish()
    assert client.get(page.url or "/news/reading-club/").status_code == 404
    assert "wagtail.publish" not in actions_logged(page)


def test_submit_reject_fix_resubmit_approve(client, editor, moderator, news_index, feature_fields):
    editor_session = AdminSession(client, editor)
    editor_session.create_feature(news_index, action="action-submit", **feature_fields)
    page = FeaturePage.objects.get(slug="reading-club")
    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == roles.MODERATION_TASK
    assert not page.live

    # The moderator finds it in the queue on the admin dashboard.
    moderator_client = client.__class__()
    moderator_session = AdminSession(moderator_client, moderator)
    dashboard = moderator_client.get(reverse("wagtailadmin_home"))
    assert feature_fields["title"] in dashboard.content.decode()

    # Rejection sends it back with the moderator's comment; nothing goes live.
    response = moderator_session.workflow_action(page, "reject", comment="摘要太短，请补充活动时间和地点。")
    assert response.status_code == 302
    page.refresh_from_db()
    state.refresh_from_db()
    assert not page.live
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == "摘要太短，请补充活动时间和地点。"
    editor_view = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert "摘要太短，请补充活动时间和地点。" in editor_view

    # The editor fixes the summary and resubmits.
    editor_session.edit(page, action="action-submit", summary="三月一日晚七点，书屋读书会，欢迎报名。")
    state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.current_task_state.status == "in_progress"

    # Approval publishes the fixed revision.
    moderator_session.workflow_action(page, "approve", comment="可以发布。")
    page.refresh_from_db()
    assert page.live
    assert page.summary == "三月一日晚七点，书屋读书会，欢迎报名。"
    assert not page.has_unpublished_changes
    assert client.get(page.url).status_code == 200

    log = actions_logged(page)
    for action in (
        "wagtail.create",
        "wagtail.workflow.start",
        "wagtail.workflow.reject",
        "wagtail.workflow.resume",
        "wagtail.workflow.approve",
        "wagtail.publish",
    ):
        assert action in log, (action, log)
    publish_entry = PageLogEntry.objects.filter(page=page, action="wagtail.publish").get()
    assert publish_entry.user == moderator


def test_scheduled_go_live_and_expiry(client, editor, moderator, news_index, feature_fields):
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
    AdminSession(client.__class__(), moderator).workflow_action(page, "approve")
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


def test_approving_from_the_dashboard_says_what_happened(client, editor, moderator, news_index, feature_fields):
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

    assert from_dashboard("reject", comment="请补充时间") == [
        "已要求修改《职工书屋开展读书交友活动》，页面已退回编辑。"
    ]
    editor_session.edit(page, action="action-submit")
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
