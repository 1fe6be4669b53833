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


SYNONYM_SEPARATORS = r"[=,，、;；/\s]+"


class SynonymGroup(models.Model):
    """Words that mean the same to a worker (书屋 = 读书室 = 图书室): a search for one finds the others.

    Applied to the query, not to the index (``search.synonyms``), so a change takes effect at the next search,
    without a rebuild.
    """

    terms = models.CharField(
        _("words"),
        max_length=500,
        help_text=_(
            "Two or more words or phrases that mean the same, separated by “=”, commas or spaces, e.g. "
            "书屋 = 读书室 = 图书室. Traditional characters are folded to simplified ones."
        ),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")
        ordering = ["terms"]

    def __str__(self):
        return " = ".join(self.words())

    def words(self):
        """The group's words, folded to simplified script, in their order, without repeats."""
        import re

        from .analysis import fold

        words = []
        for word in re.split(SYNONYM_SEPARATORS, fold(self.terms or "")):
            word = word.strip().lower()
            if word and word not in words:
                words.append(word)
        return words

    def clean(self):
        from django.core.exceptions import ValidationError

        if len(self.words()) < 2:
            raise ValidationError({"terms": _("A synonym group needs at least two different words.")})
