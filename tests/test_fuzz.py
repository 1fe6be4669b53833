"""Property-based fuzzing of every public endpoint: no request a client can send gets a 5xx.

``ENDPOINTS`` lists each public URL pattern of the URLconf (and each page type and page route behind Wagtail's
catch-all) with its method and its parameters. Each parameter has values that work (so a request also gets past
the first check) and hostile ones: text with NUL and other control characters, superscript and other scripts'
digits, huge and negative numbers, very long strings; parameters come repeated, a file comes where text is
expected and text where a file is, uploads are empty or garbage, query strings are broken, bodies are malformed,
methods are wrong. Every endpoint is fuzzed anonymously and as a signed-in worker, with the page cache on as in
production; besides Hypothesis' examples, each gets the payloads that have broken sites like this one (``PAYLOADS``)
in every parameter at once. ``test_every_public_url_pattern_is_fuzzed`` walks the URLconf and the page models, so a
new endpoint, page type or route without an entry here fails the suite.

Each example runs in a savepoint that is rolled back, with the cache cleared, so examples never see each other's
writes, rate limits or sign-outs, and a request that breaks the database transaction is caught as its own 500
instead of failing every later example. Budget: ``FUZZ_EXAMPLES`` random examples per endpoint and user (default 3,
derandomized, so CI is reproducible); ``FUZZ_EXAMPLES=200 pytest tests/test_fuzz.py`` searches much harder.
"""

import io
import os
import re
import struct
import traceback
import zlib
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import quote, urlencode

from django.conf import settings as django_settings
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, get_page_models

import pytest
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

from accounts import roles
from conftest import make_user

FUZZ = hypothesis_settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "3")),
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
NOT_PUBLIC = {"admin/": "the Wagtail admin: staff only, behind its sign-in (its login form is Wagtail's own)"}
PROJECT_APPS = {"home", "campaigns", "stats"}  # the apps whose page types the public sees
PAGES = r"^((?:[\w\-]+/)*)$"  # Wagtail's catch-all

# ---- hostile values ------------------------------------------------------------------------------------------

CONTROL = ["\x00", "a\x00b", "\x01\x07\x1b[31m\x7f", "\r\n", "\t"]
DIGITS = ["²", "¹²³", "١٢", "１２", "Ⅻ", "①", "-1", "0", "-0", "+1", "1.5", "1e309", "NaN", "inf", "0x10", "1_000"]
HUGE = ["99999999999999999999999", str(2**63), str(-(2**63) - 1)]
SHAPES = ["", " ", "null", "true", "[]", "{}", "%", "_", "%00", "%zz", "..", "/"]
ATTACKS = ["../../../../etc/passwd", "//evil.example", "javascript:alert(1)", "<script>alert(1)</script>", "' OR 1--"]
UNICODE = ["\u202e\u2066", "\ufeff", "\ufffd", "\U0001f600", "职工之家", "ＧＨ２０２２"]
HOSTILE = CONTROL + DIGITS + HUGE + SHAPES + ATTACKS + UNICODE
# Every parameter of every endpoint gets each of these (the classes of issue 22: a digit int() refuses, a NUL that
# PostgreSQL refuses, a number no column holds), whatever the random budget.
PAYLOADS = ["²", "a\x00b", "99999999999999999999999"]

long_text = st.builds(lambda n, c: c * n, st.sampled_from([300, 5_000, 20_000]), st.sampled_from(["a", "职", "\x00"]))
text = st.one_of(
    st.sampled_from(HOSTILE),
    long_text,
    st.text(st.characters(exclude_categories=("Cs",)), max_size=30),  # any Unicode but lone surrogates, NUL included
)
numbers = st.one_of(st.sampled_from(DIGITS + HUGE), st.integers(-(10**25), 10**25).map(str), text)
# Header values as a client can send them through a server (gunicorn refuses control characters in headers).
header_text = st.one_of(
    st.sampled_from(["text/html,*/*;q=0.8", "application/json", "*/*", "", "zh-hans", "en;q=0.5,*"]),
    long_text.map(lambda value: value.replace("\x00", "x")),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"), max_size=40),
)


def png_bytes(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "#b3121b").save(buffer, format="PNG")
    return buffer.getvalue()


def png_claiming(width, height):
    """A PNG header announcing a huge picture (a decompression bomb) with no pixel data."""
    chunk = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))


MP4 = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + b"\x00" * 2000
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm"
WEBM += bytes(500)
GARBAGE = [b"", bytes(64), b"garbage \xff\xfe", png_bytes()[:40], png_claiming(60_000, 60_000), png_claiming(0, 0)]
FILE_BODIES = [*GARBAGE, MP4, WEBM, b"<svg onload=alert(1)>", b"GIF89a" + bytes(10)]
FILE_NAMES = ["poster.png", "clip.mp4", "noext", "a\x00b.png", "名字.webm", "%00.png", "x" * 250 + ".png"]


