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


def _token(user, password=PASSWORD):
    r = Client().post("/api/v1/auth/token", {"username": user.username, "password": password},
                      content_type="application/json")
    assert r.status_code == 200, r.content
    return {"HTTP_AUTHORIZATION": f"Bearer {r.json()['token']}"}


def test_a_password_change_revokes_the_tokens():
    user = UserFactory()
    auth, other = _token(user), _token(user)
    r = Client().post("/api/v1/auth/password", {"old_password": PASSWORD, "new_password": "Changed#2025"},
                      content_type="application/json", **auth)
    assert r.status_code == 200
    assert Client().get("/api/v1/auth/me", **auth).status_code == 401
    assert Client().get("/api/v1/auth/me", **other).status_code == 401
    assert Client().get("/api/v1/auth/me", **_token(user, "Changed#2025")).status_code == 200


def test_an_administrator_reset_revokes_the_tokens():
    from dudao.accounts.roles import RoleCode
    from dudao.testing.factories import user_with_role

    user = UserFactory()
    auth = _token(user)
    admin = Client()
    admin.force_login(user_with_role(RoleCode.SYSTEM_ADMIN))
    assert admin.post(f"/accounts/users/{user.pk}/password/", {"password": "Reset#2025x"}).status_code == 302
    assert Client().get("/api/v1/auth/me", **auth).status_code == 401


def test_token_lifetime_has_a_ceiling(settings):
    settings.DUDAO_API_TOKEN_MAX_DAYS = 180
    user = UserFactory()
    client = Client()
    client.force_login(user)
    r = client.post("/api/v1/tokens", {"name": "脚本", "days": 3650}, content_type="application/json")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "days"
    assert "180" in r.json()["errors"][0]["message"]
    r = client.post("/api/v1/tokens", {"name": "脚本", "days": 180}, content_type="application/json")
    assert r.status_code == 201
    page = client.post("/accounts/profile/", {"name": "报表", "days": "3650"})
    assert "180" in page.content.decode() and not ApiToken.objects.filter(name="报表").exists()


def test_an_idle_token_expires(settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.DUDAO_API_TOKEN_IDLE_DAYS = 30
    user = UserFactory()
    auth = _token(user)
    assert Client().get("/api/v1/auth/me", **auth).status_code == 200
    ApiToken.objects.filter(user=user).update(last_used_at=timezone.now() - timedelta(days=31))
    assert Client().get("/api/v1/auth/me", **auth).status_code == 401
    fresh = _token(user)
    ApiToken.objects.filter(user=user, last_used_at__isnull=True).update(
        created_at=timezone.now() - timedelta(days=31))
    assert Client().get("/api/v1/auth/me", **fresh).status_code == 401


def test_token_issuance_is_audited_with_its_actor():
    from dudao.audit.models import AuditAction, AuditEntry

    user = UserFactory()
    _token(user)
    token = ApiToken.objects.get(user=user)
    entries = AuditEntry.objects.filter(object_type="accounts.apitoken", object_id=str(token.pk),
                                        action=AuditAction.CREATE)
    assert entries.count() == 1
    assert (entries[0].actor_id, entries[0].actor_username, entries[0].channel) == (user.pk, user.username, "api")
