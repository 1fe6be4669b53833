"""Workers' registration, sign-in and profile forms, with errors a worker can act on."""

import re
import unicodedata

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from core.inputs import PlainTextField
from screening.validators import validate_no_rejected_words

MOBILE = re.compile(r"^1[3-9]\d{9}$")
MEMBERSHIP = re.compile(r"^[A-Z0-9]{6,32}$")
ALREADY_REGISTERED = _(
    "This membership number is already registered. If it is yours, contact your union to have it checked."
)


def normalise_membership_number(value):
    """Full-width to half-width, no spaces or dashes, upper case: 'ＧＨ2022 0001' == 'gh20220001'."""
    value = unicodedata.normalize("NFKC", value or "")
    return re.sub(r"[\s\-_./]", "", value).upper()


def normalise_phone(value):
    value = re.sub(r"[\s\-()]", "", unicodedata.normalize("NFKC", value or ""))
    if value.startswith("+86"):
        value = value[3:]
    elif value.startswith("0086"):
        value = value[4:]
    return value


class WorkerFieldsMixin:
    def clean_display_name(self):
        name = unicodedata.normalize("NFKC", self.cleaned_data["display_name"]).strip()
        if not name:
            raise ValidationError(_("Enter the name other workers will see."))
        validate_no_rejected_words(name)  # shown beside the worker's comments and entries, so screened like them
        return name

    def clean_phone(self):
        phone = normalise_phone(self.cleaned_data["phone"])
        if not MOBILE.match(phone):
            raise ValidationError(_("Enter an 11-digit mainland mobile number, e.g. 13800138000."))
        return phone


class RegistrationForm(WorkerFieldsMixin, forms.ModelForm):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    class Meta:
        model = get_user_model()
        fields = ["username", "display_name", "work_unit", "membership_number", "phone", "email"]
        field_classes = {"display_name": PlainTextField, "work_unit": PlainTextField}
        labels = {"username": _("Username (for signing in)"), "email": _("E-mail (optional, to reset a password)")}
        help_texts = {
            "username": _("Letters, digits and @ . + - _ only."),
            "membership_number": _("As printed on your union membership card."),
        }
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("display_name", "work_unit", "membership_number", "phone"):
            self.fields[name].required = True

    def clean_membership_number(self):
        number = normalise_membership_number(self.cleaned_data["membership_number"])
        if not MEMBERSHIP.match(number):
            raise ValidationError(_("A membership number is 6 to 32 letters and digits."))
        if get_user_model().objects.filter(membership_number=number).exists():
            raise ValidationError(ALREADY_REGISTERED)
        return number

    def clean_password2(self):
        first, second = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if first and second and first != second:
            raise ValidationError(_("The two passwords are not the same."))
        return second

    def _post_clean(self):
        super()._post_clean()
        password = self.cleaned_data.get("password2")
        if password:
            try:
                password_validation.validate_password(password, self.instance)
            except ValidationError as error:
                self.add_error("password1", error)

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user


class SignInLimitMixin:
    """A sign-in stopped by the rate limits (``accounts.backends.SignInLimitBackend``) says so, instead of
    "wrong password"."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if getattr(self.request, "sign_in_limited", False):
                raise ValidationError(
                    _("Too many sign-in attempts. Please wait a few minutes and try again."), code="rate_limited"
                ) from None
            raise


class SignInForm(SignInLimitMixin, AuthenticationForm):
    """Django's sign-in form, but a disabled account is told so (only when its password is right)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The username or password is not right. Usernames are case-sensitive."),
    }

    def clean(self):
        try:
            return super().clean()
        except ValidationError as error:
            if error.code != "rate_limited":
                self._explain_disabled_account()
            raise

    def _explain_disabled_account(self):
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        user = get_user_model().objects.filter(username=username).first() if username else None
        if user is not None and not user.is_active and password and user.check_password(password):
            reason = user.deactivation_reason or _("no reason was recorded")
            raise ValidationError(
                _("This account has been disabled (%(reason)s). Contact your union if you think this is wrong.")
                % {"reason": reason},
                code="inactive",
            )


class AdminSignInForm(SignInLimitMixin, WagtailLoginForm):
    """The Wagtail admin's sign-in form (``WAGTAILADMIN_USER_LOGIN_FORM``), with the same limits' message."""


class ProfileForm(WorkerFieldsMixin, forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["display_name", "work_unit", "phone", "email"]
        field_classes = {"display_name": PlainTextField, "work_unit": PlainTextField}
