"""Demo content for the home page and the news: categories, the news index and feature articles."""

from wagtail.models import Site

from core.demo import demo_image, demo_staff, ensure_child, publish_revision

from .demo_content import CATEGORIES, FEATURES, HOME, NEWS_INDEX
from .models import Category, FeaturePage, HomePage, NewsIndexPage


def body_blocks(body, image_for):
    blocks = []
    for block_type, value in body:
        if block_type == "image":
            value = dict(value, image=image_for(value["image"]))
        blocks.append((block_type, value))
    return blocks


def home_page():
    site = Site.objects.get(is_default_site=True)
    return site.root_page.specific


def load(log):
    created = 0
    home = home_page()
    if not isinstance(home, HomePage):
        raise RuntimeError("The default site's root page is not a HomePage; run migrations on a fresh database.")

    if home.hero_image_id is None:
        home.hero_image = demo_image("职工之家首页", "rays", "red", alt="")
        home.hero_title, home.hero_text = HOME["hero_title"], HOME["hero_text"]
        publish_revision(home, *demo_staff())
        created += 1

    for order, (name, slug, description) in enumerate(CATEGORIES):
        _, was_created = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "sort_order": order}
        )
        created += was_created
    categories = {c.name: c for c in Category.objects.all()}

    news, was_created = ensure_child(
        home,
        NEWS_INDEX["slug"],
        lambda: NewsIndexPage(
            title=NEWS_INDEX["title"], intro=NEWS_INDEX["intro"], summary=NEWS_INDEX["summary"], show_in_menus=True
        ),
    )
    created += was_created

    for spec in FEATURES:

        def build(spec=spec):
            title, motif, palette = spec["image"]
            page = FeaturePage(
                title=spec["title"],
                summary=spec["summary"],
                author=spec["author"],
                date_published=spec["date"],
                category=categories[spec["category"]],
                listing_image=demo_image(title, motif, palette),
                body=body_blocks(spec["body"], lambda name: demo_image(name)),
            )
            page.tags.add(*spec["tags"])
            return page

        _, was_created = ensure_child(news, spec["slug"], build)
        created += was_created
    return created
