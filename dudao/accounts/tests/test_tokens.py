import pytest
from django.test import Client

from dudao.accounts.models import ApiToken
from dudao.testing.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_token_flow_and_revocation():
    user = UserFactory()
    r = Client().post("/api/v1/auth/token", {"username": user.username, "password": PASSWORD},
                      content_type="application/json")
    assert r.status_code == 200
    key = r.json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    me = Client().get("/api/v1/auth/me", **auth)
    assert me.status_code == 200 and me.json()["username"] == user.username
    stored = ApiToken.objects.get(user=user)
    assert stored.key_hash != key and key not in stored.key_hash  # only the hash is stored
    r = Client().post(f"/api/v1/tokens/{stored.pk}/revoke", **auth)
    assert r.status_code == 200
    assert Client().get("/api/v1/auth/me", **auth).status_code == 401


def test_personal_token_created_and_revoked_in_the_ui():
    user = UserFactory()
    client = Client()
    client.force_login(user)
    page = client.post("/accounts/profile/", {"name": "报表脚本", "days": "30"})
    body = page.content.decode()
    assert "只显示这一次" in body
    key = body.split('id="new-token">')[1].split("<")[0]
    assert Client().get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    token = ApiToken.objects.get(user=user, name="报表脚本")
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert Client().get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_someone_elses_token_cannot_be_revoked():
    owner, other = UserFactory(), UserFactory()
    from dudao.accounts.services import api_token_create

    token, _key = api_token_create(user=owner, name="x")
    client = Client()
    client.force_login(other)
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_garbage_bearer_is_401():
    r = Client().get("/api/v1/units", HTTP_AUTHORIZATION="Bearer nonsense")
    assert r.status_code == 401 and r.json() == {"code": "unauthenticated", "message": "未登录或令牌无效"}
