"""The site's public address (the SITE_URL setting) and Wagtail's default Site record.

Wagtail writes absolute links (the sitemap, canonical links, og:url, the API's ``html_url``, notification e-mails)
from the default Site's hostname and port, and the migration that creates the home page makes that Site
``localhost:80``. SITE_URL says where the site really is: after every ``manage.py migrate`` (each deployment runs
it, and so does ``./run.sh``) the default Site takes SITE_URL's host and port; nothing is written when they
already match. ``manage.py check --deploy`` fails while SITE_URL is unset or names this machine.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "::"}  # noqa: S104 - names compared, not bound


def host_and_port(url):
    """``"https://zgzj.example.cn"`` -> ``("zgzj.example.cn", 443)``; ValueError for anything but http(s)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"SITE_URL must be an http:// or https:// address, not {url!r}")
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def apply_to_default_site(url=None, using="default"):
    """Give the default Site the host and port of ``url`` (SITE_URL by default); returns the Site if it changed."""
    from wagtail.models import Site

    url = settings.SITE_URL if url is None else url
    if not url:
        return None
    hostname, port = host_and_port(url)
    site = Site.objects.using(using).filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return None
    site.hostname, site.port = hostname, port
    site.save(using=using)  # through save(), so the caches of sites and pages are forgotten
    return site


def after_migrate(sender, using="default", verbosity=1, **kwargs):
    """post_migrate: the migrations may just have created the default Site as localhost."""
    site = apply_to_default_site(using=using)
    if site is not None and verbosity >= 1:
        print(f"  The default site now answers as {site.root_url} (SITE_URL).")


@checks.register("sites", deploy=True)
def check_site_url(app_configs=None, **kwargs):
    url = settings.SITE_URL
    if not url:
        return [
            checks.Error(
                "SITE_URL is not set, so the sitemap, canonical links, share cards and the API link to "
                "http://localhost/.",
                hint="Set SITE_URL to the site's public address (e.g. https://zgzj.example.cn), then run "
                "`manage.py migrate`, which gives the default site that address.",
                id="core.E001",
            )
        ]
    try:
        hostname, port = host_and_port(url)
    except ValueError as error:
        return [checks.Error(str(error), id="core.E002")]
    if hostname in LOOPBACK_HOSTS:
        return [
            checks.Error(
                f"SITE_URL names this machine ({url}); visitors and search engines cannot use such links.",
                hint="Set SITE_URL to the site's public address.",
                id="core.E003",
            )
        ]
    if url.startswith("https://") and port != 443:
        return [
            checks.Warning(
                f"SITE_URL uses https on port {port}: Wagtail writes https links only for port 443.",
                id="core.W001",
            )
        ]
    return []
