from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "sitesearch"  # "search" alone is too generic next to wagtail.search / modelsearch
    verbose_name = _("Site search")
