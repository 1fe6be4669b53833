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


def test_a_rebuild_builds_the_same_documents_as_a_publish(db, make_feature):
    """The rebuild's bulk-loaded pages (tags prefetched into a list) give exactly the documents sync builds."""
    from home.models import FeaturePage
    from home.search_indexes import feature_documents, features
    from search.registry import indexer_for

    page = make_feature(
        title="职工书屋读书月",
        tags=["读书活动", "职工书屋"],
        body=[
            ("heading", {"text": "一、书香进车间", "size": "h3"}),
            ("paragraph", "<p>每月一次<b>读书分享会</b>，&lt;报名&gt;从速。</p>"),
            ("quote", {"text": "读书让<i>劳动</i>更有味道", "attribution": "李师傅"}),
        ],
    )
    indexer = indexer_for("home.featurepage")
    bulk = next(p for p in features() if p.pk == page.pk)
    assert [item.tag.name for item in bulk.search_tagged_items], "the rebuild's queryset prefetched the tags"
    from_rebuild = list(indexer.build(bulk))
    from_publish = list(indexer.build(FeaturePage.objects.get(pk=page.pk)))
    assert from_rebuild == from_publish
    document = feature_documents(FeaturePage.objects.get(pk=page.pk))[0]
    assert sorted(document["tags"]) == ["职工书屋", "读书活动"]
    body = document["body"]
    assert "一、书香进车间" in body and "读书分享会" in body and "李师傅" in body
    assert "<i>" not in body and "劳动" in body, "markup typed into a plain-text block is still stripped"
    assert "H3" not in body and "h3" not in body, "the heading's size is layout, not searchable text"


@pytest.mark.parametrize(
    "source",
    [
        "<p>职工书屋</p><p>读书月</p>",
        '<h2>一、进车间</h2><ul><li>宣讲<b>550</b>场次</li><li>覆盖<a linktype="page" id="3">班组</a></li></ul>',
        "<p>第一行<br/>第二行<br/>第三行</p><hr/><blockquote>劳动最光荣</blockquote>",
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; “引号” &#x4e66;屋 &nbsp;e有绝活</p>",
        '<p>图片<embed embedtype="image" id="7" format="fullwidth" alt="书屋"/>之后</p>',
        "",
    ],
)
def test_rich_text_is_indexed_as_wagtail_would_index_it(source):
    from wagtail.rich_text import get_text_for_indexing

    from core.blocks import RichTextBlock, rich_text_words

    assert rich_text_words(source).split() == get_text_for_indexing(source).split()
    assert "<" not in rich_text_words(source).replace("<script>", "").replace("</script>", "")
    assert RichTextBlock().get_searchable_content(RichTextBlock().to_python(source)) == [rich_text_words(source)]
    assert RichTextBlock().deconstruct()[0] == "wagtail.blocks.RichTextBlock", "no migration for the swap"


def test_a_rebuild_is_refused_while_redis_is_unreachable(engine, sync, make_feature, settings):
    """The sync learns of the index being loaded through Redis: without it, updates made during the load would be
    missing from the new index."""
    import socket

    make_feature(title="正在服务的书屋文章")
    sync()
    before = current_index()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    settings.CACHES = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": f"redis://127.0.0.1:{port}/0"}}
    with pytest.raises(RebuildFailed, match="Redis is unreachable"):
        rebuild()
    assert current_index() == before
    assert list(get_client().indices.get(index=f"{alias_name()}-*")) == [before], "no half-built index"