@st.composite
def uploads(draw, good=()):
    name, body = draw(st.sampled_from(FILE_NAMES)), draw(st.sampled_from([*good, *FILE_BODIES]))
    return SimpleUploadedFile(name, body, content_type=draw(st.sampled_from(["image/png", "video/mp4", ""])))


def shaped(strategy, files=False):
    """One value, the parameter repeated, or (in a multipart body) a file where text is expected."""
    return st.one_of(strategy, st.lists(strategy, min_size=2, max_size=3), *([uploads()] if files else []))


RAW_QUERIES = ["", "%ff%fe", "a=%E4%B8", "&&&==", "%", "x[]=1&x[]=2", "q=%00", "page=%C2%B2", "a=%0A%0D%09"]
BODIES = [
    ("application/x-www-form-urlencoded", b"a=%ff&b=%00&%zz"),
    ("application/json", b'{"body": "\\u0000", "target": []}'),
    ("multipart/form-data; boundary=zzz", b'--zzz\r\nContent-Disposition: form-data; name="x"\r\n\r\nno end'),
    ("multipart/form-data", b"no boundary at all"),
    ("text/plain", b"\x00\x01\x02"),
]
OTHER_METHODS = ["HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"]

# ---- parameters ----------------------------------------------------------------------------------------------


class Param:
    """Values that work (a list, or a function of the world returning one) and a strategy for hostile ones."""

    def __init__(self, good=(), hostile=text):
        self.good_values, self.hostile = good, hostile

    def good(self, world):
        return [str(value) for value in (self.good_values(world) if callable(self.good_values) else self.good_values)]

    def strategy(self, world):
        good = self.good(world)
        return st.one_of(st.sampled_from(good), self.hostile) if good else self.hostile


def good(*values):
    return Param(values)


def good_number(*values):
    return Param(values, numbers)


def pk(attribute):
    """The primary key of a record of the world (or an id the world holds), or a hostile number."""

    def real(world):
        value = getattr(world, attribute)
        return [getattr(value, "pk", value)]

    return Param(real, numbers)


TEXT, NUMBER = Param(), Param(hostile=numbers)
PASSWORD = good("A-brand-new-password-2022", "a-long-test-password")
NEXT = good("/", "/news/", "//evil.example/", "https://evil.example/")

# ---- the endpoints -------------------------------------------------------------------------------------------


NEUTRAL = ("/api/", "/sitemap.xml", "/robots.txt", "/feeds/", "/healthz", "/media/", "/documents/")  # no /en/ copy


@dataclass
class Endpoint:
    method: str
    path: object  # a path, or a function of the world returning one; "{name}" takes a path parameter
    params: dict = field(default_factory=dict)  # name -> Param
    path_params: dict = field(default_factory=dict)  # name -> Param
    files: dict = field(default_factory=dict)  # multipart file fields: name -> (file name, good bodies)
    page: tuple = None  # (page model label, route name or None) behind Wagtail's catch-all

    def __str__(self):
        return f"{self.method} {self.path if isinstance(self.path, str) else self.page}"

    @property
    def localised(self):
        return not (isinstance(self.path, str) and self.path.startswith(NEUTRAL))

    @property
    def sample_path(self):
        """A path of this endpoint for resolving its URL pattern: path parameters are 1, pages any slug."""
        if not isinstance(self.path, str):
            return "/any-page/"
        return re.sub(r"\{\w+\}", "1", self.path.replace("{uuid}", "00000000-0000-0000-0000-000000000000"))

    def resolve(self, world):
        return self.path(world) if callable(self.path) else self.path

    def requests(self, world):
        post = self.method == "POST"
        mixed = {name: shaped(p.strategy(world), files=post) for name, p in self.params.items()}
        hostile = {name: shaped(p.hostile, files=post) for name, p in self.params.items()}
        good = {name: st.sampled_from(values) for name, p in self.params.items() if (values := p.good(world))}
        for name, (filename, bodies) in self.files.items():
            mixed[name] = hostile[name] = st.one_of(uploads(good=bodies), text)
            good[name] = st.sampled_from(bodies).map(lambda body, filename=filename: SimpleUploadedFile(filename, body))

        @st.composite
        def one_hostile(draw):
            """Good values but for one hostile parameter: gets past the checks of the others."""
            values = draw(st.fixed_dictionaries(good))
            name = draw(st.sampled_from(sorted(hostile)))
            return {**values, name: draw(hostile[name])}

        params = st.fixed_dictionaries({}, optional=mixed)
        return st.fixed_dictionaries(
            {
                "path": st.fixed_dictionaries({name: p.strategy(world) for name, p in self.path_params.items()}),
                "method": st.sampled_from([self.method] * 6 + OTHER_METHODS),
                "prefix": st.sampled_from(["", "/en"] if self.localised else [""]),
                "params": st.one_of(one_hostile(), params) if hostile else params,
                "raw_query": st.sampled_from(RAW_QUERIES),
                "body": st.one_of(st.none(), st.sampled_from(BODIES)),
                "accept": header_text,
                "json": st.booleans(),
                "user_agent": header_text,
            }
        )

    def everywhere(self, world, payload):
        """The request with ``payload`` in every parameter (and file field), and good path parameters."""
        return {
            "path": {name: (p.good(world) or [payload])[0] for name, p in self.path_params.items()},
            "method": self.method,
            "prefix": "",
            "params": dict.fromkeys([*self.params, *self.files], payload),
            "raw_query": "",
            "body": None,
            "accept": "text/html,*/*;q=0.8",
            "json": False,
            "user_agent": "Mozilla/5.0",
        }


