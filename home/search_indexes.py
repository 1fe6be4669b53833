"""Feature articles in the site search (see search.registry for the contract)."""

from search.registry import page_document, register, streamfield_text, with_listing_images
from search.sync import connect_dependency

from .models import Category, FeaturePage


def feature_documents(page):
    tags = [tagged.tag.name for tagged in page.tagged_items.all()]
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
    return with_listing_images(
        FeaturePage.objects.live().public().select_related("category").prefetch_related("tagged_items__tag")
    )


register(FeaturePage, kind="feature", documents=feature_documents, queryset=features)
connect_dependency(Category, lambda category: list(category.features.live()))
