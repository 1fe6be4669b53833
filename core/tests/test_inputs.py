"""core.inputs: the one way views read numbers and free text from clients."""

from django import forms

import pytest

from core.inputs import PlainTextField, has_control_characters, parse_int, plain_text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7", 7),
        (" 42 ", 42),
        ("007", 7),
        (5, 5),
        ("²", None),
        ("١٢", None),
        ("１", None),
        ("-1", None),
        ("+1", None),
        ("1.0", None),
        ("1e3", None),
        ("", None),
        (None, None),
        ("9" * 19, None),
        ("9" * 18, 10**18 - 1),
        (True, None),
        (["1"], None),
        ("1_000", None),
    ],
)
def test_parse_int_takes_ascii_digits_only(value, expected):
    assert parse_int(value) == expected


def test_parse_int_range_and_default():
    assert parse_int("1989", 1990, 2100) is None
    assert parse_int("2101", 1990, 2100) is None
    assert parse_int("2022", 1990, 2100) == 2022
    assert parse_int("0", minimum=1, default=1) == 1
    assert parse_int("x", default=3) == 3


def test_plain_text_drops_control_characters_but_keeps_tabs_and_line_breaks():
    assert plain_text("a\x00b\x07c\x1b[31md\x7f") == "abc[31md"
    assert plain_text("一\r\n二\r三\t四") == "一\n二\n三\t四"
    assert plain_text(None) == ""
    assert plain_text("职工之家 ²") == "职工之家 ²"
    assert has_control_characters("a\x00") and has_control_characters("\x7f")
    assert not has_control_characters("a\tb\nc") and not has_control_characters(None)


def test_plain_text_drops_bidi_controls_that_make_text_read_other_than_stored():
    assert plain_text("工会\u202e好很\u202c！") == "工会好很！"
    assert plain_text("a\u2066b\u2067c\u2068d\u2069e\u202ax\u202by\u202dz") == "abcdexyz"
    assert plain_text("\u200d👨\u200d🔧") == "\u200d👨\u200d🔧", "joiners in emoji stay"


def test_plain_text_field_cleans_before_validating():
    class Form(forms.Form):
        title = PlainTextField(max_length=5)

    form = Form({"title": " 书\x00屋\x00\x00\x00 "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "书屋"
    assert not Form({"title": "\x00\x01"}).is_valid(), "nothing left: a required field is missing"
