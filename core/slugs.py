"""Readable pinyin slugs for Chinese titles: 职工书屋 -> zhi-gong-shu-wu, not %E8%81%8C%E5%B7%A5... (120 characters).

Two halves, so the editor sees the slug and can change it before saving:

- In the admin, Wagtail's slug field (the ``w-slug`` Stimulus controller of ``SlugInput``) builds the slug from the
  title as the editor types. Its documented extension point is ``formatters``: regex replacements applied to the
  text before it is turned into a slug, also when Wagtail compares title and slug to decide whether the slug
  still follows the title. ``slug_widget()`` gives it one formatter per pinyin syllable, matching every character
  of GB 2312 (the 6,763 characters of everyday simplified Chinese) read that way. A character alone takes its
  most common reading (行 is xing, also in 银行).
- On the server, ``PageForm`` turns a slug left empty, typed in Chinese or pasted percent-encoded into pinyin of
  the title (or of the slug) with pypinyin, which reads words, not characters (银行 is yin-hang), and makes it
  unique among the page's siblings.

``WAGTAIL_ALLOW_UNICODE_SLUGS`` is off, so every slug is plain ASCII.
"""

import functools
import re
import urllib.parse

from django.utils.text import slugify

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.widgets import SlugInput

from pypinyin import Style, lazy_pinyin

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def pinyin_slug(text, max_length=255):
    """``"“e有绝活”全市职工短视频征集"`` -> ``"e-you-jue-huo-quan-shi-zhi-gong-duan-shi-pin-zheng-ji"``."""
    words = (slugify(word) for word in lazy_pinyin(text or "", style=Style.NORMAL))
    slug = "-".join(word for word in words if word)
    if len(slug) > max_length:
        slug = slug[: max_length + 1].rsplit("-", 1)[0]
    return slug


def needs_pinyin(slug):
    """Empty, Chinese, or Chinese percent-encoded (as a browser's address bar copies it)."""
    return not slug or bool(HAN.search(urllib.parse.unquote(slug))) or "%" in slug


@functools.cache
def syllable_formatters():
    """[(regex, replacement)] for the slug widget: a space between Latin letters or digits and a following Chinese
    character, then each syllable's characters replaced by the syllable and a space (the slug joins words with
    hyphens): 2022年职工 -> "2022 nian zhi gong " -> 2022-nian-zhi-gong."""
    by_syllable = {}
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                char = bytes((high, low)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            reading = lazy_pinyin(char, style=Style.NORMAL)[0]
            if reading != char and reading.isascii():
                by_syllable.setdefault(reading, []).append(char)
    formatters = [(r"(?<=[A-Za-z0-9])(?=[\u3400-\u9fff])", " ")]
    formatters += [(f"[{''.join(chars)}]", f"{syllable} ") for syllable, chars in sorted(by_syllable.items())]
    return formatters


def slug_widget(**kwargs):
    return SlugInput(formatters=syllable_formatters(), **kwargs)


class PageForm(WagtailAdminPageForm):
    """The admin form of every page type of the project (``base_form_class``): pinyin slugs, see above."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        if "slug" not in self.fields:
            return
        self.fields["slug"].widget = slug_widget(attrs=self.fields["slug"].widget.attrs)
        self.fields["slug"].required = False  # left empty: made from the title
        if self.is_bound and needs_pinyin(self.data.get(self.add_prefix("slug"), "").strip()):
            data = self.data.copy()
            data[self.add_prefix("slug")] = self.slug_for(data)
            self.data = data

    def slug_for(self, data):
        typed = data.get(self.add_prefix("slug"), "").strip()
        base = pinyin_slug(urllib.parse.unquote(typed)) or pinyin_slug(data.get(self.add_prefix("title"), ""))
        if not base or self.parent_page is None:
            return base
        candidate, suffix = base, 1
        siblings = self.parent_page.get_children()
        if self.instance.pk:
            siblings = siblings.exclude(pk=self.instance.pk)
        while siblings.filter(slug=candidate).exists():  # Wagtail's rule: unique among the page's siblings
            suffix += 1
            candidate = f"{base}-{suffix}"
        return candidate
