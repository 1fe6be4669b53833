"""Every piece of text an editor puts on a page or a snippet, with where it is, for screening.

``texts(obj)`` walks a model instance (a page as saved in a revision, a snippet): its text fields (title, summary,
SEO fields…), rich text (tags stripped), every StreamField block at any depth (rich text, headings, quotations,
tables, captions, credits, figures, link texts), the titles and alt texts of the images it uses (in fields and in
blocks), the titles of the documents it links, its tags and the same for its inline children (sessions, events,
prizes…). Each piece comes as ``(where, text)``: "正文 › 第 2 块 › 引文" tells the reviewer where to look.
"""

import html

from django.db import models
from django.utils.html import strip_tags
from django.utils.text import capfirst

from wagtail import blocks
from wagtail.documents.models import AbstractDocument
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage
from wagtail.rich_text import RichText

SKIPPED_FIELDS = {"slug", "url_path", "draft_title", "path", "latest_revision_created_at", "translation_key"}


def rich_text_to_plain(source):
    """Rich text as a reader sees it: tags stripped, entities decoded, block ends as line breaks."""
    source = source.replace("</p>", "</p>\n").replace("<br/>", "\n").replace("<br>", "\n")
    return html.unescape(strip_tags(source)).strip()


def label_of(field):
    return str(capfirst(getattr(field, "verbose_name", None) or field.name))


def image_texts(image, where):
    if image is None:
        return
    yield f"{where} › 图片标题", image.title or ""
    yield f"{where} › 图片说明（替代文字）", getattr(image, "description", "") or ""


def document_texts(document, where):
    if document is not None:
        yield f"{where} › 文档标题", document.title or ""


def value_texts(value, where):
    """The texts of one StreamField value (block value), at any depth."""
    if value is None:
        return
    if isinstance(value, RichText):
        yield where, rich_text_to_plain(value.source)
    elif isinstance(value, str):
        yield where, value
    elif isinstance(value, AbstractImage):
        yield from image_texts(value, where)
        alt = getattr(value, "contextual_alt_text", None)
        if alt:
            yield f"{where} › 替代文字", alt
    elif isinstance(value, AbstractDocument):
        yield from document_texts(value, where)
    elif isinstance(value, blocks.StructValue):
        for name, child in value.items():
            block = value.block.child_blocks.get(name)
            label = str(block.label) if block is not None and block.label else name
            yield from value_texts(child, f"{where} › {label}")
    elif isinstance(value, blocks.StreamValue):
        for number, child in enumerate(value, start=1):
            label = str(child.block.label or child.block_type)
            yield from value_texts(child.value, f"{where} › 第 {number} 块（{label}）")
    elif isinstance(value, (blocks.list_block.ListValue, list, tuple)):
        for number, child in enumerate(value, start=1):
            yield from value_texts(child, f"{where} › 第 {number} 项")
    elif isinstance(value, dict):  # a table block's data
        rows = value.get("data") or []
        for r, row in enumerate(rows, start=1):
            for c, cell in enumerate(row or [], start=1):
                if isinstance(cell, str) and cell:
                    yield f"{where} › 第 {r} 行第 {c} 列", cell
        if value.get("table_caption"):
            yield f"{where} › 表格标题", value["table_caption"]


def field_texts(obj, prefix=""):
    for field in obj._meta.get_fields():
        if field.name in SKIPPED_FIELDS or field.auto_created or not getattr(field, "concrete", False):
            continue
        where = f"{prefix}{label_of(field)}"
        if isinstance(field, StreamField):
            yield from value_texts(getattr(obj, field.attname), where)
        elif isinstance(field, RichTextField):
            yield where, rich_text_to_plain(getattr(obj, field.attname) or "")
        elif isinstance(field, (models.CharField, models.TextField)) and not field.choices:
            if isinstance(field, (models.SlugField, models.URLField, models.EmailField)):
                continue
            yield where, getattr(obj, field.attname) or ""
        elif isinstance(field, models.ForeignKey):
            model = field.related_model
            if isinstance(model, type) and issubclass(model, AbstractImage):
                yield from image_texts(getattr(obj, field.name), where)
            elif isinstance(model, type) and issubclass(model, AbstractDocument):
                yield from document_texts(getattr(obj, field.name), where)


def texts(obj):
    """``(where, text)`` for every non-empty text of ``obj`` and its inline children."""
    found = list(field_texts(obj))
    for relation in getattr(obj._meta, "child_relations", []):
        children = getattr(obj, relation.get_accessor_name()).all()
        for number, child in enumerate(children, start=1):
            label = str(capfirst(relation.related_model._meta.verbose_name))
            found.extend(field_texts(child, prefix=f"{label} {number} › "))
    tags = getattr(obj, "tags", None)
    if tags is not None and hasattr(tags, "all"):
        found.extend(("标签", tag.name) for tag in tags.all())
    return [(where, text) for where, text in found if text and text.strip()]
