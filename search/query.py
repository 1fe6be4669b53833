"""Searching: the query, facets, highlights and paging — from the engine, or from the database when it is down."""

import logging
import math
import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from elasticsearch.dsl import Search
from elasticsearch.dsl import query as dsl

from core.inputs import parse_int, plain_text

from . import synonyms
from .analysis import CJK_RUN, fold, pinyin_of_query, restore, shorten, syllables, toneless
from .breaker import EngineSkipped, Unavailable, site_breaker
from .client import alias_name, engine_configured, execute, get_client
from .registry import indexers, kind_labels

logger = logging.getLogger("search.query")

PER_PAGE = 10
MAX_QUERY = 100  # characters searched; a longer query is cut between words, and the page says so
TIER = 1000  # score added to a short query's full matches (every character pair), so they rank first
MAX_PAGE = 50
SUGGESTIONS = 8
FIELDS = ["title^5", "tags_text^3", "summary^2", "campaign_text^2", "body"]
CHAR_FIELDS = ["title.chars^5", "tags_text.chars^3", "summary.chars^2", "campaign_text.chars^2"]
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

FACETS = [
    ("kind", "kind", _("Type")),
    ("category", "category", _("Category")),
    ("tag", "tags", _("Tag")),
    ("year", "year", _("Year")),
    ("district", "district", _("District")),
]
FACET_SIZE = 15  # values shown per facet
FACET_KEYS_MAX = 2000  # facet values counted in all (kinds, categories, tags, years, districts together)
SORTS = {"relevance": _("Most relevant"), "newest": _("Newest first")}


@dataclass
class SearchParams:
    q: str = ""
    kind: str = ""
    category: str = ""
    tag: str = ""
    year: int | None = None
    district: str = ""
    sort: str = "relevance"
    page: int = 1
    shortened: bool = False  # the query was longer than MAX_QUERY and was cut (between words)

    @classmethod
    def from_query_dict(cls, data):
        def text(name, limit=60):
            return " ".join(plain_text(data.get(name)).split())[:limit]

        q, shortened = shorten(" ".join(plain_text(data.get("q")).split()), MAX_QUERY)
        return cls(
            q=q,
            shortened=shortened,
            kind=text("type") if text("type") in kind_labels() else "",
            category=text("category"),
            tag=text("tag"),
            year=parse_int(data.get("year"), 1990, 2100),
            district=text("district"),
            sort=data.get("sort") if data.get("sort") in SORTS else "relevance",
            page=min(parse_int(data.get("page"), minimum=1, default=1), MAX_PAGE),
        )

    @property
    def filters(self):
        return {
            "kind": self.kind,
            "category": self.category,
            "tags": self.tag,
            "year": self.year,
            "district": self.district,
        }

    @property
    def is_empty(self):
        return not self.q and not any(self.filters.values())


@dataclass
class Hit:
    title: str  # plain text
    url: str
    kind: str
    summary: str = ""  # plain text
    title_html: str = ""  # escaped, with <mark> around the matches
    summary_html: str = ""
    date: str = ""
    image_url: str = ""
    campaign: str = ""
    district: str = ""
    tags: list = field(default_factory=list)
    partial: bool = False  # a short query's partial match: it lacks one of the query's character pairs

    def __post_init__(self):
        self.title_html = self.title_html or escape(self.title)
        self.summary_html = self.summary_html or escape(self.summary)

    @property
    def kind_label(self):
        return kind_labels().get(self.kind, "")

    def as_dict(self):
        return {
            "title": self.title,
            "title_html": str(self.title_html),
            "url": self.url,
            "type": self.kind,
            "type_label": str(self.kind_label),
            "summary": self.summary,
            "summary_html": str(self.summary_html),
            "date": self.date,
            "image_url": self.image_url,
            "campaign": self.campaign,
            "district": self.district,
            "tags": self.tags,
            "partial": self.partial,
        }


