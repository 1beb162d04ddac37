"""The incentives rows of the shared permission matrix (``tests/test_permission_matrix.py``;
semantics in ``dudao.testing.matrix``): every API operation and page as anonymous, no role, in
scope, child region, sibling region and parent region. The objects under test are a 南岸区 school's
green result, commendation, good-practice case and exemption. Reads act as the read-only leader,
writes as office_admin."""

import datetime

from django.utils import timezone

from dudao.accounts.roles import RoleCode
from dudao.incentives import services
from dudao.incentives.models import Commendation, ExemptionRecord, GoodPracticeCase
from dudao.inspections.models import SupervisionExemption
from dudao.testing.incentives_factories import green_result
from dudao.testing.matrix import Endpoint
from dudao.testing.schools_factories import office, school

OFFICE, LEADER = RoleCode.OFFICE_ADMIN, RoleCode.LEADER
API = "/api/v1/incentives"
TASK_TITLE = "矩阵测试绿色督导任务"
UNIT_NAME = "矩阵激励学校"
COMMENDATION = "矩阵测试表彰"
CASE = "矩阵测试典型经验"

OWN_PATHS: set = set()
OWN_PAGES: set = set()


def _today():
    return timezone.localdate()


# ---- objects under test ----
def green(tree):
    return green_result(office(tree["nanan"]), school(tree["nanan"], name=UNIT_NAME), title=TASK_TITLE)


def commendation(tree):
    target = green(tree)
    return services.commendation_create(actor=None, office=target.task.office, level="praise", subject_kind="unit",
                                        unit=target.unit, title=COMMENDATION, issued_on=_today(),
                                        basis_kind="green_result", basis_target=target)


def case(tree):
    return services.case_create(actor=None, source_target=green(tree), title=CASE, summary="矩阵摘要")


def exemption(tree):
    target = green(tree)
    return services.exemption_grant(actor=None, unit=target.unit, valid_from=_today() - datetime.timedelta(days=5),
                                    valid_to=_today() + datetime.timedelta(days=60), reason="矩阵测试免除",
                                    task_kinds=["comprehensive"], basis_target=target)


def _has(response, obj):
    return any(row["id"] == obj.pk for row in response.json()["items"])


def _in_html(text):
    return lambda response, obj: text in response.content.decode()


def _commendation_payload(o, t, api=True):
    ids = {"office_id": o.task.office_id, "unit_id": o.unit_id, "basis_target_id": o.pk} if api else {
        "office": o.task.office_id, "unit": o.unit_id, "basis_target": o.pk}
    return {**ids, "level": "praise", "subject_kind": "unit", "title": "矩阵新表彰", "issued_on": _today().isoformat(),
            "basis_kind": "green_result"}


def _exemption_payload(o, t, api=True):
    dates = {"valid_from": _today().isoformat(), "valid_to": (_today() + datetime.timedelta(days=30)).isoformat(),
             "reason": "矩阵新免除"}
    if api:
        return {**dates, "unit_id": o.unit_id, "basis_target_id": o.pk, "task_kinds": ["evaluation"]}
    return {**dates, "unit": o.unit_id, "basis_target": o.pk, "task_kinds": ["evaluation"]}


def _new_exemption(o):
    return SupervisionExemption.objects.filter(unit_id=o.unit_id, reason="矩阵新免除").exists()


def _ended(o):
    return ExemptionRecord.objects.filter(exemption_id=o.pk, ended_on__isnull=False).exists()


