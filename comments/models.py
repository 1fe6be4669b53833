"""Public comments on pages and video entries, their reports, the blocks on authors, and the per-site comment
settings (``CommentSettings``: moderation mode, report threshold, edit window, length, e-mail); the rules that
apply them are in ``comments/policy.py``.

A comment points at its target generically (content type + id): feature articles, campaign pages and video
entries. Targets opt in with ``CommentsMixin`` (pages) or by defining ``comments_mode`` (entries follow their
contest). One level of replies: a reply's parent is always a top-level comment.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page
from wagtail.search import index


class CommentsMode(models.TextChoices):
    OPEN = "open", _("Open: workers may comment")
    CLOSED = "closed", _("Closed: comments shown, no new ones")
    HIDDEN = "hidden", _("Hidden: no comments shown")


class CommentsMixin(models.Model):
    """The editors' per-page switch. Page types that take comments inherit it and add ``comments_panels``."""

    comments_mode = models.CharField(
        _("comments"), max_length=10, choices=CommentsMode.choices, default=CommentsMode.OPEN
    )

    comments_panels = [FieldPanel("comments_mode")]

    class Meta:
        abstract = True

    @staticmethod
    def edit_tabs(content_panels, *own_tabs):
        """The admin tabs of a page type that takes comments: Content, the type's own ``(panels, heading)`` tabs,
        then Wagtail's Promote and Settings, the comments switch among the settings."""
        tabs = [(content_panels, _("Content")), *own_tabs, (Page.promote_panels, _("Promote"))]
        tabs.append((Page.settings_panels + CommentsMixin.comments_panels, _("Settings")))
        return TabbedInterface([ObjectList(panels, heading=heading) for panels, heading in tabs])


class Status(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DELETED = "deleted", _("Deleted by the author")


class HeldBecause(models.TextChoices):
    PRE_MODERATION = "new", _("New comment (pre-moderation)")
    SCREENING = "screening", _("Sensitive words")
    REPORTS = "reports", _("Reported by readers")
    DUPLICATE = "flood", _("Same text from several accounts")
    EDITED = "edited", _("Edited after approval")


class CommentQuerySet(models.QuerySet):
    def for_target(self, target):
        return self.filter(content_type=ContentType.objects.get_for_model(target), target_id=target.pk)

    def approved(self):
        return self.filter(status=Status.APPROVED)


class Comment(index.Indexed, models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("content type"))
    target_id = models.PositiveBigIntegerField(_("target id"))
    target = GenericForeignKey("content_type", "target_id")
    target_title = models.CharField(_("on"), max_length=255, help_text=_("The page or entry, when commented."))
    target_url = models.CharField(_("address"), max_length=500, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("reply to"), null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.CASCADE, related_name="public_comments"
    )
    body = models.TextField(_("comment"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    held_because = models.CharField(_("held because"), max_length=10, choices=HeldBecause.choices, blank=True)
    matches = models.JSONField(_("matched words"), default=list, blank=True)
    match_categories = models.CharField(_("categories matched"), max_length=200, blank=True)
    report_count = models.PositiveIntegerField(_("reports"), default=0)
    created_at = models.DateTimeField(_("written at"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderation_reason = models.CharField(_("reason"), max_length=300, blank=True)
    author_notified = models.BooleanField(_("author has seen the outcome"), default=True)

    objects = CommentQuerySet.as_manager()

    search_fields = [
        index.SearchField("body"),
        index.SearchField("target_title"),
        index.AutocompleteField("body"),
        index.FilterField("status"),
        index.RelatedFields("author", [index.SearchField("username"), index.SearchField("display_name")]),
    ]

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["content_type", "target_id", "status", "created_at"], name="comment_target_idx"),
            models.Index(fields=["status", "created_at"], name="comment_queue_idx"),
        ]
        permissions = [("moderate_comment", _("Can moderate public comments"))]

    def __str__(self):
        return f"{self.author}: {self.body[:30]}"

    def editable_until(self):
        from .policy import comment_settings

        return self.created_at + timezone.timedelta(minutes=comment_settings().edit_window_minutes)

    def can_be_changed_by(self, user, now=None):
        return (
            user.is_authenticated
            and user.pk == self.author_id
            and self.status in (Status.PENDING, Status.APPROVED)
            and (now or timezone.now()) <= self.editable_until()
        )

    def report_reasons(self):
        return [str(report.get_reason_display()) for report in self.reports.all()]


class ReportReason(models.TextChoices):
    HARMFUL = "harmful", _("Harmful or illegal content")
    ABUSE = "abuse", _("Insults or personal attacks")
    SPAM = "spam", _("Advertising or spam")
    RUMOUR = "rumour", _("False information")
    OTHER = "other", _("Other")


class CommentReport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=10, choices=ReportReason.choices)
    detail = models.CharField(_("details"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader")]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.comment_id}"


class CommentBlockQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(lifted_at__isnull=True).filter(models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=now))


class CommentBlock(index.Indexed, models.Model):
    """A moderator's decision that a worker may not comment, with the reason shown to them, until ``ends_at``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("worker"), on_delete=models.CASCADE, related_name="comment_blocks"
    )
    reason = models.CharField(_("reason"), max_length=300, help_text=_("Shown to the worker."))
    ends_at = models.DateTimeField(_("until"), null=True, blank=True, help_text=_("Empty: until lifted."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("blocked by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("blocked at"), default=timezone.now)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)

    objects = CommentBlockQuerySet.as_manager()

    search_fields = [
        index.SearchField("reason"),
        index.RelatedFields("user", [index.SearchField("username"), index.SearchField("display_name")]),
    ]

    class Meta:
        verbose_name = _("comment block")
        verbose_name_plural = _("comment blocks")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} ({self.reason})"

    def is_active(self, now=None):
        now = now or timezone.now()
        return self.lifted_at is None and (self.ends_at is None or self.ends_at > now)


class ModerationMode(models.TextChoices):
    PRE = "pre", _("Pre-moderation: every comment waits for a moderator")
    POST_VERIFIED = "post_verified", _("Post-moderation for verified members; pre-moderation for the rest")


@register_setting(icon="comment")
class CommentSettings(BaseSiteSetting):
    moderation_mode = models.CharField(
        _("moderation"), max_length=20, choices=ModerationMode.choices, default=ModerationMode.PRE
    )
    report_threshold = models.PositiveSmallIntegerField(
        _("reports before hiding"), default=3, help_text=_("A comment reported this many times is hidden for review.")
    )
    edit_window_minutes = models.PositiveSmallIntegerField(_("edit and delete window (minutes)"), default=15)
    max_length = models.PositiveSmallIntegerField(_("longest comment (characters)"), default=500)
    notify_by_email = models.BooleanField(_("e-mail authors the outcome"), default=False)

    class Meta:
        verbose_name = _("comment settings")
