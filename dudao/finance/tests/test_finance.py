"""Budget and expenses (issue 14 item 6, H1) through HTTP: a part-time inspector's claim computed
from the fixture's visits and task days by the region's fee standard, approve / return / resubmit,
the finance office's export, the budget's used and remaining per line, bad input."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from dudao.finance import services
from dudao.finance.models import Budget, ExpenseClaim, Spending
from dudao.regionsettings.services import region_setting_set
from dudao.testing.finance_factories import MARCH, TODAY, finance_world
from dudao.testing.matrix import api_client, ui_client
from tests.test_openapi import validate

pytestmark = pytest.mark.django_db
API = "/api/v1/finance"


@pytest.fixture
def world(tree):
    return finance_world(tree)


@pytest.fixture
def spec():
    return Client().get("/api/v1/openapi.json").json()


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def _claim(world, **kw):
    return services.claim_create(actor=world["admin"], inspector=world["inspector"], period_from=MARCH[0],
                                 period_to=MARCH[1], today=TODAY, **kw)


def test_claim_computed_from_visits_and_task_days_by_the_fee_standard(world, spec):
    """2 visits and 3 on-site task days in March (the February visit and the draft task do not
    count); 南岸区 raises the labour fee per visit to 120: 50 + 60 + 90 + 40 + 300 + 240 + 600."""
    region_setting_set(actor=None, region=world["region"], key="expenses.labour_per_visit", value="120")
    admin = api_client(world["admin"])
    body = {"inspector_id": world["inspector"].pk, "period_from": "2026-03-01", "period_to": "2026-03-31"}
    r = post(admin, f"{API}/claims", body)
    assert r.status_code == 201, r.content
    validate(spec, "post", f"{API}/claims", r)
    data = r.json()
    assert (data["visits"], data["task_days"], data["status"]) == (2, 3, "submitted")
    assert [Decimal(data[k]) for k in ("communication", "transport", "board", "labour", "total")] == [
        Decimal("50"), Decimal("150"), Decimal("340"), Decimal("840"), Decimal("1380")]
    lines = {(line["kind"], line["basis"]): line for line in data["lines"]}
    labour = lines[("labour", "visit")]
    assert (labour["quantity"], Decimal(labour["rate"]), Decimal(labour["amount"])) == (2, Decimal("120"), Decimal("240"))
    assert [s["date"] for s in labour["sources"]] == ["2026-03-05", "2026-03-20"]
    days = lines[("board", "task_day")]["sources"]
    assert [s["date"] for s in days] == ["2026-03-10", "2026-03-11", "2026-03-12"]
    assert {s["id"] for s in days} == {world["on_site_task"].pk}
    assert data["available"] == ["approve", "return"]
    # the same period again overlaps
    r = post(admin, f"{API}/claims", body)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "period_from"


def test_approve_posts_to_budget_and_export(world, spec):
    budget = services.budget_create(actor=world["admin"], office=world["office"], year=2026,
                                    planned={"evaluation": "10000"})
    claim = _claim(world)
    admin = api_client(world["admin"])
    assert post(api_client(world["leader"]), f"{API}/claims/{claim.pk}/transitions/approve", {}).status_code == 403
    r = post(admin, f"{API}/claims/{claim.pk}/transitions/approve", {"note": "核对无误"})
    assert r.status_code == 200 and r.json()["status"] == "approved", r.content
    validate(spec, "post", f"{API}/claims/{claim.pk}/transitions/approve", r)
    spending = Spending.objects.get(claim=claim)
    assert spending.amount == Decimal("1340.00") and spending.line.kind == "evaluation"
    r = admin.get(f"{API}/budgets/{budget.pk}")
    evaluation = next(line for line in r.json()["lines"] if line["kind"] == "evaluation")
    assert (Decimal(evaluation["used"]), Decimal(evaluation["remaining"])) == (Decimal("1340"), Decimal("8660"))
    # the finance office's workbook: the approved claim and the total row
    for client, url in ((admin, f"{API}/claims/export?year=2026"), (ui_client(world["admin"]), "/finance/claims/export/")):
        r = client.get(url)
        assert r.status_code == 200, r.content[:200]
        ws = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
        rows = list(ws.iter_rows(values_only=True))
        assert rows[0][:2] == ("序号", "督学") and rows[1][1] == "兼职督学甲" and rows[1][11] == "1340.00"
        assert rows[-1][11] == "1340.00" and len(rows) == 3
    assert api_client(world["sibling"]).get(f"{API}/claims/{claim.pk}").status_code == 404


def test_return_needs_a_reason_and_resubmit_recomputes(world):
    claim = _claim(world)
    client = ui_client(world["admin"])
    r = client.post(f"/finance/claims/{claim.pk}/return/", {"note": ""})
    assert r.status_code == 302 and ExpenseClaim.objects.get(pk=claim.pk).status == "submitted"
    client.post(f"/finance/claims/{claim.pk}/return/", {"note": "劳务费标准待调整"})
    assert ExpenseClaim.objects.get(pk=claim.pk).status == "returned"
    region_setting_set(actor=None, region=world["region"], key="expenses.communication_per_month", value="80")
    client.post(f"/finance/claims/{claim.pk}/resubmit/", {})
    claim.refresh_from_db()
    assert (claim.status, claim.communication, claim.total) == ("submitted", Decimal("80.00"), Decimal("1370.00"))
    assert [e.action for e in claim.events.all()] == ["create", "return", "resubmit"]
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "2026-03-10 南岸区春季开学专项督导" in page and "1370.00" in page


def test_budget_used_and_remaining_per_line(world, spec):
    admin = api_client(world["admin"])
    body = {"office_id": world["office"].pk, "year": 2026, "planned": {"training": "80000", "platform": "150000.50"}}
    r = post(admin, f"{API}/budgets", body)
    assert r.status_code == 201, r.content
    validate(spec, "post", f"{API}/budgets", r)
    budget_id = r.json()["id"]
    assert len(r.json()["lines"]) == 6 and Decimal(r.json()["planned"]) == Decimal("230000.50")
    r = post(admin, f"{API}/budgets/{budget_id}/spendings", {"kind": "training", "spent_on": "2026-03-15",
                                                              "amount": "32000.10", "purpose": "督学岗前培训"})
    assert r.status_code == 201, r.content
    client = ui_client(world["admin"])
    r = client.post(f"/finance/budgets/{budget_id}/spendings/", {"kind": "training", "spent_on": "2026-04-01",
                                                                 "amount": "7999.90", "purpose": "网络研修"})
    assert r.status_code == 302
    training = next(line for line in admin.get(f"{API}/budgets/{budget_id}").json()["lines"] if line["kind"] == "training")
    assert (Decimal(training["used"]), Decimal(training["remaining"])) == (Decimal("40000.00"), Decimal("40000.00"))
    r = admin.patch(f"{API}/budgets/{budget_id}", json.dumps({"planned": {"training": "90000"}}),
                    content_type="application/json")
    assert r.status_code == 200 and Decimal(r.json()["remaining"]) == Decimal("200000.50")
    assert "40000.00" in client.get(f"/finance/budgets/{budget_id}/").content.decode()
    r = client.get("/finance/budgets/?export=xlsx")
    assert r.status_code == 200


def test_bad_input(world, spec):
    admin = api_client(world["admin"])
    budget = services.budget_create(actor=None, office=world["office"], year=2026, planned={})
    cases = [
        ("claims", {"inspector_id": world["inspector"].pk, "period_from": "2026-03-31", "period_to": "2026-03-01"},
         "period_to"),
        ("claims", {"inspector_id": world["inspector"].pk, "period_from": "2026-01-01", "period_to": "2099-01-01"},
         "period_to"),
        ("claims", {"inspector_id": 999999, "period_from": "2026-03-01", "period_to": "2026-03-31"}, "inspector_id"),
        ("claims", {"inspector_id": world["inspector"].pk, "period_from": "2025-01-01", "period_to": "2025-01-31"},
         "period_from"),
        ("budgets", {"office_id": world["office"].pk, "year": 2026, "planned": {}}, "year"),
        ("budgets", {"office_id": world["school"].pk, "year": 2027, "planned": {}}, "office"),
        ("budgets", {"office_id": world["office"].pk, "year": 2027, "planned": {"training": "-1"}}, "planned.training"),
        ("budgets", {"office_id": world["office"].pk, "year": 2027, "planned": {"travel": "1"}}, "planned.travel"),
        (f"budgets/{budget.pk}/spendings", {"kind": "training", "spent_on": "2025-12-31", "amount": "1", "purpose": "x"},
         "spent_on"),
        (f"budgets/{budget.pk}/spendings", {"kind": "training", "spent_on": "2026-01-02", "amount": "0.001",
                                            "purpose": "x"}, "amount"),
        (f"budgets/{budget.pk}/spendings", {"kind": "training", "spent_on": "2026-01-02", "amount": "1", "purpose": " "},
         "purpose"),
    ]
    for path, body, field in cases:
        r = post(admin, f"{API}/{path}", body)
        assert r.status_code == 422, (path, body, r.content)
        assert r.json()["errors"][0]["field"] == field, (body, r.json())
    assert ExpenseClaim.objects.count() == 0 and Budget.objects.count() == 1 and Spending.objects.count() == 0
    full_time = world["inspector"].__class__.objects.create(office=world["office"], region_path=world["office"].region_path,
                                                            kind="full_time", name="专职督学乙", education="bachelor",
                                                            years_in_education=15)
    r = post(admin, f"{API}/claims", {"inspector_id": full_time.pk, "period_from": "2026-03-01", "period_to": "2026-03-31"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "inspector"
    assert datetime.date.today() >= TODAY


def test_pages_with_forms_render_for_the_office(world):
    budget = services.budget_create(actor=None, office=world["office"], year=2026, planned={})
    claim = _claim(world)
    client = ui_client(world["admin"])
    for url in ("/finance/budgets/new/", f"/finance/budgets/{budget.pk}/", f"/finance/budgets/{budget.pk}/edit/",
                "/finance/claims/new/", f"/finance/claims/{claim.pk}/", "/finance/claims/?export=xlsx"):
        assert client.get(url).status_code == 200, url
    page = client.get(f"/finance/claims/{claim.pk}/").content.decode()
    assert "审核通过" in page and "退回" in page