def url_of(attribute, suffix=""):
    return lambda world: getattr(world, attribute).url + suffix


PAGE_API = {
    "type": good("home.FeaturePage", "campaigns.VideoContestPage", "wagtailcore.Page", "home.Nope", "a.b.c"),
    "fields": good("*", "title,body", "-title", "_,id", "body(x)", "*,-body", "listing_image(title)"),
    "order": good("title", "-title", "id", "random", "-nope"),
    "search_operator": good("and", "or"),
    "child_of": Param(lambda w: [w.home.pk, "root"], numbers),
    "descendant_of": Param(lambda w: [w.home.pk, "root"], numbers),
    "ancestor_of": pk("feature"),
    "translation_of": Param(lambda w: [w.feature.pk, "root"], numbers),
    "locale": good("zh-hans", "en"),
    "show_in_menus": good("true", "false", "1"),
    "rich_text_format": good("html", "markdown", "db_html"),
    "format": good("json", "api"),
    **dict.fromkeys(["limit", "offset", "id"], NUMBER),
    **dict.fromkeys(["search", "title", "slug", "_"], TEXT),
}
MEDIA_API = {
    "fields": good("*", "title,tags", "-title", "file", "download_url"),
    "order": good("title", "-id", "random"),
    "search_operator": good("and", "or"),
    **dict.fromkeys(["limit", "offset", "id", "collection"], NUMBER),
    **dict.fromkeys(["search", "title", "tags"], TEXT),
}
HTML_PATHS = Param(lambda w: [w.feature.url, f"{w.voting_contest.url}entries/1/", "/"])
FIND_PAGE = {"html_path": HTML_PATHS, "id": pk("feature"), "fields": TEXT}


def search_beacon_token():
    from django.core import signing

    from search.analytics import SALT

    return signing.dumps(["书屋", 3], salt=SALT, compress=False)


SEARCH_BEACON = {"t": good(search_beacon_token()), "pos": good_number("1", "10", "500")}

