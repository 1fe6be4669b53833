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
2. **Pinyin**: titles, tags, campaign, district and names (speakers, venues) give the ``pinyin`` field their
   syllables (职工书屋 → "zhi gong shu wu") and the ``initials`` field their initials ("z g s w"), one token each,
   runs of characters separated by "|". pypinyin reads words, so polyphones follow the word (重庆 chongqing,
   长江 changjiang, 银行 yinhang). A query of Latin letters is split into syllables (the fewest: "shuwu" → shu wu)
   and matched as a phrase against ``pinyin``; letters that are not syllables ("zgsw") against ``initials``. The
   words of the matching titles, tags and campaigns that sound so (职工书屋) are searched as well, as text, so a
   pinyin query ranks its pages as the characters would (``search.query.sounding_words``).
3. **Synonyms** (``search.synonyms``) are applied at query time only: the query is expanded with each synonym
   group it contains, so an editor's change takes effect at once, without a rebuild.
"""

import functools
import re

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
PINYIN_QUERY = re.compile(r"[A-Za-z][A-Za-z' ]*")
MIN_SPAN, MAX_SPAN = 2, 10  # syllables (or initials) a pinyin query needs, and initials it may have
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


@functools.cache
def _foldable():
    """A pattern of every character ``fold`` changes. Most text is simplified already: finding that none is there
    (one scan in C) costs a tenth of ``str.translate``, which looks every character up in the table."""
    return re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_fold_table())) + "]")


def fold(text):
    """``text`` in simplified script, of the same length (one character for one)."""
    if not text or not _foldable().search(text):
        return text
    return text.translate(_fold_table())


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


SEPARATOR = " | "  # between runs of characters and between sources: a phrase never matches across one


@functools.lru_cache(maxsize=5000)
def readings(text):
    """(syllables, initials) of ``text``: each run of 2+ Chinese characters as space-separated syllables
    ("zhi gong shu wu") and initials ("z g s w"), runs separated by SEPARATOR. Tags, campaigns and names repeat,
    so they are remembered."""
    full, initials = [], []
    for run in CJK_RUN.findall(fold(text or "")):
        if len(run) >= MIN_SPAN:
            sounds = syllables(run)
            full.append(" ".join(sounds))
            initials.append(" ".join(sound[0] for sound in sounds))
    return SEPARATOR.join(full), SEPARATOR.join(initials)


def pinyin_fields(document):
    """The ``pinyin`` and ``initials`` fields of a document, from its title, tags, campaign, district and names."""
    sources = [document.get(name) for name in PINYIN_SOURCES]
    for name in PINYIN_LIST_SOURCES:
        sources.extend(document.get(name) or [])
    full, initials = [], []
    for text in dict.fromkeys(str(text) for text in sources if text):
        sounds, letters = readings(text) if text != document.get("title") else readings.__wrapped__(text)
        if sounds:
            full.append(sounds)
            initials.append(letters)
    document.pop("names", None)
    document["pinyin"] = SEPARATOR.join(full)
    document["initials"] = SEPARATOR.join(initials)
    return document


def analyse(document):
    """A document as the index stores it: pinyin fields added, searchable text folded (originals kept)."""
    return fold_document(pinyin_fields(document))


@functools.cache
def syllable_set():
    """Every toneless syllable of GB 2312's characters (the slug widget's list, core.slugs)."""
    from core.slugs import syllable_formatters

    return frozenset(replacement.strip() for _pattern, replacement in syllable_formatters()[1:])


def segment(letters):
    """``letters`` split into the fewest pinyin syllables ("zhigongshuwu" → zhi gong shu wu), or None."""
    known = syllable_set()
    best = [None] * (len(letters) + 1)
    best[0] = []
    for end in range(1, len(letters) + 1):
        for start in range(max(0, end - 6), end):
            if best[start] is not None and letters[start:end] in known:
                candidate = best[start] + [letters[start:end]]
                if best[end] is None or len(candidate) < len(best[end]):
                    best[end] = candidate
    return best[-1]


def pinyin_of_query(q):
    """A query typed in pinyin, as phrases for the ``pinyin`` and ``initials`` fields: ("zhi gong shu wu", "")
    for "zhigong shuwu" or "Zhi'gong shuwu", ("", "z g s w") for "zgsw" (letters that are not two or more
    syllables are read as initials); ("", "") for anything else."""
    q = q.strip()
    if not PINYIN_QUERY.fullmatch(q):
        return "", ""
    parts = q.lower().replace("'", " ").split()
    sounds = []
    for part in parts:
        found = segment(part)
        if found is None:  # not syllables: initials, if it is short enough
            letters = "".join(parts)
            return "", " ".join(letters) if MIN_SPAN <= len(letters) <= MAX_SPAN else ""
        sounds += found
    return (" ".join(sounds), "") if len(sounds) >= MIN_SPAN else ("", "")  # one syllable says too little


def toneless(text):
    """The pinyin of a CJK text written together, as a phrase ("劳摸" → "lao mo"), or "" for other text."""
    if not text or not CJK_RUN.fullmatch(text):
        return ""
    sounds = syllables(text)
    return "" if "?" in sounds else " ".join(sounds)


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
