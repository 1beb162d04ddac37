"""条例 Art. 14 cycles as due lists: each school's 综合督导 every 3–5 years (a region setting, never past
5) and each lower government's 督政 at least once in 5 years — over the selector, the page and the API."""

import datetime

import pytest
from django.utils import timezone

from dudao.accounts.roles import RoleCode
from dudao.inspections import selectors, services, workflows
from dudao.inspections.choices import TaskKind, TeamRole
from dudao.orgs.choices import UnitKind
from dudao.regionsettings.services import region_setting_set
from dudao.testing.factories import UnitFactory, user_with_role
from dudao.testing.inspections_factories import setting
from dudao.testing.matrix import api_client

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def world(tree):
    return setting(tree)


def supervised(world, unit, kind, start):
    task = services.task_create(actor=None, office=world["office"], kind=kind, title=f"{unit.name}{kind}",
                                start_date=start, targets=[unit])
    for i, insp in enumerate(world["inspectors"]):
        services.team_member_add(actor=None, task=task, inspector=insp,
                                 role=TeamRole.LEADER if i == 0 else TeamRole.MEMBER)
    workflows.WORKFLOW.apply(actor=None, obj=task, name="notify", today=start - datetime.timedelta(days=5))
    return task


def test_school_cycle_counts_comprehensive_supervision_only(world):
    a, b, c = world["schools"]
    supervised(world, a, TaskKind.COMPREHENSIVE, datetime.date(2022, 3, 1))   # due 2027-03-01: within a year
    supervised(world, b, TaskKind.COMPREHENSIVE, datetime.date(2025, 9, 1))   # due 2030: not listed
    supervised(world, c, TaskKind.SPECIAL, datetime.date(2026, 5, 1))         # a 专项 does not count
    rows = selectors.cycle_due(world["admin"], "school", TODAY)
    by_unit = {r.unit.pk: r for r in rows}
    assert set(by_unit) == {a.pk, c.pk}
    assert by_unit[c.pk].due_on is None and by_unit[c.pk].overdue(TODAY)
    assert by_unit[a.pk].due_on == datetime.date(2027, 3, 1) and not by_unit[a.pk].overdue(TODAY)
    assert rows[0].unit == c  # never supervised first
    everyone = selectors.cycle_due(world["admin"], "school", TODAY, within_days=None)
    assert {r.unit.pk for r in everyone} == {a.pk, b.pk, c.pk}


def test_a_region_may_shorten_the_school_cycle_to_three_years(world, tree):
    a = world["schools"][0]
    supervised(world, a, TaskKind.COMPREHENSIVE, datetime.date(2022, 3, 1))
    region_setting_set(actor=None, region=tree["nanan"], key="cycle.school_comprehensive_years", value=3)
    row = next(r for r in selectors.cycle_due(world["admin"], "school", TODAY) if r.unit == a)
    assert row.years == 3 and row.due_on == datetime.date(2025, 3, 1) and row.overdue(TODAY)


def test_government_cycle_and_the_api(world, tree, client):
    town = UnitFactory(region=tree["nanan_town"], kind=UnitKind.TOWNSHIP_GOVERNMENT, name="南坪镇人民政府")
    other = UnitFactory(region=tree["nanan_town"], kind=UnitKind.TOWNSHIP_GOVERNMENT, name="铜元局街道办事处")
    today = timezone.localdate()
    long_ago = today.replace(year=today.year - 6, day=1)
    supervised(world, town, TaskKind.GOVERNMENT, long_ago)                                   # overdue
    supervised(world, other, TaskKind.GOVERNMENT, today.replace(year=today.year - 2, day=1))  # due in 3 years
    office = api_client(world["admin"])
    body = office.get("/api/v1/inspections/cycles/government").json()
    assert [r["unit_name"] for r in body] == ["南坪镇人民政府"] and body[0]["overdue"] is True
    assert body[0]["due_on"] == long_ago.replace(year=long_ago.year + 5).isoformat() and body[0]["years"] == 5
    ddk = api_client(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]))
    assert ddk.get("/api/v1/inspections/cycles/government?everyone=true").json() == []
    assert len(office.get("/api/v1/inspections/cycles/government?everyone=true").json()) == 2
    assert office.get("/api/v1/inspections/cycles/nonsense").status_code == 404
    client.force_login(world["admin"])
    page = client.get("/inspections/cycles/?cycle=government").content.decode()
    assert "南坪镇人民政府" in page and "第十四条" in page and "铜元局街道办事处" not in page
