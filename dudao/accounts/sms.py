"""The SMS adaptor of two-factor login (等保 身份鉴别: "短信/USB key" as alternatives to TOTP).

The platform talks to an SMS gateway through one small interface, chosen by the dotted path in
``DUDAO_SMS_GATEWAY``: a class with ``send(mobile: str, text: str) -> None`` that raises
``SmsError`` when the message could not be handed over. Government intranets reach their own
短信平台 (a province's 政务短信 gateway, an operator's SMS modem); a deployment writes its class
(a few lines around that gateway's HTTP or SMPP client) and names it in the variable. Shipped:

- ``LogGateway`` (default): writes the message to the ``dudao.sms`` log — development, and a
  deployment that has no gateway (then nobody should be given an SMS device);
- ``MemoryGateway``: keeps messages in ``MemoryGateway.outbox`` — tests.

Any other second factor plugs in the same way as a django-otp ``Device`` (a USB key through
``django-otp-yubikey`` or a WebAuthn device): ``accounts.otp.verify`` asks every confirmed device
of the user, whatever its kind."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("dudao.sms")


class SmsError(Exception):
    """The gateway did not accept the message."""


class LogGateway:
    def send(self, mobile: str, text: str) -> None:
        logger.warning("SMS to %s****%s: %s", mobile[:3], mobile[-4:], text)


class MemoryGateway:
    outbox: list[tuple[str, str]] = []

    def send(self, mobile: str, text: str) -> None:
        type(self).outbox.append((mobile, text))


def gateway():
    return import_string(settings.DUDAO_SMS_GATEWAY)()
