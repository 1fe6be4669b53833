"""A tour of every public page type: on a phone and a desktop, in Chinese and English, in the normal and the
elder-friendly mode (长辈模式), anonymous and signed in.

Each page must have no axe-core violation of any impact and no colour contrast axe could not settle ("incomplete":
text over a picture, links it cannot see against the header); in elder-friendly mode contrast is held to WCAG AAA
(7:1). No page may scroll sideways, and every piece of text in the header must stand out from the header itself
(the red-on-red 登录 · 注册 of issue 14). Screenshots of every Chinese page, for each device and mode, go to
``test-output/`` (``tour-<page>-<device>-<mode>.png``).

The same tour checks, where they show, the other things issue 14 found on a phone: where search results start, how
tall the header is and whether it hides anchor targets, the English header at 1280 px, the search button's icon,
the reading-room map's markers, the leaderboard's ranks, the footer's filing numbers, and the elder-friendly
mode's text size, line spacing and underlined links.
"""

import math
import re
import urllib.parse

import pytest

from .conftest import DESKTOP, PASSWORD, PHONE, axe_problems, axe_source, screenshot, site_login, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ELDER = "try { localStorage.setItem('workershome:display-mode', 'elder'); } catch (error) {}"
ICP = "鄂ICP备20220001号-1"
PUBLIC_SECURITY = "鄂公网安备42100202000001号"

# Text in the header against the header's own colour, computed the way WCAG does.
HEADER_CONTRAST = """(minimum) => {
    const rgba = (value) => (value.match(/[\\d.]+/g) || [0, 0, 0, 0]).map(Number).concat([1]).slice(0, 4);
    const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
    const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    const background = (element) => {
        for (let node = element; node; node = node.parentElement) {
            const colour = rgba(getComputedStyle(node).backgroundColor);
            if (colour[3] === 1) { return colour; }
        }
        return [255, 255, 255, 1];
    };
    const problems = [];
    for (const element of document.querySelectorAll(".site-header *")) {
        const texts = Array.from(element.childNodes).filter((n) => n.nodeType === 3).map((n) => n.textContent);
        const text = texts.join("").trim();
        const box = element.getBoundingClientRect();
        if (!text || !box.width || !box.height || getComputedStyle(element).visibility === "hidden") { continue; }
        const [fore, back] = [luminance(rgba(getComputedStyle(element).color)), luminance(background(element))];
        const ratio = (Math.max(fore, back) + 0.05) / (Math.min(fore, back) + 0.05);
        if (ratio < minimum) { problems.push(`${text} ${ratio.toFixed(2)}:1`); }
    }
    return problems;
}"""

UNCOVERED = """(selector) => {
    const element = document.querySelector(selector);
    const box = element.getBoundingClientRect();
    const [x, y] = [box.left + Math.min(20, box.width / 2), box.top + Math.min(10, box.height / 2)];
    const hit = document.elementFromPoint(x, y);
    return {top: box.top, visible: !!hit && (element === hit || element.contains(hit))};
}"""


def public_pages():
    """(name, path) of every public page type in the demo content, and the pages that are not Wagtail's."""
    from campaigns.models import (
        ContestIndexPage,
        FestivalIndexPage,
        FestivalPage,
        LectureTourPage,
        ReadingRoomIndexPage,
        ReadingRoomPage,
        TourIndexPage,
        VideoContestPage,
        VideoEntry,
    )
    from home.models import FeaturePage, NewsIndexPage
    from stats.models import StatsPage

    def first(model):
        return model.objects.live().order_by("pk").first().url

    voting = VideoContestPage.objects.get(title__contains="e有绝活")
    results = VideoContestPage.objects.get(title__contains="劳动颂歌")
    notice = VideoContestPage.objects.get(title__contains="讲好工匠故事")  # results in their 公示
    rooms = first(ReadingRoomIndexPage)
    return [
        ("home", "/"),
        ("news", first(NewsIndexPage)),
        ("feature", first(FeaturePage)),
        ("tours", first(TourIndexPage)),
        ("tour", first(LectureTourPage)),
        ("contests", first(ContestIndexPage)),
        ("contest-voting", voting.url),
        ("contest-results", results.url),
        ("contest-notice", notice.url),
        ("entry", VideoEntry.objects.filter(contest=voting, status="approved").order_by("pk").first().get_url()),
        ("rooms", rooms),
        ("rooms-map", rooms + "?view=map"),
        ("room", first(ReadingRoomPage)),
        ("festivals", first(FestivalIndexPage)),
        ("festival", first(FestivalPage)),
        ("figures", first(StatsPage)),
        ("search", "/search/?q=" + urllib.parse.quote("职工书屋")),
        ("search-empty", "/search/"),
        ("sign-in", "/accounts/login/"),
        ("register", "/accounts/register/"),
        ("not-found", "/no-such-page/"),
    ]


