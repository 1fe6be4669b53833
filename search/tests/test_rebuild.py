"""The zero-downtime rebuild: a new versioned index, loaded, checked, swapped in; the old one serves until then."""

from django.core.management import call_command

import pytest

from campaigns.fixtures import aware
from search.client import alias_name, get_client
from search.index import RebuildFailed, current_index, rebuild

from ..conftest import search_titles


def test_rebuild_swaps_the_alias_to_a_new_loaded_index(engine, sync, make_feature, make_room):
    for n in range(5):
        make_feature(title=f"书屋文章{n}")
    make_room(title="沙市区职工书屋", events=[{"starts_at": aware(2022, 5, 1, 19), "topic": "青年读书会"}])
    sync()
    before = current_index()
    ticks = []
    result = rebuild(progress=ticks.append, chunk_size=2)
    after = current_index()
    assert after != before and after == result["index"]
    assert result["documents"] == sum(ticks) == 8  # 5 features, the reading-room campaign, a room, its event
    client = get_client()
    assert not client.indices.exists(index=before), "the previous index is removed after the swap"
    assert client.indices.get_settings(index=after)[after]["settings"]["index"]["refresh_interval"] == "1s"
    assert len(search_titles("书屋")) >= 6


def test_writes_during_the_load_are_not_lost(engine, sync, make_feature):
    first = make_feature(title="旧书屋文章")
    sync()
    late = {}

    def during_load(_count):
        if not late:  # while the new index is being loaded: publish one page, unpublish another
            late["new"] = make_feature(title="加载期间发布的书屋文章")
            first.unpublish()
            sync()

    rebuild(progress=during_load, chunk_size=1)
    titles = search_titles("书屋")
    assert "加载期间发布的书屋文章" in titles
    assert "旧书屋文章" not in titles


def test_a_failed_rebuild_leaves_the_old_index_serving(engine, sync, make_feature, monkeypatch):
    make_feature(title="正在服务的书屋文章")
    sync()
    before = current_index()

    from home import search_indexes

    def broken(page):
        document = search_indexes.feature_documents(page)[0]
        return [dict(document, date="not a date")]  # the engine refuses this document

    from search.registry import indexer_for

    monkeypatch.setattr(indexer_for("home.featurepage"), "documents", broken)
    with pytest.raises(RebuildFailed):
        rebuild()
    assert current_index() == before
    assert search_titles("书屋") == ["正在服务的书屋文章"]
    assert list(get_client().indices.get(index=f"{alias_name()}-*")) == [before], "no half-built index"


def test_rebuild_command_reports_and_fails_clearly(engine, make_feature, settings, capsys):
    make_feature(title="命令重建的书屋文章")
    call_command("search_index", "rebuild", "--no-progress")
    assert "now serves 1 documents" in capsys.readouterr().out
    settings.ELASTICSEARCH_URL = None
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="ELASTICSEARCH_URL"):
        call_command("search_index", "rebuild")
