"""The screening step of the publishing workflows, and screening of the snippets editors publish.

Pages are written and submitted through the Wagtail admin's own forms (``AdminSession``), as editors do.
"""

import json

from django.test import Client
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import WorkflowState

import pytest

from accounts import roles
from accounts.tests.test_publishing_workflow import AdminSession, current_task
from home.models import FeaturePage
from screening.content import texts
from screening.models import Action, Category, ScreeningReport, SensitiveWord
from screening.review import findings

REJECTED = "网络赌场"
HELD = "赌博"


@pytest.fixture
def words(db):
    SensitiveWord.objects.create(term=REJECTED, category=Category.ILLEGAL, action=Action.REJECT)
    SensitiveWord.objects.create(term=HELD, category=Category.ILLEGAL, action=Action.HOLD)
    SensitiveWord.objects.create(term="代开发票", category=Category.SPAM, action=Action.REJECT)


def body_post(*blocks):
    """A StreamField body as the admin's block editor posts it (flat ``body-N-…`` fields)."""
    data = {"body-count": str(len(blocks))}
    for n, (kind, value) in enumerate(blocks):
        data.update(
            {f"body-{n}-type": kind, f"body-{n}-deleted": "", f"body-{n}-order": str(n), f"body-{n}-id": f"b{n}"}
        )
        for name, child in value.items():
            data[f"body-{n}-value-{name}"] = json.dumps(child) if isinstance(child, dict) else child
    return data


def submit_feature(client, editor, parent, body=None, **fields):
    """An editor writes a feature in the admin and submits it; returns (response, page)."""
    session = AdminSession(client, editor)
    url = reverse("wagtailadmin_pages:add", args=("home", "featurepage", parent.pk))
    data = session.page_form(url)
    data.update(
        {"title": "职工书屋读书会", "slug": "reading", "summary": "书屋读书会。", "date_published": "2022-03-01"}
    )
    data.update(fields)
    data["action-submit"] = "action-submit"
    if body is not None:
        data.update(body)
    response = client.post(url, data)
    return response, FeaturePage.objects.filter(slug=data["slug"]).first()


def test_every_text_of_a_page_is_found(make_feature, image):
    document = get_document_model().objects.create(title="二〇二二年工作报告", file="documents/report.pdf")
    image.title = "书屋一角"
    image.description = "职工在书屋里读书"
    image.save()
    page = make_feature(
        title="标题文字",
        summary="摘要文字",
        body=[
            ("heading", {"text": "小标题文字", "size": "h2"}),
            ("paragraph", "<p>段落<b>文字</b>&amp;</p>"),
            ("quote", {"text": "引文文字", "attribution": "讲话人"}),
            (
                "image",
                {
                    "image": {"image": image, "alt_text": "上下文替代文字", "decorative": False},
                    "caption": "图片说明文字",
                    "attribution": "摄影",
                },
            ),
            ("document", {"document": document, "title": "链接文字"}),
            (
                "table",
                {"table": {"data": [["表头", "单元格文字"]], "first_row_is_table_header": True}, "caption": "表格说明"},
            ),
            ("statistics", {"title": "数字标题", "items": [{"value": "550", "unit": "场次", "label": "宣讲场次"}]}),
        ],
    )
    page = FeaturePage.objects.get(pk=page.pk)
    found = " | ".join(text for _where, text in texts(page))
    expected = [
        "标题文字",
        "摘要文字",
        "小标题文字",
        "段落文字&",
        "引文文字",
        "讲话人",
        "书屋一角",
        "职工在书屋里读书",
        "上下文替代文字",
        "图片说明文字",
        "二〇二二年工作报告",
        "链接文字",
        "单元格文字",
        "表格说明",
        "数字标题",
        "宣讲场次",
    ]
    for text in expected:
        assert text in found, text
    assert "<b>" not in found


