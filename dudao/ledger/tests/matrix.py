"""The ledger's rows of the shared permission matrix (``tests/test_permission_matrix.py``; semantics
in ``dudao.testing.matrix``): every API operation and page as anonymous, no role, in scope, child region,
sibling region and parent region. The object under test is a 南岸区 school's ledger item. Reads act
as the read-only leader, writes as office_admin.

Elsewhere: the unit's own answers (submit_plan, report, extension requests — unit respondents act
through an assignment on their unit, not a region) are tested in ``test_api.py``,
``test_api_items.py`` and ``test_item_pages.py``. The 问责情形 catalogue
(page and API) is normative data per province — the national list is readable by every user who
may read cases, and only a province's office adds to it — so it does not fit the 南岸区 rows;
``accountability/tests/test_case_pages.py`` and ``test_case_api.py`` test it (province office, district office,
another province)."""

import datetime

from django.utils import timezone

from dudao.accountability import services as accountability
from dudao.accountability.models import AccountabilityCase, Circular, Interview, TriggerSituation
from dudao.accounts.roles import RoleCode
from dudao.ledger import deadlines, routing, services, workflows
from dudao.ledger.models import (
    DepartmentAction,
    ExtensionRequest,
    FollowUpSampling,
    LedgerItem,
    SupervisionOrder,
)
from dudao.orgs.choices import UnitKind
from dudao.testing.factories import UnitFactory
from dudao.testing.matrix import Endpoint
from dudao.testing.schools_factories import office, school

OFFICE, LEADER = RoleCode.OFFICE_ADMIN, RoleCode.LEADER
API = "/api/v1/ledger"
DESCRIPTION = "矩阵测试台账问题"

CASE_TITLE = "矩阵测试问责案件"
RECORD_TEXT = "矩阵测试约谈通报内容"

# The user's own inbox (addressed to the user, the user's units or offices, not a region's rows):
# test_reports.py::test_notification_inbox_page_and_api. The situation catalogue: see test_case_pages.py.
# Extension requests are the unit's own: test_api_items.py, test_item_pages.py.
OWN_PATHS: set = {f"{API}/notifications", f"{API}/notifications/read", f"{API}/situations",
                  f"{API}/items/{{item_id}}/extensions"}
OWN_PAGES: set = {"ledger:notifications", "accountability:situation_list", "ledger:extension_request"}


def ledger_item(tree):
    unit = school(tree["nanan"], name="矩阵台账学校")
    return services.ledger_item_create(actor=None, unit=unit, source="media", description=DESCRIPTION,
                                       category="safety", requirement="立即整改",
                                       deadline=datetime.date(2030, 1, 1))


def plan_submitted(tree):
    item = ledger_item(tree)
    return workflows.item_submit_plan(actor=None, item=item, plan="整改方案")


def rechecking(tree):
    item = plan_submitted(tree)
    item = workflows.item_accept_plan(actor=None, item=item)
    item = workflows.item_report(actor=None, item=item, report="已整改", evidence="照片")
    return workflows.item_begin_recheck(actor=None, item=item, method="on_site")


def _recheck_noted(obj):
    from dudao.ledger.models import LedgerEvent

    return LedgerEvent.objects.filter(item=obj, action="recheck_note").exists()


def overdue_item(tree):
    item = ledger_item(tree)
    LedgerItem.objects.filter(pk=item.pk).update(deadline=datetime.date(2020, 1, 1))
    return item


def _in_summary(response, obj):
    return any(row["label"] == obj.unit.name for row in response.json()["rows"])


def _s03():
    return TriggerSituation.objects.get(code="S03").pk


def _ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def case(tree):
    item = ledger_item(tree)
    return accountability.case_open(actor=None, unit=item.unit, subject_kind="school", title=CASE_TITLE,
                                    supervision_end=_ago(5), situations=[TriggerSituation.objects.get(code="S03")],
                                    ledger_items=[item])


def interview(tree):
    item = ledger_item(tree)
    return accountability.interview_create(actor=None, unit=item.unit, held_on=_ago(1), participants="督导室主任",
                                           leaders_present="校长", content=RECORD_TEXT, ledger_items=[item])


def circular(tree):
    item = ledger_item(tree)
    return accountability.circular_create(actor=None, unit=item.unit, issued_on=_ago(1), content=RECORD_TEXT,
                                          recommendation="一年内不得评优评先", ledger_items=[item])


def _case_status(status):
    return lambda o: AccountabilityCase.objects.get(pk=o.pk).status == status


def _later(days=20):
    return timezone.localdate() + datetime.timedelta(days=days)


