"""Every public page type, with every optional field filled, renders for every kind of visitor.

The demo content makes choices (entries with platform links, bodies with a few block types); real editors and
workers make others. Here each page type is built with everything it can hold: every block of the shared block
library (with document and page links in rich text), uploaded videos and posters, sessions, events, programme,
awards, a gallery, an approved comment. Each page, and each of its routable sub-pages, is then requested
anonymously, as a signed-in worker and as staff, in Chinese and in English, and must answer 200.

Two checks keep this honest as the site grows: every concrete page type of the project must appear in the site
built here, and every block type of the block library must appear in the body used.
"""

import datetime
import itertools
import re

from django.apps import apps
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import Page

import pytest

from accounts import roles
from campaigns.fixtures import gallery_images, publish
from conftest import make_user
from core.blocks import BaseStreamBlock

PROJECT_APPS = ("home", "campaigns", "stats")
# A script element without src (JSON data blocks are not run, so they are allowed), a style element or attribute,
# or an on… event handler attribute.
INLINE_CODE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.I
)
# A few bytes that any MP4 sniffer recognises: an ISO base media "ftyp" box with the isom brand.
MP4_HEADER = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + b"\x00" * 2048


@pytest.fixture
def document(db):
    return get_document_model().objects.create(title="2022年工作报告", file=ContentFile(b"%PDF-1.4\n", "report.pdf"))


def full_body(image, document, link_page):
    """One of every block in the block library, each with its optional fields filled."""
    rich = (
        f'<p>正文，<b>加粗</b>，<i>斜体</i>，<a href="https://www.example.org/">外链</a>，'
        f'<a linktype="page" id="{link_page.pk}">内链</a>，<a linktype="document" id="{document.pk}">报告</a>。</p>'
        "<h2>小标题</h2><ul><li>一</li></ul><ol><li>二</li></ol><hr/><blockquote>引文</blockquote>"
    )
    return [
        ("heading", {"text": "宣讲进班组", "size": "h3"}),
        ("paragraph", rich),
        (
            "image",
            {
                "image": {"image": image, "alt_text": "讲堂现场", "decorative": False},
                "caption": "宣讲现场",
                "attribution": "摄影：王师傅",
            },
        ),
        ("quote", {"text": "劳动最光荣。", "attribution": "劳模代表"}),
        ("embed", "https://www.douyin.com/video/7000000000000000000"),
        ("document", {"document": document, "title": "下载报告"}),
        (
            "table",
            {
                "table": {
                    "data": [["场次", "人数"], ["550", "20万"]],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                },
                "caption": "宣讲概况",
            },
        ),
        (
            "statistics",
            {
                "title": "数说工会",
                "items": [
                    {"value": "550", "unit": "场次", "label": "宣讲"},
                    {"value": "93.3", "unit": "万", "label": "浏览"},
                ],
            },
        ),
    ]


def test_the_full_body_uses_every_block_of_the_library(image, document, home_page):
    used = {name for name, _value in full_body(image, document, home_page)}
    assert used == set(BaseStreamBlock.base_blocks), "add the new block to full_body() with its optional fields"


def mp4_upload(name="work.mp4"):
    return ContentFile(MP4_HEADER, name)


