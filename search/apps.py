from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "sitesearch"  # "search" alone is too generic next to wagtail.search / modelsearch
    verbose_name = _("Site search")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from django.utils.module_loading import autodiscover_modules

        from . import sync, synonyms
        from .models import SynonymGroup

        autodiscover_modules("search_indexes")  # each app's registrations (see search.registry)
        sync.connect()
        post_save.connect(synonyms.forget, sender=SynonymGroup, dispatch_uid="search-synonyms-save")
        post_delete.connect(synonyms.forget, sender=SynonymGroup, dispatch_uid="search-synonyms-delete")
