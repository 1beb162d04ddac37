"""个人信息保护 (issue 17 "personal data"): phone numbers and 身份证号 masked in lists and exports
for those who do not need them; every export watermarked with its exporter and time."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from dudao.accounts.roles import RoleCode
from dudao.common.personal import mask_id_number, mask_phone
from dudao.testing.factories import UnitFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_masks():
    assert mask_id_number("500101199001011234") == "5001**********1234"
    assert mask_phone("13912345678") == "139****5678"
    assert mask_phone("") == "" and mask_id_number(None) == ""


def _export(user, url):
    client = Client()
    client.force_login(user)
    response = client.get(url, {"export": "xlsx"})
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_mobile_numbers_are_masked_for_those_who_do_not_manage_accounts(tree):
    UserFactory(unit=UnitFactory(region=tree["nanan"]), real_name="掩码用户", mobile="13912345678")
    office = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    client = Client()
    client.force_login(office)
    page = client.get("/accounts/users/", {"q": "掩码用户"}).content.decode()
    assert "139****5678" in page and "13912345678" not in page
    rows = list(_export(office, "/accounts/users/").active.iter_rows(values_only=True))
    assert ("139****5678" in str(rows)) and "13912345678" not in str(rows)

    sysadmin = user_with_role(RoleCode.SYSTEM_ADMIN)
    assert "13912345678" in str(list(_export(sysadmin, "/accounts/users/").active.iter_rows(values_only=True)))


def test_exports_are_watermarked_with_the_exporter_and_the_time(tree):
    sysadmin = user_with_role(RoleCode.SYSTEM_ADMIN, real_name="导出管理员")
    wb = _export(sysadmin, "/accounts/users/")
    ws = wb.active
    for text in (ws.oddHeader.center.text, ws.oddFooter.center.text, wb.properties.creator):
        assert sysadmin.username in text and "导出管理员" in text and "导出时间" in text


# --- 数据保密性: personal data encrypted at rest (common/crypto.py) ---------------------------------

def _raw(model, pk, column) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name(column)} FROM {connection.ops.quote_name(model._meta.db_table)}"
                       f" WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_personal_values_are_stored_encrypted_and_read_back(tree):
    from dudao.complaints.models import Complaint
    from dudao.inspectors.models import Inspector
    from dudao.orgs.models import MemberUnit
    from dudao.testing import schools_factories as sf

    user = UserFactory(unit=UnitFactory(region=tree["nanan"]), mobile="13912345678")
    office = sf.office(tree["nanan"])
    insp = sf.inspector(office, name="密文督学", id_number="50010819800101123x", mobile="13800138000")
    school = sf.school(tree["nanan"])
    complaint = Complaint.objects.create(school=school, kind="other", content="某事", contact_phone="023-62888888",
                                         region_path=school.region_path)
    committee = UnitFactory(region=tree["nanan"], kind="committee")
    member = MemberUnit.objects.create(committee=committee, unit=UnitFactory(region=tree["nanan"]),
                                       liaison_mobile="13700137000")
    for model, pk, column, clear in [(type(user), user.pk, "mobile", "13912345678"),
                                     (Inspector, insp.pk, "id_number", "50010819800101123x"),
                                     (Inspector, insp.pk, "mobile", "13800138000"),
                                     (Complaint, complaint.pk, "contact_phone", "023-62888888"),
                                     (MemberUnit, member.pk, "liaison_mobile", "13700137000")]:
        stored = _raw(model, pk, column)
        assert stored.startswith("enc1:") and clear not in stored and clear[-4:] not in stored, (model, column)
        assert getattr(model.objects.get(pk=pk), column) == clear
    # The blind index is a keyed digest, not the number.
    assert len(_raw(type(user), user.pk, "mobile_index")) == 64
    assert _raw(Inspector, insp.pk, "id_number_index") != "50010819800101123X"


def test_login_by_mobile_goes_through_the_blind_index(tree):
    from dudao.accounts.models import User

    user = UserFactory(unit=UnitFactory(region=tree["nanan"]), mobile="13912340000")
    user.set_password("Pw#12345678x")
    user.save()
    r = Client().post("/api/v1/auth/token", {"username": "13912340000", "password": "Pw#12345678x"},
                      content_type="application/json")
    assert r.status_code in (200, 201), r.content
    # A partial-field save (update_fields) keeps the index in step with the new number.
    user.mobile = "13912349999"
    user.save(update_fields=["mobile"])
    assert User.objects.filter(mobile_index=__import__("dudao.common.crypto", fromlist=["x"]).blind_index(
        "13912349999")).get() == user
    r = Client().post("/api/v1/auth/token", {"username": "13912340000", "password": "Pw#12345678x"},
                      content_type="application/json")
    assert r.status_code in (400, 401, 403)


def test_a_mobile_already_used_is_refused_in_chinese_not_a_500(tree):
    UserFactory(unit=UnitFactory(region=tree["nanan"]), mobile="13912341111")
    admin = user_with_role(RoleCode.SYSTEM_ADMIN)
    client = Client()
    client.force_login(admin)
    r = client.post("/api/v1/users", {"username": "dup1", "real_name": "重复", "password": "Abcdef#12345x",
                                      "mobile": "13912341111"}, content_type="application/json")
    assert r.status_code == 422, r.content
    assert "手机号码已被使用" in r.content.decode()


def test_the_same_id_number_twice_in_one_office_is_refused(tree):
    from django.core.exceptions import ValidationError

    from dudao.inspectors.models import Inspector
    from dudao.testing import schools_factories as sf

    office = sf.office(tree["nanan"])
    sf.inspector(office, name="甲", id_number="500108198001011234")
    twin = Inspector(office=office, name="乙", kind="part_time", id_number="500108198001011234",
                     region_path=office.region_path)
    with pytest.raises(ValidationError) as exc:
        twin.full_clean()
    assert "本机构已登记该身份证号的督学" in str(exc.value.messages)
    # Another office may have the same person.
    other = Inspector(office=sf.office(tree["ddk"]), name="乙", kind="part_time", id_number="500108198001011234")
    other.full_clean(exclude=["region_path"])


def test_the_data_migration_encrypts_clear_rows_and_the_command_rotates_keys(tree, monkeypatch):
    from cryptography.fernet import Fernet
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection

    from dudao.common import crypto
    from dudao.inspectors.models import Inspector
    from dudao.testing import schools_factories as sf

    insp = sf.inspector(sf.office(tree["nanan"]), name="旧数据", id_number="500108198001015678")
    with connection.cursor() as cursor:  # as a row written before encryption
        cursor.execute("UPDATE inspectors_inspector SET id_number = %s, id_number_index = '' WHERE id = %s",
                       ["500108198001015678", insp.pk])
    assert Inspector.objects.get(pk=insp.pk).id_number == "500108198001015678"  # clear text still reads
    forward, _backward = crypto.encrypt_existing_rows("inspectors", "inspector")
    forward(apps, None)
    assert _raw(Inspector, insp.pk, "id_number").startswith("enc1:")
    assert Inspector.objects.get(id_number_index=crypto.blind_index("500108198001015678")) == insp
    # Rotation: a new first key encrypts, the old one still decrypts; after the command only the new key is needed.
    old_token = _raw(Inspector, insp.pk, "id_number")
    new_key = Fernet.generate_key().decode()
    monkeypatch.setenv("DUDAO_FIELD_KEYS", new_key + "," + crypto.base64.urlsafe_b64encode(
        crypto._derive(b"field-encryption")).decode())
    crypto.reset_keys()
    try:
        call_command("reencrypt_personal_data", stdout=io.StringIO())
        assert _raw(Inspector, insp.pk, "id_number") != old_token
        monkeypatch.setenv("DUDAO_FIELD_KEYS", new_key)
        crypto.reset_keys()
        assert Inspector.objects.get(pk=insp.pk).id_number == "500108198001015678"
    finally:
        monkeypatch.delenv("DUDAO_FIELD_KEYS")
        crypto.reset_keys()


def test_the_audit_log_keeps_personal_values_out(tree):
    from dudao.audit.models import AuditEntry

    user = UserFactory(unit=UnitFactory(region=tree["nanan"]), mobile="13912342222")
    entries = AuditEntry.objects.filter(object_type="accounts.user", object_id=str(user.pk))
    assert entries.exists()
    assert "13912342222" not in str(list(entries.values_list("before", "after")))


def test_the_security_administrator_sees_masked_mobiles_on_the_user_page_and_api(tree):
    target = UserFactory(unit=UnitFactory(region=tree["nanan"]), mobile="13912343333")
    client = Client()
    client.force_login(user_with_role(RoleCode.SECURITY_ADMIN))
    page = client.get(f"/accounts/users/{target.pk}/").content.decode()
    assert "139****3333" in page and "13912343333" not in page
    assert client.get(f"/api/v1/users/{target.pk}").json()["mobile"] == "139****3333"
    manager = Client()
    manager.force_login(user_with_role(RoleCode.SYSTEM_ADMIN))
    assert manager.get(f"/api/v1/users/{target.pk}").json()["mobile"] == "13912343333"
