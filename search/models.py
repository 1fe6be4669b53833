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


class SearchQueryDay(models.Model):
    """How often one (folded) query was searched on one day: anonymised, no user, address or session.

    Counted by the search page's beacon (``search.analytics``), so searches answered from the page cache count too.
    """

    day = models.DateField(_("day"))
    query = models.CharField(_("query"), max_length=100)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    no_results = models.PositiveIntegerField(_("searches without results"), default=0)
    clicks = models.PositiveIntegerField(_("clicks on results"), default=0)

    class Meta:
        verbose_name = _("search query per day")
        verbose_name_plural = _("search queries per day")
        constraints = [models.UniqueConstraint(fields=["day", "query"], name="search_query_day_unique")]
        indexes = [models.Index(fields=["day", "searches"], name="search_query_day_top")]

    def __str__(self):
        return f"{self.day} {self.query}"


class SearchClickDay(models.Model):
    """Clicks on search results by their position (1 = the first result of the first page), per day."""

    day = models.DateField(_("day"))
    position = models.PositiveSmallIntegerField(_("position"))
    clicks = models.PositiveIntegerField(_("clicks"), default=0)

    class Meta:
        verbose_name = _("search result clicks per day")
        verbose_name_plural = _("search result clicks per day")
        constraints = [models.UniqueConstraint(fields=["day", "position"], name="search_click_day_unique")]

    def __str__(self):
        return f"{self.day} #{self.position}"


class HotSearchTerm(models.Model):
    """An editor's decision about a term of the hot searches (热搜): always show it (pinned), or never (hidden)."""

    class Action(models.TextChoices):
        PIN = "pin", _("Pin: always show, first")
        HIDE = "hide", _("Hide: never show")

    term = models.CharField(_("search term"), max_length=100, unique=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices, default=Action.PIN)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Pinned terms are shown in this order.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("hot search term")
        verbose_name_plural = _("hot search terms")
        ordering = ["action", "order", "term"]

    def __str__(self):
        return self.term

    def save(self, *args, **kwargs):
        from .analysis import fold

        self.term = fold(" ".join(self.term.split())).lower()
        super().save(*args, **kwargs)