SEARCH = {
    "q": good("书屋", "职工 书屋", "e有绝活", "讲", "職工書屋", "zgsw", "zhigong shuwu", "劳摸", "职工书屋" * 40),
    "type": good("feature", "lecture_tour", "video_entry"),
    "year": good_number("2022", "1990", "2100"),
    "sort": good("relevance", "newest"),
    "page": good_number("1", "2", "50", "51"),
    **dict.fromkeys(["category", "tag", "district"], TEXT),
}
PROFILE = {
    "display_name": good("模糊测试"),
    "work_unit": good("测试厂"),
    "phone": good("13800138000", "+86 138-0013-8000"),
    "email": good("fuzz@example.com", ""),
}
REGISTRATION = {
    "username": good("fuzzworker", "worker1"),
    "membership_number": good("FZ20220001", "T0001", "ＧＨ2022 0009"),
    "password1": PASSWORD,
    "password2": PASSWORD,
    **PROFILE,
}
SIGN_IN = {"username": good("worker1", "fuzzworker"), "password": PASSWORD, "next": NEXT}
NEW_PASSWORD = {"new_password1": PASSWORD, "new_password2": PASSWORD}
RESET_LINK = {"uidb64": Param(lambda w: [w.uidb64, "MQ", "AAAA"]), "token": Param(lambda w: [w.token, "set-password"])}
COMMENT = {
    "target": Param(lambda w: [w.feature_key, w.entry_key, "home.featurepage:²", "auth.user:1"]),
    "body": good("宣讲员讲得很实在", "好"),
    "parent": pk("others_comment"),
    "next": NEXT,
}
REPORT = {"reason": good("abuse", "spam", "other"), "detail": TEXT, "next": NEXT}
SUBMISSION = {
    "title": good("盲拧螺栓不差半圈"),
    "description": TEXT,
    "category": pk("open_category_id"),
    "external_url": good("https://v.douyin.com/abc123/", "", "javascript:alert(1)"),
}
UPLOADS = {"poster": ("poster.png", [png_bytes()]), "video": ("clip.mp4", [MP4, WEBM])}
UPLOAD = {"contest": pk("open_contest"), "size": good_number("1000", "2000000"), "name": TEXT}
UPLOAD_PK = {"uuid": Param(lambda w: [w.upload_id, "00000000-0000-0000-0000-000000000000"])}
ROOMS = {"district": pk("district_id"), "level": good("city", "national"), "view": good("map", "list")}
MEDIA_FILE = {"path": Param(lambda w: [w.image.file.name, "original_images/", "../../etc/passwd"])}
DOCUMENT_FILE = {"pk": pk("document"), "filename": Param(lambda w: [w.document.filename, "x.pdf"])}
DOCUMENT_PASSWORD = {"password": good("secret-doc"), "return_url": NEXT}
PAGE_PASSWORD = {"password": good("secret-page"), "return_url": NEXT}
RESTRICTION = {"restriction": pk("page_restriction"), "page": pk("restricted")}
NEWS = {"category": good("sixiang"), "tag": good("送清凉"), "page": NUMBER}
TOURS = {"year": good_number("2022"), "level": good("enterprise", "workshop")}
COMMENTS_LIST = {"cpage": NUMBER, "comments": good("oldest", "newest")}
CONTEST = {"category": pk("category_id"), "page": NUMBER, **COMMENTS_LIST}
CONTESTS = "campaigns.videocontestpage"
ENTRY, MY_COMMENT, OTHERS_COMMENT = {"pk": pk("entry")}, {"pk": pk("my_comment")}, {"pk": pk("others_comment")}
GET, POST = "GET", "POST"
ME = {
    "contest": pk("voting_contest"),
    "entries": Param(lambda w: [f"{w.entry.pk}", f"{w.entry.pk},{w.entry.pk},x,,²", ",".join(["1"] * 500)]),
    "target": COMMENT["target"],
    "next": NEXT,
    "page": pk("feature"),
    "activities": Param(
        lambda w: [f"{w.activity_id}", f"{w.activity_id},x,,²,99999999999999999999", ",".join(["1"] * 500)]
    ),
}
ACTIVITY = {"pk": pk("activity_id")}
MY_SIGNUP = {"pk": pk("signup_id")}
SIGNUP_ANSWERS = {"q0": TEXT, "q1": TEXT}

CONTEST_PK = {"pk": pk("voting_contest")}
BALLOT_PK = {"pk": pk("ballot_contest")}
SCORED = {"pk": pk("voting_contest"), "entry": pk("entry")}
SCORE = {"c0": NUMBER, "c1": NUMBER, "c2": NUMBER, "c3": NUMBER, "comment": TEXT}
OBJECTION = {"entry": pk("entry"), "reason": TEXT}

