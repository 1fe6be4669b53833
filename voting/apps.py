from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "voting"
    verbose_name = _("Voting")

    def ready(self):
        from django.db.models.signals import post_save

        from wagtail.signals import page_published, page_unpublished

        from campaigns.models import VideoContestPage

        from .services import forget_contest_rules

        def forget(sender, instance, **kwargs):
            forget_contest_rules(instance.pk)

        for signal in (post_save, page_published, page_unpublished):
            signal.connect(forget, sender=VideoContestPage, weak=False, dispatch_uid=f"voting-forget-{signal!r}")
