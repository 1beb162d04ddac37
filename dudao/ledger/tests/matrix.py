"""The ledger's rows of the shared permission matrix (``tests/test_permission_matrix.py``; semantics
in ``dudao.testing.matrix``): every API operation and page as anonymous, no role, in scope, child region,
sibling region and parent region. The object under test is a 南岸区 school's ledger item. Reads act
as the read-only leader, writes as office_admin.

Elsewhere: the unit's own answers (submit_plan, report — unit respondents act through an
assignment on their unit, not a region) are tested in ``test_api.py``."""

import datetime

from dudao.accounts.roles import RoleCode
from dudao.ledger import services, workflows
from dudao.ledger.models import FollowUpSampling, LedgerItem
from dudao.testing.matrix import Endpoint
from dudao.testing.schools_factories import office, school

OFFICE, LEADER = RoleCode.OFFICE_ADMIN, RoleCode.LEADER
API = "/api/v1/ledger"
DESCRIPTION = "矩阵测试台账问题"

OWN_PATHS: set = set()
OWN_PAGES: set = set()


def ledger_item(tree):
    unit = school(tree["nanan"], name="矩阵台账学校")
    return services.ledger_item_create(actor=None, unit=unit, source="media", description=DESCRIPTION,
                                       category="safety", requirement="立即整改",
                                       deadline=datetime.date(2030, 1, 1))


def plan_submitted(tree):
    item = ledger_item(tree)
    return workflows.item_submit_plan(actor=None, item=item, plan="整改方案")


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
    # ---- pages ----
    Endpoint("ledger ui list", "ui", "list", LEADER, ledger_item, lambda o: "/ledger/",
             listed=lambda r, o: DESCRIPTION in r.content.decode()),
    Endpoint("ledger ui item detail", "ui", "detail", LEADER, ledger_item, lambda o: f"/ledger/{o.pk}/"),
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
