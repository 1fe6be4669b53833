from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    label = "publiccomments"  # Wagtail has editor comments of its own; keep the label unambiguous
    verbose_name = _("Public comments")

    def ready(self):
        from core.cache_invalidation import forget_everything_on_change

        from . import signals
        from .models import CommentSettings

        signals.connect()

        # Pages show the settings (the longest comment, whether comments are open) and ``policy.comment_settings``
        # reads them from the cache: a change forgets both.
        forget_everything_on_change(CommentSettings)
