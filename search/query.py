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

from .breaker import EngineSkipped, Unavailable, site_breaker
from .client import alias_name, engine_configured, execute, get_client
from .registry import indexers, kind_labels

logger = logging.getLogger("search.query")

PER_PAGE = 10
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

    @classmethod
    def from_query_dict(cls, data):
        def text(name, limit=60):
            return " ".join(plain_text(data.get(name)).split())[:limit]

        return cls(
            q=text("q", 100),
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
        }


@dataclass
class Results:
    params: SearchParams
    mode: str  # "engine", "reduced" (database, engine unreachable) or "empty" (no query yet)
    hits: list = field(default_factory=list)
    total: int = 0
    facets: list = field(default_factory=list)  # [(param, label, [(value, label, count, active)])]
    suggestions: list = field(default_factory=list)

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

    Markers are balanced here whatever the engine sent (one engine drops the closing marker of a match at the very
    end of a field): no stray or unclosed <mark> ever reaches the page.
    """
    out, inside = [], False
    for part in re.split(f"([{MARK_OPEN}{MARK_CLOSE}])", fragment):
        if part == MARK_OPEN:
            if not inside:
                out.append("<mark>")
                inside = True
        elif part == MARK_CLOSE:
            if inside:
                out.append("</mark>")
                inside = False
        else:
            out.append(escape(part))
    if inside:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 - every piece of content is escaped above


def plain(text):
    return (text or "").replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


ONE_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{2}|[0-9A-Za-z]+")


def text_query(q):
    """Every bigram of the query (ranked first), or most of them; single characters search the .chars fields."""
    words = q.split()
    single_chars = all(len(word) == 1 and CJK.match(word) for word in words)
    fields = CHAR_FIELDS if single_chars else FIELDS
    if single_chars or ONE_TOKEN.fullmatch(q.strip()):
        # One token (a two-character word, a number, a Latin word): "all of them" and "most of them" are the
        # same query, so it is sent once, which halves the engine's work for the commonest queries.
        return dsl.MultiMatch(query=q, fields=fields)
    return dsl.Bool(
        should=[
            dsl.MultiMatch(query=q, fields=fields, operator="and", boost=3),
            dsl.MultiMatch(query=q, fields=fields, minimum_should_match="70%"),
        ],
        minimum_should_match=1,
    )


def engine_search(params):
    client = get_client()
    search = Search().extra(track_total_hits=True)
    if params.q:
        search = search.query(text_query(params.q))
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
    hits = [hit_from(item) for item in response.hits]
    results = Results(params, "engine", hits, response.hits.total.value, facets_from(response, params))
    if not hits and params.q:
        results.suggestions = relaxed_suggestions(client, params.q)
    return results


def hit_from(item):
    source = item.to_dict()
    highlight = getattr(item.meta, "highlight", None)
    fragments = highlight.to_dict() if highlight else {}
    summary_fragment = (fragments.get("body") or fragments.get("summary") or [None])[0]
    return Hit(
        title=plain(source.get("title")),
        title_html=highlighted(fragments["title"][0]) if "title" in fragments else "",
        url=source.get("url", ""),
        kind=source.get("kind", ""),
        summary=plain(summary_fragment) if summary_fragment else source.get("summary", ""),
        summary_html=highlighted(summary_fragment) if summary_fragment else "",
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


def engine_suggest(q):
    fields = ["title.chars"] if len(q) == 1 else ["title^3", "campaign_text"]
    search = Search().query(dsl.MultiMatch(query=q, fields=fields, operator="and")).source(["title", "url", "kind"])
    return [
        {"title": hit.title, "url": hit.url, "type": hit.kind, "type_label": str(kind_labels().get(hit.kind, ""))}
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
    for indexer in indexers():
        model = indexer.model
        names = {f.name for f in model._meta.get_fields()}
        condition = Q()
        for name in TEXT_FIELDS:
            if name in names:
                condition |= Q(**{f"{name}__icontains": q})
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


def run_search(params):
    """Search with the engine; if it cannot be reached, answer from the database (reduced mode) and log it.

    A failed engine is skipped for a while (search.breaker), so a hung engine costs one timeout, not one per search.
    """
    if params.is_empty:
        return Results(params, "empty")
    if engine_configured():
        try:
            return site_breaker().call(engine_search, params)
        except Unavailable as error:
            log_unavailable("Search engine unreachable, answering from the database: %s", error)
    else:
        logger.warning("No search engine configured, answering from the database")
    return database_search(params)
