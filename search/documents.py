"""The search index: one elasticsearch-dsl document type for everything public on the site.

Chinese analysis needs no plugin: the standard tokenizer emits each CJK character as a token and Latin words and
numbers as words; ``cjk_width`` folds full-width forms; ``cjk_bigram`` joins neighbouring CJK characters into
overlapping pairs. So "职工书屋" is indexed as 职工 / 工书 / 书屋, "e有绝活" as e / 有绝 / 绝活 and "550场次" as
550 / 场次, and a query is analysed the same way. A query of one character has no pair to match; it is searched
in the ``.chars`` sub-fields (title, summary, tags, campaign), which keep single characters.

Before it reaches the engine, a document's text is folded to simplified script and given pinyin fields, and so
is a query (``search.analysis``: the engine has no char filters, synonym filters or pinyin of its own).
"""

from elasticsearch.dsl import Date, Document, Integer, Keyword, Object, Text, analyzer

cjk_text = analyzer("cjk_text", tokenizer="standard", filter=["cjk_width", "lowercase", "cjk_bigram"])
cjk_chars = analyzer("cjk_chars", tokenizer="standard", filter=["cjk_width", "lowercase"])
# Pinyin tokens are made in Python (search.analysis): the engine only splits them at spaces.
pinyin_tokens = analyzer("pinyin_tokens", tokenizer="whitespace", filter=["lowercase"])

TEXT_FIELDS = ["title", "summary", "body", "tags_text", "campaign_text"]


def chinese_text(**kwargs):
    return Text(analyzer=cjk_text, fields={"chars": Text(analyzer=cjk_chars)}, **kwargs)


class SiteDocument(Document):
    """A page, a campaign record or a child record (a tour's session, a reading room's event)."""

    kind = Keyword()  # what it is, for the facet and the label: see search.registry.register_kind
    source = Keyword()  # "app.model:pk" of the object that owns this document (a session's tour page)
    version = Keyword()  # when the owner last changed, to spot documents that fell behind
    title = chinese_text()
    summary = chinese_text()
    # No single-character sub-field for the body: a one-character query matched against long article text
    # finds nearly everything (noise), and that sub-field cost about a third of the indexing time.
    body = Text(analyzer=cjk_text)
    tags = Keyword(multi=True)
    tags_text = chinese_text(multi=True)
    category = Keyword()
    campaign = Keyword()
    campaign_text = chinese_text()
    district = Keyword()
    date = Date()
    year = Integer()
    facets = Keyword(multi=True)  # "field:value" for every facet field: all facet counts in one aggregation
    # Made by search.analysis from the title, tags, campaign, district and names (speakers, venues): every run of
    # 2-8 syllables as one token, in full and as initials (职工书屋: shuwu, zhigongshuwu, zgsw, ...).
    pinyin = Text(analyzer=pinyin_tokens)
    initials = Text(analyzer=pinyin_tokens)
    # The original text of the fields that were folded to simplified script (kept for display, not indexed).
    originals = Object(enabled=False)
    url = Keyword(index=False)
    image_url = Keyword(index=False)

    class Index:
        name = "site"  # replaced by the alias from settings (see search.index)
        settings = {"number_of_shards": 1, "number_of_replicas": 0}


FACET_FIELDS = ["kind", "category", "tags", "year", "district"]


def facet_keys(document):
    """The ``facets`` values of a document: one "field:value" per facet value it has."""
    keys = []
    for name in FACET_FIELDS:
        value = document.get(name)
        for item in value if isinstance(value, list | tuple) else [value]:
            if item not in (None, ""):
                keys.append(f"{name}:{item}")
    return keys
