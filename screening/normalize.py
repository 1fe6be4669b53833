"""Text normalisation for screening: the same folding for the word list and for what workers write.

Simple evasions are undone before matching:
- full-width letters and digits (ｆａｌｕｎ, ２０) and other compatibility forms fold with NFKC; case folds;
- traditional characters fold to simplified ones (賭博 -> 赌博), one character at a time, with zhconv's public
  ``convert`` (one-to-one conversions only: enough for single-character variants; each character's folding is
  remembered, so a text costs a dictionary lookup per character);
- spaces, punctuation, symbols and invisible characters inserted between characters are skipped (赌 博, 赌.博,
  赌★博, 赌\u200b博): every character of the categories separator, punctuation, symbol, control/format and mark
  (combining accents U+0301, enclosing circles U+20DD, variation selectors U+FE0F, the grapheme joiner U+034F), and
  every Unicode *default-ignorable* code point whatever its category (the Hangul fillers U+3164 and U+FFA0 are
  letters to Unicode, yet render as nothing).

``normalize`` also returns, for every character it keeps, its position in the original text, so a match can be
shown to the moderator where it really is.
"""

import functools
import unicodedata

import zhconv

# Separators, punctuation, symbols, control/format/unassigned, and marks (combining, enclosing, spacing).
SKIPPED_CATEGORIES = ("Z", "P", "S", "C", "M")

# Unicode's Default_Ignorable_Code_Point property (DerivedCoreProperties.txt, Unicode 15.1; stable by policy):
# characters that render as nothing when a font lacks them. Python's unicodedata does not expose the property.
DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)


def is_default_ignorable(char):
    code = ord(char)
    return any(low <= code <= high for low, high in DEFAULT_IGNORABLE)


def is_skipped(char):
    return unicodedata.category(char).startswith(SKIPPED_CATEGORIES) or is_default_ignorable(char)


def simplified(char):
    """One character in simplified script, by zhconv's public ``convert`` (a character whose simplified form is
    more than one character, or none, stays as it is)."""
    converted = zhconv.convert(char, "zh-hans")
    return converted if len(converted) == 1 else char


@functools.lru_cache(maxsize=4096)
def fold_char(char):
    """One character folded, or "" when it is skipped (separator, punctuation, symbol, mark, invisible)."""
    if is_skipped(char):
        return ""
    folded = unicodedata.normalize("NFKC", char).casefold()
    return "".join(simplified(c) for c in folded if not is_skipped(c))


def normalize(text):
    """``(folded text, positions)``: ``positions[i]`` is the index in ``text`` of folded character ``i``."""
    out, positions = [], []
    for index, char in enumerate(text):
        folded = fold_char(char)
        for piece in folded:
            out.append(piece)
            positions.append(index)
    return "".join(out), positions


def normalize_term(term):
    return normalize(term)[0]
