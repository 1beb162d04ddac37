"""The API twins of the template and 发文设置 pages: upload a template, switch it on or off, set an
office's 发文字号 prefix and 发文机关标志 — the same services as the pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dudao.documents.models import DocumentTemplate, OfficeProfile
from dudao.documents.services import office_profile, template_upload
from dudao.testing.factories import UserFactory, user_with_role
from dudao.testing.matrix import api_client

from .test_templates import GOOD, make_template

pytestmark = pytest.mark.django_db
URL = "/api/v1/documents/templates"


@pytest.fixture
def ddk_admin(tree):
    from dudao.accounts.roles import RoleCode

    return user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"])


@pytest.fixture
def school_user(tree):
    from dudao.testing.factories import UnitFactory

    return UserFactory(unit=UnitFactory(region=tree["nanan"]))


def upload(user, office, data=GOOD, name="整改通知书.docx", **extra):
    body = {"office_id": office.pk, "kind": "rectification_notice", "note": "红头版",
            "file": SimpleUploadedFile(name, data), **extra}
    return api_client(user).post(URL, body)


# ---- upload -------------------------------------------------------------------------------------

def test_upload_makes_the_new_version_the_active_one(nanan_office, nanan_admin):
    first = upload(nanan_admin, nanan_office)
    assert first.status_code == 201, first.content
    r = upload(nanan_admin, nanan_office)
    body = r.json()
    assert (body["version"], body["is_active"], body["note"], body["office_id"]) == (2, True, "红头版", nanan_office.pk)
    assert body["placeholders"] == ["doc_number", "recipient", "problems", "deadline"]
    assert list(DocumentTemplate.objects.filter(office=nanan_office).values_list("version", "is_active")) == [
        (2, True), (1, False)]


def test_unknown_placeholders_are_named_and_nothing_is_stored(nanan_office, nanan_admin):
    r = upload(nanan_admin, nanan_office, make_template("{{recipient}}", "{{schoool_name}}"))
    assert r.status_code == 422, r.content
    assert "{{schoool_name}}" in r.json()["message"]
    assert not DocumentTemplate.objects.exists()


@pytest.mark.parametrize(("name", "data", "message"), [
    ("模板.doc", GOOD, "请上传 .docx 文件"),
    ("模板.docx", b"x" * (10 * 1024 * 1024 + 1), "模板文件不能超过 10 MB"),
])
def test_only_a_docx_of_at_most_10_mb_is_taken(nanan_office, nanan_admin, name, data, message):
    r = upload(nanan_admin, nanan_office, data, name=name)
    assert r.status_code == 422 and r.json()["errors"] == [{"field": "file", "message": message}]
    assert not DocumentTemplate.objects.exists()


def test_bad_fields_are_refused(nanan_office, nanan_admin):
    r = upload(nanan_admin, nanan_office, kind="no_such_kind")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "kind"
    r = upload(nanan_admin, nanan_office, note="长" * 201)
    assert r.status_code == 422 and r.json()["errors"][0] == {"field": "note", "message": "内容过长"}
    assert not DocumentTemplate.objects.exists()


def test_another_districts_office_and_a_school_user_are_refused(nanan_office, ddk_admin, school_user):
    r = upload(ddk_admin, nanan_office)
    assert r.status_code == 422 and r.json()["errors"] == [{"field": "office_id", "message": "不存在或无权访问"}]
    r = upload(school_user, nanan_office)
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    assert not DocumentTemplate.objects.exists()


# ---- on / off -----------------------------------------------------------------------------------

def set_active(user, tpl, body):
    return api_client(user).post(f"{URL}/{tpl.pk}/active", body, content_type="application/json")


def test_switching_a_template_off_and_back_on(nanan_office, nanan_admin):
    v1 = template_upload(actor=None, office=nanan_office, kind="rectification_notice", data=GOOD)
    v2 = template_upload(actor=None, office=nanan_office, kind="rectification_notice", data=GOOD)
    r = set_active(nanan_admin, v2, {"active": False})
    assert r.status_code == 200 and r.json()["is_active"] is False
    assert not DocumentTemplate.objects.filter(is_active=True).exists()
    r = set_active(nanan_admin, v1, {"active": True})
    assert r.status_code == 200 and r.json()["is_active"] is True and r.json()["version"] == 1


def test_switching_needs_a_boolean_and_the_office_in_scope(nanan_office, ddk_admin, school_user, nanan_admin):
    tpl = template_upload(actor=None, office=nanan_office, kind="rectification_notice", data=GOOD)
    r = set_active(nanan_admin, tpl, {"active": "maybe"})
    assert r.status_code == 422 and r.json()["errors"][0] == {"field": "active", "message": "应为布尔值"}
    r = set_active(nanan_admin, tpl, {"active": False, "extra": 1})
    assert r.status_code == 422 and r.json()["errors"][0] == {"field": "extra", "message": "不允许的字段"}
    assert set_active(ddk_admin, tpl, {"active": False}).status_code == 404
    assert set_active(school_user, tpl, {"active": False}).status_code == 404
    assert DocumentTemplate.objects.get(pk=tpl.pk).is_active


# ---- 发文设置 -----------------------------------------------------------------------------------

def put_profile(user, office, body):
    return api_client(user).put(f"/api/v1/documents/offices/{office.pk}/profile", body,
                                content_type="application/json")


def test_the_office_profile_sets_the_next_numbers_prefix(nanan_office, nanan_admin):
    r = put_profile(nanan_admin, nanan_office, {"number_prefix": " 南教督 ", "issuing_mark": "南岸区督导室文件"})
    assert r.status_code == 200, r.content
    assert r.json() == {"office_id": nanan_office.pk, "office_name": nanan_office.name, "number_prefix": "南教督",
                        "issuing_mark": "南岸区督导室文件", "example": "南教督〔2025〕12号"}
    assert office_profile(nanan_office).number_prefix == "南教督"


@pytest.mark.parametrize(("body", "field", "message"), [
    ({"number_prefix": "   ", "issuing_mark": "文件"}, "number_prefix", "请填写发文字号前缀"),
    ({"number_prefix": "", "issuing_mark": "文件"}, "number_prefix", "内容过短"),
    ({"number_prefix": "字" * 21, "issuing_mark": "文件"}, "number_prefix", "内容过长"),
    ({"number_prefix": "南教督"}, "issuing_mark", "必填项"),
])
def test_a_bad_profile_is_refused_and_nothing_changes(nanan_office, nanan_admin, body, field, message):
    before = office_profile(nanan_office).number_prefix
    r = put_profile(nanan_admin, nanan_office, body)
    assert r.status_code == 422 and r.json()["errors"][0] == {"field": field, "message": message}
    assert OfficeProfile.objects.get(office=nanan_office).number_prefix == before


def test_another_district_and_a_school_user_may_not_set_the_profile(nanan_office, ddk_admin, school_user):
    body = {"number_prefix": "越权教督", "issuing_mark": "越权文件"}
    assert put_profile(ddk_admin, nanan_office, body).status_code == 404
    assert put_profile(school_user, nanan_office, body).status_code == 404
    assert not OfficeProfile.objects.filter(number_prefix="越权教督").exists()
