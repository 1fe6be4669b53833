"""RSS feed of the latest feature articles."""

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Site

from core import visibility

from .models import FeaturePage

FEED_LENGTH = 20


class LatestFeaturesFeed(Feed):
    title = _("Workers' Home: latest features")
    description = _("News and features from the city federation of trade unions.")

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def link(self):
        site = Site.find_for_request(self.request)
        return site.root_page.url if site else "/"

    def items(self):
        return (
            visibility.public_pages(FeaturePage)
            .select_related("category")
            .prefetch_related("tagged_items__tag")
            .order_by("-date_published", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_author_name(self, item):
        return item.author or None

    def item_pubdate(self, item):
        return timezone.make_aware(timezone.datetime.combine(item.date_published, timezone.datetime.min.time()))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        names = [tagged.tag.name for tagged in item.tagged_items.all()]
        if item.category_id:
            names.insert(0, item.category.name)
        return names
