"""Complaint intake (E11, F8): accepted into the ledger without the complainant's personal data,
or dismissed with a reason readable by lookup code."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dudao.inspectors.models import Complaint
from dudao.ledger import intake
from dudao.ledger.choices import LedgerSource, TriageDecision
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