ENDPOINTS = [
    # Wagtail API v2 (pages, images, documents with their filters) and the search API
    Endpoint(GET, "/api/v2/pages/", PAGE_API),
    Endpoint(GET, "/api/v2/pages/{pk}/", PAGE_API, {"pk": pk("feature")}),
    Endpoint(GET, "/api/v2/pages/find/", FIND_PAGE),
    Endpoint(GET, "/api/v2/images/", MEDIA_API),
    Endpoint(GET, "/api/v2/images/{pk}/", MEDIA_API, {"pk": pk("image")}),
    Endpoint(GET, "/api/v2/images/find/", {"id": pk("image")}),
    Endpoint(GET, "/api/v2/documents/", MEDIA_API),
    Endpoint(GET, "/api/v2/documents/{pk}/", MEDIA_API, {"pk": pk("document")}),
    Endpoint(GET, "/api/v2/documents/find/", {"id": pk("document")}),
    Endpoint(GET, "/api/search/", SEARCH),
    # Machine-readable and operational
    Endpoint(GET, "/sitemap.xml", {"p": NUMBER}),
    Endpoint(GET, "/robots.txt"),
    Endpoint(GET, "/jsi18n/"),
    Endpoint(GET, "/feeds/features.xml"),
    Endpoint(GET, "/healthz"),
    Endpoint(GET, "/media/{path}", path_params=MEDIA_FILE),
    Endpoint(GET, "/documents/{pk}/{filename}", path_params=DOCUMENT_FILE),
    Endpoint(
        POST, "/documents/authenticate_with_password/{pk}/", DOCUMENT_PASSWORD, {"pk": pk("document_restriction")}
    ),
    # Accounts
    Endpoint(GET, "/accounts/"),
    Endpoint(GET, "/accounts/me/", ME),
    Endpoint(POST, "/accounts/register/", REGISTRATION),
    Endpoint(GET, "/accounts/login/", {"next": NEXT}),
    Endpoint(POST, "/accounts/login/", SIGN_IN),
    Endpoint(POST, "/accounts/logout/", {"next": NEXT}),
    Endpoint(POST, "/accounts/profile/", PROFILE),
    Endpoint(POST, "/accounts/password/", {"old_password": PASSWORD, **NEW_PASSWORD}),
    Endpoint(POST, "/accounts/password/reset/", {"email": good("worker@example.com", "nobody@example.com")}),
    Endpoint(GET, "/accounts/password/reset/sent/"),
    Endpoint(POST, "/accounts/password/reset/{uidb64}/{token}/", NEW_PASSWORD, RESET_LINK),
    # Campaigns, voting, comments
    Endpoint(POST, "/campaigns/views/{kind}/{pk}/", path_params={"kind": good("entry", "contest"), **ENTRY}),
    Endpoint(GET, "/campaigns/my-entries/"),
    Endpoint(POST, "/campaigns/uploads/", UPLOAD),
    Endpoint(GET, "/campaigns/uploads/{uuid}/", path_params=UPLOAD_PK),  # PATCH, PUT, DELETE among the other methods
    Endpoint(POST, "/voting/entries/{pk}/vote/", {"next": NEXT}, ENTRY),
    Endpoint(GET, "/voting/entries/{pk}/vote/", {"next": NEXT}, ENTRY),
    Endpoint(GET, "/voting/entries/{pk}/qr.svg", path_params=ENTRY),
    Endpoint(GET, "/voting/contests/{pk}/ballot/", {"entry": pk("ballot_entry")}, BALLOT_PK),
    Endpoint(POST, "/voting/contests/{pk}/ballot/", {"entry": pk("ballot_entry")}, BALLOT_PK),
    # Judging (the world's worker is a judge of the voting contest) and the objection form of the 公示
    Endpoint(GET, "/judging/"),
    Endpoint(GET, "/judging/{pk}/", path_params=CONTEST_PK),
    Endpoint(GET, "/judging/{pk}/entries/{entry}/", path_params=SCORED),
    Endpoint(POST, "/judging/{pk}/entries/{entry}/", SCORE, SCORED),
    Endpoint(GET, "/judging/{pk}/objection/", path_params=CONTEST_PK),
    Endpoint(POST, "/judging/{pk}/objection/", OBJECTION, CONTEST_PK),
    Endpoint(POST, "/comments/post/", COMMENT),
    Endpoint(GET, "/comments/write/", {"target": COMMENT["target"], "next": NEXT, **COMMENTS_LIST}),
    Endpoint(POST, "/comments/{pk}/edit/", {"body": good("改一下措辞"), "next": NEXT}, MY_COMMENT),
    Endpoint(POST, "/comments/{pk}/delete/", {"next": NEXT}, MY_COMMENT),
    Endpoint(POST, "/comments/{pk}/report/", REPORT, OTHERS_COMMENT),
    # Sign-ups (the organisers' views answer 403 to workers and anonymous visitors)
    Endpoint(GET, "/signups/{pk}/", path_params=ACTIVITY),
    Endpoint(POST, "/signups/{pk}/", SIGNUP_ANSWERS, ACTIVITY),
    Endpoint(POST, "/signups/mine/{pk}/cancel/", path_params=MY_SIGNUP),
    Endpoint(GET, "/signups/mine/{pk}/code/", path_params=MY_SIGNUP),
    Endpoint(GET, "/signups/mine/{pk}/event.ics", path_params=MY_SIGNUP),
    Endpoint(GET, "/signups/organise/"),
    Endpoint(GET, "/signups/{pk}/checkin/", path_params=ACTIVITY),
    Endpoint(POST, "/signups/{pk}/checkin/", {"code": TEXT}, ACTIVITY),
    Endpoint(POST, "/signups/{pk}/no-shows/", path_params=ACTIVITY),
    Endpoint(GET, "/signups/{pk}/export.csv", path_params=ACTIVITY),
    Endpoint(GET, "/signups/{pk}/export.xlsx", path_params=ACTIVITY),
    # Search
    Endpoint(GET, "/search/", SEARCH),
    Endpoint(GET, "/search/suggest/", {"q": SEARCH["q"]}),
    Endpoint(POST, "/search/log/", SEARCH_BEACON),
    # Wagtail's own public views
    Endpoint(POST, "/_util/authenticate_with_password/{restriction}/{page}/", PAGE_PASSWORD, RESTRICTION),
    Endpoint(POST, "/_util/login/", SIGN_IN),
    # Pages behind Wagtail's catch-all: one entry per page type and route
    Endpoint(GET, "/", page=("home.homepage", None)),
    Endpoint(GET, url_of("news_index"), NEWS, page=("home.newsindexpage", None)),
    Endpoint(GET, url_of("feature"), {**COMMENTS_LIST, "preview": TEXT}, page=("home.featurepage", None)),
    Endpoint(GET, url_of("tour_index"), TOURS, page=("campaigns.tourindexpage", None)),
    Endpoint(GET, url_of("tour"), COMMENTS_LIST, page=("campaigns.lecturetourpage", None)),
    Endpoint(GET, url_of("tour", "calendar/"), page=("campaigns.lecturetourpage", "calendar")),
    Endpoint(GET, url_of("contest_index"), page=("campaigns.contestindexpage", None)),
    Endpoint(GET, url_of("voting_contest"), CONTEST, page=(CONTESTS, None)),
    Endpoint(GET, url_of("voting_contest", "entries/{pk}/"), COMMENTS_LIST, ENTRY, page=(CONTESTS, "entry")),
    Endpoint(GET, url_of("open_contest", "submit/"), page=(CONTESTS, "submit")),
    Endpoint(POST, url_of("open_contest", "submit/"), SUBMISSION, files=UPLOADS, page=(CONTESTS, "submit")),
    Endpoint(GET, url_of("rooms_index"), ROOMS, page=("campaigns.readingroomindexpage", None)),
    Endpoint(GET, url_of("room"), COMMENTS_LIST, page=("campaigns.readingroompage", None)),
    Endpoint(GET, url_of("festival_index"), {"year": good_number("2022")}, page=("campaigns.festivalindexpage", None)),
    Endpoint(GET, url_of("festival"), COMMENTS_LIST, page=("campaigns.festivalpage", None)),
    Endpoint(GET, url_of("stats_page"), page=("stats.statspage", None)),
    Endpoint(GET, url_of("restricted")),
    Endpoint(GET, "/{slug}/", path_params={"slug": good("news/nope", "video-contests/contest-1/entries/x")}),
]