@pytest.fixture
def full_site(
    home_page,
    news_index,
    make_feature,
    category,
    image,
    document,
    make_tour,
    make_contest,
    make_entry,
    make_room,
    make_festival,
    gallery_collection,
    speaker,
    worker,
):
    """Every page type with every optional field, and the records the pages list."""
    from campaigns.fixtures import CONTEST_TIMES
    from campaigns.models import ContestCriterion, ContestJudge, EntryStatus, VideoEntry
    from comments.models import Comment, Status
    from judging.models import Scorecard
    from stats.models import StatsPage

    home_page.hero_title = "职工之家"
    home_page.hero_text = "服务职工，凝聚力量。"
    home_page.hero_image = image
    home_page.summary = "城市总工会的网上家园。"
    home_page.listing_image = image
    home_page.save_revision().publish()
    news_index.intro = "<p>工会<b>要闻</b>与<a href='https://www.example.org/'>专题</a>。</p>"
    news_index.summary = "新闻"
    news_index.listing_image = image
    news_index.save_revision().publish()

    speaker.photo = image
    speaker.topics = "工匠精神\n劳模精神"
    speaker.bio = "高级技师，省劳模。"
    speaker.save()

    feature = make_feature(
        title="职工书屋建设再上台阶",
        tags=["书屋", "阅读"],
        author="记者 张三",
        search_description="职工书屋",
        body=full_body(image, document, news_index),
    )

    now = timezone.now()
    tour = make_tour(
        sessions=[
            {"starts_at": now - datetime.timedelta(days=3), "actual_attendance": 80, "level": "enterprise"},
            {"starts_at": now - datetime.timedelta(days=2), "actual_attendance": 40, "level": "workshop"},
            {"starts_at": now + datetime.timedelta(days=2), "level": "team", "duration_minutes": 90},
        ],
        organiser="市总工会宣教部",
        body=full_body(image, document, feature),
    )

    day = datetime.timedelta(days=1)
    voting = make_contest(
        title="e有绝活短视频征集（投票中）",
        submission_opens_at=now - 20 * day,
        submission_closes_at=now - 10 * day,
        voting_opens_at=now - 5 * day,
        voting_closes_at=now + 5 * day,
        results_at=now + 6 * day,
        rules=full_body(image, document, feature),
        max_entries_per_day=3,
        organiser="市总工会",
    )
    # Results in their 公示, blended 60/40, with the contest's own criteria and a judges panel that scored.
    results = make_contest(
        title="微视频大赛（结果）",
        rules=full_body(image, document, feature),
        judging_closes_at=CONTEST_TIMES["results_at"] - day,
        notice_ends_at=now + 3 * day,
        results_method="blended",
        judges_weight=60,
    )
    # Voting by ballots of five with the counts hidden, judges scoring meanwhile.
    ballots = make_contest(
        title="微视频大赛（选票投票）",
        submission_opens_at=now - 20 * day,
        submission_closes_at=now - 10 * day,
        voting_opens_at=now - 5 * day,
        voting_closes_at=now + 5 * day,
        judging_closes_at=now + 5 * day,
        results_at=now + 6 * day,
        ballot_size=5,
        hide_live_counts=True,
        vote_shortlist_only=True,
    )
    submitting = make_contest(
        title="微视频大赛（征集中）",
        submission_opens_at=now - day,
        submission_closes_at=now + 10 * day,
        voting_opens_at=now + 11 * day,
        voting_closes_at=now + 20 * day,
        results_at=now + 21 * day,
    )
    entries = []
    for contest in (voting, results):
        uploaded = make_entry(
            contest,
            title="上传的视频",
            description="一段描述。\n第二行。",
            external_url="",
            video=mp4_upload(),
            video_type="video/mp4",
            poster=image,
            author=worker,
        )
        linked = make_entry(contest, title="平台链接", poster=None)
        no_poster_upload = make_entry(
            contest, title="无封面上传", external_url="", video=mp4_upload(), poster=None, video_type="video/mp4"
        )
        entries += [uploaded, linked, no_poster_upload]
    awarded = entries[3]
    awarded.award = results.prizes.first()
    awarded.award_note = "创意突出"
    awarded.save()
    judge = make_user("judge-full", roles.JUDGES, display_name="评委甲", work_unit="市文联")
    for contest in (results, ballots):
        ContestCriterion.objects.create(contest=contest, name="主题", max_points=60, sort_order=0)
        ContestCriterion.objects.create(contest=contest, name="制作", max_points=40, sort_order=1)
        ContestJudge.objects.create(contest=contest, user=judge)
    theme, craft = (c.key for c in ContestCriterion.objects.filter(contest=results).order_by("sort_order"))
    for total, entry in enumerate(entries[3:], start=80):
        VideoEntry.objects.filter(pk=entry.pk).update(shortlisted=True)
        points = {theme: 50, craft: total - 50}  # by the criteria's keys
        Scorecard.objects.create(contest=results, entry=entry, judge=judge, points=points, total=total)
    for i in range(6):
        make_entry(ballots, title=f"选票作品{i}", shortlisted=True)
    make_entry(ballots, title="未入围作品")  # in a contest whose public vote is the shortlist's: no vote button
    make_entry(voting, title="待审核作品", status=EntryStatus.PENDING)

    room = make_room(
        events=[
            {
                "starts_at": now + datetime.timedelta(days=3),
                "topic": "读书分享会",
                "description": "共读。",
                "signup_capacity": 30,
            },
            {"starts_at": now - datetime.timedelta(days=3), "topic": "往期活动"},
        ],
        host_unit="荆江机械厂工会",
        opening_hours="周一至周五 9:00-17:00",
        contact_name="李老师",
        contact_phone="0716-0000000",
        e_reading=True,
        e_reading_note="扫码阅读",
        level="national",
        summary="国家级示范书屋",
        listing_image=image,
        body=full_body(image, document, feature),
    )
    gallery_images(gallery_collection, 3)
    festival = make_festival(
        events=3,
        awards=2,
        gallery=gallery_collection,
        body=full_body(image, document, feature),
        summary="春季文艺",
        organiser="市总工会",
    )
    sports = make_festival(kind="sports", title="秋季职工运动会", events=1)
    figures_page = publish(
        home_page,
        StatsPage(
            title="数说工会",
            slug="figures",
            year=2022,
            district=room.district,
            intro="<p>一年的<b>数字</b>。</p>",
            summary="工会工作的数字",
            listing_image=image,
            show_charts=True,
        ),
    )

    for target in (feature, tour, voting, room, festival, entries[0]):
        where = {"target": target, "target_title": target.title, "target_url": target.get_url(), "author": worker}
        approved = Comment.objects.create(**where, body="写得好，学习了！", status=Status.APPROVED)
        Comment.objects.create(**where, parent=approved, body="同感。", status=Status.APPROVED)
        Comment.objects.create(**where, body="我的待审核评论", status=Status.PENDING)
    return {
        "pages": [
            home_page,
            news_index,
            feature,
            tour,
            tour.get_parent(),
            voting,
            results,
            ballots,
            submitting,
            voting.get_parent(),
            room,
            room.get_parent(),
            festival,
            sports,
            festival.get_parent(),
            figures_page,
        ],
        "entries": entries,
        "extra_urls": [
            tour.url + "calendar/",
            voting.url + f"?category={voting.categories.first().pk}",
            news_index.url + "?tag=书屋",
            news_index.url + f"?category={category.slug}",
        ],
        # Only workers may submit: others are sent to sign in (anonymous) or told why (staff, with a redirect).
        "worker_only_urls": [submitting.url + "submit/"],
    }


