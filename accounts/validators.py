"""Password rules with messages in our own catalogue (Django's Chinese catalogue lacks some of its newer ones)."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                _("A password needs at least %(min_length)d characters.") % {"min_length": self.min_length},
                code="password_too_short",
            )

    def get_help_text(self):
        return _("At least %(min_length)d characters.") % {"min_length": self.min_length}


def is_staff_account(user):
    if user is None:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return bool(user.pk) and user.has_perm("wagtailadmin.access_admin")


class StaffPasswordComplexityValidator:
    """Staff passwords (等保 2.0): at least ``min_length`` characters of at least three kinds among lower-case
    letters, upper-case letters, digits and other characters. Workers' passwords keep the general rules."""

    def __init__(self, min_length=10, min_classes=3):
        self.min_length, self.min_classes = min_length, min_classes

    def validate(self, password, user=None):
        if not is_staff_account(user):
            return
        classes = sum(
            (
                any(c.islower() for c in password),
                any(c.isupper() for c in password),
                any(c.isdigit() for c in password),
                any(not c.isalnum() for c in password),
            )
        )
        if len(password) < self.min_length or classes < self.min_classes:
            raise ValidationError(
                _(
                    "A staff password needs at least %(min_length)d characters and three of: lower-case letters, "
                    "upper-case letters, digits, other characters."
                )
                % {"min_length": self.min_length},
                code="password_not_complex",
            )

    def get_help_text(self):
        return _(
            "Staff accounts: at least %(min_length)d characters, with three of lower-case letters, upper-case "
            "letters, digits and other characters."
        ) % {"min_length": self.min_length}


class PasswordReuseValidator:
    """A staff member may not reuse any of their last ``remember`` passwords (kept as hashes)."""

    def __init__(self, remember=5):
        self.remember = remember

    def validate(self, password, user=None):
        from django.contrib.auth.hashers import check_password

        if user is None or not user.pk or not is_staff_account(user):
            return
        recent = list(user.password_history.values_list("password", flat=True)[: self.remember])
        if user.password:
            recent.append(user.password)
        if any(check_password(password, encoded) for encoded in recent if encoded):
            raise ValidationError(
                _("Choose a password you have not used for your last %(count)d passwords.") % {"count": self.remember},
                code="password_reused",
            )

    def password_changed(self, password, user=None):
        """Called by Django after a password is saved: remember its hash (and forget older ones)."""
        from .models import PasswordHistory

        if user is None or not user.pk or not is_staff_account(user):
            return
        PasswordHistory.objects.create(user=user, password=user.password)
        stale = user.password_history.values_list("pk", flat=True)[self.remember :]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()

    def get_help_text(self):
        return _("Staff accounts: not one of your last %(count)d passwords.") % {"count": self.remember}