# ---- the world the endpoints are fuzzed against ------------------------------------------------------------


@dataclass
class World:
    worker: object
    home: Page
    news_index: Page
    feature: Page
    restricted: Page
    page_restriction: object
    tour: Page
    voting_contest: Page
    ballot_contest: Page
    ballot_entry: object
    open_contest: Page
    entry: object
    room: Page
    festival: Page
    stats_page: Page
    image: object
    document: object
    document_restriction: object
    my_comment: object
    others_comment: object

    def __getattr__(self, name):  # indexes: each page's parent
        index = {
            "tour_index": "tour",
            "contest_index": "voting_contest",
            "rooms_index": "room",
            "festival_index": "festival",
        }.get(name)
        if index is None:
            raise AttributeError(name)
        return getattr(self, index).get_parent()

    @property
    def feature_key(self):
        return f"home.featurepage:{self.feature.pk}"

    @property
    def entry_key(self):
        return f"campaigns.videoentry:{self.entry.pk}"

    @property
    def category_id(self):
        return self.voting_contest.categories.first().pk

    @property
    def upload_id(self):
        """The worker's unfinished chunked upload in the open contest (made on first use, kept for the session)."""
        from campaigns.models import VideoUpload

        upload = VideoUpload.objects.filter(user=self.worker).first()
        if upload is None:
            upload = VideoUpload.objects.create(
                user=self.worker, contest=self.open_contest, size=1000, filename="a.mp4"
            )
        return upload.pk

    @property
    def activity_id(self):
        from signups.models import Activity

        return Activity.objects.get(page=self.tour).pk

    @property
    def signup_id(self):
        from signups.models import Signup

        return Signup.objects.get(user=self.worker).pk

    @property
    def district_id(self):
        return self.room.district_id

    @property
    def open_category_id(self):
        return self.open_contest.categories.first().pk

    @property
    def uidb64(self):
        return urlsafe_base64_encode(force_bytes(self.worker.pk))

    @property
    def token(self):
        return default_token_generator.make_token(self.worker)


