"""The sensitive-word list: words and phrases moderators maintain in the admin, each with a category and an action."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.search import index


class Category(models.TextChoices):
    POLITICAL = "political", _("Politically harmful")
    VULGAR = "vulgar", _("Pornographic or vulgar")
    VIOLENCE = "violence", _("Violence or terrorism")
    ILLEGAL = "illegal", _("Illegal activity")
    SPAM = "spam", _("Advertising or spam")
    ABUSE = "abuse", _("Insults or abuse")
    OTHER = "other", _("Other")


class Action(models.TextChoices):
    HOLD = "hold", _("Hold for review")
    REJECT = "reject", _("Reject outright")
    ALLOW = "allow", _("Exception: innocent phrase")


class SensitiveWord(index.Indexed, models.Model):
    term = models.CharField(
        _("word or phrase"),
        max_length=100,
        unique=True,
        help_text=_(
            "Matched however it is written: full-width, traditional characters, spaces or punctuation between "
            "the characters. An exception marks an innocent phrase that contains a listed word (e.g. 特色情景)."
        ),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.OTHER)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices, default=Action.HOLD)
    enabled = models.BooleanField(_("enabled"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    search_fields = [index.SearchField("term"), index.SearchField("note"), index.FilterField("category")]

    class Meta:
        verbose_name = _("sensitive word")
        verbose_name_plural = _("sensitive words")
        ordering = ["term"]

    def __str__(self):
        return self.term
