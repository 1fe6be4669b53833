"""Words the site's scripts show come from Django's JavaScript catalogue, in the page's language.

The scripts call gettext()/interpolate(); ``/jsi18n/`` (Chinese) and ``/en/jsi18n/`` (English) answer with the
``djangojs`` catalogue of site/locale (core.views.javascript_catalog), and base.html loads it before them. So no
script holds Chinese words of its own: a test below reads every script of the project and fails on any CJK
character outside a comment.
"""

import json
import re
from pathlib import Path

from django.conf import settings

import polib
import pytest

NETWORK_ERROR_ZH = "网络错误，请稍后再试。"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
SKIPPED_DIRS = {"node_modules", "test-output", "var", "media", "staticfiles"}


def catalogue(client, path):
    """(response, the messages it defines) of a JavaScript catalogue, read from the script Django renders."""
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    script = response.content.decode()
    assert "globals.gettext = django.gettext" in script and "globals.interpolate = django.interpolate" in script
    start = script.find("const newcatalog = ")
    messages = {} if start < 0 else json.JSONDecoder().raw_decode(script, start + len("const newcatalog = "))[0]
    return response, messages


def djangojs_po():
    return {
        e.msgid: e.msgstr
        for e in polib.pofile(str(Path(settings.BASE_DIR) / "site/locale/zh_Hans/LC_MESSAGES/djangojs.po"))
    }


@pytest.mark.django_db
def test_the_chinese_catalogue_has_the_chinese_words(client):
    _, messages = catalogue(client, "/jsi18n/")
    assert messages["Network error, please try again."] == NETWORK_ERROR_ZH
    assert messages["any moment now"] == "即将开始"
    assert messages["%(hours)sh %(minutes)sm %(seconds)ss"] == "%(hours)s小时%(minutes)s分%(seconds)s秒"


@pytest.mark.django_db
def test_the_catalogue_holds_the_sites_words_only(client):
    """Every message of site/locale's djangojs.po, and not the admin's catalogues that Django's admin and Wagtail
    ship (hundreds of strings no page of the site uses)."""
    _, messages = catalogue(client, "/jsi18n/")
    assert messages == djangojs_po()


@pytest.mark.django_db
def test_the_english_catalogue_leaves_the_english_words_as_they_are(client):
    _, messages = catalogue(client, "/en/jsi18n/")
    assert messages == {}, "English is the language of the code: gettext() gives back the message itself"


@pytest.mark.django_db
def test_the_catalogue_is_cached_like_a_page(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    first, english = catalogue(client, "/en/jsi18n/")
    assert "public" in first["Cache-Control"] and f"max-age={settings.PAGE_CACHE_TTL}" in first["Cache-Control"]
    assert first["X-Page-Cache"] == "miss"
    second, again = catalogue(client, "/en/jsi18n/")
    assert second["X-Page-Cache"] == "hit" and again == english
    third, chinese = catalogue(client, "/jsi18n/")
    assert third["X-Page-Cache"] == "miss", "each language is cached apart"
    assert chinese["any moment now"] == "即将开始"


@pytest.mark.django_db
def test_the_catalogue_ignores_what_a_client_adds(client):
    """Django's view reads the domain and packages from the URL pattern only: a query cannot widen the catalogue to
    the admin's (or fail it), and nothing but GET and HEAD is answered."""
    _, plain = catalogue(client, "/jsi18n/")
    _, hostile = catalogue(client, "/jsi18n/?domain=django&packages=django.contrib.admin&language=en&%00=\x00")
    assert hostile == plain
    assert client.head("/jsi18n/").status_code == 200
    assert client.post("/jsi18n/").status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "src"), [("/", "/jsi18n/"), ("/en/", "/en/jsi18n/")])
def test_every_page_loads_the_catalogue_of_its_language_before_its_scripts(client, home_page, path, src):
    html = client.get(path).content.decode()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert src in scripts, scripts
    own = [s for s in scripts if s.endswith((".js", "/jsi18n/")) and "display-mode" not in s]
    assert own[0] == src, f"the catalogue runs before the scripts that use it: {own}"
    assert all("defer" in tag for tag in re.findall(r"<script [^>]*jsi18n[^>]*>", html))


def code_without_comments(source):
    """JavaScript source with its // and /* */ comments left out (strings and escapes are kept whole)."""
    out, i, quote = [], 0, None
    while i < len(source):
        char = source[i]
        if quote:
            if char == "\\":
                out.append(source[i : i + 2])
                i += 2
                continue
            quote = None if char == quote else quote
        elif char == "\\":  # outside a string only in a regular expression literal: /entries\/(\d+)\//
            out.append(source[i : i + 2])
            i += 2
            continue
        elif source.startswith("//", i):
            end = source.find("\n", i)
            i = len(source) if end < 0 else end
            continue
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            end = len(source) if end < 0 else end + 2
            out.append("\n" * source.count("\n", i, end))  # so line numbers stay those of the file
            i = end
            continue
        elif char in "'\"`":
            quote = char
        out.append(char)
        i += 1
    return "".join(out)


def project_scripts():
    base = Path(settings.BASE_DIR)
    return sorted(
        path
        for path in base.glob("*/static/**/*.js")
        if not any(part.startswith(".") or part in SKIPPED_DIRS for part in path.relative_to(base).parts)
        and not path.name.endswith(".min.js")  # vendored libraries (ECharts), left out of makemessages too
    )


def test_comments_are_told_from_code():
    source = "a = \"//不是注释\"; // 注释\nb = /x\\//; /* 注释 */ c = '是';"
    assert code_without_comments(source) == "a = \"//不是注释\"; \nb = /x\\//;  c = '是';"


def test_no_script_of_the_site_has_chinese_words_of_its_own():
    scripts = project_scripts()
    names = {path.relative_to(settings.BASE_DIR).as_posix() for path in scripts}
    assert {"site/static/js/site.js", "comments/static/comments/comments.js", "voting/static/voting/voting.js"} <= names
    found = []
    for path in scripts:
        for number, line in enumerate(code_without_comments(path.read_text(encoding="utf-8")).splitlines(), 1):
            if CJK.search(line):
                found.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}")
    assert not found, "mark these words with gettext() and translate them in djangojs.po:\n" + "\n".join(found)