ENDPOINTS = [
    # ---- API: commendations ----
    Endpoint("incentives api commendation list", "api", "list", LEADER, commendation,
             lambda o: f"{API}/commendations", listed=_has),
    Endpoint("incentives api commendation detail", "api", "detail", LEADER, commendation,
             lambda o: f"{API}/commendations/{o.pk}"),
    Endpoint("incentives api commendation create", "api", "write", OFFICE, green, lambda o: f"{API}/commendations",
             method="post", ok=(201,), payload=_commendation_payload,
             effect=lambda o: Commendation.objects.filter(title="矩阵新表彰").exists()),
    # ---- API: good-practice cases ----
    Endpoint("incentives api case list", "api", "list", LEADER, case, lambda o: f"{API}/cases", listed=_has),
    Endpoint("incentives api case detail", "api", "detail", LEADER, case, lambda o: f"{API}/cases/{o.pk}"),
    Endpoint("incentives api case create", "api", "write", OFFICE, green, lambda o: f"{API}/cases", method="post",
             ok=(201,), payload=lambda o, t: {"source_target_id": o.pk, "title": "矩阵新经验", "summary": "摘要"},
             effect=lambda o: GoodPracticeCase.objects.filter(source_target=o).exists()),
    Endpoint("incentives api case update", "api", "write", OFFICE, case, lambda o: f"{API}/cases/{o.pk}",
             method="patch", payload=lambda o, t: {"title": "矩阵改名经验"},
             effect=lambda o: GoodPracticeCase.objects.filter(pk=o.pk, title="矩阵改名经验").exists()),
    Endpoint("incentives api case transition", "api", "write", OFFICE, case,
             lambda o: f"{API}/cases/{o.pk}/transitions/publish", method="post", payload=lambda o, t: {},
             effect=lambda o: GoodPracticeCase.objects.filter(pk=o.pk, status="published").exists()),
    # ---- API: exemptions and green results ----
    Endpoint("incentives api exemption list", "api", "list", LEADER, exemption, lambda o: f"{API}/exemptions",
             listed=_has),
    Endpoint("incentives api exemption detail", "api", "detail", LEADER, exemption,
             lambda o: f"{API}/exemptions/{o.pk}"),
    Endpoint("incentives api exemption create", "api", "write", OFFICE, green, lambda o: f"{API}/exemptions",
             method="post", ok=(201,), payload=_exemption_payload, effect=_new_exemption),
    Endpoint("incentives api exemption end", "api", "write", OFFICE, exemption,
             lambda o: f"{API}/exemptions/{o.pk}/end", method="post", payload=lambda o, t: {"reason": "矩阵提前结束"},
             effect=_ended),
    Endpoint("incentives api green results", "api", "list", LEADER, green, lambda o: f"{API}/green-results",
             listed=_has),
    # ---- pages ----
    Endpoint("incentives ui commendation list", "ui", "list", LEADER, commendation,
             lambda o: "/incentives/commendations/", listed=_in_html(COMMENDATION)),
    Endpoint("incentives ui commendation detail", "ui", "detail", LEADER, commendation,
             lambda o: f"/incentives/commendations/{o.pk}/"),
    Endpoint("incentives ui commendation create", "ui", "write", OFFICE, green,
             lambda o: "/incentives/commendations/new/", method="post", ok=(302,),
             payload=lambda o, t: _commendation_payload(o, t, api=False),
             effect=lambda o: Commendation.objects.filter(title="矩阵新表彰").exists()),
    Endpoint("incentives ui case list", "ui", "list", LEADER, case, lambda o: "/incentives/cases/",
             listed=_in_html(CASE)),
    Endpoint("incentives ui case detail", "ui", "detail", LEADER, case, lambda o: f"/incentives/cases/{o.pk}/"),
    Endpoint("incentives ui case create", "ui", "write", OFFICE, green, lambda o: "/incentives/cases/new/",
             method="post", ok=(302,),
             payload=lambda o, t: {"source_target": o.pk, "title": "矩阵新经验", "summary": "摘要"},
             effect=lambda o: GoodPracticeCase.objects.filter(source_target=o).exists()),
    Endpoint("incentives ui case edit", "ui", "write", OFFICE, case, lambda o: f"/incentives/cases/{o.pk}/edit/",
             method="post", ok=(302,), payload=lambda o, t: {"title": "矩阵改名经验", "summary": "摘要"},
             effect=lambda o: GoodPracticeCase.objects.filter(pk=o.pk, title="矩阵改名经验").exists()),
    Endpoint("incentives ui case transition", "ui", "write", OFFICE, case,
             lambda o: f"/incentives/cases/{o.pk}/publish/", method="post", ok=(302,),
             effect=lambda o: GoodPracticeCase.objects.filter(pk=o.pk, status="published").exists()),
    Endpoint("incentives ui exemption list", "ui", "list", LEADER, exemption, lambda o: "/incentives/exemptions/",
             listed=_in_html(UNIT_NAME)),
    Endpoint("incentives ui exemption detail", "ui", "detail", LEADER, exemption,
             lambda o: f"/incentives/exemptions/{o.pk}/"),
    Endpoint("incentives ui exemption create", "ui", "write", OFFICE, green, lambda o: "/incentives/exemptions/new/",
             method="post", ok=(302,), payload=lambda o, t: _exemption_payload(o, t, api=False),
             effect=_new_exemption),
    Endpoint("incentives ui exemption end", "ui", "write", OFFICE, exemption,
             lambda o: f"/incentives/exemptions/{o.pk}/end/", method="post", ok=(302,),
             payload=lambda o, t: {"reason": "矩阵提前结束"}, effect=_ended),
    Endpoint("incentives ui green results", "ui", "list", LEADER, green, lambda o: "/incentives/green-results/",
             listed=_in_html(TASK_TITLE)),
]
