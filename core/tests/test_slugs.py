"""Pages made in the admin get readable pinyin slugs (zhi-gong-shu-wu), never percent-encoded Chinese."""

import json
import re
import urllib.parse

from django.urls import reverse

from wagtail.test.utils.form_data import querydict_from_html

import pytest

from core.slugs import needs_pinyin, pinyin_slug, syllable_formatters
from home.models import FeaturePage


@pytest.mark.parametrize(
    "title, slug",
    [
        ("职工书屋", "zhi-gong-shu-wu"),
        ("“e有绝活”全市职工短视频征集", "e-you-jue-huo-quan-shi-zhi-gong-duan-shi-pin-zheng-ji"),
        ("2022年工作报告", "2022-nian-gong-zuo-bao-gao"),
        ("大讲堂走进基层550场，20多万职工", "da-jiang-tang-zou-jin-ji-ceng-550-chang-20-duo-wan-zhi-gong"),
        ("银行职工绿色出行", "yin-hang-zhi-gong-lv-se-chu-xing"),  # words, not characters: 银行 is yin-hang
        ("Workers' Home", "workers-home"),
    ],
)
def test_pinyin_slug(title, slug):
    assert pinyin_slug(title) == slug


def test_long_titles_are_cut_between_words():
    slug = pinyin_slug("职工" * 40, max_length=30)
    assert len(slug) <= 30 and slug.endswith(("zhi", "gong")) and not slug.endswith("-")


def test_what_needs_pinyin():
    assert needs_pinyin("") and needs_pinyin("职工书屋") and needs_pinyin(urllib.parse.quote("职工书屋"))
    assert not needs_pinyin("zhi-gong-shu-wu") and not needs_pinyin("reading-club")


def apply_formatters(text, formatters):
    """What Wagtail's slug controller does with the formatters before it makes the slug (in Python)."""
    for pattern, replacement in formatters:
        text = re.sub(pattern, replacement, text)
    text = re.sub(r"[^-\w\s]", "", text.lower(), flags=re.ASCII)
    return re.sub(r"[-\s]+", "-", text).strip("-")


def test_the_slug_field_turns_a_typed_title_into_pinyin(client, editor, news_index):
    """The formatters given to Wagtail's slug widget: one per syllable, the editor sees the slug as they type."""
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:add", args=("home", "featurepage", news_index.pk))).content.decode()
    slug_input = re.search(r'<input[^>]*name="slug"[^>]*>', html).group()
    formatters = json.loads(
        re.search(r'data-w-slug-formatters-value="([^"]*)"', slug_input).group(1).replace("&quot;", '"')
    )
    assert len(formatters) == len(syllable_formatters()) > 300
    python_formatters = syllable_formatters()
    assert apply_formatters("2022年职工书屋读书会", python_formatters) == "2022-nian-zhi-gong-shu-wu-du-shu-hui"
    assert "data-w-slug-allow-unicode-value" not in slug_input, "off (the attribute's absence): no Chinese in slugs"


def admin_post(client, parent, **fields):
    url = reverse("wagtailadmin_pages:add", args=("home", "featurepage", parent.pk))
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data.setdefault("body-count", "0")
    data.update({"summary": "书屋里的读书会。", "date_published": "2022-03-01", **fields})
    return client.post(url, data)


@pytest.mark.parametrize(
    "typed",
    ["", "职工书屋读书会", urllib.parse.quote("职工书屋读书会")],
    ids=["left empty", "typed in Chinese", "percent-encoded"],
)
def test_the_server_makes_pinyin_when_the_slug_is_not_readable(client, editor, news_index, typed):
    client.force_login(editor)
    response = admin_post(client, news_index, title="职工书屋读书会", slug=typed)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert FeaturePage.objects.get(title="职工书屋读书会").slug == "zhi-gong-shu-wu-du-shu-hui"


def test_the_editors_own_slug_is_kept_and_repeats_are_numbered(client, editor, news_index):
    client.force_login(editor)
    admin_post(client, news_index, title="职工书屋读书会", slug="reading-club")
    admin_post(client, news_index, title="职工书屋", slug="")
    admin_post(client, news_index, title="职工书屋", slug="")
    slugs = set(FeaturePage.objects.values_list("slug", flat=True))
    assert slugs == {"reading-club", "zhi-gong-shu-wu", "zhi-gong-shu-wu-2"}
