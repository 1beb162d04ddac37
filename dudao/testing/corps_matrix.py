"""Permission-matrix rows for the schools and inspector-corps endpoints and pages (issue 3).
``tests/test_permission_matrix.py`` adds them to its ``ENDPOINTS``. Objects live in 南岸区 itself
(not in a township), so a township office (the matrix's child region) must not see them."""

import datetime

from dudao.accounts.roles import RoleCode
from dudao.documents.models import IssuedDocument
from dudao.inspectors import workflows
from dudao.inspectors.models import (
    Appointment,
    Appraisal,
    DeclaredConflict,
    EmploymentRecord,
    ExitRecord,
    Inspector,
    Posting,
    TermSession,
    TrainingRecord,
)
from dudao.inspectors.postings import posting_create
from dudao.regionsettings.models import RegionSetting
from dudao.schools.models import Enrolment, PrincipalTenure, SchoolGroup, SchoolProfile, Zone
from dudao.schools.services import principal_appoint, school_group_create, zone_create

from . import file_factories as ff
from . import schools_factories as sf
from .matrix import Endpoint

OFFICE = RoleCode.OFFICE_ADMIN
DAY = datetime.date(2025, 9, 1)


def office(tree):
    from dudao.orgs.models import Unit

    return Unit.objects.filter(name="矩阵督导室").first() or sf.office(tree["nanan"], name="矩阵督导室")


def school(tree):
    from dudao.orgs.models import Unit

    return Unit.objects.filter(name="矩阵挂牌学校").first() or sf.school(tree["nanan"], students=500, name="矩阵挂牌学校")


def bare_school(tree):
    from .factories import UnitFactory

    return UnitFactory(region=tree["nanan"], name="矩阵无档案学校")


def inspector(tree):
    insp = sf.inspector(office(tree), name="矩阵督学")
    insp.check_unit_id = school(tree).pk
    return insp


def inspector_with_photo(tree):
    from dudao.inspectors.services import inspector_photo_set

    insp = inspector(tree)
    inspector_photo_set(actor=None, inspector=insp, file=ff.photo("矩阵照片.png"))
    return insp


def training(tree):
    insp = inspector(tree)
    return TrainingRecord.objects.create(inspector=insp, course="矩阵培训", kind="centralised", hours=8, date=DAY)


def _has_file(owner, purpose):
    from dudao.attachments.services import for_owner

    return for_owner(owner, purpose).filter(uploaded_by__isnull=False).exists()


def _photo_left(insp):
    from dudao.attachments.services import for_owner

    return for_owner(insp, "photo").exists()


def posting(tree):
    insp = inspector(tree)
    p = posting_create(actor=None, inspector=insp, school=school(tree), start_date=DAY)
    p.other = sf.inspector(insp.office, name="矩阵接任督学")
    return p


def spare_with_inspector(tree):
    s = sf.school(tree["nanan"], name="矩阵待挂牌学校")
    s.inspector = inspector(tree)
    return s


def session(tree):
    return workflows.term_session_create(actor=None, office=office(tree), number=8, start_date=datetime.date(2024, 1, 1))


def inspector_and_session(tree):
    insp = inspector(tree)
    insp.session = workflows.term_session_create(actor=None, office=insp.office, number=8,
                                                 start_date=datetime.date(2024, 1, 1))
    return insp


def appointment(tree):
    insp = inspector_and_session(tree)
    return workflows.appointment_recommend(actor=None, inspector=insp, session=insp.session)


def signable_school(tree):
    from .file_factories import give_photo

    p = posting(tree)
    Inspector.objects.filter(pk=p.inspector_id).update(phone="023-61111111")
    give_photo(p.inspector)
    return p.school


def appointed(tree):
    a = appointment(tree)
    for step in ("review", "publicise"):
        workflows.appointment_transition(actor=None, appointment=a, transition=step)
    return workflows.appointment_transition(actor=None, appointment=a, transition="appoint", card_number="矩阵-001")


def zone(tree):
    return zone_create(actor=None, region=tree["nanan"], name="矩阵责任区")


def group(tree):
    return school_group_create(actor=None, region=tree["nanan"], name="矩阵教育集团")


