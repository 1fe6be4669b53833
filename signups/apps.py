from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignupsConfig(AppConfig):
    name = "signups"
    verbose_name = _("Sign-ups")

    def ready(self):
        from wagtail.signals import page_published

        from .services import sync_page

        def on_publish(sender, instance, **kwargs):
            sync_page(instance)

        page_published.connect(on_publish, weak=False, dispatch_uid="signups-sync-on-publish")
