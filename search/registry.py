"""What each app contributes to the search index.

An app registers its models in a ``search_indexes.py`` module (found automatically when Django starts):

    from search.registry import register, page_document

    register(
        FeaturePage,                       # a Page subclass or any plain model
        kind="feature",                    # a stable code: the facet value
        label=_("News features"),          # how the search page names the kind
        documents=lambda page: [page_document(page, body=..., tags=[...], category=...)],
        queryset=lambda: visibility.public_pages(FeaturePage),   # what a full rebuild indexes
        is_public=visibility.page_is_public,  # optional for pages (the default)
        dependants=lambda obj: [...],      # optional: other owners whose documents show data of this object
    )

Rules the sync relies on:
- ``documents(obj)`` returns every document the object owns: itself and its child records (a tour's sessions,
  a reading room's events), each a dict of ``search.documents.SiteDocument`` fields with a unique ``id``.
  ``owner_fields(obj)`` gives the ``source``/``version`` every one of them must carry. An optional ``names``
  list (speakers, venues, addresses) is not stored; it adds to the pinyin a worker can search by
  (``search.analysis``).
- ``is_public(obj)`` decides whether the object's documents belong in the index at all; ``queryset()`` must
  give exactly the public objects (a rebuild and the reconciler load it without asking ``is_public`` again).
  Both come from the site's one rule, ``core.visibility`` (pages default to its page rule). Sync never trusts
  the event that triggered it: it reloads the object and asks.
- Pages are synced on publish, unpublish, delete and move, and when a view restriction is added to or lifted
  from them or an ancestor (with their descendants). Plain models are synced on save and delete.
  ``dependants`` lists owners to re-sync when this object changes (renaming a category re-indexes its
  features; unpublishing or restricting a contest removes its entries).
"""

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.utils.html import strip_tags

from wagtail.models import Page

from core.visibility import page_is_public, public_pages

_registry = {}


@dataclass
class Indexer:
    model: type
    kind: str
    documents: Callable
    queryset: Callable
    is_public: Callable
    dependants: Callable = field(default=lambda obj: [])

    @property
    def label(self):
        return model_label(self.model)

    def build(self, obj):
        """The documents ``obj`` owns, complete: its kind and facet keys filled in."""
        from .analysis import analyse
        from .documents import facet_keys

        for document in self.documents(obj):
            document = dict(document, kind=document.get("kind", self.kind))
            document["facets"] = facet_keys(document)
            yield analyse(document)


def model_label(model):
    return f"{model._meta.app_label}.{model._meta.model_name}"


_kind_labels = {}


def register_kind(kind, label):
    """A kind of document and its label on the search page (facet values, result badges, the JSON API). Kinds of
    registered models are named by ``register(..., label=...)``; child documents (a tour's sessions) add theirs."""
    _kind_labels[kind] = label


def kind_labels():
    return dict(_kind_labels)


def register(model, *, kind, label, documents, queryset=None, is_public=None, dependants=None):
    register_kind(kind, label)
    is_page = issubclass(model, Page)
    if queryset is None:
        if not is_page:
            raise ValueError(f"{model.__name__}: plain models must say which instances are public (queryset)")
        queryset = partial(public_pages, model)
    if is_public is None:
        if not is_page:
            raise ValueError(f"{model.__name__}: plain models must say when an instance is public (is_public)")
        is_public = page_is_public
    _registry[model_label(model)] = Indexer(
        model=model,
        kind=kind,
        documents=documents,
        queryset=queryset,
        is_public=is_public,
        dependants=dependants or (lambda obj: []),
    )


def indexer_for(model_or_label):
    label = model_or_label if isinstance(model_or_label, str) else model_label(model_or_label)
    return _registry.get(label)


def indexers():
    return list(_registry.values())


def source_of(obj):
    return f"{model_label(type(obj))}:{obj.pk}"


# ---- helpers for building documents ------------------------------------------------------------------------


def owner_fields(obj):
    changed = getattr(obj, "last_published_at", None) or getattr(obj, "moderated_at", None)
    return {"source": source_of(obj), "version": changed.isoformat() if changed else ""}


def streamfield_text(value):
    """The readable text of a StreamField, without markup."""
    if not value:
        return ""
    parts = []
    for child in value:
        parts.extend(str(text) for text in child.block.get_searchable_content(child.value))
    text = " ".join(parts)
    # Rich text comes back as text already (core.blocks.RichTextBlock); markup can only be left where a "<" is.
    return strip_tags(text) if "<" in text else text


LISTING_IMAGE_SPEC = "fill-400x225|format-webp"


def with_listing_images(queryset, field="listing_image"):
    """``queryset`` with its listing images and their search-card renditions fetched in two queries in all."""
    from django.db.models import Prefetch

    from wagtail.images import get_image_model

    images = get_image_model().objects.prefetch_renditions(LISTING_IMAGE_SPEC)
    return queryset.prefetch_related(Prefetch(field, queryset=images))


_image_url_memo = None  # a dict while a bulk load runs (see memoised_image_urls)


@contextlib.contextmanager
def memoised_image_urls():
    """Within the block, each image's URL is looked up once (a rebuild shows the same few images many times)."""
    global _image_url_memo
    _image_url_memo = {}
    try:
        yield
    finally:
        _image_url_memo = None


def image_url(image, spec=LISTING_IMAGE_SPEC):
    if image is None:
        return ""
    memo = _image_url_memo
    if memo is not None and (image.pk, spec) in memo:
        return memo[image.pk, spec]
    try:
        url = image.get_rendition(spec).url
    except Exception:  # a missing source file must not stop indexing
        url = ""
    if memo is not None:
        memo[image.pk, spec] = url
    return url


def page_document(page, **fields):
    """A document for a page: id, owner, title, summary, URL, image, date; ``fields`` add or override."""
    date = fields.pop("date", None) or getattr(page, "date_published", None) or getattr(page, "start_date", None)
    if date is None and page.first_published_at:
        date = page.first_published_at.date()
    document = {
        "id": f"page-{page.pk}",
        **owner_fields(page),
        "title": page.title,
        "summary": getattr(page, "summary", "") or page.search_description,
        "url": page.url,
        "image_url": image_url(getattr(page, "listing_image", None)),
        "date": date,
        "year": date.year if date else None,
        "tags": [],
        "tags_text": [],
    }
    document.update(fields)
    document["tags_text"] = document["tags_text"] or document["tags"]
    if document.get("campaign") and not document.get("campaign_text"):
        document["campaign_text"] = document["campaign"]
    return document
