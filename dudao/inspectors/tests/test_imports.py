"""Excel import: templates, all-or-nothing, error report naming row and column."""

import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook

from dudao.accounts.roles import RoleCode
from dudao.common.importer import error_report, run_import, template_workbook
from dudao.inspectors.imports import INSPECTORS, POSTINGS, TRAINING
from dudao.inspectors.models import Inspector, Posting, TrainingRecord
from dudao.orgs.models import Unit
from dudao.schools.imports import SCHOOLS
from dudao.schools.models import Enrolment, SchoolProfile
from dudao.testing import schools_factories as sf
from dudao.testing.factories import user_with_role

pytestmark = pytest.mark.django_db


def xlsx(spec, rows) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append([c.header + ("*" if c.required else "") for c in spec.columns])
    for r in rows:
        ws.append([r.get(c.header, "") for c in spec.columns])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


@pytest.fixture
def admin(tree):
    return user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])


def test_templates_have_required_headers_and_notes():
    for spec in (SCHOOLS, INSPECTORS, POSTINGS, TRAINING):
        wb = load_workbook(io.BytesIO(template_workbook(spec)))
        headers = [c.value for c in wb.worksheets[0][1]]
        assert headers[0].endswith("*") and "填写说明" in wb.sheetnames


def test_schools_import_creates_units_profiles_and_enrolment(tree, admin):
    rows = [
        {"学校名称": "南岸区导入一小", "类型": "学校", "区划代码": "500108001", "学校标识码": "3150099001", "学段": "小学",
         "学年": "2025-2026", "小学在校生数": 2100, "小学班级数": 44},
        {"学校名称": "南岸区导入幼儿园", "类型": "幼儿园", "区划代码": "500108", "学校标识码": "3150099002", "学段": "幼儿园",
         "办学性质": "普惠性民办"},
    ]
    result = run_import(SCHOOLS, xlsx(SCHOOLS, rows), actor=admin)
    assert result.ok, result.errors
    assert result.written == 2
    p = SchoolProfile.objects.get(school_code="3150099001")
    assert p.unit.region == tree["nanan_town"] and Enrolment.objects.get(school=p).students == 2100


def test_import_with_bad_rows_changes_nothing_and_reports_row_and_column(tree, admin):
    before = (Unit.objects.count(), SchoolProfile.objects.count())
    rows = [
        {"学校名称": "好学校", "类型": "学校", "区划代码": "500108", "学校标识码": "3150099011", "学段": "小学"},
        {"学校名称": "坏学段", "类型": "学校", "区划代码": "500108", "学校标识码": "3150099012", "学段": "大学"},
        {"学校名称": "坏标识码", "类型": "学校", "区划代码": "500108", "学校标识码": "12345", "学段": "小学"},
        {"学校名称": "越权", "类型": "学校", "区划代码": "500104", "学校标识码": "3150099014", "学段": "小学"},
    ]
    result = run_import(SCHOOLS, xlsx(SCHOOLS, rows), actor=admin)
    assert not result.ok and result.written == 0
    assert (Unit.objects.count(), SchoolProfile.objects.count()) == before
    found = {(e.row, e.column) for e in result.errors}
    assert (3, "学段") in found and (4, "学校标识码") in found and (5, "区划代码") in found
    report = load_workbook(io.BytesIO(error_report(result))).worksheets[0]
    assert [c.value for c in report[1]] == ["行号", "列", "错误"] and report.max_row == 1 + len(result.errors)


def test_service_error_in_a_late_row_rolls_back_earlier_rows(tree, admin):
    office = sf.office(tree["nanan"])
    rows = [{"姓名": "甲", "类别": "兼职督学", "身份证号": "500108198001010011"},
            {"姓名": "乙", "类别": "兼职督学", "专业领域": "高等教育"}]
    result = run_import(INSPECTORS, xlsx(INSPECTORS, rows), actor=admin, context={"office": office})
    assert [(e.row, e.column) for e in result.errors] == [(3, "专业领域")]
    assert not Inspector.objects.exists()


def test_missing_required_column_is_reported(tree, admin):
    wb = Workbook()
    wb.active.append(["学校名称"])
    wb.active.append(["某校"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    result = run_import(SCHOOLS, buf, actor=admin)
    assert any(e.row == 1 and e.column == "学段" for e in result.errors)
    assert run_import(SCHOOLS, io.BytesIO(b"not excel"), actor=admin).errors[0].message.startswith("无法读取")


def test_postings_and_training_import_apply_rules(tree, admin):
    office = sf.office(tree["nanan"])
    insp = sf.inspector(office, name="王督学")
    new = sf.inspector(office, name="李督学", trained=False)
    a, b = sf.school(tree["nanan"]), sf.school(tree["nanan"])
    code = a.school_profile.school_code
    rows = [{"学校标识码": code, "督学姓名": "王督学", "挂牌日期": "2025-09-01"},
            {"学校标识码": b.school_profile.school_code, "督学姓名": "李督学", "挂牌日期": datetime.date(2025, 9, 1)}]
    result = run_import(POSTINGS, xlsx(POSTINGS, rows), actor=admin)
    assert [(e.row, e.column) for e in result.errors] == [(3, "督学姓名")] and "岗前培训" in result.errors[0].message
    assert not Posting.objects.exists()
    training = [{"督学姓名": "李督学", "培训名称": "岗前培训", "培训方式": "集中培训", "学时": 16, "培训日期": "2025-08-01",
                 "岗前培训": "是"}]
    assert run_import(TRAINING, xlsx(TRAINING, training), actor=admin).ok
    assert TrainingRecord.objects.filter(inspector=new, pre_service=True).exists()
    assert run_import(POSTINGS, xlsx(POSTINGS, rows), actor=admin).ok
    assert Posting.objects.get(school=a).inspector == insp
