from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = _("Sensitive-word screening")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .matcher import bump_version
        from .models import SensitiveWord

        post_save.connect(bump_version, sender=SensitiveWord, dispatch_uid="screening-bump-save")
        post_delete.connect(bump_version, sender=SensitiveWord, dispatch_uid="screening-bump-delete")

        from wagtail.signals import task_submitted

        from .review import on_task_submitted

        task_submitted.connect(on_task_submitted, dispatch_uid="screening-resubmitted")