@pytest.fixture
def world(worker, home_page, make_feature, make_tour, make_contest, make_entry, make_room, make_festival, image):
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

    from campaigns.fixtures import aware, publish
    from campaigns.models import ContestJudge
    from comments.models import Comment, Status
    from stats.models import StatsPage

    worker.email = "worker@example.com"
    worker.save()
    other = make_user("worker2", roles.WORKERS, display_name="职工丁", membership_number="T0002")
    feature = make_feature(title="大讲堂走进车间", tags=["送清凉"])
    restricted = make_feature(title="内部通知")
    page_restriction = PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="secret-page"
    )
    now = timezone.now()
    voting_contest = make_contest(
        submission_opens_at=now - timedelta(days=30),
        submission_closes_at=now - timedelta(days=3),
        voting_opens_at=now - timedelta(days=1),
        voting_closes_at=now + timedelta(days=7),
        judging_closes_at=now + timedelta(days=9),
        results_at=now + timedelta(days=10),
    )
    ContestJudge.objects.create(contest=voting_contest, user=worker)
    ballot_contest = make_contest(
        submission_opens_at=now - timedelta(days=30),
        submission_closes_at=now - timedelta(days=3),
        voting_opens_at=now - timedelta(days=1),
        voting_closes_at=now + timedelta(days=7),
        results_at=now + timedelta(days=10),
        ballot_size=2,
        hide_live_counts=True,
    )
    ballot_entries = [make_entry(ballot_contest, title=f"选票{i}") for i in range(3)]
    open_contest = make_contest(
        submission_opens_at=now - timedelta(days=1),
        submission_closes_at=now + timedelta(days=10),
        voting_opens_at=now + timedelta(days=11),
        voting_closes_at=now + timedelta(days=20),
        results_at=now + timedelta(days=25),
        max_video_mb=1,
    )
    collection = Collection.get_first_root_node().add_child(name="内部文件")
    document_restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password="secret-doc"
    )
    document = get_document_model().objects.create(
        title="会员手册", file=SimpleUploadedFile("handbook.txt", "会员手册".encode()), collection=collection
    )
    world = World(
        worker=worker,
        home=home_page,
        news_index=feature.get_parent(),
        feature=feature,
        restricted=restricted,
        page_restriction=page_restriction,
        tour=make_tour(
            sessions=[
                {
                    "starts_at": now + timedelta(days=3),
                    "signup_enabled": True,
                    "signup_capacity": 1,
                    "signup_questions": "工作单位\n参赛队人数",
                },
                {"starts_at": aware(2022, 4, 1, 9)},
            ]
        ),
        voting_contest=voting_contest,
        ballot_contest=ballot_contest,
        ballot_entry=ballot_entries[0],
        open_contest=open_contest,
        entry=make_entry(voting_contest, title="绝活一号", shortlisted=True),
        room=make_room(title="沙市区职工书屋"),
        festival=make_festival(title="荆江之春职工艺术节"),
        stats_page=publish(home_page, StatsPage(title="数说工会", slug="figures", year=2022)),
        image=image,
        document=document,
        document_restriction=document_restriction,
        my_comment=Comment.objects.create(
            target=feature, target_title=feature.title, target_url=feature.url, author=worker, body="我的评论"
        ),
        others_comment=Comment.objects.create(
            target=feature,
            target_title=feature.title,
            target_url=feature.url,
            author=other,
            body="别人的评论",
            status=Status.APPROVED,
        ),
    )
    from signups.services import sign_up

    sign_up(world.activity_id, worker)  # the worker's own sign-up (cancel, code, .ics); the place is then full
    # Render each page once, outside the examples' savepoints, so its image renditions are made and kept (each
    # example would otherwise make them again, and roll them back).
    client = Client()
    with translation.override(django_settings.LANGUAGE_CODE):
        for endpoint in ENDPOINTS:
            if endpoint.page and endpoint.method == "GET":
                client.get(endpoint.resolve(world).format(pk=world.entry.pk))
    return world


# ---- sending one request -------------------------------------------------------------------------------------


def build_path(endpoint, world, drawn):
    with translation.override(django_settings.LANGUAGE_CODE):  # page URLs without the language of the last request
        path = endpoint.resolve(world)
    values = {name: quote(value, safe="/" if name == "path" else "") for name, value in drawn["path"].items()}
    return drawn["prefix"] + path.format(**values)


def query_string(params, raw):
    pairs = []
    for name, value in params.items():
        for one in value if isinstance(value, list) else [value]:
            pairs.append((name, one if isinstance(one, str) else "file"))
    encoded = urlencode(pairs)
    return "&".join(part for part in (encoded, raw) if part)


def send(endpoint, world, drawn, user):
    """One request in a savepoint that is rolled back afterwards, with an empty cache (rate limits, sessions)."""
    with transaction.atomic():
        cache.clear()
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        path = build_path(endpoint, world, drawn)
        method = drawn["method"]
        headers = {"HTTP_ACCEPT": drawn["accept"], "HTTP_USER_AGENT": drawn["user_agent"]}
        if drawn["json"]:
            headers["HTTP_X_REQUESTED_WITH"] = "XMLHttpRequest"
        if method in ("GET", "HEAD", "OPTIONS", "DELETE"):
            response = client.generic(
                method, path, QUERY_STRING=query_string(drawn["params"], drawn["raw_query"]), **headers
            )
        elif drawn["body"] is not None:
            content_type, body = drawn["body"]
            response = client.generic(method, path, body, content_type, QUERY_STRING=drawn["raw_query"], **headers)
        else:
            body = encode_multipart(BOUNDARY, drawn["params"])
            response = client.generic(method, path, body, MULTIPART_CONTENT, QUERY_STRING=drawn["raw_query"], **headers)
        if response.streaming:  # read it (a file, a download) where its queries still run; the client then closes it
            b"".join(response.streaming_content)
        transaction.set_rollback(True)
    return path, response


