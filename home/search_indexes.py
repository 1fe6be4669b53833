"""Feature articles in the site search (see search.registry for the contract)."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from core import visibility
from search.registry import page_document, register, streamfield_text, with_listing_images
from search.sync import connect_dependency

from .models import Category, FeaturePage, FeaturePageTag


def feature_documents(page):
    tagged = getattr(page, "search_tagged_items", None)  # prefetched by features() for a rebuild
    if tagged is None:
        tagged = page.tagged_items.select_related("tag")
    tags = [item.tag.name for item in tagged]
    category = page.category.name if page.category_id else ""
    return [
        page_document(
            page,
            body=" ".join(filter(None, [streamfield_text(page.body), page.author])),
            tags=tags,
            category=category,
            date=page.date_published,
        )
    ]


def features():
    # Tags into a plain list attribute: a prefetch into the tag manager builds a queryset for every page.
    tagged = Prefetch("tagged_items", FeaturePageTag.objects.select_related("tag"), to_attr="search_tagged_items")
    return with_listing_images(visibility.public_pages(FeaturePage).select_related("category").prefetch_related(tagged))


register(FeaturePage, kind="feature", label=_("News features"), documents=feature_documents, queryset=features)
connect_dependency(Category, lambda category: list(category.features.live()))