@dataclass
class Results:
    params: SearchParams
    mode: str  # "engine", "reduced" (database, engine unreachable) or "empty" (no query yet)
    hits: list = field(default_factory=list)
    total: int = 0
    facets: list = field(default_factory=list)  # [(param, label, [(value, label, count, active)])]
    suggestions: list = field(default_factory=list)
    has_full_match: bool = True  # False: nothing holds every character pair of the query (a typo?)
    did_you_mean: list = field(default_factory=list)  # corrected queries (劳摸 → 劳模), whose results are included

    @property
    def pages(self):
        return min(MAX_PAGE, math.ceil(self.total / PER_PAGE)) if self.total else 0

    @property
    def has_previous(self):
        return self.params.page > 1

    @property
    def has_next(self):
        return self.params.page < self.pages


def highlighted(fragment):
    """Engine highlight (with our control-character markers) to safe HTML: the text escaped, matches in <mark>.

    Markers are balanced here whatever the engine sent (osmem-server drops the closing marker of a match at the
    very end of a field, and the opening marker of a match at its very start): no stray or unclosed <mark> ever
    reaches the page, and a closing marker before any opening one closes a match that began the fragment.
    """
    out, inside, seen = [], False, False
    for part in re.split(f"([{MARK_OPEN}{MARK_CLOSE}])", fragment):
        if part == MARK_OPEN:
            seen = True
            if not inside:
                out.append("<mark>")
                inside = True
        elif part == MARK_CLOSE:
            if inside:
                out.append("</mark>")
                inside = False
            elif not seen and "".join(out):
                out.insert(0, "<mark>")
                out.append("</mark>")
            seen = True
        else:
            out.append(escape(part))
    if inside:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 - every piece of content is escaped above


def plain(text):
    return (text or "").replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


ONE_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{2}|[0-9A-Za-z]+")


SHORT = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{2,3}")


def is_short(q):
    """Two or three Chinese characters: one or two character pairs, where one shared pair says little."""
    return bool(SHORT.fullmatch(q))


def words_query(q, boost=1.0):
    """Every bigram of the query (ranked first), or most of them; single characters search the .chars fields."""
    words = q.split()
    single_chars = all(len(word) == 1 and CJK.match(word) for word in words)
    fields = CHAR_FIELDS if single_chars else FIELDS
    if single_chars or ONE_TOKEN.fullmatch(q.strip()):
        # One token (a two-character word, a number, a Latin word): "all of them" and "most of them" are the
        # same query, so it is sent once, which halves the engine's work for the commonest queries.
        return dsl.MultiMatch(query=q, fields=fields, boost=boost)
    return dsl.Bool(
        should=[
            dsl.MultiMatch(query=q, fields=fields, operator="and", boost=3),
            dsl.MultiMatch(query=q, fields=fields, minimum_should_match="70%"),
        ],
        minimum_should_match=1,
        boost=boost,
    )


def variant_query(variant):
    """A variant of the query (a synonym, a correction, the words a pinyin query sounds like), found in full only,
    scoring what ``words_query(variant, boost=0.5)`` gives such a match (0.5 × (3 + 1)): its partial matches
    are mostly the query's own, and matching them again for every variant cost the engine more than the rest
    of the search (search bench: 职工书屋 with three synonyms, 41 ms of engine CPU against 16 without)."""
    if ONE_TOKEN.fullmatch(variant.strip()):
        return dsl.MultiMatch(query=variant, fields=FIELDS, boost=0.5)
    return dsl.MultiMatch(query=variant, fields=FIELDS, operator="and", boost=2)


def full_match(q):
    return dsl.MultiMatch(query=q, fields=FIELDS, operator="and")


def tiered(clause, tier):
    """``clause`` with ``tier`` added to the score of whatever it matches: the clause, and the clause again as a
    filter scoring ``tier``. A ``function_score`` adding a weight says the same in one clause, but osmem-server
    scores it over every document of the index (measured in the search bench: 12 ms of engine CPU a query
    against 1.5 ms for the clause alone, and 2-4 times the whole search's); a filter of the clause it has just
    matched costs next to nothing."""
    return dsl.Bool(must=[clause, dsl.ConstantScore(filter=clause, boost=tier)])


