"""Helpers for the monitoring app's tests (issue 12): the shipped collections, a round in 南岸区 with
a 九年一贯制 school (two 学段), a primary school and a kindergarten, and the users of the approval
matrix (the unit's own respondent, the county and city offices, another district's office)."""

import datetime
from decimal import Decimal

from dudao.accounts.roles import RoleCode
from dudao.monitoring import services
from dudao.monitoring.models import Collection, Submission
from dudao.orgs.choices import UnitKind
from dudao.schools.models import Enrolment, SchoolProfile

from .factories import user_with_role
from .schools_factories import office, school

YEAR = 2025
DEADLINE = datetime.date(2025, 12, 31)

#: Values of a good 小学 section for 600 students (every 优质均衡 standard met).
GOOD_PRIMARY = {"students": 600, "classes": 14, "teachers_above_degree": 30, "backbone_teachers": 8, "pe_teachers": 3,
                "music_teachers": 2, "fine_art_teachers": 2, "teaching_area": 3000, "sports_area": 5000,
                "equipment_value": 1500000, "multimedia_rooms": 16, "max_class_size": 44, "music_rooms": 2,
                "art_rooms": 2}
GOOD_JUNIOR = {"students": 400, "classes": 9, "teachers_above_degree": 25, "backbone_teachers": 5, "pe_teachers": 2,
               "music_teachers": 1, "fine_art_teachers": 1, "teaching_area": 2500, "sports_area": 4200,
               "equipment_value": 1100000, "multimedia_rooms": 10, "max_class_size": 48, "music_rooms": 1,
               "art_rooms": 1}


def shipped(code: str) -> Collection:
    services.load_shipped(codes={code})
    return Collection.objects.filter(code=code, region__code="500000").order_by("-version").first()


def monitoring_world(tree) -> dict:
    """The shipped collections; in 南岸区 a 九年一贯制 school (学籍 for 2025-2026 in both 学段), a
    primary school, a kindergarten and the office; a round of the school form and of the
    kindergarten form for 2025; and the users."""
    w = dict(tree)
    w["office"] = office(tree["nanan"])
    w["school"] = school(tree["nanan"], name="南岸区玛瑙学校")
    SchoolProfile.objects.filter(unit=w["school"]).update(stage="nine_year")
    profile = SchoolProfile.objects.get(unit=w["school"])
    Enrolment.objects.create(school=profile, school_year="2025-2026", section="primary", students=600, classes=14)
    Enrolment.objects.create(school=profile, school_year="2025-2026", section="junior", students=400, classes=9)
    w["primary"] = school(tree["nanan"], name="南岸区天台岗小学")
    w["kindergarten"] = school(tree["nanan"], kind=UnitKind.KINDERGARTEN, name="南岸区南坪幼儿园")
    w["ddk_school"] = school(tree["ddk"], name="大渡口区钢花小学")
    w["balance"] = shipped("balance_school_resources")
    w["preschool"] = shipped("preschool_kindergarten")
    w["round"] = services.round_open(actor=None, collection=w["balance"], year=YEAR, region=tree["nanan"],
                                     deadline=DEADLINE)
    w["sub"] = Submission.objects.get(round=w["round"], unit=w["school"])
    w["unit_user"] = user_with_role(RoleCode.UNIT_RESPONDENT, unit=w["school"])
    w["other_unit_user"] = user_with_role(RoleCode.UNIT_RESPONDENT, unit=w["primary"])
    w["county"] = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    w["city"] = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"])
    w["other_district"] = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"])
    w["leader"] = user_with_role(RoleCode.LEADER, region=tree["nanan"])
    return w


def cells_of(values: dict, section: str) -> dict:
    return {(code, section): v for code, v in values.items()}


def fill_good(submission, actor=None) -> None:
    """Every cell of a school-form submission, meeting every standard."""
    values = {}
    for s in submission.sections:
        values.update(cells_of(GOOD_PRIMARY if s == "primary" else GOOD_JUNIOR, s))
    services.values_save(actor=actor, submission=submission, values=values)


def value(submission, code: str, section: str = "") -> Decimal | None:
    row = submission.values.filter(element__code=code, section=section).first()
    return None if row is None else row.number


# ---- small objects for the permission matrix and the Excel tests --------------------------------

SMALL_ELEMENTS = [
    {"code": "students", "name": "在校生数", "unit": "人", "value_type": "integer", "minimum": 0, "basis": "测试"},
    {"code": "area", "name": "校舍面积", "unit": "m²", "value_type": "decimal", "minimum": 0, "basis": "测试"},
    {"code": "has_library", "name": "有图书馆", "value_type": "boolean", "required": False, "basis": "测试"},
]
SMALL_RULES = [{"code": "area_per_student", "name": "生均面积", "left": "area", "operator": ">=",
                "right": "students * 2", "message": "生均校舍面积不足2平方米"}]


def small_collection(region, *, code="matrix_form", publish=True) -> Collection:
    collection = services.collection_create(actor=None, region=region, code=code, name="矩阵测试采集表",
                                            unit_kinds=["school"], elements=SMALL_ELEMENTS, rules=SMALL_RULES)
    if publish:
        collection = services.collection_publish(actor=None, collection=collection)
    return collection


def small_round(tree, *, units=1):
    collection = small_collection(tree["nanan"])
    for i in range(units):
        school(tree["nanan"], name=f"矩阵填报学校{i}")
    return services.round_open(actor=None, collection=collection, year=YEAR, region=tree["nanan"], deadline=DEADLINE)


def small_submission(tree) -> Submission:
    return Submission.objects.filter(round=small_round(tree)).order_by("pk").first()


def submitted_submission(tree) -> Submission:
    sub = small_submission(tree)
    services.values_save(actor=None, submission=sub, values={("students", ""): 100, ("area", ""): 500})
    return services.submission_submit(actor=None, submission=sub)


def filled_template(rnd, submissions, rows: dict) -> bytes:
    """The round's template with cells replaced: ``rows`` {(unit id, 学段 label or ""): {header: value}}."""
    import io

    from openpyxl import load_workbook

    from dudao.monitoring import excel

    wb = load_workbook(io.BytesIO(excel.template(rnd, submissions)))
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    has_section = "学段" in headers
    for r in range(2, ws.max_row + 1):
        unit_id = ws.cell(r, 1).value
        section = ws.cell(r, 3).value if has_section else ""
        for header, v in rows.get((unit_id, section or ""), {}).items():
            ws.cell(r, headers.index(header) + 1, value=v)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
