"""Lockout cannot be turned against others (issue 17, 身份鉴别 d): failures are counted per account,
per address and per account+address; an address that failed too often is blocked for that account
before any hash is computed, other addresses only get a captcha; tokens keep working; one answer
for unknown names, wrong passwords and throttled accounts."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.cache import cache
from django.test import Client, override_settings

from dudao.testing.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ATTACKER, OWNER = "198.51.100.66", "203.0.113.7"


def token(ip, username, password, **extra):
    return Client(REMOTE_ADDR=ip).post("/api/v1/auth/token", {"username": username, "password": password, **extra},
                                       content_type="application/json")


def solved_captcha(ip) -> dict:
    r = Client(REMOTE_ADDR=ip).get("/api/v1/auth/captcha")
    assert r.status_code == 200
    key = r.json()["key"]
    image = Client(REMOTE_ADDR=ip).get(r.json()["image_url"])
    assert image.status_code == 200 and image["Content-Type"] == "image/png" and image.content[:4] == b"\x89PNG"
    # The answer is drawn in the image; the test reads it where the server keeps it.
    return {"captcha_key": key, "captcha": cache.get(f"dudao:captcha:{key}")["a"]}


def fail(ip, username, times):
    """``times`` wrong passwords, solving the captcha once it is asked for."""
    for _ in range(times):
        r = token(ip, username, "guess-Pass1")
        if r.json()["code"] == "captcha_required":
            r = token(ip, username, "guess-Pass1", **solved_captcha(ip))
        assert r.status_code == 401 and r.json()["code"] == "invalid_credentials", r.content


@override_settings(DUDAO_LOGIN_MAX_FAILURES=5, DUDAO_LOGIN_CAPTCHA_AFTER=3, DUDAO_LOGIN_LOCKOUT_MINUTES=15)
def test_failures_from_one_address_do_not_lock_the_owner_out_from_another():
    victim = UserFactory(username="secadmin2")
    fail(ATTACKER, victim.username, 5)
    # the attacking address is blocked for this account, even with the right password
    r = token(ATTACKER, victim.username, PASSWORD)
    assert r.status_code == 429 and r.json()["code"] == "login_throttled"
    # the owner, elsewhere, is asked for a captcha and then gets in
    r = token(OWNER, victim.username, PASSWORD)
    assert r.status_code == 401 and r.json()["code"] == "captcha_required"
    r = token(OWNER, victim.username, PASSWORD, **solved_captcha(OWNER))
    assert r.status_code == 200, r.content
    # a captcha is used once
    fail("192.0.2.99", victim.username, 3)
    answer = solved_captcha(OWNER)
    token(OWNER, victim.username, "wrong-Pass1", **answer)
    r = token(OWNER, victim.username, PASSWORD, **answer)
    assert r.json()["code"] == "captcha_required"


@override_settings(DUDAO_LOGIN_MAX_FAILURES=5)
def test_api_tokens_keep_working_while_the_web_login_is_throttled():
    user = UserFactory()
    key = token(OWNER, user.username, PASSWORD).json()["token"]
    fail(ATTACKER, user.username, 5)
    assert token(ATTACKER, user.username, PASSWORD).status_code == 429
    assert Client().get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


@override_settings(DUDAO_LOGIN_MAX_FAILURES=5, DUDAO_LOGIN_CAPTCHA_AFTER=3)
def test_unknown_user_wrong_password_and_throttled_account_answer_alike():
    user = UserFactory()

    def answers(name, ip):
        out = []
        for i in range(7):
            extra = solved_captcha(ip) if i >= 3 else {}
            r = token(ip, name, "guess-Pass1", **extra)
            out.append((r.status_code, r.json()["code"], r.json()["message"]))
        return out

    known, unknown = answers(user.username, "192.0.2.1"), answers("no-such-user", "192.0.2.2")
    assert known == unknown
    assert known[0] == (401, "invalid_credentials", "用户名或密码错误")
    assert all(code != "account_locked" for _s, code, _m in known)
    # and from a fresh address the throttled account answers like an unknown one
    assert token("192.0.2.3", user.username, "x-Pass12", **solved_captcha("192.0.2.3")).json()["code"] == \
        token("192.0.2.4", "nobody-else", "x-Pass12").json()["code"] == "invalid_credentials"


class CountingHasher(MD5PasswordHasher):
    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


@override_settings(DUDAO_LOGIN_IP_MAX_FAILURES=5, DUDAO_LOGIN_CAPTCHA_AFTER=100,
                   PASSWORD_HASHERS=["dudao.accounts.tests.test_login_throttle.CountingHasher"])
def test_a_throttled_address_costs_no_password_hash():
    user = UserFactory()
    for i in range(5):  # spraying: one address, many names
        token(ATTACKER, f"name{i}", "guess-Pass1")
    CountingHasher.calls = 0
    r = token(ATTACKER, user.username, PASSWORD)
    assert r.status_code == 429 and r.json()["code"] == "login_throttled"
    assert CountingHasher.calls == 0
    assert token(OWNER, user.username, PASSWORD).status_code == 200  # other addresses are untouched
    assert CountingHasher.calls == 1


@override_settings(DUDAO_LOGIN_CAPTCHA_AFTER=3)
def test_login_page_shows_a_captcha_after_failures():
    user = UserFactory()
    client = Client(REMOTE_ADDR=OWNER)
    for _ in range(3):
        page = client.post("/accounts/login/", {"login": user.username, "password": "guess-Pass1"})
    body = page.content.decode()
    assert 'name="captcha_key"' in body and "/accounts/captcha/" in body
    key = body.split('name="captcha_key" value="')[1].split('"')[0]
    assert client.get(f"/accounts/captcha/{key}/")["Content-Type"] == "image/png"
    page = client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    assert page.status_code == 200 and "请输入验证码" in page.content.decode()
    key = page.content.decode().split('name="captcha_key" value="')[1].split('"')[0]
    answer = cache.get(f"dudao:captcha:{key}")["a"]
    r = client.post("/accounts/login/", {"login": user.username, "password": PASSWORD, "captcha_key": key,
                                         "captcha": answer})
    assert r.status_code == 302 and r["Location"] == "/"
    assert Client().get("/accounts/captcha/unknown-key/").status_code == 404


@override_settings(DUDAO_LOGIN_MAX_FAILURES=5)
def test_an_administrator_unlock_clears_the_counters():
    from dudao.accounts.roles import RoleCode
    from dudao.testing.factories import user_with_role

    user = UserFactory()
    fail(ATTACKER, user.username, 5)
    assert token(ATTACKER, user.username, PASSWORD).status_code == 429
    secadmin = user_with_role(RoleCode.SECURITY_ADMIN)
    client = Client()
    client.force_login(secadmin)
    assert client.post(f"/api/v1/users/{user.pk}/unlock").status_code == 200
    # the address still made failures: it solves a captcha, and is no longer blocked
    assert token(ATTACKER, user.username, PASSWORD, **solved_captcha(ATTACKER)).status_code == 200
