from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "sitesearch"  # "search" alone is too generic next to wagtail.search / modelsearch
    verbose_name = _("Site search")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from django.utils.module_loading import autodiscover_modules

        from screening.models import SensitiveWord

        from . import analytics, sync, synonyms
        from .models import HotSearchTerm, SynonymGroup

        autodiscover_modules("search_indexes")  # each app's registrations (see search.registry)
        sync.connect()
        post_save.connect(synonyms.forget, sender=SynonymGroup, dispatch_uid="search-synonyms-save")
        post_delete.connect(synonyms.forget, sender=SynonymGroup, dispatch_uid="search-synonyms-delete")
        for model in (HotSearchTerm, SensitiveWord):  # the hot and related searches leave out what these say
            post_save.connect(analytics.forget_hot_searches, sender=model, dispatch_uid=f"search-hot-save-{model}")
            post_delete.connect(analytics.forget_hot_searches, sender=model, dispatch_uid=f"search-hot-del-{model}")