def pending_extension(tree):
    item = plan_submitted(tree)
    return workflows.extension_request(actor=None, item=item, requested_deadline=datetime.date(2030, 6, 1),
                                       reason="矩阵延期理由")


FOLLOWUP_TITLE = "矩阵测试回头看"


def closed_item(tree):
    """A closed 南岸区 item; ``.office`` is 南岸区's office, which samples it."""
    item = ledger_item(tree)
    for name, data in (("submit_plan", {"plan": "方案"}), ("accept_plan", {}),
                       ("report", {"report": "已整改", "evidence": "照片"}), ("begin_recheck", {"method": "sampling"}),
                       ("close", {"conclusion": "整改到位"})):
        item = workflows.SERVICES[name](actor=None, item=item, **data)
    item.office = office(tree["nanan"])
    return item


def followup(tree):
    from dudao.ledger.followup import SamplingRule, followup_sample

    item = closed_item(tree)
    return followup_sample(actor=None, rule=SamplingRule(office=item.office, percentage=100), title=FOLLOWUP_TITLE)


def department_action(tree):
    item = ledger_item(tree)
    dept = UnitFactory(kind=UnitKind.DEPARTMENT, region=tree["nanan"], name="矩阵联动部门")
    routing.item_route(actor=None, item=item, routing="major", departments=[dept], task="矩阵联动事项",
                       action_deadline=_later())
    return DepartmentAction.objects.get(item=item)


def draft_order(tree):
    office(tree["nanan"])
    item = ledger_item(tree)
    LedgerItem.objects.filter(pk=item.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=3))
    deadlines.escalate_overdue(timezone.localdate())
    return SupervisionOrder.objects.get(item=item, level=1)


def _status(model, status):
    return lambda o: model.objects.get(pk=o.pk).status == status


REBOUND = {"method": "sampling", "description": "矩阵反弹问题", "requirement": "再整改", "deadline": "2030-03-01"}


def draft_problem(tree):
    """A problem the team of a 南岸区 task on site recorded at its target (待下达)."""
    from dudao.inspections import problems
    from dudao.inspections.tests.matrix import on_site_target

    return problems.record(actor=None, target=on_site_target(tree), description="矩阵待下达问题",
                           category="safety", requirement="立即整改", deadline=datetime.date(2030, 1, 1))


DRAFT_FORM = {"description": "页面改后问题", "category": "safety", "severity": "minor", "requirement": "立即整改",
              "deadline": "2030-01-01", "routing": "small"}


def _has(response, obj):
    return any(row["id"] == obj.pk for row in response.json()["items"])


