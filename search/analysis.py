"""What the engine cannot do for Chinese, done in Python at index and query time (issue 19).

The engine (Elasticsearch, or osmem-server in development and tests) analyses text with the standard tokenizer,
``cjk_width``, ``lowercase`` and ``cjk_bigram`` (see ``search.documents``). osmem-server ignores ``mapping`` char
filters and ``synonym``/``synonym_graph`` token filters (it says so and carries on), and no plugin (OpenCC,
pinyin) is assumed of an Elasticsearch either, so three steps happen here, the same way for documents and queries:

1. **Script folding**: traditional characters become simplified ones (職工書屋 → 职工书屋), one character at a time
   with the screening app's folding (``screening.normalize.simplified``, zhconv's public ``convert``), applied as a
   translation table, so the folded text has exactly the length of the original. Documents are indexed folded;
   a document whose text changed keeps its original text in ``originals`` (not indexed), and the results show the
   original with the highlights moved onto it, character for character.
2. **Pinyin**: titles, tags, campaign, district and names (speakers, venues) give the ``pinyin`` field every run of
   2–8 syllables written together (职工书屋 → zhigong, gongshu, shuwu, zhigongshuwu, …) and the ``initials`` field
   the same runs' initials (zg, zgsw, …). pypinyin reads words, so polyphones follow the word (重庆 chongqing,
   长江 changjiang, 银行 yinhang). A query of Latin letters is also matched against them, as one token.
3. **Synonyms** (``search.synonyms``) are applied at query time only: the query is expanded with each synonym
   group it contains, so an editor's change takes effect at once, without a rebuild.
"""

import functools
import re

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
PINYIN_QUERY = re.compile(r"[A-Za-z][A-Za-z' ]*")
MIN_SPAN, MAX_SPAN = 2, 8  # syllables per pinyin token
FOLDED_FIELDS = ("title", "summary", "body", "campaign_text")
FOLDED_LIST_FIELDS = ("tags_text",)
PINYIN_SOURCES = ("title", "campaign", "district")
PINYIN_LIST_SOURCES = ("tags", "names")


@functools.cache
def _fold_table():
    """Every CJK character (and compatibility ideograph) whose simplified form differs, as a str.translate table."""
    from screening.normalize import simplified

    table = {}
    for low, high in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)):
        for code in range(low, high + 1):
            char = chr(code)
            folded = simplified(char)
            if folded != char:
                table[code] = folded
    return table


def fold(text):
    """``text`` in simplified script, of the same length (one character for one)."""
    return text.translate(_fold_table()) if text else text


def fold_document(document):
    """Fold the searchable fields of ``document`` in place; keep the originals of those that changed."""
    originals = {}
    for name in FOLDED_FIELDS:
        value = document.get(name)
        if value:
            folded = fold(value)
            if folded != value:
                originals[name] = value
                document[name] = folded
    for name in FOLDED_LIST_FIELDS:
        values = document.get(name)
        if values:
            folded = [fold(value) for value in values]
            if folded != list(values):
                document[name] = folded
    if originals:
        document["originals"] = originals
    return document


@functools.lru_cache(maxsize=20000)
def syllables(run):
    """The toneless pinyin of a run of CJK characters, one syllable per character (pypinyin reads words)."""
    from pypinyin import lazy_pinyin

    found = lazy_pinyin(run, errors=lambda chars: ["?"] * len(chars))
    return tuple(found) if len(found) == len(run) else tuple("?" * len(run))


def spans(text):
    """(full pinyin, initials) of every run of 2–8 syllables written together in ``text``."""
    full, initials = set(), set()
    for run in CJK_RUN.findall(fold(text or "")):
        sounds = syllables(run)
        for start in range(len(sounds)):
            for end in range(start + MIN_SPAN, min(start + MAX_SPAN, len(sounds)) + 1):
                part = sounds[start:end]
                if "?" in part:
                    continue
                full.add("".join(part))
                initials.add("".join(sound[0] for sound in part))
    return full, initials


@functools.lru_cache(maxsize=5000)
def _cached_spans(text):
    return spans(text)


def pinyin_fields(document):
    """The ``pinyin`` and ``initials`` fields of a document, from its title, tags, campaign, district and names."""
    full, initials = spans(document.get("title", ""))
    sources = [document.get(name) for name in PINYIN_SOURCES[1:]]
    for name in PINYIN_LIST_SOURCES:
        sources.extend(document.get(name) or [])
    for text in sources:
        if text:
            more_full, more_initials = _cached_spans(str(text))  # tags, campaigns and names repeat: remembered
            full |= more_full
            initials |= more_initials
    document.pop("names", None)
    document["pinyin"] = " ".join(sorted(full))
    document["initials"] = " ".join(sorted(initials))
    return document


def analyse(document):
    """A document as the index stores it: pinyin fields added, searchable text folded (originals kept)."""
    return fold_document(pinyin_fields(document))


def pinyin_of_query(q):
    """A query typed in pinyin ("zhigong shuwu", "zgsw", "Shu'wu") as one lower-case token, or ""."""
    q = q.strip()
    if not PINYIN_QUERY.fullmatch(q):
        return ""
    token = re.sub(r"[' ]", "", q).lower()
    return token if len(token) >= 2 else ""


def toneless(text):
    """The pinyin of a CJK text written together ("劳摸" → "laomo"), or "" if it holds other characters."""
    if not text or not CJK_RUN.fullmatch(text):
        return ""
    sounds = syllables(text)
    return "" if "?" in sounds else "".join(sounds)


def restore(folded_fragment, folded_source, original_source, markers):
    """The fragment ``folded_fragment`` (a piece of ``folded_source`` with highlight ``markers`` in it), taken from
    ``original_source`` instead: the same characters at the same places, since folding keeps every position."""
    plain = folded_fragment
    for marker in markers:
        plain = plain.replace(marker, "")
    start = folded_source.find(plain)
    if start < 0 or len(folded_source) != len(original_source):
        return folded_fragment
    original = iter(original_source[start : start + len(plain)])
    return "".join(char if char in markers else next(original) for char in folded_fragment)


# ---- long queries ------------------------------------------------------------------------------------------


def shorten(q, limit):
    """``(q, shortened)``: a query of at most ``limit`` characters, cut between words, never inside one.

    Spaces and punctuation are boundaries; inside a run of Chinese characters the words are pypinyin's (its
    maximum-matching segmenter with its phrase dictionary), so 职工书屋 is never cut into 职工书 + 屋.
    """
    if len(q) <= limit:
        return q, False
    head = q[: limit + 1]
    boundary = max(head.rfind(" "), head.rfind("，"), head.rfind(","), head.rfind("、"), head.rfind("。"))
    cut = head[:boundary].rstrip() if boundary > limit // 2 else ""
    if not cut:
        from pypinyin.seg.simpleseg import seg

        words, length = [], 0
        for word in seg(q[: limit + 20]):
            if length + len(word) > limit:
                break
            words.append(word)
            length += len(word)
        cut = "".join(words).rstrip() or q[:limit]
    return cut, True
