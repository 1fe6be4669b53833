"""The sitemap: Wagtail's, listing only the pages the site's one rule (``core.visibility``) calls public."""

from wagtail.contrib.sitemaps import Sitemap

from . import visibility


class PublicSitemap(Sitemap):
    def items(self):
        # Wagtail's list: the site's live pages outside restricted sections; the rule adds expiry and aliases.
        return visibility.public_pages(super().items())
