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
