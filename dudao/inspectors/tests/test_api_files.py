"""The API twins of the corps' import, sign and appointment document pages (``api_files``)."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from dudao.accounts.roles import RoleCode
from dudao.documents.models import IssuedDocument
from dudao.inspectors import workflows
from dudao.inspectors.models import Inspector, Posting
from dudao.inspectors.postings import posting_create
from dudao.testing import schools_factories as sf
from dudao.testing.factories import UserFactory, user_with_role
from dudao.testing.matrix import api_client

pytestmark = pytest.mark.django_db


def xlsx(rows) -> SimpleUploadedFile:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("upload.xlsx", buf.getvalue())


@pytest.fixture
def world(tree):
    office = sf.office(tree["nanan"])
    return {
        "office": office,
        "admin": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]),
        "other": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]),
        "school": sf.school(tree["nanan"], students=800, name="接口挂牌小学"),
        "inspector": sf.inspector(office, name="接口督学", phone="023-62000009"),
    }


def school_user(world):
    return UserFactory(unit=world["school"])


# ---- imports ------------------------------------------------------------------------------------

POSTINGS = ["学校标识码*", "督学姓名*", "督学身份证号", "挂牌日期*"]


def post_import(user, kind, file, **form):
    return api_client(user).post(f"/api/v1/corps/imports/{kind}", {"file": file, **form})


def test_postings_import_writes_every_row(world):
    code = world["school"].school_profile.school_code
    r = post_import(world["admin"], "postings", xlsx([POSTINGS, [code, "接口督学", "", "2025-09-01"]]))
    assert r.status_code == 200, r.content
    assert r.json() == {"kind": "postings", "rows": 1, "written": 1}
    assert Posting.objects.filter(school=world["school"], inspector=world["inspector"],
                                  start_date=datetime.date(2025, 9, 1)).exists()


def test_postings_import_with_a_bad_row_writes_nothing_and_names_row_and_column(world):
    code = world["school"].school_profile.school_code
    r = post_import(world["admin"], "postings", xlsx([POSTINGS, [code, "接口督学", "", "2025-09-01"],
                                                      ["9999999999", "接口督学", "", "2025-09-01"],
                                                      [code, "接口督学", "", "九月一日"]]))
    assert r.status_code == 422, r.content
    body = r.json()
    assert body["code"] == "import_rejected" and "未导入任何数据" in body["message"]
    assert [(e["row"], e["field"]) for e in body["errors"]] == [(3, "学校标识码"), (4, "挂牌日期")]
    assert body["errors"][0]["message"] == "第3行「学校标识码」：找不到该学校标识码"
    assert not Posting.objects.exists()


def test_an_unreadable_file_is_an_error_of_the_whole_file(world):
    r = post_import(world["admin"], "training", SimpleUploadedFile("x.xlsx", b"not excel"))
    assert r.status_code == 422
    assert r.json()["errors"] == [{"field": "file", "row": None,
                                   "message": "无法读取文件，请上传 .xlsx 格式的 Excel 文件"}]


def test_the_roster_import_needs_an_office_in_scope(world, tree):
    roster = [["姓名*", "类别*", "公开联系电话"], ["接口新督学", "兼职督学", "023-68880001"]]
    r = post_import(world["admin"], "inspectors", xlsx(roster))
    assert r.status_code == 422 and r.json()["errors"][0] == {"field": "office", "message": "请选择聘任督导机构"}
    elsewhere = sf.office(tree["ddk"])
    r = post_import(world["admin"], "inspectors", xlsx(roster), office_id=elsewhere.pk)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "office_id"
    assert not Inspector.objects.filter(name="接口新督学").exists()
    r = post_import(world["admin"], "inspectors", xlsx(roster), office_id=world["office"].pk)
    assert r.status_code == 200, r.content
    assert Inspector.objects.get(name="接口新督学").office == world["office"]


def test_another_districts_admin_gets_row_errors_and_nothing_is_written(world):
    code = world["school"].school_profile.school_code
    r = post_import(world["other"], "postings", xlsx([POSTINGS, [code, "接口督学", "", "2025-09-01"]]))
    assert r.status_code == 422
    assert r.json()["errors"][0]["message"] == "第2行「督学姓名」：找不到该督学（或不在您的管理范围内）"
    assert not Posting.objects.exists()


def test_a_school_user_may_not_import(world):
    code = world["school"].school_profile.school_code
    r = post_import(school_user(world), "postings", xlsx([POSTINGS, [code, "接口督学", "", "2025-09-01"]]))
    assert r.status_code == 403 and r.json()["message"] == "无权导入挂牌督导"
    assert not Posting.objects.exists()


def test_an_unknown_kind_or_a_missing_file_is_refused(world):
    r = post_import(world["admin"], "principals", xlsx([POSTINGS]))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "kind"
    r = api_client(world["admin"]).post("/api/v1/corps/imports/postings", {})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "file"


# ---- the school sign ----------------------------------------------------------------------------

def sign(user, school):
    return api_client(user).post(f"/api/v1/corps/schools/{school.pk}/sign")


def test_the_sign_is_issued_as_a_document_of_the_covering_office(world):
    from dudao.testing.file_factories import give_photo

    posting_create(actor=None, inspector=world["inspector"], school=world["school"], start_date=datetime.date(2025, 9, 1))
    no_photo = sign(world["admin"], world["school"])
    assert no_photo.status_code == 422 and "照片" in no_photo.json()["message"] and "第一条" in no_photo.json()["message"]
    photo = give_photo(world["inspector"])
    r = sign(world["admin"], world["school"])
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["kind"] == "school_sign" and body["office_id"] == world["office"].pk
    assert body["related_id"] == str(world["school"].pk) and body["context"]["inspector_name"] == "接口督学"
    assert body["context"]["inspector_photo"] == photo.pk
    code = world["school"].school_profile.school_code
    assert body["context"]["url"] == f"http://testserver/public/schools/{code}/?src=qr"


def test_a_school_without_a_posted_inspector_gets_no_sign(world):
    r = sign(world["admin"], world["school"])
    assert r.status_code == 422 and r.json()["message"] == "该学校尚无在岗责任督学，不能生成公示牌"
    assert not IssuedDocument.objects.exists()


def test_another_district_and_the_school_itself_may_not_issue_the_sign(world):
    posting_create(actor=None, inspector=world["inspector"], school=world["school"], start_date=datetime.date(2025, 9, 1))
    assert sign(world["other"], world["school"]).status_code == 404
    assert sign(school_user(world), world["school"]).status_code == 404
    assert not IssuedDocument.objects.exists()


# ---- appointment documents ----------------------------------------------------------------------

def appointment(world, *, appoint=True):
    session = workflows.term_session_create(actor=None, office=world["office"], number=8,
                                            start_date=datetime.date(2024, 1, 1))
    a = workflows.appointment_recommend(actor=None, inspector=world["inspector"], session=session)
    if appoint:
        for step in ("review", "publicise"):
            workflows.appointment_transition(actor=None, appointment=a, transition=step)
        a = workflows.appointment_transition(actor=None, appointment=a, transition="appoint", card_number="接口-001")
    return a


def issue(user, a, kind):
    return api_client(user).post(f"/api/v1/corps/appointments/{a.pk}/documents/{kind}")


def test_the_letter_and_the_card_are_issued_for_an_appointed_inspector(world):
    a = appointment(world)
    r = issue(world["admin"], a, "appointment_letter")
    assert r.status_code == 201, r.content
    assert r.json()["kind"] == "appointment_letter" and r.json()["related_id"] == str(world["inspector"].pk)
    r = issue(world["admin"], a, "inspector_card")
    assert r.status_code == 201 and r.json()["context"]["card_number"] == "接口-001"


def test_documents_need_an_appointed_inspector_and_a_known_kind(world):
    a = appointment(world, appoint=False)
    r = issue(world["admin"], a, "inspector_card")
    assert r.status_code == 422 and r.json()["message"] == "只有已聘任的督学可以生成聘书或督学证"
    r = issue(world["admin"], a, "school_sign")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "kind"
    assert not IssuedDocument.objects.exists()


def test_another_district_and_a_school_user_may_not_issue_appointment_documents(world):
    a = appointment(world)
    assert issue(world["other"], a, "appointment_letter").status_code == 404
    assert issue(school_user(world), a, "appointment_letter").status_code == 404
    assert not IssuedDocument.objects.exists()
