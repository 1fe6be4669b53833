"""Wagtail's own search (the editors' admin search: pages, images, documents, snippets) on the same engine,
with Chinese analysis.

modelsearch's Elasticsearch 8 backend, changed in three ways:
- the client talks plain JSON (search.transport.PlainJsonNode), so OpenSearch and osmem work too;
- the default analyzer of its indexes is the CJK bigram analyzer, so "书屋" finds "职工书屋";
- the autocomplete field (the admin's page search uses autocomplete) indexes characters and bigrams and is
  searched with the bigram analyzer, so a partial title finds its page.
"""

from modelsearch.backends.elasticsearch8 import (
    Elasticsearch8AutocompleteQueryCompiler,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
)

from .transport import PlainJsonNode

CJK_ANALYSIS = {
    "settings": {
        "analysis": {
            "filter": {
                "cjk_bigrams_and_chars": {"type": "cjk_bigram", "output_unigrams": True},
                "edgengram": {"type": "edge_ngram", "min_gram": 1, "max_gram": 15},
            },
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["cjk_width", "lowercase", "cjk_bigram"],
                },
                "cjk_search": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["cjk_width", "lowercase", "cjk_bigram"],
                },
                "edgengram_analyzer": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["cjk_width", "lowercase", "cjk_bigrams_and_chars", "edgengram"],
                },
            },
        }
    }
}


class CJKMapping(Elasticsearch8Mapping):
    edgengram_analyzer_config = {"analyzer": "edgengram_analyzer", "search_analyzer": "cjk_search"}


class CJKSearchQueryCompiler(Elasticsearch8SearchQueryCompiler):
    mapping_class = CJKMapping


class CJKAutocompleteQueryCompiler(Elasticsearch8AutocompleteQueryCompiler):
    mapping_class = CJKMapping


class CJKElasticsearchSearchBackend(Elasticsearch8SearchBackend):
    mapping_class = CJKMapping
    query_compiler_class = CJKSearchQueryCompiler
    autocomplete_query_compiler_class = CJKAutocompleteQueryCompiler

    def __init__(self, params):
        params = dict(params)
        params.setdefault("OPTIONS", {})
        params["OPTIONS"] = {**params["OPTIONS"], "node_class": PlainJsonNode}
        params["INDEX_SETTINGS"] = {**CJK_ANALYSIS, **params.get("INDEX_SETTINGS", {})}
        super().__init__(params)


SearchBackend = CJKElasticsearchSearchBackend