ENDPOINTS = [
    Endpoint("ledger api item list", "api", "list", LEADER, ledger_item, lambda o: f"{API}/items", listed=_has),
    Endpoint("ledger api item detail", "api", "detail", LEADER, ledger_item, lambda o: f"{API}/items/{o.pk}"),
    Endpoint("ledger api item create", "api", "write", OFFICE, ledger_item, lambda o: f"{API}/items",
             method="post", ok=(201,),
             payload=lambda o, t: {"unit_id": o.unit_id, "source": "hotline", "description": "热线反映问题",
                                   "category": "management", "requirement": "核实整改",
                                   "deadline": "2030-02-01"},
             effect=lambda o: LedgerItem.objects.filter(description="热线反映问题").exists()),
    Endpoint("ledger api transition", "api", "write", OFFICE, plan_submitted,
             lambda o: f"{API}/items/{o.pk}/transitions/accept_plan", method="post", payload=lambda o, t: {},
             effect=lambda o: LedgerItem.objects.get(pk=o.pk).status == "in_progress"),
    Endpoint("ledger api recheck note", "api", "write", OFFICE, rechecking,
             lambda o: f"{API}/items/{o.pk}/recheck-notes", method="post", ok=(201,),
             payload=lambda o, t: {"note": "矩阵复查记录"}, effect=_recheck_noted),
    Endpoint("ledger api summary", "api", "list", LEADER, ledger_item, lambda o: f"{API}/summary?by=unit",
             listed=_in_summary),
    Endpoint("ledger api unit dossier", "api", "detail", LEADER, ledger_item,
             lambda o: f"{API}/units/{o.unit_id}/dossier"),


    Endpoint("ledger api extension approve", "api", "write", OFFICE, pending_extension,
             lambda o: f"{API}/extensions/{o.pk}/approve", method="post", payload=lambda o, t: {"note": "同意"},
             effect=_status(ExtensionRequest, "approved")),
    Endpoint("ledger api extension refuse", "api", "write", OFFICE, pending_extension,
             lambda o: f"{API}/extensions/{o.pk}/refuse", method="post", payload=lambda o, t: {"note": "不同意"},
             effect=_status(ExtensionRequest, "refused")),
    Endpoint("ledger api rebound", "api", "write", OFFICE, closed_item, lambda o: f"{API}/items/{o.pk}/rebound",
             method="post", ok=(201,), payload=lambda o, t: REBOUND,
             effect=lambda o: LedgerItem.objects.filter(rebound_of=o).exists()),
    Endpoint("ledger api route", "api", "write", OFFICE, ledger_item, lambda o: f"{API}/items/{o.pk}/route",
             method="post", payload=lambda o, t: {"routing": "hard"},
             effect=lambda o: LedgerItem.objects.get(pk=o.pk).routing == "hard"),
    Endpoint("ledger api item actions", "api", "detail", LEADER, lambda t: department_action(t).item,
             lambda o: f"{API}/items/{o.pk}/actions"),
    Endpoint("ledger api action list", "api", "list", LEADER, department_action, lambda o: f"{API}/actions",
             listed=_has),
    Endpoint("ledger api action complete", "api", "write", OFFICE, department_action,
             lambda o: f"{API}/actions/{o.pk}/complete", method="post", payload=lambda o, t: {"result": "已办结"},
             effect=_status(DepartmentAction, "done")),
    Endpoint("ledger api order list", "api", "list", OFFICE, draft_order, lambda o: f"{API}/orders", listed=_has),
    Endpoint("ledger api order detail", "api", "detail", OFFICE, draft_order, lambda o: f"{API}/orders/{o.pk}"),
    Endpoint("ledger api order issue", "api", "write", OFFICE, draft_order, lambda o: f"{API}/orders/{o.pk}/issue",
             method="post", payload=lambda o, t: {}, effect=_status(SupervisionOrder, "issued")),
    # ---- pages ----
    Endpoint("ledger ui summary", "ui", "list", LEADER, ledger_item, lambda o: "/ledger/summary/?by=unit",
             listed=lambda r, o: o.unit.name in r.content.decode()),
    Endpoint("ledger ui overdue", "ui", "list", LEADER, overdue_item, lambda o: "/ledger/overdue/",
             listed=lambda r, o: DESCRIPTION in r.content.decode()),
    Endpoint("ledger ui unit dossier", "ui", "detail", LEADER, ledger_item, lambda o: f"/ledger/units/{o.unit_id}/"),
    Endpoint("ledger ui list", "ui", "list", LEADER, ledger_item, lambda o: "/ledger/",
             listed=lambda r, o: DESCRIPTION in r.content.decode()),
    Endpoint("ledger ui item detail", "ui", "detail", LEADER, ledger_item, lambda o: f"/ledger/{o.pk}/"),
    # ---- accountability: API (dudao/accountability/api.py) ----
    Endpoint("case api list", "api", "list", LEADER, case, lambda o: f"{API}/cases", listed=_has),
    Endpoint("case api detail", "api", "detail", LEADER, case, lambda o: f"{API}/cases/{o.pk}"),
    Endpoint("case api create", "api", "write", OFFICE, ledger_item, lambda o: f"{API}/cases", method="post",
             ok=(201,),
             payload=lambda o, t: {"unit_id": o.unit_id, "subject_kind": "school", "title": "接口立案",
                                   "supervision_end": _ago(3).isoformat(), "situation_ids": [_s03()],
                                   "ledger_item_ids": [o.pk]},
             effect=lambda o: AccountabilityCase.objects.filter(title="接口立案").exists()),
    Endpoint("case api transition", "api", "write", OFFICE, case,
             lambda o: f"{API}/cases/{o.pk}/transitions/form_group", method="post",
             payload=lambda o, t: {"group_members": "区督导室"}, effect=_case_status("investigating")),
    Endpoint("interview api list", "api", "list", LEADER, interview, lambda o: f"{API}/interviews", listed=_has),
    Endpoint("interview api detail", "api", "detail", LEADER, interview, lambda o: f"{API}/interviews/{o.pk}"),
    Endpoint("interview api create", "api", "write", OFFICE, ledger_item, lambda o: f"{API}/interviews",
             method="post", ok=(201,),
             payload=lambda o, t: {"unit_id": o.unit_id, "held_on": _ago(1).isoformat(), "participants": "主任",
                                   "leaders_present": "校长", "content": "接口约谈", "ledger_item_ids": [o.pk]},
             effect=lambda o: Interview.objects.filter(content="接口约谈").exists()),
    Endpoint("circular api list", "api", "list", LEADER, circular, lambda o: f"{API}/circulars", listed=_has),
    Endpoint("circular api detail", "api", "detail", LEADER, circular, lambda o: f"{API}/circulars/{o.pk}"),
    Endpoint("circular api create", "api", "write", OFFICE, ledger_item, lambda o: f"{API}/circulars",
             method="post", ok=(201,),
             payload=lambda o, t: {"unit_id": o.unit_id, "issued_on": _ago(1).isoformat(), "content": "接口通报",
                                   "recommendation": "暂缓评优", "ledger_item_ids": [o.pk]},
             effect=lambda o: Circular.objects.filter(content="接口通报").exists()),
    # ---- accountability: pages (dudao/accountability/views.py) ----
    Endpoint("case ui list", "ui", "list", LEADER, case, lambda o: "/ledger/cases/",
             listed=lambda r, o: CASE_TITLE in r.content.decode()),
    Endpoint("case ui detail", "ui", "detail", LEADER, case, lambda o: f"/ledger/cases/{o.pk}/"),
    Endpoint("case ui create", "ui", "write", OFFICE, ledger_item, lambda o: "/ledger/cases/new/", method="post",
             ok=(302,),
             payload=lambda o, t: {"unit": o.unit_id, "subject_kind": "school", "title": "页面立案",
                                   "supervision_end": _ago(3).isoformat(), "situations": [_s03()],
                                   "ledger_items": [o.pk]},
             effect=lambda o: AccountabilityCase.objects.filter(title="页面立案").exists()),
    Endpoint("case ui action", "ui", "write", OFFICE, case, lambda o: f"/ledger/cases/{o.pk}/", method="post",
             ok=(302,), payload=lambda o, t: {"form": "form_group", "form_group-group_members": "区督导室"},
             effect=_case_status("investigating")),
    Endpoint("interview ui list", "ui", "list", LEADER, interview, lambda o: "/ledger/interviews/",
             listed=lambda r, o: RECORD_TEXT in r.content.decode()),
    Endpoint("interview ui detail", "ui", "detail", LEADER, interview, lambda o: f"/ledger/interviews/{o.pk}/"),
    Endpoint("interview ui create", "ui", "write", OFFICE, ledger_item, lambda o: "/ledger/interviews/new/",
             method="post", ok=(302,),
             payload=lambda o, t: {"unit": o.unit_id, "held_on": _ago(1).isoformat(), "participants": "主任",
                                   "leaders_present": "校长", "content": "页面约谈", "ledger_items": [o.pk]},
             effect=lambda o: Interview.objects.filter(content="页面约谈").exists()),
    Endpoint("circular ui list", "ui", "list", LEADER, circular, lambda o: "/ledger/circulars/",
             listed=lambda r, o: RECORD_TEXT in r.content.decode()),
    Endpoint("circular ui detail", "ui", "detail", LEADER, circular, lambda o: f"/ledger/circulars/{o.pk}/"),
    Endpoint("circular ui create", "ui", "write", OFFICE, ledger_item, lambda o: "/ledger/circulars/new/",
             method="post", ok=(302,),
             payload=lambda o, t: {"unit": o.unit_id, "issued_on": _ago(1).isoformat(), "content": "页面通报",
                                   "recommendation": "暂缓评优", "ledger_items": [o.pk]},
             effect=lambda o: Circular.objects.filter(content="页面通报").exists()),


    Endpoint("ledger ui transition", "ui", "write", OFFICE, plan_submitted,
             lambda o: f"/ledger/{o.pk}/transitions/accept_plan/", method="post", ok=(302,),
             payload=lambda o, t: {"accept_plan-note": "同意"},
             effect=lambda o: LedgerItem.objects.get(pk=o.pk).status == "in_progress"),
    Endpoint("ledger ui recheck note", "ui", "write", OFFICE, rechecking, lambda o: f"/ledger/{o.pk}/recheck-notes/",
             method="post", ok=(302,), payload=lambda o, t: {"recheck_note-note": "矩阵复查记录"},
             effect=_recheck_noted),
    Endpoint("ledger ui extension decide", "ui", "write", OFFICE, pending_extension,
             lambda o: f"/ledger/extensions/{o.pk}/approve/", method="post", ok=(302,),
             payload=lambda o, t: {f"decide{o.pk}-note": "同意"}, effect=_status(ExtensionRequest, "approved")),
    Endpoint("ledger ui rebound", "ui", "write", OFFICE, closed_item, lambda o: f"/ledger/{o.pk}/rebound/",
             method="post", ok=(302,), payload=lambda o, t: {f"rebound-{k}": v for k, v in REBOUND.items()},
             effect=lambda o: LedgerItem.objects.filter(rebound_of=o).exists()),
    Endpoint("ledger ui route", "ui", "write", OFFICE, ledger_item, lambda o: f"/ledger/{o.pk}/route/",
             method="post", ok=(302,), payload=lambda o, t: {"route-routing": "hard"},
             effect=lambda o: LedgerItem.objects.get(pk=o.pk).routing == "hard"),
    Endpoint("ledger ui action list", "ui", "list", LEADER, department_action, lambda o: "/ledger/actions/",
             listed=lambda r, o: "矩阵联动事项" in r.content.decode()),
    Endpoint("ledger ui action complete", "ui", "write", OFFICE, department_action,
             lambda o: f"/ledger/actions/{o.pk}/complete/", method="post", ok=(302,),
             payload=lambda o, t: {f"action{o.pk}-result": "已办结"}, effect=_status(DepartmentAction, "done")),
    Endpoint("ledger ui order issue", "ui", "write", OFFICE, draft_order, lambda o: f"/ledger/orders/{o.pk}/issue/",
             method="post", ok=(302,), payload=lambda o, t: {}, effect=_status(SupervisionOrder, "issued")),
    # ---- 回头看 (E5) ----
    Endpoint("ledger api followup list", "api", "list", LEADER, lambda t: followup(t), lambda o: f"{API}/followups",
             listed=_has),
    Endpoint("ledger api followup detail", "api", "detail", LEADER, lambda t: followup(t),
             lambda o: f"{API}/followups/{o.pk}"),
    Endpoint("ledger api followup preview", "api", "detail", OFFICE, closed_item, lambda o: f"{API}/followups/preview",
             payload=lambda o, t: {"office_id": o.office.pk, "percentage": 50}),
    Endpoint("ledger api followup create", "api", "write", OFFICE, closed_item, lambda o: f"{API}/followups",
             method="post", ok=(201,), payload=lambda o, t: {"office_id": o.office.pk, "percentage": 100},
             effect=lambda o: FollowUpSampling.objects.filter(items=o).exists()),
    Endpoint("ledger ui followup list", "ui", "list", LEADER, lambda t: followup(t), lambda o: "/ledger/followups/",
             listed=lambda r, o: FOLLOWUP_TITLE in r.content.decode()),
    Endpoint("ledger ui followup detail", "ui", "detail", LEADER, lambda t: followup(t),
             lambda o: f"/ledger/followups/{o.pk}/"),
    Endpoint("ledger ui followup create", "ui", "write", OFFICE, closed_item, lambda o: "/ledger/followups/",
             method="post", ok=(302,),
             payload=lambda o, t: {"office": o.office.pk, "percentage": "100", "action": "commit"},
             effect=lambda o: FollowUpSampling.objects.filter(items=o).exists()),
]
# complaint intake (register, triage state, accept, dismiss): rows in dudao/complaints/tests/matrix.py
ENDPOINTS += [
    # ---- a task's draft problem (待下达): change or withdraw before the opinion letter ----
    Endpoint("ledger api draft problem update", "api", "write", OFFICE, draft_problem,
             lambda o: f"{API}/items/{o.pk}", method="patch", payload=lambda o, t: {"description": "接口改后问题"},
             effect=lambda o: LedgerItem.objects.filter(pk=o.pk, description="接口改后问题").exists()),
    Endpoint("ledger api draft problem delete", "api", "write", OFFICE, draft_problem,
             lambda o: f"{API}/items/{o.pk}", method="delete", ok=(204,),
             effect=lambda o: not LedgerItem.objects.filter(pk=o.pk).exists()),
    Endpoint("ledger ui draft problem edit page", "ui", "detail", OFFICE, draft_problem,
             lambda o: f"/ledger/{o.pk}/edit/"),
    Endpoint("ledger ui draft problem edit", "ui", "write", OFFICE, draft_problem, lambda o: f"/ledger/{o.pk}/edit/",
             method="post", ok=(302,), payload=lambda o, t: DRAFT_FORM,
             effect=lambda o: LedgerItem.objects.filter(pk=o.pk, description="页面改后问题").exists()),
    Endpoint("ledger ui draft problem delete", "ui", "write", OFFICE, draft_problem,
             lambda o: f"/ledger/{o.pk}/delete/", method="post", ok=(302,),
             effect=lambda o: not LedgerItem.objects.filter(pk=o.pk).exists()),
]