def text_query(q, variants=()):
    """The (folded) query, and its variants (synonyms, corrections, the words a pinyin query sounds like) ranked
    below it.

    A short query (two or three Chinese characters) ranks its full matches (every character pair, in one field)
    first: they score ``TIER`` more (a variant's full matches ``TIER / 2``); partial matches of a three-character
    query (one pair of two) follow, labelled. A query of Latin letters is also read as pinyin
    (``search.analysis``): its matches of the text itself score ``TIER`` more, so pinyin matches come after them.
    """
    should = []
    if is_short(q):
        should.append(tiered(full_match(q), TIER))
        if len(q) == 3:
            should.append(dsl.MultiMatch(query=q, fields=FIELDS))  # one pair of the two: partial matches
        for variant in variants:
            if is_short(variant):
                should.append(tiered(dsl.MultiMatch(query=variant, fields=FIELDS, operator="and", boost=0.5), TIER / 2))
            else:
                should.append(variant_query(variant))
    else:
        sounds, initials = pinyin_of_query(q)
        should.append(tiered(words_query(q), TIER) if sounds or initials else words_query(q))
        should += [variant_query(variant) for variant in variants]
        if sounds:
            should.append(dsl.MatchPhrase(pinyin={"query": sounds}))
        if initials:
            should.append(dsl.MatchPhrase(initials={"query": initials}))
    if len(should) == 1:
        return should[0]
    return dsl.Bool(should=should, minimum_should_match=1)


def engine_search(params, synonym_groups=None):
    client = get_client()
    q = fold(params.q)
    variants = synonyms.variants(q, synonym_groups) if q else []
    if q and not CJK.search(q):
        variants += pinyin_words(client, q)  # one more request, for queries of Latin letters only
    results = _engine_search(client, params, q, variants)
    if not results.has_full_match and params.page == 1 and CJK.search(q):
        # Nothing has every character pair of the query: perhaps a typo (劳摸). Search the correction too.
        corrected = corrections(client, q)
        if corrected:
            results = _engine_search(client, params, q, variants + corrected)
            results.did_you_mean = corrected
    if not results.hits and params.q:
        results.suggestions = relaxed_suggestions(client, q)
    return results


def _engine_search(client, params, q, variants):
    search = Search().extra(track_total_hits=True)
    if q and params.sort == "newest":
        search = search.extra(track_scores=True)  # sorted by date, the scores still mark a short query's partial hits
    if q:
        search = search.query(text_query(q, variants))
    for name, value in params.filters.items():
        if value:
            search = search.filter("term", **{name: value})
    if params.sort == "newest" or not params.q:
        search = search.sort({"date": {"order": "desc", "missing": "_last"}}, "_score")
    search = search.highlight_options(pre_tags=[MARK_OPEN], post_tags=[MARK_CLOSE], encoder="default")
    search = search.highlight("title", number_of_fragments=0).highlight("summary", number_of_fragments=0)
    search = search.highlight("body", fragment_size=90, number_of_fragments=1)
    # All facets in one terms aggregation over the "field:value" keys (see search.documents.facet_keys): one
    # pass over the matches instead of one per facet. The index has one shard, so the counts are exact.
    search.aggs.bucket("facets", "terms", field="facets", size=FACET_KEYS_MAX)
    start = (params.page - 1) * PER_PAGE
    response = execute(search[start : start + PER_PAGE], alias_name(), client)
    short = is_short(q)
    hits = [hit_from(item, partial=short and (item.meta.score or 0) < TIER / 2) for item in response.hits]
    results = Results(params, "engine", hits, response.hits.total.value, facets_from(response, params))
    # A short query's full matches score TIER more; a longer query found nothing without most of its pairs.
    top = (response.hits[0].meta.score or 0) if hits else 0
    results.has_full_match = bool(hits) and (not short or params.sort != "relevance" or top >= TIER / 2)
    return results


