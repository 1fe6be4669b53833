from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """One account model for everyone: staff who use the Wagtail admin and workers who use the public site.

    What a person may do comes from their groups (see ``roles``); the worker fields are empty for staff.
    """

    display_name = models.CharField(_("display name"), max_length=40, blank=True)
    work_unit = models.CharField(_("work unit"), max_length=100, blank=True)
    membership_number = models.CharField(
        _("union membership number"),
        max_length=32,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Unique per member; empty for staff accounts."),
    )
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    is_verified = models.BooleanField(
        _("verified member"),
        default=False,
        help_text=_("A moderator has checked the membership number. Some contests let only verified members vote."),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        "self", verbose_name=_("verified by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    has_comment_history = models.BooleanField(
        _("has comment history"),
        default=False,
        editable=False,
        help_text=_("Has written a public comment or been blocked from commenting (set by the comments app)."),
    )
    deactivation_reason = models.CharField(
        _("reason for disabling"),
        max_length=200,
        blank=True,
        help_text=_("Shown to the worker when they try to sign in."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.display_name or self.get_full_name() or self.username

    @property
    def public_name(self):
        """The name shown next to what this person writes on the public site."""
        return self.display_name or self.username

    @property
    def is_worker(self):
        """A union member's account: the one definition used wherever only workers may act (vote, submit entries)
        and for the moderators' list of workers. Members register with their membership number; staff accounts
        have none. Answered without a query."""
        return bool(self.membership_number)


class WorkerManager(UserManager):
    def get_queryset(self):
        return super().get_queryset().exclude(membership_number=None).exclude(membership_number="")


class Worker(User):
    """Workers (union members) as moderators see them: verify a membership, disable an account.

    A proxy of the user model with its own admin and its own permission, so moderators manage workers without
    getting Wagtail's user administration (which would let them edit staff and superusers).
    """

    objects = WorkerManager()

    class Meta:
        proxy = True
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        permissions = [("moderate_worker", _("Can verify and disable workers"))]


class SignInEvent(models.Model):
    """A sign-in, a sign-out, a failed sign-in or a second-factor step, for the audit log (kept at least 180 days:
    ``manage.py prune_audit_log``; exported for auditors with ``manage.py export_audit_log``)."""

    action = models.CharField(_("action"), max_length=40, db_index=True)
    user = models.ForeignKey(
        "accounts.User", verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(_("user name given"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    path = models.CharField(_("path"), max_length=300, blank=True)
    timestamp = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("sign-in event")
        verbose_name_plural = _("sign-in events")
        ordering = ["-timestamp", "-pk"]

    def __str__(self):
        return f"{self.timestamp:%Y-%m-%d %H:%M:%S} {self.action} {self.username}"


class PasswordHistory(models.Model):
    """The hashes of a user's recent passwords, so a staff member cannot reuse one (accounts.validators)."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"
