"""The private-internals shims against their public equivalents, side by side in one process.

    .venv/bin/python bench/internals.py [--rounds 7] [--calls 2000] [--fresh]

Each row times one operation done the shim's way and the public way, alternating (A, B, A, B, ...) for
``--rounds`` rounds of ``--calls`` calls, and prints the median µs per call of each, the spread of the rounds
(lowest-highest) and the difference. Uses the bench database (``--fresh`` recreates it; PostgreSQL) and the
bench Redis db, with the production settings. A shim stays (in ``core.compat``) only where the difference is
well outside the spread.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import cpu_check, flush_redis, recreate_database, setup_django  # noqa: E402


def timed(function, calls):
    start = time.perf_counter()
    for _ in range(calls):
        function()
    return (time.perf_counter() - start) / calls * 1e6


def compare(name, shim, public, rounds, calls):
    shim(), public()  # warm up (statements built, connections open)
    a, b = [], []
    for _ in range(rounds):
        a.append(timed(shim, calls))
        b.append(timed(public, calls))
    ma, mb = statistics.median(a), statistics.median(b)
    print(
        f"{name:<34} {ma:>8.1f} ({min(a):.0f}-{max(a):.0f}) {mb:>8.1f} ({min(b):.0f}-{max(b):.0f}) {mb - ma:>+8.1f}",
        flush=True,
    )


def cases():
    """(name, shim, public) for each shim."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
    from django.core.cache import cache, caches
    from django.core.cache.backends.redis import RedisCacheClient
    from django.test import RequestFactory

    from wagtail.models import Page, Site

    from accounts.backends import ModelBackend
    from core import sites

    User = get_user_model()
    user = User.objects.filter(username="bench-internals").first() or User.objects.create_user(
        "bench-internals",
        password="x",  # noqa: S106
    )
    found = []

    # core.cache: one redis-py client per connection pool, against Django's client per call.
    cache.set("bench-internals", "x" * 200, None)
    config = settings.CACHES["default"]
    public_cache = type(caches["default"])(config["LOCATION"], config)
    public_cache._class = RedisCacheClient  # noqa: SLF001 (Django's own client class, as without the shim)
    found.append(
        ("cache.get (Redis)", lambda: cache.get("bench-internals"), lambda: public_cache.get("bench-internals"))
    )

    # accounts.backends: the signed-in user of every request (no shim any more: Manager.raw against the queryset).
    raw_backend, django_backend = ModelBackend(), DjangoModelBackend()
    found.append(
        ("get_user (raw / queryset)", lambda: raw_backend.get_user(user.pk), lambda: django_backend.get_user(user.pk))
    )

    # core.sites: the site of a request, from the cache against Wagtail's query.
    factory = RequestFactory()

    def cached_site():
        return sites.site_for_request(factory.get("/", HTTP_HOST="127.0.0.1"))

    def wagtail_site():
        return Site.find_for_request(factory.get("/", HTTP_HOST="127.0.0.1"))

    found.append(("site for a request", cached_site, wagtail_site))

    # core.wagtail_hooks: Wagtail's view restriction check asks the database again unless given the restrictions.
    page = Page.objects.filter(depth=2).first()
    restrictions = list(page.get_view_restrictions())
    found.append(
        ("view restrictions (2nd read)", lambda: list(restrictions), lambda: list(page.get_view_restrictions()))
    )

    # search.index: the sites' root paths kept on each page object during a rebuild.
    root_paths = Site.get_site_root_paths()

    def kept_root_paths():
        page._wagtail_cached_site_root_paths = root_paths  # noqa: SLF001
        return page.get_url_parts()

    def looked_up_root_paths():
        page.__dict__.pop("_wagtail_cached_site_root_paths", None)
        return page.get_url_parts()

    found.append(("page URL parts (index rebuild)", kept_root_paths, looked_up_root_paths))

    # core.compat.keep_image_tag_filters: a {% picture %} of 2 formats x 2 sizes with its renditions prefetched, the
    # filters kept on the node against built again for each render (Wagtail's own way).
    from django.template import engines

    from wagtail.images.models import Image

    image = Image.objects.prefetch_related("renditions").first()
    if image is not None:
        source = "{% load wagtailimages_tags %}{% picture image format-{webp,jpeg} fill-{400x225,800x450} %}"
        template = engines["django"].from_string(source)
        node = template.template.nodelist[-1]
        template.render({"image": image})  # the renditions exist from here on

        def kept_filters():
            return template.render({"image": image})

        def new_filters():
            node.__dict__.pop("_kept_filters", None)
            return template.render({"image": image})

        found.append(("picture tag (prefetched)", kept_filters, new_filters))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--fresh", action="store_true", help="recreate the bench database first")
    parser.add_argument("--only", help="only the rows whose name contains this")
    args = parser.parse_args()
    if args.fresh:
        print("Preparing a fresh bench database ...", flush=True)
        recreate_database()
    flush_redis()
    setup_django()
    speed_before = cpu_check()
    print(f"{'µs per call (median, round range)':<34} {'shim':>17} {'public':>17} {'public-shim':>9}", flush=True)
    for name, shim, public in cases():
        if args.only and args.only not in name:
            continue
        compare(name, shim, public, args.rounds, args.calls)
    speed_after = cpu_check()
    print(
        f"machine speed (two 10^7-addition loops at once; lower is faster): {speed_before:.2f}s before, "
        f"{speed_after:.2f}s after"
    )


if __name__ == "__main__":
    main()
