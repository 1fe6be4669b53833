"""What clients send, made safe to use: whole numbers (``parse_int``; ``<id:…>`` in URL patterns), free text
without control characters (``plain_text``; ``PlainTextField`` in forms) and paths to send a client back to
(``local_path``). Views read client input through these instead of ad-hoc checks.

The traps they close: ``str.isdigit()`` is true for superscript and other non-ASCII digits ("²", "①") that
``int()`` refuses, so ``int(x) if x.isdigit()`` is a 500 waiting for a curious visitor; a number longer than any
column overflows SQL; PostgreSQL refuses a NUL character in any text it is sent, stored or compared; and
``redirect()`` takes a "next" without a slash for a view name to reverse.
"""

import re

from django import forms
from django.urls import register_converter
from django.utils.http import url_has_allowed_host_and_scheme

ASCII_NUMBER = re.compile(r"[0-9]{1,18}")  # at most 18 digits: always within a 64-bit integer column

# C0 control characters but tab and newline, and DEL. None has a use in text a person writes; NUL is refused by
# PostgreSQL; the rest break logs, e-mail headers and terminals.
CONTROL_CHARACTERS = dict.fromkeys(c for c in range(32) if c not in (9, 10))
CONTROL_CHARACTERS[127] = None
# Bidirectional embedding, override and isolate controls: in text a worker writes they only serve to make what is
# shown differ from what is stored (a reversed word, a spoofed name), and this site's text is Chinese and English.
BIDI_CONTROLS = [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
FREE_TEXT_REMOVED = {**CONTROL_CHARACTERS, **dict.fromkeys(BIDI_CONTROLS)}
CONTROL_CHARACTER = re.compile("[" + "".join(re.escape(chr(c)) for c in CONTROL_CHARACTERS) + "]")


def parse_int(value, minimum=None, maximum=None, default=None):
    """A whole number written in ASCII digits (surrounding spaces allowed) within [minimum, maximum], else
    ``default``. Signs, other scripts' digits, exponents and numbers too long for a database column are refused."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and ASCII_NUMBER.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        return default
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        return default
    return number


def plain_text(value):
    """Text a client wrote, without control characters (CRLF and CR become LF). ``None`` becomes ""."""
    if value is None:
        return ""
    return str(value).replace("\r\n", "\n").replace("\r", "\n").translate(FREE_TEXT_REMOVED)


def local_path(request, candidate):
    """``candidate`` if it is a path on this site ("/…"), to send the client back to; else None.

    Django's host check alone accepts any relative string, and ``redirect("abc")`` takes one without a slash for a
    view name to reverse (a 500 when there is none)."""
    if not isinstance(candidate, str) or not candidate.startswith("/"):
        return None
    safe = url_has_allowed_host_and_scheme(candidate, {request.get_host()}, require_https=request.is_secure())
    return candidate if safe else None


def has_control_characters(value):
    return bool(CONTROL_CHARACTER.search(value or ""))


class DatabaseIdConverter:
    """``<id:name>`` in a URL pattern: a primary key, at most 18 ASCII digits. Django's ``<int:…>`` takes any number
    of digits, and a number past a 64-bit column overflows raw SQL (and some drivers) before it can be "not found";
    this way the resolver answers 404 for it."""

    regex = ASCII_NUMBER.pattern

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


# Registered when the core app is loaded (core.apps imports this module), before any model: routable pages use it.
register_converter(DatabaseIdConverter, "id")


class PlainTextField(forms.CharField):
    """A form's free-text field whose value loses control characters before it is validated (``Meta.field_classes``
    of a ModelForm, or declared directly)."""

    def to_python(self, value):
        return super().to_python(plain_text(value) if isinstance(value, str) else value)
