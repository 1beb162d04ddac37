"""The measures app's rows of the permission matrix (collected by ``tests/test_permission_matrix.py``):
plans, measures, the import (upload, read, commit), aliases, reform projects and charters, by API
and page. The objects live in 南岸区; writes act as office_admin.

Elsewhere (a unit's own actions, ``test_flows.py``): progress reports (``POST
/measures/{id}/reports`` and the page), a school's charter submission and resubmission; the
import template (``test_import.py``)."""

import datetime

from dudao.accounts.roles import RoleCode
from dudao.measures.models import (
    Measure,
    MeasureImport,
    Plan,
    ProgressReport,
    ProjectEvent,
    ReformProject,
    SchoolCharter,
    UnitAlias,
)
from dudao.measures.services import import_stage, measure_create
from dudao.testing.matrix import Endpoint
from dudao.testing.schools_factories import school

from .helpers import world, xlsx

OFFICE = RoleCode.OFFICE_ADMIN
API = "/api/v1/measures"

OWN_PATHS = {
    f"{API}/measures/{{measure_id}}/reports",
    f"{API}/charters",
    f"{API}/charters/{{charter_id}}/resubmit",
}
OWN_PAGES = {
    "measures:measure_report",
    "measures:charter_new",
    "measures:charter_resubmit",
    "measures:import_template",
}


def plan(tree):
    w = world(tree)
    measure_create(
        actor=None,
        plan=w["plan"],
        number="1",
        content="矩阵措施：落实督导经费",
        lead_unit=w["finance"],
        units=[w["edu"]],
        deadline=datetime.date(2030, 12, 31),
    )
    return w["plan"]


def measure(tree):
    return plan(tree).measures.get()


def report(tree):
    m = measure(tree)
    return ProgressReport.objects.create(
        measure=m,
        region_path=m.region_path,
        unit=m.lead_unit,
        period="2025-Q1",
        content="矩阵进展：经费已拨付",
        reported_on=datetime.date(2025, 3, 1),
    )


def pending_import(tree):
    p = plan(tree)
    imp, errors = import_stage(
        actor=None,
        plan=p,
        filename="矩阵.xlsx",
        file=xlsx([("M1", "", "矩阵导入措施", "区教委", "区财政局", "", "")]),
    )
    assert not errors, errors
    return imp


def alias(tree):
    p = plan(tree)
    return UnitAlias.objects.create(
        region=p.region, region_path=p.region.path, alias="矩阵别名", unit=p.office
    )


def applicant(tree):
    return school(tree["nanan"], name="矩阵改革学校")


def project(tree, status="applied"):
    s = applicant(tree)
    p = ReformProject.objects.create(
        applicant=s,
        region_path=s.region_path,
        title="矩阵改革项目",
        description="方案",
        year=2025,
        status=status,
    )
    return p


def approved(tree):
    return project(tree, "approved")


def charter(tree):
    s = school(tree["nanan"], name="矩阵章程学校")
    return SchoolCharter.objects.create(school=s, region_path=s.region_path, title="矩阵学校章程")


def _listed(text):
    return lambda r, o: text in r.content.decode()


def _api_listed(r, o):
    return any(i["id"] == o.pk for i in r.json()["items"])


def _status(model, status):
    return lambda o: model.objects.filter(pk=o.pk, status=status).exists()


def _json(payload):
    return lambda o, t: payload