def explain(endpoint, path, drawn, response):
    lines = [f"{endpoint}: {drawn['method']} {path} -> {response.status_code}", f"drawn: {drawn!r}"[:3000]]
    if getattr(response, "exc_info", None):
        lines.append("".join(traceback.format_exception(*response.exc_info)[-6:]))
    return "\n".join(lines)


def fuzz(endpoint, world, user):
    def no_server_error(drawn):
        path, response = send(endpoint, world, drawn, user)
        assert response.status_code < 500, explain(endpoint, path, drawn, response)

    for payload in PAYLOADS if endpoint.params or endpoint.files else []:
        no_server_error = example(drawn=endpoint.everywhere(world, payload))(no_server_error)
    FUZZ(given(drawn=endpoint.requests(world))(no_server_error))()


def fuzz_all(endpoints, world, users):
    """Every endpoint for every user; the failures of all of them in one report."""
    failures = []
    for user in users:
        for endpoint in endpoints:
            try:
                fuzz(endpoint, world, user)
            except AssertionError as error:
                failures.append(f"[{'signed in' if user else 'anonymous'}] {error}")
    assert not failures, f"{len(failures)} endpoint(s) answered 5xx:\n\n" + "\n\n".join(failures)


@pytest.mark.django_db
def test_no_request_gets_a_server_error(world, settings):
    """Every endpoint, anonymously and signed in as a worker, with the page cache on as in production."""
    settings.PAGE_CACHE_ENABLED = True
    fuzz_all(ENDPOINTS, world, [None, world.worker])


@pytest.mark.django_db
def test_search_with_its_engine_gets_no_server_error(osmem_clone, settings, make_feature, make_tour, worker):
    """The search endpoints again, answered by a real engine instead of the database (reduced mode) above."""
    from search.index import ensure_index
    from search.sync import drain_all

    settings.ELASTICSEARCH_URL = osmem_clone.url
    settings.PAGE_CACHE_ENABLED = True
    ensure_index()
    make_feature(title="职工书屋升级", tags=["书屋"])
    make_tour(title="大讲堂进车间")
    assert drain_all(max_seconds=30)[1] == 0
    assert Client().get("/api/search/", {"q": "书屋"}).json()["mode"] == "engine"
    search = [e for e in ENDPOINTS if e.path in ("/search/", "/search/suggest/", "/api/search/")]
    fuzz_all(search, None, [None, worker])


# ---- nothing is forgotten -------------------------------------------------------------------------------------


def url_patterns(resolver=None, prefix=""):
    """Every URL pattern, as its route (``ResolverMatch.route``): prefixes joined the way Django joins them."""
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + (str(pattern.pattern).removeprefix("^") if prefix else str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route


def reachable(routes):
    """The routes a request can reach: a later pattern with the same shape as an earlier one is shadowed by it (the
    project puts its own view in front of one of Wagtail's, e.g. the rate-limited page-password form)."""
    seen = set()
    for route in routes:
        shape = re.sub(r"<(\w+:)?(\w+)>", r"<\2>", route)
        if shape not in seen:
            seen.add(shape)
            yield route


def test_every_public_url_pattern_is_fuzzed():
    with translation.override(django_settings.LANGUAGE_CODE):  # i18n patterns without a language prefix
        public = {route for route in reachable(url_patterns()) if not route.startswith(tuple(NOT_PUBLIC))}
        fuzzed = {resolve(endpoint.sample_path).route for endpoint in ENDPOINTS}
    assert {"comments/post/", "api/v2/pages/<int:pk>/", PAGES} <= public, "the walk finds the URLconf's patterns"
    assert not public - fuzzed, f"public URL patterns with no entry in ENDPOINTS: {sorted(public - fuzzed)}"


def test_every_page_type_and_route_is_fuzzed():
    expected = set()
    for model in get_page_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        expected.add((label, None))
        if issubclass(model, RoutablePageMixin):
            for route in model.get_subpage_urls():
                if route.name != "index_route":
                    expected.add((label, route.name))
    missing = expected - {endpoint.page for endpoint in ENDPOINTS}
    assert not missing, f"page types or routes with no entry in ENDPOINTS: {sorted(missing, key=str)}"
