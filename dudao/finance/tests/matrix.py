"""The finance rows of the shared permission matrix (``tests/test_permission_matrix.py``): every API
operation and page as anonymous, no role, in scope, child, sibling and parent region. The objects
under test are a 南岸区 budget and a part-time inspector's claim. Reads as the leader, writes as
office_admin."""

from dudao.accounts.roles import RoleCode
from dudao.finance import services
from dudao.finance.models import Budget, ExpenseClaim, Spending
from dudao.testing.finance_factories import MARCH, TODAY, finance_world
from dudao.testing.matrix import Endpoint

OFFICE, LEADER = RoleCode.OFFICE_ADMIN, RoleCode.LEADER
API = "/api/v1/finance"
NOTE = "矩阵测试预算"

OWN_PATHS: set = set()
OWN_PAGES: set = set()


def budget(tree):
    w = finance_world(tree)
    obj = services.budget_create(actor=None, office=w["office"], year=2026, planned={"training": "1000"}, note=NOTE)
    obj.world = w
    return obj


def world(tree):
    w = finance_world(tree)
    w["office"].world = w
    return w["office"]


def claim(tree):
    w = finance_world(tree)
    return services.claim_create(actor=None, inspector=w["inspector"], period_from=MARCH[0], period_to=MARCH[1],
                                 today=TODAY)


def _has(response, obj):
    return any(row["id"] == obj.pk for row in response.json()["items"])


def _in_html(text):
    return lambda response, obj: text in response.content.decode()


def _xlsx_has(name):
    def listed(response, obj):
        import io

        from openpyxl import load_workbook

        ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        return any(row[1] == name for row in ws.iter_rows(min_row=2, values_only=True))
    return listed


def approved(tree):
    obj = claim(tree)
    from dudao.finance import workflows

    workflows.SERVICES["approve"](actor=None, claim=obj)
    return obj


def _status(status):
    return lambda o: ExpenseClaim.objects.filter(pk=o.pk, status=status).exists()


def _spent(o):
    return Spending.objects.filter(line__budget=o, purpose="矩阵支出").exists()


ENDPOINTS = [
    Endpoint("finance api budget list", "api", "list", LEADER, budget, lambda o: f"{API}/budgets", listed=_has),
    Endpoint("finance api budget detail", "api", "detail", LEADER, budget, lambda o: f"{API}/budgets/{o.pk}"),
    Endpoint("finance api budget create", "api", "write", OFFICE, world, lambda o: f"{API}/budgets", method="post",
             ok=(201,), payload=lambda o, t: {"office_id": o.pk, "year": 2026, "planned": {"training": "5000"}},
             effect=lambda o: Budget.objects.filter(office=o, year=2026).exists()),
    Endpoint("finance api budget update", "api", "write", OFFICE, budget, lambda o: f"{API}/budgets/{o.pk}",
             method="patch", payload=lambda o, t: {"note": "矩阵改"},
             effect=lambda o: Budget.objects.filter(pk=o.pk, note="矩阵改").exists()),
    Endpoint("finance api spending add", "api", "write", OFFICE, budget, lambda o: f"{API}/budgets/{o.pk}/spendings",
             method="post", ok=(201,),
             payload=lambda o, t: {"kind": "training", "spent_on": "2026-03-01", "amount": "10", "purpose": "矩阵支出"},
             effect=_spent),
    Endpoint("finance api claim list", "api", "list", LEADER, claim, lambda o: f"{API}/claims", listed=_has),
    Endpoint("finance api claim detail", "api", "detail", LEADER, claim, lambda o: f"{API}/claims/{o.pk}"),
    Endpoint("finance api claim export", "api", "list", LEADER, approved, lambda o: f"{API}/claims/export",
             listed=_xlsx_has("兼职督学甲")),
    Endpoint("finance api claim create", "api", "write", OFFICE, world, lambda o: f"{API}/claims", method="post",
             ok=(201,), payload=lambda o, t: {"inspector_id": o.world["inspector"].pk, "period_from": "2026-03-01",
                                              "period_to": "2026-03-31"},
             effect=lambda o: ExpenseClaim.objects.filter(office=o).exists()),
    Endpoint("finance api claim transition", "api", "write", OFFICE, claim,
             lambda o: f"{API}/claims/{o.pk}/transitions/approve", method="post", payload=lambda o, t: {},
             effect=_status("approved")),
    # ---- pages ----
    Endpoint("finance ui budget list", "ui", "list", LEADER, budget, lambda o: "/finance/budgets/",
             listed=_in_html("2026")),
    Endpoint("finance ui budget detail", "ui", "detail", LEADER, budget, lambda o: f"/finance/budgets/{o.pk}/"),
    Endpoint("finance ui budget create", "ui", "write", OFFICE, world, lambda o: "/finance/budgets/new/",
             method="post", ok=(302,),
             payload=lambda o, t: {"office": o.pk, "year": 2026, **{f"planned_{k}": "1" for k in (
                 "evaluation", "acceptance", "monitoring", "training", "research", "platform")}},
             effect=lambda o: Budget.objects.filter(office=o, year=2026).exists()),
    Endpoint("finance ui budget edit", "ui", "write", OFFICE, budget, lambda o: f"/finance/budgets/{o.pk}/edit/",
             method="post", ok=(302,), payload=lambda o, t: {"note": "矩阵改"},
             effect=lambda o: Budget.objects.filter(pk=o.pk, note="矩阵改").exists()),
    Endpoint("finance ui spending add", "ui", "write", OFFICE, budget, lambda o: f"/finance/budgets/{o.pk}/spendings/",
             method="post", ok=(302,),
             payload=lambda o, t: {"kind": "training", "spent_on": "2026-03-01", "amount": "10", "purpose": "矩阵支出"},
             effect=_spent),
    Endpoint("finance ui claim list", "ui", "list", LEADER, claim, lambda o: "/finance/claims/",
             listed=_in_html("兼职督学甲")),
    Endpoint("finance ui claim detail", "ui", "detail", LEADER, claim, lambda o: f"/finance/claims/{o.pk}/"),
    Endpoint("finance ui claim export", "ui", "list", LEADER, approved, lambda o: "/finance/claims/export/",
             listed=_xlsx_has("兼职督学甲")),
    Endpoint("finance ui claim create", "ui", "write", OFFICE, world, lambda o: "/finance/claims/new/",
             method="post", ok=(302,),
             payload=lambda o, t: {"inspector": o.world["inspector"].pk, "period_from": "2026-03-01",
                                   "period_to": "2026-03-31"},
             effect=lambda o: ExpenseClaim.objects.filter(office=o).exists()),
    Endpoint("finance ui claim transition", "ui", "write", OFFICE, claim,
             lambda o: f"/finance/claims/{o.pk}/approve/", method="post", ok=(302,), effect=_status("approved")),
]
