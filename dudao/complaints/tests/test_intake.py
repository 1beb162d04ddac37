"""Complaint intake (E11, F8): accepted into the ledger without the complainant's personal data,
or dismissed with a reason readable by lookup code."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dudao.complaints import services as intake
from dudao.complaints.choices import TriageDecision
from dudao.complaints.models import Complaint
from dudao.ledger.choices import LedgerSource
from dudao.ledger.models import LedgerItem
from dudao.testing.ledger_factories import TODAY, advance, ledger_world

pytestmark = pytest.mark.django_db
NAME, PHONE = "举报人甲某", "13912345678"


@pytest.fixture
def world(tree):
    return ledger_world(tree)


def complaint(world, kind="problem", source="public_page"):
    unit = world["unit"]
    return Complaint.objects.create(school=unit, region_path=unit.region_path, kind=kind,
                                    content="学校周六组织有偿补课", contact_name=NAME, contact_phone=PHONE,
                                    source=source, ip="10.1.2.3")


def accept(world, c, actor="admin"):
    return intake.complaint_accept(actor=world[actor], complaint=c, category="management",
                                   requirement="立即停止有偿补课", deadline=TODAY + datetime.timedelta(days=10),
                                   today=TODAY)


def test_accepted_complaint_reaches_the_ledger_without_personal_data(world):
    c = complaint(world)
    triage = accept(world, c)
    item = triage.ledger_item
    assert (item.source, item.unit, item.description) == (LedgerSource.COMPLAINT, world["unit"], c.content)
    # what the unit's respondent can read of the item and its history holds no personal data
    visible = LedgerItem.objects.for_user(world["respondent"], "view").filter(pk=item.pk)
    dumped = repr(list(visible.values())) + repr(list(item.events.values()))
    assert visible.exists()
    for secret in (NAME, PHONE, "10.1.2.3"):
        assert secret not in dumped
    assert not Complaint.objects.for_user(world["respondent"], "view").exists()
    c.refresh_from_db()
    assert c.status == "handled"
    assert intake.complaint_lookup(triage.lookup_code.lower())["status"] == item.get_status_display()
    advance(world, item, "reported")
    assert intake.complaint_lookup(triage.lookup_code)["status"] == "已报整改结果"


def test_hotline_source_is_kept(world):
    assert accept(world, complaint(world, source="hotline")).ledger_item.source == LedgerSource.HOTLINE


def test_dismissed_with_reason_visible_by_code_only(world):
    c = complaint(world)
    with pytest.raises(ValidationError) as exc:
        intake.complaint_dismiss(actor=world["admin"], complaint=c, reason=" ")
    assert "reason" in exc.value.message_dict
    triage = intake.complaint_dismiss(actor=world["admin"], complaint=c, reason="经核实，该校未组织补课")
    assert triage.decision == TriageDecision.DISMISSED and not LedgerItem.objects.exists()
    result = intake.complaint_lookup(triage.lookup_code)
    assert result["reason"] == "经核实，该校未组织补课"
    assert NAME not in repr(result) and PHONE not in repr(result)
    assert intake.complaint_lookup("NOSUCHCODE00") is None
    with pytest.raises(ValidationError):
        accept(world, c)  # decided once


def test_triage_scope_and_kind(world):
    c = complaint(world)
    for who in ("sibling", "respondent", "inspector"):
        with pytest.raises(PermissionDenied):
            accept(world, c, actor=who)
    with pytest.raises(ValidationError) as exc:
        accept(world, complaint(world, kind="inspector"))
    assert "complaint" in exc.value.message_dict
    assert not LedgerItem.objects.exists()


# ---- registration of hotline / media / upper-level entries; lookup codes; redaction ----------------
def test_staff_register_hotline_media_upper_level(world):
    for source, ledger_source in (("hotline", LedgerSource.HOTLINE), ("media", LedgerSource.MEDIA),
                                  ("upper_feedback", LedgerSource.UPPER_FEEDBACK)):
        c = intake.complaint_register(actor=world["admin"], unit=world["unit"], source=source, reference="GD-7",
                                      content="反映学校周六组织有偿补课", contact_name=NAME, contact_phone=PHONE)
        assert (c.source, c.kind, c.ip, c.reference, c.status) == (source, "problem", None, "GD-7", "new")
        assert len(c.lookup_code) == 12 and c.region_path == world["unit"].region_path
        assert accept(world, c).ledger_item.source == ledger_source


def test_register_refuses_bad_input_and_out_of_scope(world):
    with pytest.raises(ValidationError) as exc:
        intake.complaint_register(actor=world["admin"], unit=world["unit"], source="public_page", content=" ")
    assert set(exc.value.message_dict) == {"source", "content"}
    for who in ("sibling", "respondent", "leader", "inspector"):
        with pytest.raises(PermissionDenied):
            intake.complaint_register(actor=world[who], unit=world["unit"], source="hotline", content="反映问题")
    assert not Complaint.objects.exists()


def test_accept_masks_personal_data_in_what_the_unit_reads(world):
    c = Complaint.objects.create(
        school=world["unit"], region_path=world["unit"].region_path, kind="problem", contact_name="刘德明",
        contact_phone=PHONE, content=f"我是家长刘德明，电话{PHONE}，身份证50010819850312123X，学校周六组织有偿补课。")
    item = accept(world, c).ledger_item
    assert "刘德明" not in item.description and PHONE not in item.description
    assert "50010819850312123X" not in item.description
    assert item.description.startswith("我是家长刘某，电话139****5678") and "学校周六组织有偿补课" in item.description


def test_accept_for_another_unit_in_scope_only(world, tree):
    from dudao.testing.schools_factories import school

    other = school(world["region"], name="南岸区被反映的另一所学校")
    far = school(tree["ddk"], name="大渡口区学校")
    c = complaint(world)
    with pytest.raises(ValidationError) as exc:
        intake.complaint_accept(actor=world["admin"], complaint=c, category="management", requirement="整改",
                                deadline=TODAY + datetime.timedelta(days=5), unit=far, today=TODAY)
    assert "unit" in exc.value.message_dict and not LedgerItem.objects.exists()
    triage = intake.complaint_accept(actor=world["admin"], complaint=c, category="management", requirement="整改",
                                     deadline=TODAY + datetime.timedelta(days=5), unit=other, today=TODAY)
    assert triage.ledger_item.unit == other and triage.ledger_item.region_path == other.region_path


def test_lookup_by_the_code_given_at_submission(world):
    c = complaint(world)
    before = intake.complaint_lookup(c.lookup_code)
    assert before["state"] == "已收到，正在核实" and before["decision"] is None
    assert set(before) == {"received_on", "state", "decision", "decided_on"}
    triage = accept(world, c)
    assert triage.lookup_code == c.lookup_code
    after = intake.complaint_lookup(f" {c.lookup_code.lower()[:6]} {c.lookup_code.lower()[6:]} ")
    assert after["progress"] == "已责成被反映单位限期整改"
    advance(world, triage.ledger_item, "closed")
    assert intake.complaint_lookup(c.lookup_code)["progress"] == "经督导部门复查，问题已整改到位"
    assert intake.complaint_lookup("") is None


def test_inspector_complaints_read_as_handled_without_notes(world):
    from dudao.complaints.services import complaint_handle

    c = complaint(world, kind="inspector")
    complaint_handle(actor=world["admin"], complaint=c, status="handled", note="内部：约谈督学")
    result = intake.complaint_lookup(c.lookup_code)
    assert result["state"] == "已办结" and "约谈" not in repr(result)
