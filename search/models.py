from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PendingIndexUpdate(models.Model):
    """An object whose search documents must be brought up to date: the outbox of the search sync.

    Written in the same database transaction as the change that caused it, so no change is forgotten even if the
    engine is down or the process dies; drained (with retries and backoff) by ``search.sync.drain``.
    """

    model = models.CharField(_("model"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now, db_index=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("pending search update")
        verbose_name_plural = _("pending search updates")
        indexes = [models.Index(fields=["model", "object_id"], name="pending_update_object")]

    def __str__(self):
        return f"{self.model}:{self.object_id}"