@pytest.mark.parametrize(
    "field, value",
    [
        ("title", "严打网络赌场专项行动"),
        ("summary", "严打 网 络 賭 場 专项行动"),  # the comment screener's evasions: spaces, traditional characters
        ("body", body_post(("quote", {"text": "严打网络\u200b赌场", "attribution": ""}))),
    ],
)
def test_a_rejected_word_sends_the_page_back_with_the_word_marked(client, words, editor, news_index, field, value):
    body = value if field == "body" else None
    fields = {} if field == "body" else {field: value}
    response, page = submit_feature(client, editor, news_index, body=body, **fields)
    assert page is not None
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=(page.pk,))

    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.task.name == roles.SCREENING_TASK
    assert "【" in state.current_task_state.comment and "】" in state.current_task_state.comment
    page.refresh_from_db()
    assert not page.live

    html = client.get(response["Location"]).content.decode()
    assert "<mark>" in html, "the editor sees the word marked in its context"
    assert "已提交审核" not in html and "submitted for moderation" not in html


def test_a_held_word_passes_flagged_to_every_level(
    client, words, editor, first_reviewer, moderator, leader, news_index
):
    body = body_post(("quote", {"text": "开展抵制赌博宣传进车间活动。", "attribution": "市总工会"}))
    response, page = submit_feature(client, editor, news_index, body=body)
    assert page is not None, response.context["form"].errors if response.context else response
    assert current_task(page) == roles.FIRST_REVIEW_TASK
    report = ScreeningReport.objects.get(revision=page.get_latest_revision())
    assert report.action == Action.HOLD
    assert report.findings[0]["terms"] == [HELD]
    assert "【赌博】" in report.findings[0]["text"]

    for reviewer in (first_reviewer, moderator, leader):
        session = AdminSession(Client(), reviewer)
        html = session.client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
        assert "抵制<mark>赌博</mark>宣传" in html, reviewer
        session.workflow_action(page, "approve")
    page.refresh_from_db()
    assert page.live


def test_a_resubmission_to_a_later_level_is_screened_again(
    client, words, editor, first_reviewer, moderator, news_index
):
    """Sent back by 复审, the editor adds a rejected word and resubmits: Wagtail returns the page to 复审 directly,
    and screening sends it back before any reviewer sees it."""
    _response, page = submit_feature(client, editor, news_index)
    AdminSession(Client(), first_reviewer).workflow_action(page, "approve")
    AdminSession(Client(), moderator).workflow_action(page, "reject", comment="请补充。")
    response = AdminSession(client, editor).edit(page, action="action-submit", summary="代开发票请联系")
    state = WorkflowState.objects.for_instance(page).order_by("-created_at").first()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert "【代开发票】" in state.current_task_state.comment
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=(page.pk,))


def test_clean_pages_pass_screening_silently(client, words, editor, news_index):
    _response, page = submit_feature(client, editor, news_index)
    assert current_task(page) == roles.FIRST_REVIEW_TASK
    assert ScreeningReport.objects.get(revision=page.get_latest_revision()).action == Action.ALLOW


def test_findings_mark_every_word_and_escape_the_rest(words, make_feature):
    page = make_feature(summary="<script>赌博</script>与网络赌场")
    found = findings(FeaturePage.objects.get(pk=page.pk))
    summary = [f for f in found if f["where"] == "摘要" or "summary" in f["where"].lower()]
    assert summary, found
    assert "<script>" not in summary[0]["html"]
    assert "<mark>赌博</mark>" in summary[0]["html"] and "<mark>网络赌场</mark>" in summary[0]["html"]
    assert summary[0]["action"] == Action.REJECT


@pytest.mark.parametrize(
    "url_name, data, field",
    [
        (("home", "category"), {"name": "代 开 發 票", "slug": "x", "description": "", "sort_order": "0"}, "name"),
        (("campaigns", "speaker"), {"name": "讲师", "organisation": "", "topics": "网络赌场揭秘", "bio": ""}, "topics"),
    ],
)
def test_snippets_with_rejected_words_are_refused(client, words, superuser, url_name, data, field):
    client.force_login(superuser)
    app, model = url_name
    url = reverse(f"wagtailsnippets_{app}_{model}:add")
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "【" in html and "不允许使用的词语" in html
