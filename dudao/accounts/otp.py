"""Two-factor login (TOTP, RFC 6238) on django-otp: a TOTP device per user (enrolled by scanning a
QR code after the password) and ten one-time recovery codes (a static device). Required for the
three administrators (``DUDAO_OTP_ADMINS``, default on) and the office administrators
(``DUDAO_OTP_OFFICES``, default off); ``DUDAO_OTP_EXEMPT_USERS`` names accounts excused (the demo
sets it for its own accounts — never in production). API tokens are issued only after the second
factor (``otp`` in POST /auth/token) and then keep working on their own."""

import base64

from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import RoleAssignment
from .roles import ADMIN_TRIAD, RoleCode

RECOVERY_CODES = 10


def required_roles() -> set[str]:
    roles = set()
    if settings.DUDAO_OTP_ADMINS:
        roles |= set(ADMIN_TRIAD)
    if settings.DUDAO_OTP_OFFICES:
        roles.add(RoleCode.OFFICE_ADMIN)
    return roles


def required_for(user) -> bool:
    roles = required_roles()
    if not roles or user.username in settings.DUDAO_OTP_EXEMPT_USERS:
        return False
    return RoleAssignment.objects.filter(user=user, role__in=roles).exists()


def enrolled(user) -> bool:
    """A confirmed second factor: a TOTP device, or SMS codes enabled by the security administrator."""
    from .models import SmsDevice

    return (TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            or SmsDevice.objects.filter(user=user, confirmed=True).exists())


def sms_device(user):
    from .models import SmsDevice

    return SmsDevice.objects.filter(user=user, confirmed=True).first()


def send_sms(user) -> bool:
    """Send a login code to the user's mobile (their SMS device); False when they have none or the
    last code is younger than a minute."""
    device = sms_device(user)
    return bool(device) and device.generate_challenge()


def enrol_window_end():
    import datetime

    from django.utils import timezone

    return timezone.now() + datetime.timedelta(hours=settings.DUDAO_OTP_ENROL_HOURS)


def enrolment_open(user) -> bool:
    """Whether the user may bind a device now (within the window opened by account creation or a reset)."""
    from django.utils import timezone

    return bool(user.otp_enrol_until and timezone.now() <= user.otp_enrol_until)


def pending_device(user) -> TOTPDevice:
    """The user's unconfirmed TOTP device (the secret shown at enrolment), made on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    return device or TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def qr_svg(device: TOTPDevice) -> str:
    import segno

    return segno.make(device.config_url, error="m").svg_inline(scale=4)


@transaction.atomic
def confirm(user, code: str) -> list[str] | None:
    """Confirm the pending device with a first code; returns the new recovery codes (shown once)."""
    device = pending_device(user)
    if not (code or "").strip().isdigit() or not device.verify_token(code.strip()):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    type(user).objects.filter(pk=user.pk).update(otp_enrol_until=None)
    return new_recovery_codes(user)


def new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="恢复码", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes


def verify(user, code: str):
    """The device that accepts ``code`` (a TOTP code, or a recovery code — used up), or None."""
    code = (code or "").strip().replace(" ", "")
    if not code:
        return None
    for device in devices_for_user(user, confirmed=True):
        allowed, _info = device.verify_is_allowed()
        if allowed and device.verify_token(code):
            return device
    return None


def enable_sms(user):
    """Give the user an SMS device (confirmed: the mobile is the account's own, set by an administrator)."""
    from .models import SmsDevice

    device = sms_device(user) or SmsDevice.objects.create(user=user, name="短信", confirmed=True)
    type(user).objects.filter(pk=user.pk).update(otp_enrol_until=None)
    return device


def is_totp(device) -> bool:
    return isinstance(device, TOTPDevice)


def reset(user) -> None:
    """Forget the user's devices (a lost phone) and open the binding window: the next login enrols again."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    user.otp_enrol_until = enrol_window_end()
    type(user).objects.filter(pk=user.pk).update(otp_enrol_until=user.otp_enrol_until)
