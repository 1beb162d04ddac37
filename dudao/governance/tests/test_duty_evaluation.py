"""City → county duty evaluation (督政) end to end through the API: the city office creates a 督政
task whose target is 南岸区人民政府 (the per-level target rules refuse a school, a street and a district
department), the team scores it with the county framework, records a finding naming 区住房城乡建委 as
the responsible member unit (a non-member is refused), and the opinion letter issues it onto the
department's ledger, where the department's own user finds it. The comparison shows the result."""

import datetime

import pytest
from django.utils import timezone

from dudao.accounts.roles import RoleCode
from dudao.ledger.models import LedgerItem
from dudao.testing.factories import user_with_role
from dudao.testing.governance_factories import framework, governance_world, township_task
from dudao.testing.matrix import api_client, ui_client
from dudao.testing.schools_factories import inspector, office, school

pytestmark = pytest.mark.django_db
API = "/api/v1"
RESULTS = {
    "B1": "好",
    "B2": "好",
    "B3": "较好",
    "B4": "好",
    "B5": "较好",
    "B6": "好",
    "B7": "较好",
    "B8": "一般",
    "B9-1": "好",
    "B9-2": True,
}


@pytest.fixture
def city(tree):
    world = governance_world(tree)
    world["office"] = office(tree["cq"])
    world["admin"] = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"])
    world["team"] = [
        inspector(
            world["office"], name=f"市督学{i}", user=user_with_role(RoleCode.INSPECTOR, region=tree["cq"])
        )
        for i in range(3)
    ]
    world["version"] = framework("county-government-duty")
    return world


def _ok(response, status=200):
    assert response.status_code == status, response.content[:500]
    return response.json()


def _task_payload(world, targets):
    return {
        "office_id": world["office"].pk,
        "kind": "government",
        "title": "2025年重庆市对南岸区人民政府履行教育职责评价",
        "framework_version_id": world["version"].pk,
        "target_ids": [t.pk for t in targets],
        "start_date": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
    }


