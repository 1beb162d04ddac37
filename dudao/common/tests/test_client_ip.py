"""The real client address behind a trusted proxy (issue 17): X-Forwarded-For is read only when the
peer is one of DUDAO_TRUSTED_PROXIES, from the right, skipping trusted hops."""

import pytest
from django.test import Client, override_settings

from dudao.audit.models import AuditAction, AuditEntry
from dudao.testing.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXIES = ["10.0.0.1", "172.16.0.0/12"]


def login_ip(**meta):
    user = UserFactory()
    r = Client(**meta).post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    assert r.status_code == 302
    return AuditEntry.objects.filter(action=AuditAction.LOGIN, actor=user).get().ip


@override_settings(DUDAO_TRUSTED_PROXIES=PROXIES, DUDAO_TRUSTED_PROXY=True)
def test_spoofed_forwarded_for_from_an_untrusted_peer_is_ignored():
    assert login_ip(REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="10.0.0.1") == "203.0.113.5"
    assert login_ip(REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="1.2.3.4") == "203.0.113.5"


@override_settings(DUDAO_TRUSTED_PROXIES=PROXIES, DUDAO_TRUSTED_PROXY=True)
def test_behind_trusted_proxies_the_right_most_untrusted_address_is_the_client():
    # the client prepended 6.6.6.6 itself; the proxies appended what they saw
    assert login_ip(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7") == "198.51.100.7"
    assert login_ip(REMOTE_ADDR="10.0.0.1",
                    HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.8, 172.16.4.4") == "198.51.100.8"
    assert login_ip(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="garbage, 198.51.100.9") == "198.51.100.9"
    assert login_ip(REMOTE_ADDR="10.0.0.1") == "10.0.0.1"


@override_settings(DUDAO_TRUSTED_PROXIES=PROXIES, DUDAO_LOGIN_IP_MAX_FAILURES=3, DUDAO_LOGIN_CAPTCHA_AFTER=100)
def test_the_login_throttle_sees_the_client_not_the_proxy_nor_the_spoof():
    def attempt(peer, xff, password="guess-Pass1", username="nobody"):
        return Client(REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=xff).post(
            "/api/v1/auth/token", {"username": username, "password": password}, content_type="application/json")

    for i in range(3):  # an attacker rotating a spoofed header is still one address
        attempt("203.0.113.5", f"9.9.9.{i}")
    assert attempt("203.0.113.5", "9.9.9.200").status_code == 429
    for i in range(3):  # behind the proxy: one client blocked ...
        attempt("10.0.0.1", f"9.9.9.{i}, 198.51.100.20")
    assert attempt("10.0.0.1", "198.51.100.20").status_code == 429
    user = UserFactory()  # ... not the proxy's other clients
    assert attempt("10.0.0.1", "198.51.100.21", PASSWORD, user.username).status_code == 200
