"""The data migration of "one problem, one record" (ledger 0009–0011, inspections 0006): every
``inspections.Finding`` becomes — or is merged onto — its ledger item, with the finding's task,
target, visit, indicator, evidence and linked departments; a finding not yet in the ledger becomes a
draft if its task has not reached the opinion letter, else an issued item with its ``issue`` line."""

import datetime

import pytest

from dudao.testing.migrations import leaf_nodes, migrate_to

pytestmark = pytest.mark.migration_walk

BEFORE = [("ledger", "0009_problem_record"), ("inspections", "0005_target_objection_state")]
D = datetime.date(2030, 1, 1)


@pytest.mark.django_db(transaction=True)
def test_findings_become_ledger_items():
    latest = migrate_to(BEFORE)  # back to the state with both tables
    Region = latest.get_model("regions", "Region")
    Unit = latest.get_model("orgs", "Unit")
    Task = latest.get_model("inspections", "SupervisionTask")
    Target = latest.get_model("inspections", "TaskTarget")
    Visit = latest.get_model("inspections", "RegularVisit")
    Inspector = latest.get_model("inspectors", "Inspector")
    Finding = latest.get_model("inspections", "Finding")
    Item = latest.get_model("ledger", "LedgerItem")

    region = Region.objects.create(code="990108", name="迁移测试区", level=1, path="/990108/")
    office = Unit.objects.create(name="南岸区督导室", kind="office", region=region, region_path=region.path)
    school = Unit.objects.create(name="迁移测试学校", kind="school", region=region, region_path=region.path)
    dept = Unit.objects.create(name="迁移测试部门", kind="department", region=region, region_path=region.path)
    on_site = Task.objects.create(office=office, region=region, region_path=region.path, kind="special",
                                  title="在场任务", status="on_site")
    lettered = Task.objects.create(office=office, region=region, region_path=region.path, kind="special",
                                   title="已下达任务", status="report")
    for t in (on_site, lettered):
        Target.objects.create(task=t, unit=school)
    inspector = Inspector.objects.create(name="迁移督学", office=office, region_path=region.path, kind="full_time")
    visit = Visit.objects.create(school=school, region_path=region.path, inspector=inspector,
                                 visited_on=datetime.date(2025, 10, 1), duration_minutes=60, methods=["lesson"])
    common = dict(unit=school, region_path=region.path, category="safety", requirement="整改", deadline=D,
                  responsible_unit=school)
    draft = Finding.objects.create(task=on_site, description="在场问题", indicator_code="A1-2", evidence="照片3张",
                                   routing="major", **common)
    draft.departments.set([dept])
    issued = Finding.objects.create(task=lettered, description="已下达问题", **common)
    synced = Finding.objects.create(visit=visit, description="已入账问题", **common)
    old_item = Item.objects.create(finding=synced, source="visit", unit=school, region_path=region.path,
                                   description="已入账问题", category="safety", requirement="整改", deadline=D,
                                   original_deadline=D, status="in_progress")

    apps = migrate_to(leaf_nodes())
    Item = apps.get_model("ledger", "LedgerItem")
    Event = apps.get_model("ledger", "LedgerEvent")
    assert Item.objects.count() == 3
    a = Item.objects.get(description="在场问题")
    assert (a.status, a.source, a.task_id, a.indicator_code, a.found_evidence) == (
        "draft", "task", on_site.pk, "A1-2", "照片3张")
    assert a.target.task_id == on_site.pk and list(a.departments.values_list("pk", flat=True)) == [dept.pk]
    assert not Event.objects.filter(item=a).exists()
    b = Item.objects.get(description="已下达问题")
    assert (b.status, b.task_id) == ("issued", lettered.pk)
    assert list(Event.objects.filter(item=b).values_list("action", flat=True)) == ["issue"]
    c = Item.objects.get(pk=old_item.pk)  # merged onto the item it already had, its progress kept
    assert (c.status, c.visit_id, c.task_id) == ("in_progress", visit.pk, None)
    with pytest.raises(LookupError):
        apps.get_model("inspections", "Finding")
    assert issued.pk and draft.pk


