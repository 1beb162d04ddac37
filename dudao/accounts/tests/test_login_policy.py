"""Login policy through the real entry points: the login page and POST /api/v1/auth/token."""

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from dudao.accounts import middleware as idle
from dudao.accounts.models import User
from dudao.audit.models import AuditAction, AuditEntry
from dudao.testing.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def login_page(client, login, password):
    return client.post("/accounts/login/", {"login": login, "password": password})


def token(client, username, password):
    return client.post("/api/v1/auth/token", {"username": username, "password": password},
                       content_type="application/json")


def test_login_with_username_or_mobile():
    user = UserFactory(mobile="13912345678")
    assert login_page(Client(), user.username, PASSWORD).status_code == 302
    response = login_page(Client(), "13912345678", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"


def test_wrong_password_is_refused_with_chinese_message_and_audited():
    user = UserFactory()
    response = login_page(Client(), user.username, "wrong-Pass1")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert entry.actor_username == user.username and entry.object_id == str(user.pk)


def test_unknown_user_failure_is_audited_too():
    login_page(Client(), "nobody", "whatever-1A")
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, actor_username="nobody").exists()


def test_successful_login_is_audited_with_ip_and_request_id():
    user = UserFactory()
    client = Client(REMOTE_ADDR="10.1.2.3")
    response = client.post("/accounts/login/", {"login": user.username, "password": PASSWORD},
                           HTTP_X_REQUEST_ID="req-abcdef123456")
    assert response["X-Request-ID"] == "req-abcdef123456"
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN)
    assert (entry.actor_id, entry.ip, entry.request_id, entry.channel) == (user.pk, "10.1.2.3", "req-abcdef123456", "ui")


@override_settings(DUDAO_LOGIN_MAX_FAILURES=5, DUDAO_LOGIN_LOCKOUT_MINUTES=15, DUDAO_LOGIN_CAPTCHA_AFTER=100)
def test_five_failures_block_the_address_for_fifteen_minutes_even_with_right_password(monkeypatch):
    user = UserFactory()
    client = Client()
    for _ in range(4):
        token(client, user.username, "bad-Password1")
    user.refresh_from_db()
    assert user.locked_until is None and user.failed_login_count == 4
    token(client, user.username, "bad-Password1")  # 5th failure blocks this address for this account
    response = token(client, user.username, PASSWORD)
    assert response.status_code == 429 and response.json()["code"] == "login_throttled"
    assert "15分钟后再试" in response.json()["message"]
    assert login_page(client, user.username, PASSWORD).status_code == 429  # page re-rendered, not logged in
    assert client.get("/").status_code == 302
    user.refresh_from_db()
    assert user.locked_until is None  # the account itself is not locked (test_login_throttle.py)


def test_lock_expires():
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    assert token(Client(), user.username, PASSWORD).status_code == 200


@override_settings(DUDAO_LOGIN_CAPTCHA_AFTER=100)
def test_success_resets_failure_count():
    user = UserFactory()
    client = Client()
    for _ in range(3):
        token(client, user.username, "bad-Password1")
    assert token(client, user.username, PASSWORD).status_code == 200
    user.refresh_from_db()
    assert user.failed_login_count == 0


def test_inactive_user_cannot_log_in():
    user = UserFactory(is_active=False)
    assert token(Client(), user.username, PASSWORD).status_code == 401


@override_settings(DUDAO_SESSION_IDLE_MINUTES=30)
def test_idle_session_times_out(monkeypatch):
    user = UserFactory()
    client = Client()
    login_page(client, user.username, PASSWORD)
    now = idle._now()
    monkeypatch.setattr(idle, "_now", lambda: now + 29 * 60)
    assert client.get("/").status_code == 200  # active within 30 minutes
    monkeypatch.setattr(idle, "_now", lambda: now + 29 * 60 + 31 * 60)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get("/").status_code == 302  # the session is gone
    assert AuditEntry.objects.filter(action=AuditAction.LOGOUT, actor=user).exists()


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("Ab1!", False),  # too short
        ("abcdefgh", False),  # one class
        ("abcdefg1", False),  # two classes
        ("abcdef1!", True),  # three classes
        ("Xylophon7", True),
        ("ABCDEF1!x", True),
        ("Aa1aaaaa", False),  # three classes, but five times the same letter
        ("Password1", False),  # a common password
        ("Tiger#2025", True),
    ],
)
def test_password_policy(password, ok):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    response = client.post("/api/v1/auth/password", {"old_password": PASSWORD, "new_password": password},
                           content_type="application/json")
    if ok:
        assert response.status_code == 200, response.content
    else:
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "new_password"


def test_forced_password_change_after_admin_reset():
    from dudao.accounts.roles import RoleCode
    from dudao.testing.factories import user_with_role

    admin = user_with_role(RoleCode.SYSTEM_ADMIN)
    user = UserFactory()
    client = Client()
    client.force_login(admin)
    client.post(f"/accounts/users/{user.pk}/password/", {"password": "Reset@2025x"})
    user.refresh_from_db()
    assert user.must_change_password
    # UI: every page leads to the change-password page
    c2 = Client()
    login_page(c2, user.username, "Reset@2025x")
    assert c2.get("/units/")["Location"] == "/accounts/password/"
    # API: token refused until changed
    assert token(Client(), user.username, "Reset@2025x").json()["code"] == "password_change_required"
    response = c2.post("/accounts/password/", {"old_password": "Reset@2025x", "new_password": "Mine@2025x",
                                               "new_password2": "Mine@2025x"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert c2.get("/units/").status_code == 200
    assert token(Client(), user.username, "Mine@2025x").status_code == 200
