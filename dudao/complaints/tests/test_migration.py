"""The complaints split (complaints 0001–0002, inspectors 0004, ledger 0013): ``Complaint`` and
``ComplaintTriage`` left the inspectors app and the ledger with their tables, so a database with
rows from before the split finds them through the new models — the complaint, its triage and the
ledger item it became — and the content types (permissions, audit links) follow the models."""

import datetime

import pytest

from dudao.testing.migrations import leaf_nodes, migrate_to

pytestmark = pytest.mark.migration_walk

BEFORE = [("inspectors", "0003_history_shape"), ("ledger", "0012_accountability_moved_out"), ("complaints", None)]


@pytest.mark.django_db(transaction=True)
def test_complaints_and_triage_are_found_through_the_new_app():
    old = migrate_to(BEFORE)
    Region = old.get_model("regions", "Region")
    Unit = old.get_model("orgs", "Unit")
    Complaint = old.get_model("inspectors", "Complaint")
    Triage = old.get_model("ledger", "ComplaintTriage")
    Item = old.get_model("ledger", "LedgerItem")
    ContentType = old.get_model("contenttypes", "ContentType")
    with pytest.raises(LookupError):
        old.get_model("complaints", "Complaint")

    region = Region.objects.create(code="990110", name="投诉迁移区", level=1, path="/990110/")
    school = Unit.objects.create(name="投诉迁移学校", kind="school", region=region, region_path=region.path)
    complaint = Complaint.objects.create(school=school, region_path=region.path, kind="problem", content="周六补课",
                                         contact_name="刘德明", source="hotline", reference="GD-9",
                                         lookup_code="MIGRATE2345AB", status="handled", handled_note="已受理")
    item = Item.objects.create(source="hotline", unit=school, region_path=region.path, description="周六补课",
                               category="management", requirement="停止补课", deadline=datetime.date(2030, 1, 1),
                               original_deadline=datetime.date(2030, 1, 1), status="issued")
    triage = Triage.objects.create(complaint=complaint, region_path=region.path, decision="accepted",
                                   ledger_item=item, lookup_code="MIGRATE2345AB")
    ct_complaint = ContentType.objects.get_or_create(app_label="inspectors", model="complaint")[0].pk
    ct_triage = ContentType.objects.get_or_create(app_label="ledger", model="complainttriage")[0].pk

    new = migrate_to(leaf_nodes())
    Complaint = new.get_model("complaints", "Complaint")
    Triage = new.get_model("complaints", "ComplaintTriage")
    Event = new.get_model("complaints", "ComplaintEvent")
    ContentType = new.get_model("contenttypes", "ContentType")
    for app, model in (("inspectors", "Complaint"), ("ledger", "ComplaintTriage")):
        with pytest.raises(LookupError):
            new.get_model(app, model)

    c = Complaint.objects.get(pk=complaint.pk)
    assert (c.school_id, c.content, c.contact_name, c.source, c.reference, c.lookup_code, c.status, c.handled_note) == (
        school.pk, "周六补课", "刘德明", "hotline", "GD-9", "MIGRATE2345AB", "handled", "已受理")
    t = Triage.objects.select_related("complaint", "ledger_item").get(pk=triage.pk)
    assert (t.complaint.pk, t.ledger_item.pk, t.decision, t.lookup_code) == (c.pk, item.pk, "accepted", "MIGRATE2345AB")
    assert Complaint.objects.filter(triage__ledger_item_id=item.pk).get() == c
    assert not Event.objects.filter(complaint=c).exists()  # the history starts with the next step
    Event.objects.create(complaint=c, action="reopen", from_status="handled", to_status="new")
    assert ContentType.objects.get(pk=ct_complaint).app_label == "complaints"
    assert ContentType.objects.get(pk=ct_triage).app_label == "complaints"