def hit_from(item, partial=False):
    source = item.to_dict()
    originals = source.get("originals") or {}
    highlight = getattr(item.meta, "highlight", None)
    fragments = highlight.to_dict() if highlight else {}
    for name in ("title", "summary", "body"):
        # A field folded to simplified script: show the original characters, with the highlights in place.
        if name in originals and name in fragments:
            markers = (MARK_OPEN, MARK_CLOSE)
            fragments[name] = [restore(f, source.get(name, ""), originals[name], markers) for f in fragments[name]]
    summary_fragment = (fragments.get("body") or fragments.get("summary") or [None])[0]
    return Hit(
        title=plain(originals.get("title") or source.get("title")),
        title_html=highlighted(fragments["title"][0]) if "title" in fragments else "",
        url=source.get("url", ""),
        kind=source.get("kind", ""),
        summary=plain(summary_fragment) if summary_fragment else originals.get("summary") or source.get("summary", ""),
        summary_html=highlighted(summary_fragment) if summary_fragment else "",
        partial=partial,
        date=str(source.get("date") or "")[:10],
        image_url=source.get("image_url", ""),
        campaign=source.get("campaign", ""),
        district=source.get("district", ""),
        tags=list(source.get("tags") or []),
    )


def facets_from(response, params):
    chosen = {
        "kind": params.kind,
        "category": params.category,
        "tag": params.tag,
        "year": params.year,
        "district": params.district,
    }
    counts = {}
    for bucket in response.aggregations.facets.buckets:
        field_name, _, value = bucket.key.partition(":")
        counts.setdefault(field_name, []).append((value, bucket.doc_count))
    facets = []
    for param, field_name, label in FACETS:
        found = counts.get(field_name, [])
        if field_name == "year":
            found.sort(key=lambda item: item[0], reverse=True)
        else:
            found.sort(key=lambda item: (-item[1], item[0]))
        values = []
        for value, count in found[:FACET_SIZE]:
            shown = kind_labels().get(value, value) if param == "kind" else value
            values.append((value, shown, count, str(chosen[param]) == str(value)))
        if values:
            facets.append((param, label, values))
    return facets


def relaxed_suggestions(client, q):
    """For a search that found nothing: a few results that match any part of it."""
    search = Search().query(dsl.MultiMatch(query=q, fields=FIELDS + CHAR_FIELDS, minimum_should_match=1))
    return [hit_from(item) for item in execute(search[:5], alias_name(), client).hits]


# ---- typos: "did you mean" --------------------------------------------------------------------------------

SPELL_SOURCES = ["title", "tags_text", "campaign_text"]


def sounding_words(client, wanted):
    """For each ``(field, phrase, typed)`` of ``wanted`` (a phrase of syllables in ``pinyin`` or of initials in
    ``initials``), the word the index holds that sounds so and is not ``typed``, or None.

    The dictionary is what the index holds: the syllables and initials of every title, tag, campaign and name. The
    phrases are looked up there (one request for all of them), and the words of the matching titles, tags and
    campaigns that sound so are the candidates; the commonest wins.
    """
    clauses = [dsl.MatchPhrase(**{name: phrase}) for name, phrase, _typed in wanted]
    search = Search().query(dsl.Bool(should=clauses, minimum_should_match=1))
    texts = []
    for item in execute(search.source(SPELL_SOURCES)[:30], alias_name(), client).hits:
        source = item.to_dict()
        for name in SPELL_SOURCES:
            value = source.get(name) or []
            texts.extend(value if isinstance(value, list) else [value])
    found = []
    for name, phrase, typed in wanted:
        target, counts = tuple(phrase.split()), {}
        for text in texts:
            for piece in CJK_RUN.findall(text):
                sounds = syllables(piece)
                if name == "initials":
                    sounds = tuple(sound[0] for sound in sounds)
                for start in range(len(piece) - len(target) + 1):
                    word = piece[start : start + len(target)]
                    if word != typed and sounds[start : start + len(target)] == target:
                        counts[word] = counts.get(word, 0) + 1
        found.append(max(counts, key=lambda word: (counts[word], word)) if counts else None)
    return found