def test_city_evaluates_a_county_government_and_the_finding_lands_on_the_department(city, tree):
    c = api_client(city["admin"])
    task = _ok(
        c.post(
            f"{API}/inspections/tasks",
            _task_payload(city, [city["government"]]),
            content_type="application/json",
        ),
        201,
    )
    for i, insp in enumerate(city["team"]):
        _ok(
            c.post(
                f"{API}/inspections/tasks/{task['id']}/team",
                {"inspector_id": insp.pk, "role": "leader" if i == 0 else "member"},
                content_type="application/json",
            ),
            201,
        )
    for name in ("notify", "start_on_site"):
        _ok(
            c.post(
                f"{API}/inspections/tasks/{task['id']}/transitions/{name}",
                {},
                content_type="application/json",
            )
        )
    detail = _ok(c.get(f"{API}/inspections/tasks/{task['id']}"))
    target_id = detail["targets"][0]["id"]
    scored = _ok(
        c.post(
            f"{API}/inspections/targets/{target_id}/scores",
            {"results": RESULTS},
            content_type="application/json",
        )
    )
    assert scored["grade"] and scored["score"] is not None
    _ok(
        c.post(
            f"{API}/inspections/targets/{target_id}/opinions",
            {
                "kind": "interview",
                "held_on": timezone.localdate().isoformat(),
                "participants": 8,
                "summary": "听取区政府履职情况汇报",
            },
            content_type="application/json",
        ),
        201,
    )
    problem = {
        "description": "城镇小区配套幼儿园2所未按期移交",
        "category": "resources",
        "severity": "serious",
        "requirement": "制定移交计划并完成移交",
        "routing": "hard",
        "indicator_code": "B8",
        "deadline": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
    }
    refused = c.post(
        f"{API}/inspections/targets/{target_id}/problems",
        {**problem, "responsible_unit_id": city["outsider"].pk},
        content_type="application/json",
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "responsible_unit"
    item = _ok(
        c.post(
            f"{API}/inspections/targets/{target_id}/problems",
            {**problem, "responsible_unit_id": city["housing"].pk},
            content_type="application/json",
        ),
        201,
    )
    assert LedgerItem.objects.get(pk=item["id"]).unit == city["housing"]
    for name in ("send_preliminary_opinion", "open_objection_window"):
        _ok(
            c.post(
                f"{API}/inspections/tasks/{task['id']}/transitions/{name}",
                {},
                content_type="application/json",
            )
        )
    _ok(
        c.post(
            f"{API}/inspections/targets/{target_id}/objection/on-behalf",
            {"state": "waived"},
            content_type="application/json",
        )
    )
    _ok(
        c.post(
            f"{API}/inspections/tasks/{task['id']}/transitions/issue_opinion_letter",
            {},
            content_type="application/json",
        )
    )
    row = LedgerItem.objects.get(pk=item["id"])
    assert (row.status, row.unit, row.target.unit) == ("issued", city["housing"], city["government"])
    # the department's own user finds it on its ledger; another department's does not
    own = api_client(user_with_role(RoleCode.UNIT_RESPONDENT, unit=city["housing"], recursive=False))
    assert item["id"] in [i["id"] for i in _ok(own.get(f"{API}/ledger/items"))["items"]]
    other = api_client(user_with_role(RoleCode.UNIT_RESPONDENT, unit=city["outsider"], recursive=False))
    assert item["id"] not in [i["id"] for i in _ok(other.get(f"{API}/ledger/items"))["items"]]
    # the comparison (API and Excel) shows the government's levels per indicator
    comp = _ok(c.get(f"{API}/governance/tasks/{task['id']}/comparison"))
    assert [t["unit_name"] for t in comp["targets"]] == ["重庆市南岸区人民政府"]
    b8 = next(r for r in comp["rows"] if r["code"] == "B8")
    assert b8["cells"][0]["detail"] == "一般"
    export = c.get(f"{API}/governance/tasks/{task['id']}/comparison/export")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")


def test_the_target_rules_per_level(city, tree):
    c = api_client(city["admin"])
    for unit in (school(tree["nanan"]), city["town"], city["housing"]):
        response = c.post(
            f"{API}/inspections/tasks", _task_payload(city, [unit]), content_type="application/json"
        )
        assert response.status_code == 422, unit.name
    # the county office evaluates its street and its own departments, not another county's government
    county = office(tree["nanan"])
    admin = api_client(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]))
    version = framework("township-government-duty")
    payload = {
        "office_id": county.pk,
        "kind": "government",
        "title": "南岸区镇街履职评价",
        "framework_version_id": version.pk,
        "target_ids": [city["town"].pk],
    }
    _ok(admin.post(f"{API}/inspections/tasks", payload, content_type="application/json"), 201)
    refused = admin.post(
        f"{API}/inspections/tasks",
        {**payload, "framework_version_id": None, "target_ids": [city["government"].pk]},
        content_type="application/json",
    )
    assert refused.status_code == 422
    _ok(
        admin.post(
            f"{API}/inspections/tasks",
            {**payload, "framework_version_id": None, "target_ids": [city["housing"].pk]},
            content_type="application/json",
        ),
        201,
    )


def test_the_target_page_offers_the_member_departments_for_a_government(city, tree):
    task = township_task(city, office(tree["nanan"]))
    target = task.targets.get()
    from dudao.inspections import workflows
    from dudao.inspections.services import team_member_add

    for i in range(3):
        team_member_add(
            actor=None,
            task=task,
            inspector=inspector(task.office, name=f"区督学{i}"),
            role="leader" if i == 0 else "member",
        )
    workflows.apply(actor=None, task=task, name="notify", note="")
    workflows.apply(actor=None, task=task, name="start_on_site", note="")
    page = ui_client(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])).get(
        f"/inspections/targets/{target.pk}/"
    )
    html = page.content.decode()
    assert page.status_code == 200 and 'name="responsible_unit"' in html
    select = html.split('name="responsible_unit"', 1)[1].split("</select>", 1)[0]
    assert "南岸区住房城乡建委" in select and "南岸区某非成员局" not in select
