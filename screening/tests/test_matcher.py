"""Screening: one automaton for the whole list, robust to simple evasions, quiet on innocent text."""

import pytest

from screening.matcher import Matcher, highlight, screen
from screening.models import Action, Category, SensitiveWord
from screening.normalize import normalize

WORDS = [
    ("赌博", Category.ILLEGAL, Action.HOLD),
    ("网络赌场", Category.ILLEGAL, Action.REJECT),
    ("加微信领红包", Category.SPAM, Action.REJECT),
    ("色情", Category.VULGAR, Action.HOLD),
    ("特色情景", Category.OTHER, Action.ALLOW),
    ("falun", Category.POLITICAL, Action.REJECT),
]


@pytest.fixture
def matcher():
    return Matcher(WORDS)


@pytest.mark.parametrize(
    "text, term",
    [
        ("他们在宿舍赌博", "赌博"),  # plain
        ("他们在宿舍賭博", "赌博"),  # traditional characters
        ("他们在宿舍赌 博", "赌博"),  # a space between the characters
        ("他们在宿舍赌　博", "赌博"),  # an ideographic (full-width) space
        ("他们在宿舍赌.博", "赌博"),  # punctuation
        ("他们在宿舍赌，博", "赌博"),  # Chinese punctuation
        ("他们在宿舍赌★博", "赌博"),  # a symbol
        ("他们在宿舍赌\u200b博", "赌博"),  # an invisible zero-width space
        ("加 微 信 领 红 包", "加微信领红包"),
        ("加-微-信-领-紅-包", "加微信领红包"),  # separators and a traditional character together
        ("ｆａｌｕｎ", "falun"),  # full-width Latin letters
        ("FaLun", "falun"),  # case
        ("f a l u n", "falun"),
    ],
)
def test_evasions_are_caught(matcher, text, term):
    result = matcher.screen(text)
    assert [m.term for m in result.matches] == [term]


@pytest.mark.parametrize(
    "text",
    [
        "今晚的特色情景剧很精彩",  # contains 色情, inside the exception phrase 特色情景
        "赌气不说话，博物馆见",  # the characters of 赌博 apart, with words between
        "博赌",  # reversed
        "职工书屋周末开放，欢迎读书交友",
        "微信群里领红包的活动已经结束",  # part of a listed phrase only
    ],
)
def test_innocent_text_is_not_flagged(matcher, text):
    assert matcher.screen(text).matches == []


def test_a_match_outside_the_exception_is_still_found(matcher):
    result = matcher.screen("特色情景剧之后又看了色情视频")
    assert [m.term for m in result.matches] == ["色情"]
    assert result.matches[0].start == "特色情景剧之后又看了色情视频".index("色情", 5)


def test_actions_and_categories(matcher):
    assert matcher.screen("网络赌场").action == Action.REJECT
    assert matcher.screen("赌博").action == Action.HOLD
    assert matcher.screen("今天天气很好").action == Action.ALLOW
    assert matcher.screen("赌博 网络赌场").categories == [Category.ILLEGAL]


def test_matches_point_into_the_original_text_and_are_highlighted_escaped(matcher):
    text = "<b>别</b>赌 . 博了"
    result = matcher.screen(text)
    match = result.matches[0]
    assert text[match.start : match.end] == "赌 . 博"
    html = highlight(text, result.matches)
    assert html == "&lt;b&gt;别&lt;/b&gt;<mark>赌 . 博</mark>了"


@pytest.mark.parametrize(
    "char, kind",
    [
        ("\ufe0f", "variation selector (Mn, default-ignorable)"),
        ("\U000e0101", "ideographic variation selector (Mn, default-ignorable)"),
        ("\u034f", "combining grapheme joiner (Mn, default-ignorable)"),
        ("\u0301", "combining acute accent (Mn)"),
        ("\u20dd", "combining enclosing circle (Me)"),
        ("\u0903", "spacing combining mark (Mc)"),
        ("\u3164", "Hangul filler (Lo, default-ignorable)"),
        ("\uffa0", "half-width Hangul filler (Lo, default-ignorable)"),
        ("\u115f", "Hangul choseong filler (Lo, default-ignorable)"),
        ("\u00ad", "soft hyphen (Cf)"),
        ("\u2060", "word joiner (Cf)"),
        ("\u202e", "right-to-left override (Cf)"),
        ("\u2066", "left-to-right isolate (Cf)"),
        ("\u180e", "Mongolian vowel separator (Cf)"),
        ("\ufeff", "zero-width no-break space (Cf)"),
        ("\U000e0041", "tag letter (Cf)"),
        ("\u2800", "Braille blank (So)"),
    ],
)
def test_every_invisible_combining_or_filler_class_is_folded_away(matcher, char, kind):
    """The probe published a reject word at once by putting such a character between its characters."""
    assert [m.term for m in matcher.screen(f"他们在宿舍赌{char}博").matches] == ["赌博"], kind
    assert [m.term for m in matcher.screen(f"{char}网{char * 2}络{char}赌场{char}").matches] == ["网络赌场"], kind


def test_combining_marks_over_latin_letters_fold_to_the_letter(matcher):
    assert [m.term for m in matcher.screen("fa\u0301lu\u0308n").matches] == ["falun"]


def test_normalize_keeps_positions():
    folded, positions = normalize("Ａ，賭")
    assert folded == "a赌" and positions == [0, 2]


def test_two_spellings_of_one_word_keep_the_stricter_action():
    matcher = Matcher([("赌博", Category.ILLEGAL, Action.HOLD), ("賭博", Category.ILLEGAL, Action.REJECT)])
    assert matcher.screen("赌博").action == Action.REJECT


@pytest.mark.django_db
def test_the_list_in_the_database_is_used_and_edits_apply_at_once():
    assert screen("不要赌博").matches == []
    word = SensitiveWord.objects.create(term="赌博", category=Category.ILLEGAL, action=Action.HOLD)
    assert screen("不要赌博").action == Action.HOLD
    word.action = Action.REJECT
    word.save()
    assert screen("不要赌博").action == Action.REJECT
    word.enabled = False
    word.save()
    assert screen("不要赌博").matches == []


def test_thousands_of_terms_in_one_automaton():
    words = [(f"词{i:05d}", Category.OTHER, Action.HOLD) for i in range(5000)]
    matcher = Matcher(words)
    assert matcher.size == 5000
    text = "前文" * 500 + "词04999" + "后文" * 500
    assert [m.term for m in matcher.screen(text).matches] == ["词04999"]
