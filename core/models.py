"""Cross-cutting pieces every page type shares: listing fields, share metadata and site-wide settings."""

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.search import index

from . import pagecache


class ListingMixin(models.Model):
    """The summary and image a page shows on cards, in listings, in search results and in share cards."""

    summary = models.TextField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences shown on cards, in search results and when the page is shared."),
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("listing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    listing_panels = [
        MultiFieldPanel(
            [FieldPanel("summary"), FieldPanel("listing_image")],
            heading=_("Listing and sharing"),
        )
    ]
    listing_search_fields = [index.SearchField("summary", boost=1.5)]

    class Meta:
        abstract = True

    @cached_property
    def share_description(self):
        return self.search_description or self.summary

    @cached_property
    def share_image(self):
        return self.listing_image


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the header, footer and share cards say about the organisation that runs the site."""

    organisation = models.CharField(_("organisation"), max_length=100, default="市总工会")
    tagline = models.CharField(_("tagline"), max_length=120, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("service phone"), max_length=40, blank=True)
    icp_number = models.CharField(
        _("ICP filing number"),
        max_length=60,
        blank=True,
        help_text=_("Shown in the footer, linked to the MIIT filing system, e.g. 鄂ICP备00000000号-1"),
    )
    public_security_number = models.CharField(
        _("public security filing number"),
        max_length=60,
        blank=True,
        help_text=_("公安备案号, shown in the footer with its badge, e.g. 鄂公网安备42100202000001号"),
    )
    default_share_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("default share image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("organisation"),
        FieldPanel("tagline"),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("icp_number"),
        FieldPanel("public_security_number"),
        FieldPanel("default_share_image"),
    ]

    @property
    def public_security_url(self):
        """The national public security filing system's page for this site's number (its digits)."""
        code = "".join(ch for ch in self.public_security_number if ch.isascii() and ch.isdigit())
        return f"https://beian.mps.gov.cn/#/query/webSearch?code={code}"

    @classmethod
    def for_site(cls, site):
        """Every page shows these: read from the cache until they (or a site) change, not queried per request."""
        if site is None:  # no site matches the host and none is the default: show the defaults, not a 500
            return cls()

        def load():
            # Read again on its own, so the cached copy does not carry the request's site and its pages along
            # (a fill happens once per change).
            return cls.objects.get(pk=super(SiteSettings, cls).for_site(site).pk)

        return pagecache.cached_until_changed(f"sitesettings:{site.pk}", [], load)

    class Meta:
        verbose_name = _("site settings")
        # 一键下线 (core.takedown): not tied to one kind of record, so the site's own settings model carries it.
        permissions = [("take_down", _("Can take pages, entries and comments off the site at once"))]