SIGNED_IN_PAGES = [
    ("account", "/accounts/"),
    ("profile", "/accounts/profile/"),
    ("password", "/accounts/password/"),
    ("my-entries", "/campaigns/my-entries/"),
]


def with_language(path, language):
    return path if language == "zh" else "/en" + path


# One test per device and mode (four of a few minutes' work each, not one of a quarter of an hour), so that the
# test processes share the tour; each opens every page in both languages, anonymous and signed in.
@pytest.mark.parametrize("mode", ["normal", "elder"])
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_every_public_page_type_on_phone_and_desktop_in_both_modes(site, open_page, device, mode):
    from wagtail.models import Site

    from core.models import SiteSettings

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.icp_number, site_settings.public_security_number = ICP, PUBLIC_SECURITY
    site_settings.save()
    pages = public_pages()
    problems = []
    options = {"phone": PHONE, "desktop": DESKTOP}[device]
    elder = mode == "elder"
    for signed_in in (False, True):
        page, watch = open_page(**options)
        watch.expect("/no-such-page/", 404)
        page.context.add_init_script(axe_source())  # on every page, before its own scripts
        if elder:
            page.context.add_init_script(ELDER)
        if signed_in:
            site_login(page, site, "worker", PASSWORD)
        tour = SIGNED_IN_PAGES if signed_in else pages
        for language in ("zh", "en"):
            for name, path in tour:
                where = f"{name} ({device}, {mode}, {language})"
                response = page.goto(site + with_language(path, language))
                assert response.status == (404 if name == "not-found" else 200), where
                if page.evaluate("document.documentElement.classList.contains('elder')") is not elder:
                    problems.append(f"{where}: the page is not in {mode} mode")
                if language == "zh":
                    page.wait_for_load_state("networkidle")  # pictures loaded for the screenshot
                    screenshot(page, f"tour-{name}-{device}-{mode}")
                problems += [f"{where}: {p}" for p in axe_problems(page, elder=elder)]
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > options["viewport"]["width"]:
                    problems.append(f"{where}: scrolls sideways ({width}px)")
                low = page.evaluate(HEADER_CONTRAST, 7 if elder else 4.5)
                problems += [f"{where}: header text too faint: {text}" for text in low]
                problems += page_checks(page, name, device, elder, language, where)
        page.context.close()
    assert problems == [], "\n".join(problems)


