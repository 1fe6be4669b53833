import hashlib

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from core import pagecache, visibility

register = template.Library()


@register.inclusion_tag("includes/share_meta.html", takes_context=True)
def share_meta(context, page=None, **overrides):
    """Open Graph and Twitter card metadata for a page (or the site when there is no page).

    Records shown on a page's sub-route (a video entry) pass ``title``, ``description``, ``image``, ``url`` and
    ``og_type`` to override what the page would say.
    """
    from wagtail.models import Page

    if not isinstance(page, Page):
        page = None
    request = context.get("request")
    site_settings = context.get("settings")
    title = ""
    description = str(settings.SITE_DESCRIPTION)
    image = None
    url = request.build_absolute_uri() if request else ""
    og_type = "website"
    if page is not None:
        title = page.seo_title or page.title
        description = getattr(page, "share_description", "") or description
        image = getattr(page, "share_image", None)
        full_url = page.get_full_url(request) if request else None
        url = full_url or url
        if page.specific_class.__name__.endswith("FeaturePage"):
            og_type = "article"
    title = overrides.get("title") or title
    description = overrides.get("description") or description
    image = overrides.get("image") or image
    url = overrides.get("url") or url
    og_type = overrides.get("og_type") or og_type
    if image is None and site_settings is not None:
        image = site_settings["core"]["SiteSettings"].default_share_image
    return {
        "request": request,
        "title": title,
        "description": description,
        "image": image,
        "url": url,
        "og_type": og_type,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }


@register.inclusion_tag("includes/language_switch.html", takes_context=True)
def language_switch(context):
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    links = []
    for code, name in settings.LANGUAGES:
        links.append({"code": code, "name": name, "url": translate_url(path, code), "active": code == current})
    return {"links": links}


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The site root's children marked "show in menus", in tree order.

    Every page and the search page show it, so it is cached per host and language until the home page or the
    whole site is invalidated (publishing, unpublishing or moving a page below the root bumps the home page's
    generation; see core.cache_invalidation), which saves the site lookup and the children query.
    """
    request = context.get("request")
    current_path = getattr(context.get("page"), "path", "")
    entries = []
    if request is not None:
        key = f"menu:{request.get_host()}:{get_language()}"
        entries = pagecache.cached_until_changed(key, ["/"], lambda: menu_entries(request))
    items = [{"title": title, "url": url, "active": current_path.startswith(path)} for title, url, path in entries]
    return {"items": items, "request": request}


def menu_entries(request):
    """(title, URL, tree path) of each menu page of the request's site."""
    from wagtail.models import Site

    site = Site.find_for_request(request)
    if site is None:
        return []
    children = visibility.public_pages(site.root_page.get_children()).in_menu().only("title", "url_path", "path")
    return [(child.title, url, child.path) for child in children if (url := child.get_url(request))]


@register.tag("until_changed")
def until_changed(parser, token):
    """``{% until_changed "name" value… %}…{% enduntil_changed %}``: the enclosed HTML, rendered once and then read
    from the shared cache until this page's path or the whole site is invalidated (``core.pagecache``'s
    generations through ``cached_until_changed``, as the main menu), for the parts of a page that cost most to
    render when the page cache is off or misses (the home page's cards). Only for what depends on nothing but the
    live pages (never on the visitor: pages are one copy for everyone) and the values given (the day, for what is
    running today). Cached per host, language and path; a preview renders it afresh.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("until_changed needs a fragment name")
    nodelist = parser.parse(("enduntil_changed",))
    parser.delete_first_token()
    return UntilChangedNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])


class UntilChangedNode(template.Node):
    def __init__(self, nodelist, values):
        self.nodelist, self.values = nodelist, values

    def render(self, context):
        request = context.get("request")
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        parts = [request.get_host(), get_language(), request.path, *(str(v.resolve(context)) for v in self.values)]
        key = "fragment:" + hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:32]
        return pagecache.cached_until_changed(key, [request.path], lambda: self.nodelist.render(context))
