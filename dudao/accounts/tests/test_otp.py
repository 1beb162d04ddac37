"""Two-factor login for administrators (and offices when configured) — issue 17, 身份鉴别 c."""

import pytest
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from dudao.accounts.roles import RoleCode
from dudao.testing.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db


def password_step(client, user):
    return client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})


def current_code(user) -> str:
    device = TOTPDevice.objects.filter(user=user).order_by("-id").first()
    return f"{totp(device.bin_key):06d}"


def unthrottle(user):
    """django-otp backs off (1 s, doubling) after a wrong code; the test does not wait."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)


def token(user, **extra):
    return Client().post("/api/v1/auth/token", {"username": user.username, "password": PASSWORD, **extra},
                         content_type="application/json")


@override_settings(DUDAO_LOGIN_CAPTCHA_AFTER=100)  # wrong codes count as failures (test_login_throttle.py)
def test_an_administrator_enrols_then_needs_a_code():
    admin = user_with_role(RoleCode.SECURITY_ADMIN)
    client = Client()
    r = password_step(client, admin)
    assert r.status_code == 302 and r["Location"] == "/accounts/login/otp/"
    assert client.get("/")["Location"].startswith("/accounts/login/")  # not logged in yet
    page = client.get("/accounts/login/otp/").content.decode()
    assert "<svg" in page and 'id="otp-secret"' in page
    assert token(admin).json()["code"] == "otp_enrolment_required"
    assert client.post("/accounts/login/otp/", {"code": "000000"}).status_code == 200  # wrong: still here
    unthrottle(admin)
    r = client.post("/accounts/login/otp/", {"code": current_code(admin)})
    assert r.status_code == 200 and 'id="recovery-codes"' in r.content.decode()
    codes = r.content.decode().split('id="recovery-codes">')[1].split("</ul>")[0]
    codes = [c.split(">")[-1] for c in codes.split("</li>") if ">" in c]
    assert len(codes) == 10
    assert client.get("/").status_code == 200  # logged in
    # next time: the password alone is not enough
    again = Client()
    assert password_step(again, admin)["Location"] == "/accounts/login/otp/"
    assert again.post("/accounts/login/otp/", {"code": codes[0]})["Location"] == "/"
    assert again.get("/").status_code == 200
    third = Client()
    password_step(third, admin)
    assert third.post("/accounts/login/otp/", {"code": codes[0]}).status_code == 200  # used up
    # the API: otp required, a recovery code works once
    assert token(admin).json()["code"] == "otp_required"
    assert token(admin, otp="12345678").json()["code"] == "invalid_otp"
    unthrottle(admin)
    r = token(admin, otp=codes[1])
    assert r.status_code == 200
    key = r.json()["token"]
    assert Client().get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


def test_too_many_wrong_codes_end_the_attempt():
    admin = user_with_role(RoleCode.SYSTEM_ADMIN)
    client = Client()
    password_step(client, admin)
    for _ in range(4):
        assert client.post("/accounts/login/otp/", {"code": "000000"}).status_code == 200
    assert client.post("/accounts/login/otp/", {"code": "000000"})["Location"] == "/accounts/login/"
    assert client.get("/accounts/login/otp/")["Location"] == "/accounts/login/"


def test_offices_only_when_configured(settings):
    office = user_with_role(RoleCode.OFFICE_ADMIN)
    assert password_step(Client(), office)["Location"] == "/"
    settings.DUDAO_OTP_OFFICES = True
    assert password_step(Client(), office)["Location"] == "/accounts/login/otp/"
    inspector = user_with_role(RoleCode.INSPECTOR)
    assert password_step(Client(), inspector)["Location"] == "/"


def test_exempt_accounts_for_the_demo():
    admin = user_with_role(RoleCode.AUDIT_ADMIN)
    with override_settings(DUDAO_OTP_EXEMPT_USERS=[admin.username]):
        assert password_step(Client(), admin)["Location"] == "/"
        assert token(admin).status_code == 200
    with override_settings(DUDAO_OTP_ADMINS=False):
        assert password_step(Client(), admin)["Location"] == "/"


def test_otp_reset_command_lets_the_user_enrol_again():
    from django.core.management import call_command

    from dudao.accounts import otp

    admin = user_with_role(RoleCode.SYSTEM_ADMIN)
    otp.pending_device(admin)
    otp.confirm(admin, current_code(admin))
    assert otp.enrolled(admin)
    call_command("otp_reset", admin.username, stdout=open("/dev/null", "w"))
    assert not otp.enrolled(admin)
    client = Client()
    password_step(client, admin)
    assert "<svg" in client.get("/accounts/login/otp/").content.decode()


def test_a_stolen_password_cannot_bind_a_device_after_the_window():
    """Issue 17: enrolment trusted the first login — whoever had the password bound their phone."""
    import datetime

    from django.utils import timezone

    from dudao.accounts.models import User

    admin = user_with_role(RoleCode.SYSTEM_ADMIN)
    assert admin.otp_enrol_until > timezone.now()  # a new account may bind within the window
    User.objects.filter(pk=admin.pk).update(otp_enrol_until=timezone.now() - datetime.timedelta(minutes=1))
    client = Client()
    r = password_step(client, admin)
    assert r.status_code != 302 or r["Location"] != "/accounts/login/otp/"
    assert "绑定期限已过" in r.content.decode()
    assert token(admin).json()["code"] == "otp_enrolment_closed"
    assert not TOTPDevice.objects.filter(user=admin).exists()


def test_the_security_administrator_resets_a_lost_phone_and_the_user_binds_again():
    import datetime

    from django.utils import timezone

    from dudao.accounts.models import User
    from dudao.audit.models import AuditEntry

    admin = user_with_role(RoleCode.SYSTEM_ADMIN)
    client = Client()
    password_step(client, admin)
    client.get("/accounts/login/otp/")
    assert client.post("/accounts/login/otp/", {"code": current_code(admin)}).status_code == 200  # bound
    assert User.objects.get(pk=admin.pk).otp_enrol_until is None  # binding closes the window
    # The phone is lost long after: the window has closed, the security administrator resets it.
    sec = user_with_role(RoleCode.SECURITY_ADMIN)
    sec_client = Client()
    sec_client.force_login(sec)
    page = sec_client.get(f"/accounts/users/{admin.pk}/").content.decode()
    assert "已绑定" in page and "重置动态口令" in page
    assert sec_client.post(f"/accounts/users/{admin.pk}/otp-reset/", {"reason": ""}).status_code == 302
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()  # no reason: nothing done
    r = sec_client.post(f"/api/v1/users/{admin.pk}/otp-reset", {"reason": "手机丢失"}, content_type="application/json")
    assert r.status_code == 200, r.content
    assert not TOTPDevice.objects.filter(user=admin).exists() and not StaticDevice.objects.filter(user=admin).exists()
    until = User.objects.get(pk=admin.pk).otp_enrol_until
    assert timezone.now() + datetime.timedelta(hours=71) < until < timezone.now() + datetime.timedelta(hours=73)
    entry = AuditEntry.objects.filter(object_type="accounts.user", object_id=str(admin.pk), actor=sec).latest("id")
    assert "手机丢失" in entry.note
    again = Client()
    assert password_step(again, admin)["Location"] == "/accounts/login/otp/"
    again.get("/accounts/login/otp/")
    assert again.post("/accounts/login/otp/", {"code": current_code(admin)}).status_code == 200
    # Nobody resets their own second factor, and other roles cannot reset anyone's.
    r = sec_client.post(f"/api/v1/users/{sec.pk}/otp-reset", {"reason": "自己"}, content_type="application/json")
    assert r.status_code == 422
    other = Client()
    other.force_login(user_with_role(RoleCode.SYSTEM_ADMIN))
    r = other.post(f"/api/v1/users/{admin.pk}/otp-reset", {"reason": "越权"}, content_type="application/json")
    assert r.status_code in (403, 404)
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()


@override_settings(DUDAO_SMS_GATEWAY="dudao.accounts.sms.MemoryGateway", DUDAO_LOGIN_CAPTCHA_AFTER=100)
def test_sms_codes_for_someone_without_a_smartphone():
    """The SMS adaptor (accounts/sms.py): enabled by the security administrator, the code goes to
    the account's own mobile through the configured gateway, on the web and over the API."""
    import re

    from dudao.accounts.sms import MemoryGateway

    MemoryGateway.outbox.clear()
    admin = user_with_role(RoleCode.SYSTEM_ADMIN)
    sec = Client()
    sec.force_login(user_with_role(RoleCode.SECURITY_ADMIN))
    r = sec.post(f"/api/v1/users/{admin.pk}/otp-sms", content_type="application/json")
    assert r.status_code == 422 and "没有手机号码" in r.content.decode()  # no mobile, no SMS
    admin.mobile = "13912344444"
    admin.save(update_fields=["mobile"])
    assert sec.post(f"/accounts/users/{admin.pk}/otp-sms/").status_code == 302
    assert "短信验证码" in sec.get(f"/accounts/users/{admin.pk}/").content.decode()
    client = Client()
    assert password_step(client, admin)["Location"] == "/accounts/login/otp/"  # bound: no QR code
    page = client.get("/accounts/login/otp/").content.decode()
    assert 'id="otp-send-sms"' in page and 'id="otp-qr"' not in page
    client.post("/accounts/login/otp/", {"send_sms": "1"})
    mobile, text = MemoryGateway.outbox[-1]
    assert mobile == "13912344444"
    code = re.search(r"\d{6}", text).group()
    client.post("/accounts/login/otp/", {"send_sms": "1"})
    assert len(MemoryGateway.outbox) == 1  # one code a minute
    assert client.post("/accounts/login/otp/", {"code": code})["Location"] == "/"
    assert client.get("/").status_code == 200
    # The API: a token request without otp sends the code; the code gets the token.
    from dudao.accounts.models import SmsDevice

    SmsDevice.objects.filter(user=admin).update(last_generated_timestamp=None)
    r = token(admin)
    assert r.status_code == 401 and "短信验证码已发送" in r.json()["message"]
    code = re.search(r"\d{6}", MemoryGateway.outbox[-1][1]).group()
    assert token(admin, otp=code).status_code == 200
    assert token(admin, otp=code).status_code == 401  # used up
