"""Screening text against the sensitive-word list with one Aho-Corasick automaton (pyahocorasick).

The automaton holds every enabled word, folded (see ``screening.normalize``); a text is folded the same way and
scanned once, whatever the number of words, so thousands of words cost about what ten do. Matches inside an
occurrence of an exception phrase (action "allow") are dropped: 特色情景剧 contains 色情 but is innocent.

Each process keeps its automaton and rebuilds it when the list changes: saving or deleting a word bumps a
version number in the shared cache, which every screening reads (one cache lookup). A bump that Redis cannot
take is made by every process that found Redis unreachable when it reaches Redis again (``core.cache``).
"""

import logging
import secrets
import threading
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import mark_safe

import ahocorasick

from core.cache import CacheUnavailable, increment, on_reconnect

from .models import Action
from .normalize import normalize, normalize_term

VERSION_KEY = "screening:words-version"
STRICTNESS = {Action.ALLOW: 0, Action.HOLD: 1, Action.REJECT: 2}


@dataclass(frozen=True)
class Match:
    term: str
    category: str
    action: str
    start: int  # in the original text
    end: int  # exclusive

    def as_dict(self):
        return {
            "term": self.term,
            "category": self.category,
            "action": self.action,
            "start": self.start,
            "end": self.end,
        }


@dataclass
class Screening:
    text: str
    matches: list = field(default_factory=list)

    @property
    def action(self):
        """ "reject" if any match says so, "hold" if any says hold, else "allow"."""
        actions = {match.action for match in self.matches}
        if Action.REJECT in actions:
            return Action.REJECT
        if Action.HOLD in actions:
            return Action.HOLD
        return Action.ALLOW

    @property
    def categories(self):
        return sorted({match.category for match in self.matches})


class Matcher:
    def __init__(self, words):
        """``words``: ``(term, category, action)`` triples."""
        self.automaton = ahocorasick.Automaton()
        self.size = 0
        for term, category, action in words:
            folded = normalize_term(term)
            if not folded:
                continue
            existing = self.automaton.get(folded, None)
            if existing is not None and STRICTNESS[existing[3]] >= STRICTNESS[action]:
                continue  # two spellings of one word: the stricter action wins
            self.automaton.add_word(folded, (len(folded), term, category, action))
            self.size += 1
        if self.size:
            self.automaton.make_automaton()

    def screen(self, text):
        result = Screening(text)
        if not self.size or not text:
            return result
        folded, positions = normalize(text)
        found, allowed = [], []
        for end, (length, term, category, action) in self.automaton.iter(folded):
            start = end - length + 1
            (allowed if action == Action.ALLOW else found).append((start, end, term, category, action))
        for start, end, term, category, action in found:
            if any(a_start <= start and end <= a_end for a_start, a_end, *_rest in allowed):
                continue
            result.matches.append(Match(term, category, action, positions[start], positions[end] + 1))
        return result


_local = threading.local()


def current_version():
    """The word list's version. A missing key (a new or flushed cache) starts at a random number, not at 0, so a
    process whose automaton was built under an old number can never take a restarted count for its own."""
    version = cache.get(VERSION_KEY)
    if version is None:
        try:
            _start(cache)
        except CacheUnavailable:
            return None  # Redis unreachable: this process keeps the automaton it has
        version = cache.get(VERSION_KEY)
    return version


def _start(backend):
    backend.add(VERSION_KEY, secrets.randbits(48), timeout=None)


@on_reconnect
def _bump(backend):
    _start(backend)
    increment(VERSION_KEY, backend=backend)


def bump_version(**kwargs):
    try:
        _bump(cache)
    except CacheUnavailable:
        logging.getLogger(__name__).error(
            "Redis is unreachable: other processes learn of the changed word list when this one reaches Redis again"
        )


def get_matcher():
    """This process's automaton for the current word list (rebuilt after any change to the list)."""
    from .models import SensitiveWord

    version = current_version()
    matcher = getattr(_local, "matcher", None)
    if matcher is None or _local.version != version:
        words = SensitiveWord.objects.filter(enabled=True).values_list("term", "category", "action")
        matcher = Matcher(list(words))
        _local.matcher, _local.version = matcher, version
    return matcher


def screen(text):
    return get_matcher().screen(text)


def highlight(text, matches):
    """``text`` escaped, with every matched span in <mark> (overlapping spans merged)."""
    spans = sorted((m["start"], m["end"]) if isinstance(m, dict) else (m.start, m.end) for m in matches)
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, cursor = [], 0
    for start, end in merged:
        out.append(escape(text[cursor:start]))
        out.append("<mark>" + escape(text[start:end]) + "</mark>")
        cursor = end
    out.append(escape(text[cursor:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of the text is escaped above