def corrections(client, q):
    """The query with its misspelt words replaced (劳摸 → 劳模: the right syllables, the wrong character, how
    pinyin keyboards mistype), or []."""
    runs = [run for run in dict.fromkeys(CJK_RUN.findall(q)) if 2 <= len(run) <= 8 and toneless(run)]
    if not runs:
        return []
    corrected = q
    for run, word in zip(runs, sounding_words(client, [("pinyin", toneless(run), run) for run in runs]), strict=True):
        if word:
            corrected = corrected.replace(run, word)
    return [corrected] if corrected != q else []


def pinyin_words(client, q):
    """The Chinese words a pinyin query (or initials) stands for, as the index holds them ("zgsw" → 职工书屋)."""
    sounds, initials = pinyin_of_query(q)
    if not sounds and not initials:
        return []
    wanted = [("pinyin", sounds, None)] if sounds else [("initials", initials, None)]
    return [word for word in sounding_words(client, wanted) if word]


def engine_suggest(q):
    q = fold(q)
    fields = ["title.chars"] if len(q) == 1 else ["title^3", "campaign_text"]
    search = (
        Search()
        .query(dsl.MultiMatch(query=q, fields=fields, operator="and"))
        .source(["title", "url", "kind", "originals"])
    )
    return [
        {
            "title": (hit.to_dict().get("originals") or {}).get("title") or hit.title,
            "url": hit.url,
            "type": hit.kind,
            "type_label": str(kind_labels().get(hit.kind, "")),
        }
        for hit in execute(search[:SUGGESTIONS], alias_name()).hits
    ]  # plain text: the search box shows it with textContent


def suggest(q):
    """Titles for the search box, as the user types."""
    q = " ".join(plain_text(q).split())[:50]
    if not q:
        return []
    if engine_configured():
        try:
            return site_breaker().call(engine_suggest, q)
        except Unavailable as error:
            log_unavailable("Search engine unreachable for suggestions: %s", error)
    return [
        {"title": hit.title, "url": hit.url, "type": hit.kind, "type_label": str(hit.kind_label)}
        for hit in database_hits(q)[:SUGGESTIONS]
    ]


# ---- reduced mode: the database, when the engine is unreachable -------------------------------------------

TEXT_FIELDS = ("title", "summary", "theme", "address", "description", "author_name")


def database_hits(q):
    found = []
    spellings = {q, fold(q)}
    for indexer in indexers():
        model = indexer.model
        names = {f.name for f in model._meta.get_fields()}
        condition = Q()
        for name in TEXT_FIELDS:
            if name in names:
                for spelling in spellings:
                    condition |= Q(**{f"{name}__icontains": spelling})
        for obj in indexer.queryset().filter(condition)[:20]:
            if not indexer.is_public(obj):
                continue
            document = indexer.documents(obj)[0]
            found.append(
                Hit(
                    title=document["title"],
                    url=document["url"],
                    kind=document.get("kind", indexer.kind),
                    summary=document.get("summary", ""),
                    date=str(document.get("date") or "")[:10],
                    image_url=document.get("image_url", ""),
                    campaign=document.get("campaign", ""),
                    district=document.get("district", ""),
                    tags=document.get("tags", []),
                )
            )
    found.sort(key=lambda hit: hit.date, reverse=True)
    return found


def database_search(params):
    hits = database_hits(params.q) if params.q else []
    start = (params.page - 1) * PER_PAGE
    return Results(params, "reduced", hits[start : start + PER_PAGE], len(hits))


def log_unavailable(message, error):
    """A failure is a warning; a search that skipped the engine (the breaker logged when it opened) is not."""
    logger.log(logging.DEBUG if isinstance(error, EngineSkipped) else logging.WARNING, message, error)


def run_search(params, synonym_groups=None):
    """Search with the engine; if it cannot be reached, answer from the database (reduced mode) and log it.

    A failed engine is skipped for a while (search.breaker), so a hung engine costs one timeout, not one per search.
    ``synonym_groups``: the cached groups, when the caller read them already (None: read them here).
    """
    if params.is_empty:
        return Results(params, "empty")
    if engine_configured():
        try:
            return site_breaker().call(engine_search, params, synonym_groups)
        except Unavailable as error:
            log_unavailable("Search engine unreachable, answering from the database: %s", error)
    else:
        logger.warning("No search engine configured, answering from the database")
    return database_search(params)