ENDPOINTS = [
    # ---- plans ----
    Endpoint("measures api plans", "api", "list", OFFICE, plan, lambda o: f"{API}/plans", listed=_api_listed),
    Endpoint(
        "measures api plan create",
        "api",
        "write",
        OFFICE,
        lambda t: plan(t).office,
        lambda o: f"{API}/plans",
        method="post",
        ok=(201,),
        payload=lambda o, t: {"office_id": o.pk, "kind": "annual", "title": "矩阵年度工作要点", "year": 2026},
        effect=lambda o: Plan.objects.filter(title="矩阵年度工作要点").exists(),
    ),
    Endpoint("measures api plan", "api", "detail", OFFICE, plan, lambda o: f"{API}/plans/{o.pk}"),
    Endpoint(
        "measures api plan report", "api", "detail", OFFICE, plan, lambda o: f"{API}/plans/{o.pk}/report"
    ),
    Endpoint(
        "measures api measure create",
        "api",
        "write",
        OFFICE,
        plan,
        lambda o: f"{API}/plans/{o.pk}/measures",
        method="post",
        ok=(201,),
        payload=lambda o, t: {"number": "9", "content": "矩阵新增措施", "lead_unit_id": o.office_id},
        effect=lambda o: Measure.objects.filter(plan=o, number="9").exists(),
    ),
    Endpoint(
        "measures ui plans",
        "ui",
        "list",
        OFFICE,
        plan,
        lambda o: "/measures/plans/",
        listed=_listed("南岸区深化新时代教育督导体制机制改革实施方案"),
    ),
    Endpoint(
        "measures ui plan new",
        "ui",
        "write",
        OFFICE,
        lambda t: plan(t).office,
        lambda o: "/measures/plans/new/",
        method="post",
        ok=(302,),
        payload=lambda o, t: {"office": o.pk, "kind": "annual", "title": "矩阵页面工作要点", "year": 2026},
        effect=lambda o: Plan.objects.filter(title="矩阵页面工作要点").exists(),
    ),
    Endpoint("measures ui plan", "ui", "detail", OFFICE, plan, lambda o: f"/measures/plans/{o.pk}/"),
    Endpoint(
        "measures ui plan report", "ui", "detail", OFFICE, plan, lambda o: f"/measures/plans/{o.pk}/report/"
    ),
    Endpoint(
        "measures ui measure new",
        "ui",
        "write",
        OFFICE,
        plan,
        lambda o: f"/measures/plans/{o.pk}/measures/new/",
        method="post",
        ok=(302,),
        payload=lambda o, t: {
            "number": "8",
            "content": "矩阵页面措施",
            "lead_unit": o.office_id,
            "cadence": "quarterly",
        },
        effect=lambda o: Measure.objects.filter(plan=o, number="8").exists(),
    ),
    # ---- import ----
    Endpoint(
        "measures api import upload",
        "api",
        "write",
        OFFICE,
        plan,
        lambda o: f"{API}/plans/{o.pk}/imports",
        method="post",
        ok=(201,),
        extra={"multipart": True},
        payload=lambda o, t: {"file": xlsx([("M2", "", "矩阵上传措施", "区教委", "", "", "")])},
        effect=lambda o: MeasureImport.objects.filter(plan=o).exists(),
    ),
    Endpoint(
        "measures ui import upload",
        "ui",
        "write",
        OFFICE,
        plan,
        lambda o: f"/measures/plans/{o.pk}/import/",
        method="post",
        ok=(302,),
        payload=lambda o, t: {"file": xlsx([("M2", "", "矩阵上传措施", "区教委", "", "", "")])},
        effect=lambda o: MeasureImport.objects.filter(plan=o).exists(),
    ),
    Endpoint(
        "measures api import", "api", "detail", OFFICE, pending_import, lambda o: f"{API}/imports/{o.pk}"
    ),
    Endpoint(
        "measures api import commit",
        "api",
        "write",
        OFFICE,
        pending_import,
        lambda o: f"{API}/imports/{o.pk}/commit",
        method="post",
        payload=_json({"choices": {}}),
        effect=lambda o: Measure.objects.filter(plan_id=o.plan_id, number="M1").exists(),
    ),
    Endpoint(
        "measures ui import", "ui", "detail", OFFICE, pending_import, lambda o: f"/measures/imports/{o.pk}/"
    ),
    Endpoint(
        "measures ui import commit",
        "ui",
        "write",
        OFFICE,
        pending_import,
        lambda o: f"/measures/imports/{o.pk}/",
        method="post",
        ok=(302,),
        payload=_json({"remember": "1"}),
        effect=lambda o: Measure.objects.filter(plan_id=o.plan_id, number="M1").exists(),
    ),
    # ---- measures ----
    Endpoint(
        "measures api measures",
        "api",
        "list",
        OFFICE,
        measure,
        lambda o: f"{API}/measures",
        listed=_api_listed,
    ),
    Endpoint("measures api measure", "api", "detail", OFFICE, measure, lambda o: f"{API}/measures/{o.pk}"),
    Endpoint(
        "measures api measure complete",
        "api",
        "write",
        OFFICE,
        measure,
        lambda o: f"{API}/measures/{o.pk}/transitions/complete",
        method="post",
        payload=_json({"note": "已完成"}),
        effect=_status(Measure, "completed"),
    ),
    Endpoint(
        "measures api reports", "api", "list", OFFICE, report, lambda o: f"{API}/reports", listed=_api_listed
    ),
    Endpoint(
        "measures ui measures",
        "ui",
        "list",
        OFFICE,
        measure,
        lambda o: "/measures/",
        listed=_listed("矩阵措施：落实督导经费"),
    ),
    Endpoint("measures ui measure", "ui", "detail", OFFICE, measure, lambda o: f"/measures/{o.pk}/"),
    Endpoint(
        "measures ui measure complete",
        "ui",
        "write",
        OFFICE,
        measure,
        lambda o: f"/measures/{o.pk}/",
        method="post",
        ok=(302,),
        payload=_json({"transition": "complete", "note": "已完成"}),
        effect=_status(Measure, "completed"),
    ),
    # ---- aliases ----
    Endpoint(
        "measures api aliases", "api", "list", OFFICE, alias, lambda o: f"{API}/aliases", listed=_api_listed
    ),
    Endpoint(
        "measures api alias create",
        "api",
        "write",
        OFFICE,
        lambda t: plan(t).office,
        lambda o: f"{API}/aliases",
        method="post",
        ok=(201,),
        payload=lambda o, t: {"region_id": o.region_id, "alias": "矩阵督导室", "unit_id": o.pk},
        effect=lambda o: UnitAlias.objects.filter(alias="矩阵督导室").exists(),
    ),
    Endpoint(
        "measures ui aliases",
        "ui",
        "list",
        OFFICE,
        alias,
        lambda o: "/measures/aliases/",
        listed=_listed("矩阵别名"),
    ),
    Endpoint(
        "measures ui alias new",
        "ui",
        "write",
        OFFICE,
        lambda t: plan(t).office,
        lambda o: "/measures/aliases/new/",
        method="post",
        ok=(302,),
        payload=lambda o, t: {"alias": "矩阵页面别名", "unit": o.pk},
        effect=lambda o: UnitAlias.objects.filter(alias="矩阵页面别名").exists(),
    ),
    # ---- reform projects ----
    Endpoint(
        "measures api projects",
        "api",
        "list",
        OFFICE,
        project,
        lambda o: f"{API}/projects",
        listed=_api_listed,
    ),
    Endpoint(
        "measures api project create",
        "api",
        "write",
        OFFICE,
        applicant,
        lambda o: f"{API}/projects",
        method="post",
        ok=(201,),
        payload=lambda o, t: {
            "applicant_id": o.pk,
            "title": "矩阵申报项目",
            "description": "方案",
            "year": 2025,
        },
        effect=lambda o: ReformProject.objects.filter(applicant=o).exists(),
    ),
    Endpoint("measures api project", "api", "detail", OFFICE, project, lambda o: f"{API}/projects/{o.pk}"),
    Endpoint(
        "measures api project approve",
        "api",
        "write",
        OFFICE,
        project,
        lambda o: f"{API}/projects/{o.pk}/transitions/approve",
        method="post",
        payload=_json({"note": "同意"}),
        effect=_status(ReformProject, "approved"),
    ),
    Endpoint(
        "measures api project progress",
        "api",
        "write",
        OFFICE,
        approved,
        lambda o: f"{API}/projects/{o.pk}/progress",
        method="post",
        payload=_json({"note": "矩阵过程督导"}),
        effect=lambda o: ProjectEvent.objects.filter(project_id=o.pk, action="progress").exists(),
    ),
    Endpoint(
        "measures ui projects",
        "ui",
        "list",
        OFFICE,
        project,
        lambda o: "/measures/projects/",
        listed=_listed("矩阵改革项目"),
    ),
    Endpoint(
        "measures ui project new",
        "ui",
        "write",
        OFFICE,
        applicant,
        lambda o: "/measures/projects/new/",
        method="post",
        ok=(302,),
        payload=lambda o, t: {
            "applicant": o.pk,
            "title": "矩阵页面项目",
            "description": "方案",
            "year": 2025,
        },
        effect=lambda o: ReformProject.objects.filter(applicant=o).exists(),
    ),
    Endpoint("measures ui project", "ui", "detail", OFFICE, project, lambda o: f"/measures/projects/{o.pk}/"),
    Endpoint(
        "measures ui project approve",
        "ui",
        "write",
        OFFICE,
        project,
        lambda o: f"/measures/projects/{o.pk}/",
        method="post",
        ok=(302,),
        payload=_json({"transition": "approve", "note": "同意"}),
        effect=_status(ReformProject, "approved"),
    ),
    Endpoint(
        "measures ui project progress",
        "ui",
        "write",
        OFFICE,
        approved,
        lambda o: f"/measures/projects/{o.pk}/progress/",
        method="post",
        ok=(302,),
        payload=_json({"note": "矩阵过程督导"}),
        effect=lambda o: ProjectEvent.objects.filter(project_id=o.pk, action="progress").exists(),
    ),
    # ---- charters ----
    Endpoint(
        "measures api charters",
        "api",
        "list",
        OFFICE,
        charter,
        lambda o: f"{API}/charters",
        listed=_api_listed,
    ),
    Endpoint("measures api charter", "api", "detail", OFFICE, charter, lambda o: f"{API}/charters/{o.pk}"),
    Endpoint(
        "measures api charter file",
        "api",
        "write",
        OFFICE,
        charter,
        lambda o: f"{API}/charters/{o.pk}/transitions/file",
        method="post",
        payload=_json({"note": "备案"}),
        effect=_status(SchoolCharter, "filed"),
    ),
    Endpoint(
        "measures ui charters",
        "ui",
        "list",
        OFFICE,
        charter,
        lambda o: "/measures/charters/",
        listed=_listed("矩阵学校章程"),
    ),
    Endpoint("measures ui charter", "ui", "detail", OFFICE, charter, lambda o: f"/measures/charters/{o.pk}/"),
    Endpoint(
        "measures ui charter file",
        "ui",
        "write",
        OFFICE,
        charter,
        lambda o: f"/measures/charters/{o.pk}/",
        method="post",
        ok=(302,),
        payload=_json({"transition": "file", "note": "备案"}),
        effect=_status(SchoolCharter, "filed"),
    ),
]