def test_every_project_page_type_is_in_the_full_site(full_site):
    built = {type(page.specific) for page in full_site["pages"]}
    concrete = {
        model
        for app in PROJECT_APPS
        for model in apps.get_app_config(app).get_models()
        if issubclass(model, Page) and model is not Page
    }
    assert concrete - built == set(), "build the new page type in full_site() with every optional field"


def visitors(worker, editor):
    anonymous = Client(raise_request_exception=False)
    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(worker)
    staff = Client(raise_request_exception=False)
    staff.force_login(editor)
    return {"anonymous": anonymous, "worker": signed_in, "staff": staff}


def test_every_page_renders_for_every_visitor_in_both_languages(full_site, worker, editor):
    urls = [page.url for page in full_site["pages"]] + [e.get_url() for e in full_site["entries"]]
    urls += full_site["extra_urls"]
    failures = []
    for (who, client), language in itertools.product(visitors(worker, editor).items(), ("", "/en")):
        for url in urls + full_site["worker_only_urls"]:
            expected = 302 if url in full_site["worker_only_urls"] and who != "worker" else 200
            response = client.get(language + url)
            if response.status_code != expected:
                failures.append(f"{who} {language}{url}: {response.status_code}")
            elif who != "staff" and response["Content-Type"].startswith("text/html"):
                # The Content-Security-Policy allows no inline script, style or event handler on the public site.
                inline = INLINE_CODE.findall(response.content.decode())
                if inline:
                    failures.append(f"{who} {language}{url}: inline code {inline[:3]}")
    assert not failures, failures


def test_uploaded_video_entry_shows_the_video_and_its_poster(full_site):
    """The probe's finding: an approved entry with an uploaded file answered 500 for everyone."""
    entry = full_site["entries"][0]
    response = Client().get(entry.get_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert f'src="{entry.video.url}"' in html
    assert 'poster="/media/images/' in html  # a generated rendition, served as a file like every other image


def test_worker_account_pages_with_entries_and_comments(full_site, worker):
    client = Client(raise_request_exception=False)
    client.force_login(worker)
    for url in ("/accounts/", "/campaigns/my-entries/", "/en/accounts/", "/accounts/profile/"):
        assert client.get(url).status_code == 200, url
    # Signed in, the entry page carries the vote form that anonymous visitors see as a sign-in link.
    html = client.get(full_site["entries"][0].get_url()).content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
