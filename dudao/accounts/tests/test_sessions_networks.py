"""Concurrent sessions and administrator networks (issue 17, 身份鉴别/访问控制)."""

import pytest
from django.test import Client, override_settings

from dudao.accounts.roles import RoleCode
from dudao.testing.factories import PASSWORD, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def browser(user, ip="10.1.2.3"):
    client = Client(REMOTE_ADDR=ip)
    r = client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    return client, r


@override_settings(DUDAO_MAX_SESSIONS_PER_USER=3)
def test_the_oldest_session_ends_beyond_the_limit():
    user = UserFactory()
    clients = [browser(user)[0] for _ in range(3)]
    assert all(c.get("/").status_code == 200 for c in clients)
    fourth = browser(user)[0]
    assert fourth.get("/").status_code == 200
    assert clients[0].get("/").status_code == 302  # the oldest was ended
    assert [c.get("/").status_code for c in clients[1:]] == [200, 200]
    clients[1].post("/accounts/logout/")  # a logged-out session no longer counts
    browser(user)
    assert clients[2].get("/").status_code == 200


@override_settings(DUDAO_ADMIN_NETWORKS=["10.1.0.0/16"], DUDAO_OTP_ADMINS=False)
def test_administrators_only_from_allowed_networks():
    admin = user_with_role(RoleCode.SYSTEM_ADMIN)
    client, r = browser(admin, ip="192.168.9.9")
    assert r.status_code == 200 and "不允许从此网络登录" in r.content.decode()
    assert client.get("/").status_code == 302
    r = Client(REMOTE_ADDR="192.168.9.9").post("/api/v1/auth/token", {"username": admin.username,
                                                                      "password": PASSWORD},
                                               content_type="application/json")
    assert r.status_code == 403 and r.json()["code"] == "network_refused"
    client, r = browser(admin, ip="10.1.2.3")
    assert r.status_code == 302 and client.get("/").status_code == 200
    key = Client(REMOTE_ADDR="10.1.2.3").post(
        "/api/v1/auth/token", {"username": admin.username, "password": PASSWORD},
        content_type="application/json").json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert Client(REMOTE_ADDR="10.1.5.5").get("/api/v1/auth/me", **auth).status_code == 200
    r = Client(REMOTE_ADDR="192.168.9.9").get("/api/v1/auth/me", **auth)
    assert r.status_code == 403 and r.json()["code"] == "network_refused"
    # the same browser session from outside is ended
    client.defaults["REMOTE_ADDR"] = "192.168.9.9"
    assert client.get("/")["Location"].startswith("/accounts/login/")
    # other users may work from anywhere
    office = user_with_role(RoleCode.OFFICE_ADMIN)
    assert browser(office, ip="192.168.9.9")[1].status_code == 302
