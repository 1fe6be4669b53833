from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    label = "publiccomments"  # Wagtail has editor comments of its own; keep the label unambiguous
    verbose_name = _("Public comments")
