"""The home page and the union's news: feature articles, their index, categories and tags."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase

from comments.models import CommentsMixin
from core import visibility
from core.blocks import BaseStreamBlock
from core.inputs import plain_text
from core.models import ListingMixin
from core.slugs import PageForm

FEATURES_PER_PAGE = 12
HOME_FEATURE_COUNT = 6


class Category(index.Indexed, models.Model):
    """An editorial category of feature articles (思想引领, 建功立业, …), managed as a snippet."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        from screening.review import validate_snippet

        validate_snippet(self)  # editors publish categories straight to the site: screened like pages


class FeaturePageTag(TaggedItemBase):
    content_object = ParentalKey("home.FeaturePage", related_name="tagged_items", on_delete=models.CASCADE)


def listing_queryset(queryset):
    """Fetch what a card needs (image with its renditions, category) in a fixed number of queries."""
    from wagtail.images import get_image_model

    images = get_image_model().objects.prefetch_renditions()
    return queryset.select_related("category").prefetch_related(models.Prefetch("listing_image", queryset=images))


class HomePage(ListingMixin, Page):
    base_form_class = PageForm  # pinyin slugs (core/slugs.py)

    hero_title = models.CharField(_("hero title"), max_length=80, blank=True)
    hero_text = models.TextField(_("hero text"), max_length=300, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.NewsIndexPage",
        "campaigns.TourIndexPage",
        "campaigns.ContestIndexPage",
        "campaigns.ReadingRoomIndexPage",
        "campaigns.FestivalIndexPage",
        "stats.StatsPage",
    ]

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("hero_image")], _("Hero")),
    ]
    promote_panels = Page.promote_panels + ListingMixin.listing_panels
    search_fields = Page.search_fields + ListingMixin.listing_search_fields
    api_fields = [APIField("hero_title"), APIField("hero_text")]

    class Meta:
        verbose_name = _("home page")

    def latest_features(self):
        return listing_queryset(
            visibility.public_pages(FeaturePage).descendant_of(self).order_by("-date_published", "-pk")
        )[:HOME_FEATURE_COUNT]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from campaigns.models import live_campaigns

        # Queried only when the template renders them: the cards come from the cache until a page below changes
        # (``until_changed`` in the template, varying with the day for the campaigns running today).
        context["today"] = timezone.localdate()
        context["features"] = self.latest_features()
        context["news_index"] = SimpleLazyObject(lambda: visibility.public_pages(NewsIndexPage).child_of(self).first())
        context["live_campaigns"] = SimpleLazyObject(lambda: live_campaigns(root=self, today=context["today"]))
        return context


class NewsIndexPage(ListingMixin, Page):
    base_form_class = PageForm  # pinyin slugs (core/slugs.py)

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    # A news index under the news index is a district section (县市区总工会, accounts.districts): its own
    # editors add and edit there only, and its pages go through the city's review.
    parent_page_types = ["home.HomePage", "home.NewsIndexPage"]
    subpage_types = ["home.FeaturePage", "home.NewsIndexPage"]

    @classmethod
    def can_create_at(cls, parent):
        """Under the home page (the city's news), or one level below it (a district section), never deeper."""
        if not super().can_create_at(parent):
            return False
        if parent.specific_class is NewsIndexPage:
            return parent.get_parent().specific_class is HomePage
        return True

    content_panels = Page.content_panels + [FieldPanel("intro")]
    promote_panels = Page.promote_panels + ListingMixin.listing_panels
    search_fields = Page.search_fields + ListingMixin.listing_search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("news index")

    def features(self):
        return visibility.public_pages(FeaturePage).descendant_of(self).order_by("-date_published", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        features = self.features()

        category = None
        category_slug = plain_text(request.GET.get("category"))
        if category_slug:
            category = Category.objects.filter(slug=category_slug).first()
            features = features.filter(category=category) if category else features.none()

        tag = None
        tag_slug = plain_text(request.GET.get("tag"))
        if tag_slug:
            tag = Tag.objects.filter(slug=tag_slug).first()
            features = features.filter(tags=tag) if tag else features.none()

        paginator = Paginator(listing_queryset(features), FEATURES_PER_PAGE)
        try:
            page_obj = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page_obj = paginator.page(1)
        except EmptyPage:
            page_obj = paginator.page(paginator.num_pages)

        context.update(
            {
                "page_obj": page_obj,
                "features": page_obj.object_list,
                "categories": Category.objects.all(),
                "active_category": category,
                "active_tag": tag,
                "tag_slug": tag_slug,
                "category_slug": category_slug,
            }
        )
        return context


class FeaturePage(CommentsMixin, ListingMixin, Page):
    """A news feature: what the union did, for whom, with figures and pictures."""

    base_form_class = PageForm  # pinyin slugs (core/slugs.py)

    author = models.CharField(_("author"), max_length=60, blank=True)
    date_published = models.DateField(_("publication date"), default=timezone.localdate)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="features",
    )
    tags = ClusterTaggableManager(verbose_name=_("tags"), through=FeaturePageTag, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("listing_image"),
        FieldPanel("body"),
    ]
    meta_panels = [
        FieldPanel("author"),
        FieldPanel("date_published"),
        FieldPanel("category"),
        FieldPanel("tags"),
    ]
    edit_handler = CommentsMixin.edit_tabs(content_panels, (meta_panels, _("Byline and topics")))

    search_fields = (
        Page.search_fields
        + ListingMixin.listing_search_fields
        + [
            index.SearchField("body"),
            index.SearchField("author"),
            index.FilterField("date_published"),
            index.FilterField("category"),
            index.RelatedFields("category", [index.SearchField("name")]),
            index.RelatedFields("tags", [index.SearchField("name")]),
        ]
    )
    api_fields = [
        APIField("summary"),
        APIField("author"),
        APIField("date_published"),
        APIField("category_name"),
        APIField("tag_names"),
        APIField("listing_image"),
        APIField(
            "listing_image_thumbnail",
            serializer=ImageRenditionField("fill-800x450|format-webp", source="listing_image"),
        ),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("feature article")
        verbose_name_plural = _("feature articles")

    @property
    def category_name(self):
        return self.category.name if self.category_id else ""

    @property
    def tag_names(self):
        return [tag.name for tag in self.tags.all()]

    @cached_property
    def news_index(self):
        return self.get_parent().specific
