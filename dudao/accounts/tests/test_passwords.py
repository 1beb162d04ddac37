"""Password quality, history and expiry (issue 17, 身份鉴别 b)."""

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from dudao.accounts.models import User
from dudao.testing.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def change(client, old, new):
    return client.post("/api/v1/auth/password", {"old_password": old, "new_password": new},
                       content_type="application/json")


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("password", "message"), [
    ("Aa1aaaaa", "连续相同的字符"),
    ("Zhangsan#2025", "用户名"),
    ("x13912345678A", "手机号码"),
])
def test_weak_passwords_are_refused_in_chinese(password, message):
    user = UserFactory(username="zhangsan", mobile="13912345678")
    r = change(logged_in(user), PASSWORD, password)
    assert r.status_code == 422, r.content
    assert r.json()["errors"][0]["field"] == "new_password"
    assert any(message in e["message"] for e in r.json()["errors"]), r.json()


@override_settings(DUDAO_PASSWORD_HISTORY=3)
def test_the_last_passwords_cannot_be_chosen_again():
    user = UserFactory()
    client = logged_in(user)
    assert change(client, PASSWORD, "First#Pass1").status_code == 200
    client = logged_in(User.objects.get(pk=user.pk))
    assert change(client, "First#Pass1", "Second#Pass2").status_code == 200
    client = logged_in(User.objects.get(pk=user.pk))
    r = change(client, "Second#Pass2", "First#Pass1")
    assert r.status_code == 422 and "最近3次" in r.json()["errors"][0]["message"]
    assert change(client, "Second#Pass2", PASSWORD).status_code == 422  # the original one too
    assert change(client, "Second#Pass2", "Third#Pass3").status_code == 200


@override_settings(DUDAO_PASSWORD_MAX_AGE_DAYS=90)
def test_an_expired_password_must_be_changed_at_login():
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - timedelta(days=91))
    client = Client()
    r = client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    assert r.status_code == 302 and r["Location"] == "/accounts/password/"
    assert client.get("/units/")["Location"] == "/accounts/password/"
    r = Client().post("/api/v1/auth/token", {"username": user.username, "password": PASSWORD},
                      content_type="application/json")
    assert r.status_code == 403 and r.json()["code"] == "password_change_required"
    r = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password": "Fresh#Pass9",
                                            "new_password2": "Fresh#Pass9"})
    assert r.status_code == 302
    assert client.get("/units/").status_code == 200


@override_settings(DUDAO_PASSWORD_MAX_AGE_DAYS=90)
def test_a_recent_password_is_not_expired():
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - timedelta(days=89))
    r = Client().post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    assert r["Location"] == "/"
