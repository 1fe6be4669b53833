"""Recall@10 per query group and precision@3 of short queries (search/relevance_queries.py), on the demo content
in a real engine."""

from django.core.management import call_command

import pytest

from search.analysis import fold
from search.index import all_documents, rebuild
from search.query import SearchParams, run_search
from search.relevance_queries import QUERY_GROUPS, RELEVANCE_QUERIES, SHORT_QUERIES

RECALL_TARGET = 0.95
PRECISION_TARGET = 0.9


@pytest.fixture
def demo_index(engine, django_db_blocker):
    call_command("load_demo", verbosity=0)
    rebuild()
    return {document["title"]: document for _indexer, document in all_documents()}


def top_ten(query):
    results = run_search(SearchParams(q=query))
    assert results.mode == "engine", "the relevance test must measure the engine, not the database fallback"
    return results.hits[:10]


def recall_at_10(query, expected):
    top = [hit.title for hit in top_ten(query)]
    return sum(1 for title in expected if title in top) / len(expected), top


@pytest.mark.django_db
def test_recall_and_precision_on_the_labelled_queries(demo_index):
    assert len(RELEVANCE_QUERIES) >= 30
    unknown = {title for group in QUERY_GROUPS.values() for _q, expected in group for title in expected}
    unknown -= set(demo_index)
    assert not unknown, f"labelled titles missing from the demo content (renamed?): {unknown}"

    failures = []
    for name, queries in QUERY_GROUPS.items():
        scores, misses = [], []
        for query, expected in queries:
            score, top = recall_at_10(query, expected)
            scores.append(score)
            if score < 1:
                misses.append(f"  {query}: expected {expected}, top ten {top}")
        recall = sum(scores) / len(scores)
        print(f"recall@10 [{name}] = {recall:.3f} over {len(scores)} queries")  # shown with pytest -s
        if recall < RECALL_TARGET:
            failures.append(f"recall@10 of the {name} queries is {recall:.3f}:\n" + "\n".join(misses))

    # Precision@3 of short queries: of the first three results (or of as many as the index has pages holding
    # the query), how many hold the query itself, not just one of its character pairs.
    def holds(document, query):
        text = " ".join(str(document.get(f) or "") for f in ("title", "summary", "body", "campaign_text"))
        return query in fold(text) or query in " ".join(document.get("tags_text") or [])

    precisions, misses = [], []
    for query in SHORT_QUERIES:
        relevant = {title for title, document in demo_index.items() if holds(document, query)}
        assert relevant, f"no demo page holds {query}"
        top = [hit.title for hit in top_ten(query)][:3]
        precision = sum(1 for title in top if title in relevant) / min(3, len(relevant))
        precisions.append(precision)
        if precision < 1:
            misses.append(f"  {query}: top three {top}")
    precision = sum(precisions) / len(precisions)
    print(f"precision@3 [short] = {precision:.3f} over {len(precisions)} queries")
    if precision < PRECISION_TARGET:
        failures.append(f"precision@3 of the short queries is {precision:.3f}:\n" + "\n".join(misses))
    assert not failures, "\n".join(failures)

    # Partial matches of a short query come after the full ones, marked (the page labels them).
    hits = run_search(SearchParams(q="送清凉")).hits
    assert [hit.partial for hit in hits] == sorted(hit.partial for hit in hits)
    assert hits[0].title == "高温里的一瓶水：“送清凉”慰问职工90151人次" and not hits[0].partial
    assert [hit.title for hit in hits if hit.partial] == ["清凉驿站的夏天"]  # shares 清凉 only
