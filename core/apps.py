from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from . import inputs  # noqa: F401 - registers the <id:…> URL converter before any app's models or URLs load


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Site core")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import cache_invalidation, compat, site_url

        cache_invalidation.connect()
        compat.keep_image_tag_filters()
        post_migrate.connect(site_url.after_migrate, sender=self)