def page_checks(page, name, device, elder, language, where):
    """What issue 14 saw, checked on the pages where it shows; returns the problems found."""
    problems = []

    def check(condition, message):
        if not condition:
            problems.append(f"{where}: {message}")

    phone = device == "phone"
    if name == "home":
        # The elder-friendly switch is there and says whether it is on.
        switch = page.locator("[data-display-mode-switch]")
        check(switch.count() == 1 and switch.is_visible(), "the elder-friendly mode switch is visible")
        if switch.count():
            pressed = switch.get_attribute("aria-pressed")
            check(pressed == ("true" if elder else "false"), f"the switch shows the mode ({pressed})")
        # The search button: an icon drawn as SVG and a text label, not an emoji a phone may lack.
        button = page.locator(".site-header .search-box__button")
        icon = button.locator("svg").bounding_box() if button.locator("svg").count() else None
        check(icon is not None and icon["width"] >= 16 and icon["height"] >= 16, "the search icon is drawn")
        label = button.inner_text().strip()
        check(label == ("搜索" if language == "zh" else "Search"), f"the search button says what it does: {label!r}")
        check(not re.search("[\U0001f000-\U0001faff\u2600-\u27bf]", button.inner_html()), "no emoji in the button")
        # The footer's filing numbers, from site settings, linked to the filing systems.
        icp = page.locator("footer a[data-filing=icp]")
        check(icp.count() == 1 and icp.get_attribute("href") == "https://beian.miit.gov.cn/", "ICP number linked")
        check(icp.count() == 1 and icp.inner_text() == ICP, "ICP number shown")
        police = page.locator("footer a[data-filing=public-security]")
        check(police.count() == 1 and police.inner_text().strip() == PUBLIC_SECURITY, "public security number")
        check(police.count() == 1 and "code=42100202000001" in police.get_attribute("href"), "its filing link")
        check(police.locator("img").count() == 1, "public security badge")
        if police.locator("img").count():
            check(police.locator("img").evaluate("img => img.naturalWidth > 0"), "the badge loads")
        if phone and not elder:
            height = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
            check(height <= 100, f"the phone header is short ({height}px; it was 137)")
        if not phone and not elder and language == "en":
            # The English header on 1280 px: brand, menu and search box in one row (it used to wrap).
            tops = page.evaluate(
                "['.site-brand', '.site-nav', '.search-box']"
                ".map(s => document.querySelector(s).getBoundingClientRect()).map(box => box.top + box.height / 2)"
            )
            check(max(tops) - min(tops) < 8, f"the English header is one row ({tops})")
            rows = page.evaluate(
                "['.site-header__inner', '.site-toolbar__inner'].map(s => document.querySelector(s))"
                ".map(e => e ? e.getBoundingClientRect().height : 0)"
            )
            check(rows[0] <= 64 and rows[1] <= 40, f"no row of the header wraps ({rows})")
        if elder:
            size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
            check(size >= 24, f"elder-friendly text is at least 1.5 times larger ({size}px)")
            spacing = page.evaluate(
                "[...document.querySelectorAll('main p, main li, main h1, main h2, main h3')].map(e => "
                "parseFloat(getComputedStyle(e).lineHeight) / parseFloat(getComputedStyle(e).fontSize))"
            )
            check(min(spacing) >= 1.3, f"line spacing at least 1.3 ({min(spacing):.2f})")
    if name == "feature":
        # Anchor targets are not hidden under the header: the comments' heading, and the skip link's #main.
        page.goto(page.url.split("#")[0] + "#comments")
        heading = page.evaluate(UNCOVERED, "#comments-heading")
        check(heading["visible"], f"#comments is not under the header ({heading})")
        page.goto(page.url.split("#")[0])
        page.keyboard.press("Tab")
        check(page.evaluate("document.activeElement.classList.contains('skip-link')"), "the skip link comes first")
        page.keyboard.press("Enter")
        wait_until(page, "location.hash === '#main'", timeout=5)
        main = page.evaluate(UNCOVERED, "#main h1, #main h2")
        check(main["visible"], f"the skip link's target is not under the header ({main})")
    if name == "search" and phone and not elder:
        top = page.evaluate("document.querySelector('.results-list .result').getBoundingClientRect().top + scrollY")
        check(top < 844, f"the first result is on the phone's first screen (at {top}px; it was ~1,200)")
    if name == "rooms-map" and phone:
        markers = page.evaluate(
            "[...document.querySelectorAll('.room-map__pin')].map(m => { const b = m.getBoundingClientRect();"
            " return {left: b.left, top: b.top, right: b.right, bottom: b.bottom, width: b.width,"
            " font: parseFloat(getComputedStyle(m).fontSize)}; })"
        )
        check(len(markers) >= 5, "the map shows the rooms")
        check(all(m["width"] >= 24 and m["font"] >= 14 for m in markers), f"markers of touch size, readable {markers}")
        # Round markers: two overlap when their centres are closer than their diameters.
        centres = [((m["left"] + m["right"]) / 2, (m["top"] + m["bottom"]) / 2, m["width"]) for m in markers]
        overlaps = [
            (i, j)
            for i, (x, y, size) in enumerate(centres)
            for j, (u, v, other) in enumerate(centres[i + 1 :], start=i + 1)
            if math.hypot(x - u, y - v) < (size + other) / 2
        ]
        check(not overlaps, f"no marker covers another: {overlaps}")
    if name == "contest-voting":
        ranks = page.locator(".leaderboard tbody td:first-child").all_inner_texts()
        tied = "（并列）" if language == "zh" else "(tied)"
        check(ranks and all(re.fullmatch(rf"\d+( {re.escape(tied)})?", rank.strip()) for rank in ranks), ranks)
    return problems
