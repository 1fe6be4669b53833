"""The sensitive-word list: words and phrases moderators maintain in the admin, each with a category and an action."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.models import Task
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


class ScreeningTask(Task):
    """内容筛查: the first step of the publishing workflows, done by the machine, not by a group.

    When a page reaches it, every text of the submitted revision is screened (``screening.review``) with the same
    list and folding as comments. A *reject* word sends the page straight back to its editor, with each word shown in
    its context; *hold* words let it pass to the human levels, flagged, and every level sees the flags; a clean page
    passes. The result is kept as a ``ScreeningReport`` of the revision.
    """

    admin_form_fields = Task.admin_form_fields

    class Meta:
        verbose_name = _("automatic sensitive-word screening")
        verbose_name_plural = _("automatic sensitive-word screenings")

    @classmethod
    def get_description(cls):
        return _(
            "Screens every text of the page for sensitive words: rejected words send it back, held words are flagged"
        )

    def start(self, workflow_state, user=None):
        from .review import screen_task_state

        task_state = super().start(workflow_state, user=user)
        screen_task_state(task_state, human=False)
        return task_state

    def get_actions(self, obj, user):
        return []  # nobody acts on it: the machine decides at once

    def user_can_access_editor(self, obj, user):
        return False

    def locked_for_user(self, obj, user):
        return False


class ScreeningReport(models.Model):
    """What screening found in one revision: each finding is where it is, what was matched, and its context."""

    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="screening_reports", verbose_name=_("revision")
    )
    action = models.CharField(_("result"), max_length=10, choices=Action.choices)
    findings = models.JSONField(_("findings"), default=list)
    created_at = models.DateTimeField(_("screened at"), auto_now_add=True)

    class Meta:
        verbose_name = _("screening report")
        verbose_name_plural = _("screening reports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.revision_id}: {self.action}"
