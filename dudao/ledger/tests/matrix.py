"""The ledger's rows of the shared permission matrix (``tests/test_permission_matrix.py``; semantics
in ``dudao.testing.matrix``): every API operation and page as anonymous, no role, in scope, child region,
sibling region and parent region. The object under test is a 南岸区 school's ledger item. Reads act
as the read-only leader, writes as office_admin.

Elsewhere: the unit's own answers (submit_plan, report — unit respondents act through an
assignment on their unit, not a region) are tested in ``test_api.py``."""

import datetime

from dudao.accounts.roles import RoleCode
from dudao.ledger import services, workflows
from dudao.ledger.models import LedgerItem
from dudao.testing.matrix import Endpoint
from dudao.testing.schools_factories import school

from .intake_matrix import INTAKE_ENDPOINTS, INTAKE_OWN_PAGES

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
]
# complaint intake (register, triage state, accept, dismiss): rows in intake_matrix.py
ENDPOINTS += INTAKE_ENDPOINTS
OWN_PAGES |= INTAKE_OWN_PAGES
