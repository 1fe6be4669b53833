from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_control

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from core import pagecache
from core import views as core_views
from core.sitemaps import PublicSitemap
from home.feeds import LatestFeaturesFeed
from search import views as search_views

from .api import api_router


def listing_cache(view):
    """Sitemap and feed: cacheable like pages, forgotten when a page is published (core.cache_invalidation)."""
    return pagecache.cacheable(cache_control(public=True, max_age=0, s_maxage=settings.PAGE_CACHE_TTL)(view))


# Language-neutral URLs: the admin, machine-readable endpoints and files.
urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("api/search/", search_views.api_search, name="search_api"),
    path("sitemap.xml", listing_cache(sitemap), {"sitemaps": {"wagtail": PublicSitemap}}, name="sitemap"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("feeds/features.xml", listing_cache(LatestFeaturesFeed()), name="feature_feed"),
    path("healthz", core_views.healthz, name="healthz"),
]

if getattr(settings, "BENCH_BARE_VIEW", False):
    urlpatterns += [path("bench/bare/", core_views.bare, name="bench_bare")]

if settings.SERVE_MEDIA:
    # Development, or a single-host deployment without a proxy serving MEDIA_ROOT itself.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", core_views.media_file),
    ]

# The public site: Chinese at /, the English interface at /en/ (one URL per language, so caches stay simple).
urlpatterns += i18n_patterns(
    path("accounts/", include("accounts.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("voting/", include("voting.urls")),
    path("signups/", include("signups.urls")),
    path("judging/", include("judging.urls")),
    path("comments/", include("comments.urls")),
    path("search/", include("search.urls")),
    # The translations the site's scripts use (gettext, ngettext, interpolate), in the language of the prefix.
    path("jsi18n/", core_views.javascript_catalog, name="javascript_catalog"),
    # Wagtail's page-password form, rate-limited (core.views.page_password); same path and name as Wagtail's.
    path(
        "_util/authenticate_with_password/<id:page_view_restriction_id>/<id:page_id>/",
        core_views.page_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
