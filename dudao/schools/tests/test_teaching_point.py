"""教学点 is a flag of the school profile (not a name): set through the profile page, its API twin
and the 学校名录 import; only a 小学 may be one; the school page shows it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from dudao.accounts.roles import RoleCode
from dudao.schools.models import SchoolProfile
from dudao.testing import schools_factories as sf
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import api_client, ui_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    return {"admin": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]),
            "other": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]),
            "school": sf.school(tree["nanan"], name="坪上村小")}


def _payload(profile, **over):
    data = {"school_code": profile.school_code, "stage": profile.stage, "ownership": profile.ownership,
            "authority": profile.authority, "is_teaching_point": True}
    data.update(over)
    return data


def test_the_api_sets_and_reads_the_flag(world):
    profile = world["school"].school_profile
    client = api_client(world["admin"])
    r = client.put(f"/api/v1/schools/{world['school'].pk}", _payload(profile), content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json()["is_teaching_point"] is True
    assert SchoolProfile.objects.get(pk=profile.pk).is_teaching_point
    assert client.get(f"/api/v1/schools/{world['school'].pk}").json()["is_teaching_point"] is True
    page = ui_client(world["admin"]).get(f"/schools/{world['school'].pk}/").content.decode()
    assert 'id="teaching-point"' in page
    # out of scope: another district's office
    r = api_client(world["other"]).put(f"/api/v1/schools/{world['school'].pk}", _payload(profile, is_teaching_point=False),
                                       content_type="application/json")
    assert r.status_code in (403, 404)
    assert SchoolProfile.objects.get(pk=profile.pk).is_teaching_point


def test_only_a_primary_school_may_be_a_teaching_point(world):
    profile = world["school"].school_profile
    r = api_client(world["admin"]).put(f"/api/v1/schools/{world['school'].pk}", _payload(profile, stage="junior"),
                                       content_type="application/json")
    assert r.status_code == 422
    assert "教学点的学段应为小学" in r.content.decode()
    assert not SchoolProfile.objects.get(pk=profile.pk).is_teaching_point


def test_the_profile_page_sets_the_flag(world):
    profile = world["school"].school_profile
    r = ui_client(world["admin"]).post(f"/schools/{world['school'].pk}/profile/", {
        "school_code": profile.school_code, "stage": "primary", "ownership": profile.ownership,
        "authority": profile.authority, "is_teaching_point": "on"})
    assert r.status_code == 302, r.content.decode()[:2000]
    assert SchoolProfile.objects.get(pk=profile.pk).is_teaching_point


def _xlsx(rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("schools.xlsx", buf.getvalue())


HEADER = ["学校名称*", "类型*", "区划代码*", "学校标识码*", "学段*", "教学点"]


def test_the_import_column(world, tree):
    code = tree["nanan"].code
    r = api_client(world["admin"]).post("/api/v1/corps/imports/schools", {"file": _xlsx([
        HEADER, ["导入教学点", "学校", code, "3150000101", "小学", "是"],
        ["导入完小", "学校", code, "3150000102", "小学", ""]])})
    assert r.status_code == 200, r.content
    flags = dict(SchoolProfile.objects.filter(unit__name__startswith="导入").values_list("unit__name", "is_teaching_point"))
    assert flags == {"导入教学点": True, "导入完小": False}
    # an empty cell keeps the flag; 否 clears it; a junior school marked 是 is refused with its row
    r = api_client(world["admin"]).post("/api/v1/corps/imports/schools", {"file": _xlsx([
        HEADER, ["导入教学点", "学校", code, "3150000101", "小学", ""]])})
    assert r.status_code == 200 and SchoolProfile.objects.get(unit__name="导入教学点").is_teaching_point
    r = api_client(world["admin"]).post("/api/v1/corps/imports/schools", {"file": _xlsx([
        HEADER, ["导入初中", "学校", code, "3150000103", "初中", "是"]])})
    assert r.status_code == 422 and r.json()["errors"][0]["row"] == 2
    r = api_client(world["admin"]).post("/api/v1/corps/imports/schools", {"file": _xlsx([
        HEADER, ["导入教学点", "学校", code, "3150000101", "小学", "否"]])})
    assert r.status_code == 200 and not SchoolProfile.objects.get(unit__name="导入教学点").is_teaching_point
