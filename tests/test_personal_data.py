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