def tenure(tree):
    return principal_appoint(actor=None, school=school(tree), name="矩阵校长", start_date=datetime.date(2021, 9, 1),
                             planned_end_date=datetime.date.today() + datetime.timedelta(days=60))


def items(response):
    return response.json()["items"]


def has_id(response, obj):
    return any(item["id"] == obj.pk for item in items(response))


def has_unit(response, obj):
    return any(item["unit_id"] == obj.pk for item in items(response))


def in_html(text):
    return lambda response, obj: text in response.content.decode()


def exists(model, **lookup):
    return model.objects.filter(**lookup).exists()


def postings_xlsx(school_unit):
    """An Excel postings import naming ``school_unit`` and its ``inspector`` (a fresh upload)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["学校标识码*", "督学姓名*", "督学身份证号", "挂牌日期*"])
    wb.active.append([school_unit.school_profile.school_code, school_unit.inspector.name, "", "2025-09-01"])
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("postings.xlsx", buf.getvalue())


INSP = "/api/v1/corps/inspectors"
CORPS_ENDPOINTS = [
    # ---- API: schools ----
    Endpoint("api schools list", "api", "list", OFFICE, school, lambda o: "/api/v1/schools", listed=has_unit),
    Endpoint("api school detail", "api", "detail", OFFICE, school, lambda o: f"/api/v1/schools/{o.pk}"),
    Endpoint("api school enrolments", "api", "detail", OFFICE, school, lambda o: f"/api/v1/schools/{o.pk}/enrolments"),
    Endpoint("api school enrolment total", "api", "detail", OFFICE, school,
             lambda o: f"/api/v1/schools/{o.pk}/enrolment-total"),
    Endpoint("api school principals", "api", "detail", OFFICE, tenure,
             lambda o: f"/api/v1/schools/{o.unit_id if hasattr(o, 'unit_id') else o.school_id}/principals"),
    Endpoint("api principals due", "api", "detail", OFFICE, tenure,
             lambda o: "/api/v1/schools/principals-due?region_code=500108"),
    Endpoint("api zones list", "api", "list", OFFICE, zone, lambda o: "/api/v1/schools/zones", listed=has_id),
    Endpoint("api groups list", "api", "list", OFFICE, group, lambda o: "/api/v1/schools/groups", listed=has_id),
    Endpoint("api school profile put", "api", "write", OFFICE, bare_school, lambda o: f"/api/v1/schools/{o.pk}",
             method="put", payload=lambda o, t: {"school_code": "3150077001", "stage": "primary"},
             effect=lambda o: exists(SchoolProfile, unit=o)),
    Endpoint("api enrolment set", "api", "write", OFFICE, school, lambda o: f"/api/v1/schools/{o.pk}/enrolments",
             method="post", payload=lambda o, t: {"school_year": "2025-2026", "section": "junior", "students": 77},
             effect=lambda o: exists(Enrolment, school_id=o.pk, section="junior", students=77)),
    Endpoint("api principal create", "api", "write", OFFICE, school, lambda o: f"/api/v1/schools/{o.pk}/principals",
             method="post", ok=(201,),
             payload=lambda o, t: {"name": "新校长", "start_date": "2025-09-01", "planned_end_date": "2028-08-31"},
             effect=lambda o: exists(PrincipalTenure, school=o, name="新校长")),
    Endpoint("api principal record", "api", "write", OFFICE, tenure, lambda o: f"/api/v1/schools/principals/{o.pk}",
             method="patch", payload=lambda o, t: {"tenure_end_supervised_on": "2025-10-01"},
             effect=lambda o: exists(PrincipalTenure, pk=o.pk, tenure_end_supervised_on__isnull=False)),
    Endpoint("api zone create", "api", "write", OFFICE, lambda t: t, lambda o: "/api/v1/schools/zones", method="post",
             ok=(201,), payload=lambda o, t: {"region_code": "500108", "name": "接口责任区"},
             effect=lambda o: exists(Zone, name="接口责任区")),
    Endpoint("api group create", "api", "write", OFFICE, lambda t: t, lambda o: "/api/v1/schools/groups",
             method="post", ok=(201,), payload=lambda o, t: {"region_code": "500108", "name": "接口教育集团"},
             effect=lambda o: exists(SchoolGroup, name="接口教育集团")),
    # ---- API: inspectors ----
    Endpoint("api inspectors list", "api", "list", OFFICE, inspector, lambda o: INSP, listed=has_id),
    Endpoint("api inspector detail", "api", "detail", OFFICE, inspector, lambda o: f"{INSP}/{o.pk}"),
    Endpoint("api inspector training", "api", "detail", OFFICE, inspector, lambda o: f"{INSP}/{o.pk}/training"),
    Endpoint("api inspector training totals", "api", "detail", OFFICE, inspector,
             lambda o: f"{INSP}/{o.pk}/training-totals?year=2025"),
    Endpoint("api inspector appraisals", "api", "detail", OFFICE, inspector, lambda o: f"{INSP}/{o.pk}/appraisals"),
    Endpoint("api inspector conflicts", "api", "detail", OFFICE, inspector, lambda o: f"{INSP}/{o.pk}/conflicts"),
    Endpoint("api recusal check", "api", "detail", OFFICE, inspector,
             lambda o: f"{INSP}/{o.pk}/recusal-check?unit_id={getattr(o, 'check_unit_id', 1)}"),
    Endpoint("api training under minimum", "api", "detail", OFFICE, inspector,
             lambda o: "/api/v1/corps/training/under-minimum?region_code=500108&year=2025"),
    Endpoint("api inspector create", "api", "write", OFFICE, office, lambda o: INSP, method="post", ok=(201,),
             payload=lambda o, t: {"office_id": o.pk, "name": "接口新督学", "kind": "part_time"},
             effect=lambda o: exists(Inspector, name="接口新督学")),
    Endpoint("api inspector update", "api", "write", OFFICE, inspector, lambda o: f"{INSP}/{o.pk}", method="patch",
             payload=lambda o, t: {"phone": "023-60000000"}, effect=lambda o: exists(Inspector, pk=o.pk, phone="023-60000000")),
    Endpoint("api conflict declare", "api", "write", OFFICE, inspector, lambda o: f"{INSP}/{o.pk}/conflicts",
             method="post", ok=(201,), payload=lambda o, t: {"kind": "close_relative", "relative_name": "亲属甲"},
             effect=lambda o: exists(DeclaredConflict, inspector=o)),
    Endpoint("api employment add", "api", "write", OFFICE, inspector, lambda o: f"{INSP}/{o.pk}/employments",
             method="post", ok=(201,), payload=lambda o, t: {"unit_id": o.check_unit_id, "end_date": "2020-01-01"},
             effect=lambda o: exists(EmploymentRecord, inspector=o, unit_id=o.check_unit_id)),
    Endpoint("api training add", "api", "write", OFFICE, inspector, lambda o: f"{INSP}/{o.pk}/training", method="post",
             ok=(201,), payload=lambda o, t: {"course": "接口培训", "kind": "centralised", "hours": "8", "date": "2025-05-01"},
             effect=lambda o: exists(TrainingRecord, inspector=o, course="接口培训")),
    Endpoint("api inspector photo set", "api", "write", OFFICE, inspector, lambda o: f"{INSP}/{o.pk}/photo",
             method="post", ok=(201,), payload=lambda o, t: {"file": ff.photo("接口照片.png")},
             extra={"multipart": True}, effect=lambda o: _has_file(o, "photo")),
    Endpoint("api inspector photo delete", "api", "write", OFFICE, inspector_with_photo,
             lambda o: f"{INSP}/{o.pk}/photo", method="delete", ok=(204,),
             effect=lambda o: not _photo_left(o)),
    Endpoint("api training certificate set", "api", "write", OFFICE, training,
             lambda o: f"{INSP}/{getattr(o, 'inspector_id', 1)}/training/{o.pk}/certificate", method="post", ok=(201,),
             payload=lambda o, t: {"file": ff.pdf("结业证书.pdf")}, extra={"multipart": True},
             effect=lambda o: _has_file(o, "certificate")),
    Endpoint("api appraisal add", "api", "write", OFFICE, inspector, lambda o: f"{INSP}/{o.pk}/appraisals", method="post",
             ok=(201,), payload=lambda o, t: {"year": 2025, "grade": "qualified"},
             effect=lambda o: exists(Appraisal, inspector=o, year=2025)),
    Endpoint("api inspector exit", "api", "write", OFFICE, inspector, lambda o: f"{INSP}/{o.pk}/exit", method="post",
             payload=lambda o, t: {"reason": "health"}, effect=lambda o: exists(ExitRecord, inspector=o)),
    # ---- API: terms and appointments ----
    Endpoint("api sessions list", "api", "list", OFFICE, session, lambda o: "/api/v1/corps/sessions", listed=has_id),
    Endpoint("api session create", "api", "write", OFFICE, office, lambda o: "/api/v1/corps/sessions", method="post",
             ok=(201,), payload=lambda o, t: {"office_id": o.pk, "number": 9, "start_date": "2027-01-01"},
             effect=lambda o: exists(TermSession, office=o, number=9)),
    Endpoint("api appointments list", "api", "list", OFFICE, appointment, lambda o: "/api/v1/corps/appointments",
             listed=has_id),
    Endpoint("api appointment recommend", "api", "write", OFFICE, inspector_and_session,
             lambda o: "/api/v1/corps/appointments", method="post", ok=(201,),
             payload=lambda o, t: {"inspector_id": o.pk, "session_id": o.session.pk},
             effect=lambda o: exists(Appointment, inspector=o)),
    Endpoint("api appointment transition", "api", "write", OFFICE, appointment,
             lambda o: f"/api/v1/corps/appointments/{o.pk}/review", method="post",
             effect=lambda o: exists(Appointment, pk=o.pk, status="reviewed")),
    # ---- API: postings, coverage, settings ----
    Endpoint("api postings list", "api", "list", OFFICE, posting, lambda o: "/api/v1/corps/postings", listed=has_id),
    Endpoint("api coverage", "api", "detail", OFFICE, posting, lambda o: "/api/v1/corps/coverage?region_code=500108"),
    Endpoint("api posting create", "api", "write", OFFICE, spare_with_inspector, lambda o: "/api/v1/corps/postings",
             method="post", ok=(201,), payload=lambda o, t: {"inspector_id": o.inspector.pk, "school_id": o.pk},
             effect=lambda o: exists(Posting, school=o)),
    Endpoint("api posting end", "api", "write", OFFICE, posting, lambda o: f"/api/v1/corps/postings/{o.pk}/end",
             method="post", payload=lambda o, t: {"reason": "调整"},
             effect=lambda o: exists(Posting, pk=o.pk, end_date__isnull=False)),
    Endpoint("api posting replace", "api", "write", OFFICE, posting, lambda o: f"/api/v1/corps/postings/{o.pk}/replace",
             method="post", payload=lambda o, t: {"inspector_id": o.other.pk},
             effect=lambda o: exists(Posting, school_id=o.school_id, inspector=o.other)),
    Endpoint("api postings import", "api", "write", OFFICE, spare_with_inspector,
             lambda o: "/api/v1/corps/imports/postings", method="post", extra={"multipart": True},
             payload=lambda o, t: {"file": postings_xlsx(o)}, effect=lambda o: exists(Posting, school=o)),
    Endpoint("api sign issue", "api", "write", OFFICE, signable_school, lambda o: f"/api/v1/corps/schools/{o.pk}/sign",
             method="post", ok=(201,), effect=lambda o: exists(IssuedDocument, kind="school_sign", object_id=str(o.pk))),
    Endpoint("api appointment card", "api", "write", OFFICE, appointed,
             lambda o: f"/api/v1/corps/appointments/{o.pk}/documents/inspector_card", method="post", ok=(201,),
             effect=lambda o: exists(IssuedDocument, kind="inspector_card", object_id=str(o.inspector_id))),
    Endpoint("api region settings", "api", "detail", OFFICE, lambda t: t["nanan"],
             lambda o: "/api/v1/corps/region-settings?region_code=500108"),
    # ---- UI ----
    Endpoint("ui school list", "ui", "list", OFFICE, school, lambda o: "/schools/", listed=in_html("矩阵挂牌学校")),
    Endpoint("ui school detail", "ui", "detail", OFFICE, school, lambda o: f"/schools/{o.pk}/"),
    Endpoint("ui school profile page", "ui", "detail", OFFICE, school, lambda o: f"/schools/{o.pk}/profile/"),
    Endpoint("ui principals due", "ui", "detail", OFFICE, tenure, lambda o: "/schools/principals/due/?region=500108"),
    Endpoint("ui zone list", "ui", "list", OFFICE, zone, lambda o: "/schools/zones/", listed=in_html("矩阵责任区")),
    Endpoint("ui zone detail", "ui", "detail", OFFICE, zone, lambda o: f"/schools/zones/{o.pk}/"),
    Endpoint("ui group list", "ui", "list", OFFICE, group, lambda o: "/schools/groups/", listed=in_html("矩阵教育集团")),
    Endpoint("ui zone add", "ui", "write", OFFICE, lambda t: t, lambda o: "/schools/zones/add/", method="post",
             ok=(302,), payload=lambda o, t: {"region": "500108", "name": "页面责任区"},
             effect=lambda o: exists(Zone, name="页面责任区")),
    Endpoint("ui group add", "ui", "write", OFFICE, lambda t: t, lambda o: "/schools/groups/add/", method="post",
             ok=(302,), payload=lambda o, t: {"region": "500108", "name": "页面教育集团"},
             effect=lambda o: exists(SchoolGroup, name="页面教育集团")),
    Endpoint("ui principal record", "ui", "write", OFFICE, tenure, lambda o: f"/schools/principals/{o.pk}/record/",
             method="post", ok=(302,), payload=lambda o, t: {"r-tenure_end_supervised_on": "2025-10-01"},
             effect=lambda o: exists(PrincipalTenure, pk=o.pk, tenure_end_supervised_on__isnull=False)),
    Endpoint("ui school profile save", "ui", "write", OFFICE, bare_school, lambda o: f"/schools/{o.pk}/profile/",
             method="post", ok=(302,), payload=lambda o, t: {"school_code": "3150077002", "stage": "primary",
                                                             "ownership": "public"},
             effect=lambda o: exists(SchoolProfile, unit=o)),
    Endpoint("ui inspector list", "ui", "list", OFFICE, inspector, lambda o: "/inspectors/", listed=in_html("矩阵督学")),
    Endpoint("ui inspector detail", "ui", "detail", OFFICE, inspector, lambda o: f"/inspectors/{o.pk}/"),
    Endpoint("ui inspector edit page", "ui", "detail", OFFICE, inspector, lambda o: f"/inspectors/{o.pk}/edit/"),
    Endpoint("ui inspector exit page", "ui", "detail", OFFICE, inspector, lambda o: f"/inspectors/{o.pk}/exit/"),
    Endpoint("ui inspector add", "ui", "write", OFFICE, office, lambda o: "/inspectors/add/", method="post", ok=(302,),
             payload=lambda o, t: {"office": o.pk, "name": "页面新督学", "kind": "part_time", "focus": "school",
                                   "education": "bachelor", "years_in_education": "12"},
             effect=lambda o: exists(Inspector, name="页面新督学")),
    Endpoint("ui training add", "ui", "write", OFFICE, inspector, lambda o: f"/inspectors/{o.pk}/", method="post",
             ok=(302,), payload=lambda o, t: {"form": "training", "training-course": "页面培训",
                                              "training-kind": "centralised", "training-hours": "6",
                                              "training-date": "2025-05-01"},
             effect=lambda o: exists(TrainingRecord, inspector=o, course="页面培训")),
    Endpoint("ui inspector exit", "ui", "write", OFFICE, inspector, lambda o: f"/inspectors/{o.pk}/exit/",
             method="post", payload=lambda o, t: {"reason": "own_request", "on_date": "2026-01-10"},
             effect=lambda o: exists(ExitRecord, inspector=o)),
    Endpoint("ui appointment transition", "ui", "write", OFFICE, appointment,
             lambda o: f"/inspectors/appointments/{o.pk}/review/", method="post", ok=(302,),
             effect=lambda o: exists(Appointment, pk=o.pk, status="reviewed")),
    Endpoint("ui appointment letter", "ui", "write", OFFICE, appointed,
             lambda o: f"/inspectors/appointments/{o.pk}/documents/appointment_letter/", method="post", ok=(302,),
             effect=lambda o: exists(IssuedDocument, kind="appointment_letter", object_id=str(o.inspector_id))),
    Endpoint("ui session list", "ui", "list", OFFICE, session, lambda o: "/inspectors/sessions/",
             listed=in_html("矩阵督导室")),
    Endpoint("ui session add", "ui", "write", OFFICE, office, lambda o: "/inspectors/sessions/add/", method="post",
             ok=(302,), payload=lambda o, t: {"office": o.pk, "number": "9", "start_date": "2027-01-01"},
             effect=lambda o: exists(TermSession, office=o, number=9)),
    Endpoint("ui posting list", "ui", "list", OFFICE, posting, lambda o: "/inspectors/postings/",
             listed=in_html("矩阵挂牌学校")),
    Endpoint("ui posting replace page", "ui", "detail", OFFICE, posting,
             lambda o: f"/inspectors/postings/{o.pk}/replace/"),
    Endpoint("ui posting add", "ui", "write", OFFICE, spare_with_inspector, lambda o: "/inspectors/postings/add/",
             method="post", ok=(302,), payload=lambda o, t: {"school": o.pk, "inspector": o.inspector.pk,
                                                             "start_date": "2025-09-01"},
             effect=lambda o: exists(Posting, school=o)),
    Endpoint("ui posting end", "ui", "write", OFFICE, posting, lambda o: f"/inspectors/postings/{o.pk}/end/",
             method="post", ok=(302,), payload=lambda o, t: {"end_date": "2026-01-01"},
             effect=lambda o: exists(Posting, pk=o.pk, end_date__isnull=False)),
    Endpoint("ui coverage", "ui", "detail", OFFICE, posting, lambda o: "/inspectors/coverage/?region=500108"),
    Endpoint("ui sign issue", "ui", "write", OFFICE, signable_school, lambda o: f"/inspectors/signs/{o.pk}/issue/",
             method="post", ok=(302,), effect=lambda o: exists(IssuedDocument, kind="school_sign", object_id=str(o.pk))),
    Endpoint("ui training list", "ui", "list", OFFICE, lambda t: TrainingRecord.objects.get(inspector=inspector(t)),
             lambda o: "/inspectors/training/", listed=in_html("矩阵督学")),
    Endpoint("ui training under", "ui", "detail", OFFICE, inspector,
             lambda o: "/inspectors/training/under/?region=500108"),
    Endpoint("ui region settings", "ui", "detail", OFFICE, lambda t: t["nanan"], lambda o: "/settings/?region=500108"),
    Endpoint("ui region setting set", "ui", "write", OFFICE, lambda t: t["nanan"], lambda o: "/settings/?region=500108",
             method="post", ok=(302,), payload=lambda o, t: {"key": "training.min_centralised_hours", "value": "48"},
             effect=lambda o: exists(RegionSetting, region=o, key="training.min_centralised_hours")),
    Endpoint("api region settings", "api", "detail", OFFICE, lambda t: t["nanan"], lambda o: "/api/v1/settings/500108"),
    Endpoint("api region setting set", "api", "write", OFFICE, lambda t: t["nanan"],
             lambda o: "/api/v1/settings/500108/training.min_centralised_hours", method="put",
             payload=lambda o, t: {"value": 48, "source": "矩阵文件"},
             effect=lambda o: exists(RegionSetting, region=o, key="training.min_centralised_hours", source="矩阵文件")),
]

#: Pages tested elsewhere: the public (login-free) sign and photo in ``complaints/tests/test_public.py``;
#: import pages, templates and error reports in ``test_pages.py``.
OWN_PAGES = {
    "public:sign", "public:photo",
    "inspectors:import", "inspectors:import_template", "inspectors:import_errors",
}
