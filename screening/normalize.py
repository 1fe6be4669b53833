"""Text normalisation for screening: the same folding for the word list and for what workers write.

Simple evasions are undone before matching:
- full-width letters and digits (ｆａｌｕｎ, ２０) and other compatibility forms fold with NFKC; case folds;
- traditional characters fold to simplified ones (賭博 -> 赌博), one character at a time, from zhconv's
  conversion table (only the one-to-one entries: cheap, and enough for single-character variants);
- spaces, punctuation, symbols and invisible characters inserted between characters are skipped (赌 博, 赌.博,
  赌★博, 赌\u200b博).

``normalize`` also returns, for every character it keeps, its position in the original text, so a match can be
shown to the moderator where it really is.
"""

import functools
import unicodedata

SKIPPED_CATEGORIES = ("Z", "P", "S", "C")  # separators, punctuation, symbols, control/format/unassigned


@functools.cache
def traditional_to_simplified():
    """A str.translate table of one-character traditional -> simplified conversions."""
    from zhconv import zhconv as tables

    tables.loaddict()
    conversions = tables.zhcdicts["zh2Hans"]
    return str.maketrans({k: v for k, v in conversions.items() if len(k) == 1 and len(v) == 1 and k != v})


@functools.lru_cache(maxsize=4096)
def fold_char(char):
    """One character folded, or "" when it is a separator, punctuation or symbol (skipped)."""
    folded = unicodedata.normalize("NFKC", char).casefold().translate(traditional_to_simplified())
    return "".join(c for c in folded if not unicodedata.category(c).startswith(SKIPPED_CATEGORIES))


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
