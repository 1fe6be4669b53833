"""Recall@10 over the labelled query set (search/relevance_queries.py), on the demo content in a real engine."""

from django.core.management import call_command

import pytest

from search.index import all_documents, rebuild
from search.query import SearchParams, run_search
from search.relevance_queries import RELEVANCE_QUERIES

RECALL_TARGET = 0.9


def recall_at_10(query, expected):
    results = run_search(SearchParams(q=query))
    assert results.mode == "engine", "the recall test must measure the engine, not the database fallback"
    top = [hit.title for hit in results.hits][:10]
    return sum(1 for title in expected if title in top) / len(expected), top


@pytest.mark.django_db
def test_recall_at_10_on_the_labelled_queries(engine):
    call_command("load_demo", verbosity=0)
    rebuild()
    assert len(RELEVANCE_QUERIES) >= 30
    indexed_titles = {document["title"] for _indexer, document in all_documents()}
    unknown = {title for _q, expected in RELEVANCE_QUERIES for title in expected} - indexed_titles
    assert not unknown, f"labelled titles missing from the demo content (renamed?): {unknown}"
    scores, misses = [], []
    for query, expected in RELEVANCE_QUERIES:
        score, top = recall_at_10(query, expected)
        scores.append(score)
        if score < 1:
            misses.append(f"{query}: expected {expected}, top ten {top}")
    recall = sum(scores) / len(scores)
    print(f"recall@10 = {recall:.3f} over {len(scores)} queries")  # shown with pytest -s
    print("\n".join(misses))
    assert recall >= RECALL_TARGET, "\n".join(misses)
