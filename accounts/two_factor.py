"""Two-factor sign-in for staff (等保 2.0: two factors for the accounts that run the site), with django-otp.

Every account that may use the admin (``wagtailadmin.access_admin``, staff or superuser) must confirm a TOTP code
(any authenticator app: 微信/支付宝 mini-programs, Google/Microsoft Authenticator, FreeOTP…) after its password:

- ``StaffTwoFactorMiddleware`` lets such a user reach no admin URL (``/admin/…``, whichever view, a bookmarked deep
  link or an AJAX call included) until this session is verified, except the sign-in and sign-out, the password
  reset and the two views below. Without a confirmed device the user is sent to enrol, otherwise to verify.
- ``setup``: on first sign-in, a new authenticator key (QR code and the key in text) and a code to confirm it;
  then ten recovery codes are shown once (a ``StaticDevice``: each code works once, for a lost phone).
- ``verify``: a code from the app or a recovery code. django-otp's devices throttle wrong codes themselves
  (each failure doubles the wait), and every failure is in the sign-in audit log (``accounts.security``).

Wagtail's own 2FA package (wagtail-2fa) does not work with Wagtail 8 (it imports ``UserListingButton``, removed in
8.0, labd/wagtail-2fa#283), so the views are ours, on django-otp's public API.
"""

import io

from django import forms
from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

import django_otp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
SETUP_URL_NAME = "two_factor_setup"
VERIFY_URL_NAME = "two_factor_verify"
# Admin paths a signed-in but unverified staff member may open (besides the two views above).
# The icon sprite is what the sign-in page itself shows (the same for everyone).
OPEN_ADMIN_PATHS = ("login/", "logout/", "password_reset/", "jsi18n/", "sprite/")


def needs_second_factor(user):
    return user.is_authenticated and (user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin"))


def is_verified(request):
    """Whether this session confirmed a second factor: the device django-otp's ``login`` recorded in the session,
    still confirmed and still the user's. (django-otp's ``OTPMiddleware`` is not used: it sets
    ``user.is_verified``, which on this project's user model is the membership's verification field.)"""
    from django_otp.models import Device

    persistent_id = request.session.get(django_otp.DEVICE_ID_SESSION_KEY)
    if not persistent_id:
        return False
    device = Device.from_persistent_id(persistent_id)
    return device is not None and device.confirmed and device.user_id == request.user.pk


def admin_prefix():
    return reverse("wagtailadmin_home")


class StaffTwoFactorMiddleware:
    """No admin URL for a staff session that has not confirmed its second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefix = admin_prefix()
        if request.path.startswith(prefix):
            user = getattr(request, "user", None)
            if user is not None and needs_second_factor(user) and not is_verified(request):
                rest = request.path[len(prefix) :]
                allowed = (*OPEN_ADMIN_PATHS, "2fa/")
                if not rest.startswith(allowed):
                    name = VERIFY_URL_NAME if django_otp.user_has_device(user) else SETUP_URL_NAME
                    target = reverse(name)
                    navigating = request.headers.get("Sec-Fetch-Mode", "navigate") == "navigate"
                    if request.method == "GET" and navigating:  # not for a script's fetch: it would come back here
                        target += "?next=" + request.get_full_path().replace("&", "%26")
                    return redirect(target)
        return self.get_response(request)


def next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return admin_prefix()


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split())


def qr_svg(data):
    import qrcode
    import qrcode.image.svg

    out = io.BytesIO()
    qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).save(out)
    svg = out.getvalue().decode()
    return mark_safe(svg[svg.index("<svg") :])  # noqa: S308 - made here from our own otpauth URL


def new_recovery_codes(user):
    """Replace the user's recovery codes with ten new ones; returns them (shown once)."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="recovery", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def setup(request):
    """Enrol an authenticator: show the key, confirm one code, then show the recovery codes once."""
    from .security import record

    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect(reverse(VERIFY_URL_NAME) + "?next=" + next_url(request))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = new_recovery_codes(user)
            django_otp.login(request, device)
            record(request, "accounts.2fa.enrol", user)
            return TemplateResponse(
                request, "accounts/admin/recovery_codes.html", {"codes": codes, "next": next_url(request)}
            )
        record(request, "accounts.2fa.failed", user)
        form.add_error("code", _("That code is not right. Check the time on your phone and try the newest code."))
    return TemplateResponse(
        request,
        "accounts/admin/two_factor_setup.html",
        {
            "form": form,
            "qr": qr_svg(device.config_url),
            "key": _spaced(_base32(device)),
            "issuer": getattr(settings, "OTP_TOTP_ISSUER", ""),
            "next": next_url(request),
        },
    )


def _base32(device):
    import base64

    return base64.b32encode(device.bin_key).decode().rstrip("=")


def _spaced(key):
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def verify(request):
    """The second step of every staff sign-in: a code from the authenticator, or one recovery code."""
    from .security import record

    user = request.user
    if not django_otp.user_has_device(user):
        return redirect(reverse(SETUP_URL_NAME) + "?next=" + next_url(request))
    if is_verified(request):
        return redirect(next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        device = None
        with transaction.atomic():  # the devices are locked while a code is checked (no double use of a code)
            for candidate in django_otp.devices_for_user(user, for_verify=True):
                if candidate.verify_token(code):
                    device = candidate
                    break
        if device is not None:
            django_otp.login(request, device)
            used_recovery = isinstance(device, StaticDevice)
            record(request, "accounts.2fa.recovery" if used_recovery else "accounts.2fa.verify", user)
            return redirect(next_url(request))
        record(request, "accounts.2fa.failed", user)
        form.add_error("code", _("That code is not right, or too many wrong codes were tried: wait a moment."))
    return TemplateResponse(request, "accounts/admin/two_factor_verify.html", {"form": form, "next": next_url(request)})
