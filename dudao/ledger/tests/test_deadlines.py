"""Reminders, 督办 and escalation with a controllable clock (E4, E11): the job takes ``today``."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from dudao.documents.models import IssuedDocument
from dudao.ledger import workflows
from dudao.ledger.choices import LedgerStatus, NotificationKind, OrderStatus
from dudao.ledger.deadlines import ledger_daily
from dudao.ledger.models import Notification, SupervisionOrder
from dudao.orgs.choices import UnitKind
from dudao.regionsettings.services import region_setting_set
from dudao.testing.factories import UnitFactory
from dudao.testing.ledger_factories import TODAY, advance, item, ledger_world
from dudao.testing.schools_factories import office

pytestmark = pytest.mark.django_db
D = datetime.timedelta


@pytest.fixture
def world(tree):
    w = ledger_world(tree)
    w["upper_office"] = office(tree["cq"])
    w["bureau"] = UnitFactory(kind=UnitKind.DEPARTMENT, region=tree["nanan"], name="南岸区教育委员会")
    w["unit"].parent = w["bureau"]
    w["unit"].save(update_fields=["parent"])
    return w


def _actions(it):
    return list(it.events.values_list("action", flat=True))


def test_reminders_7_3_1_days_before_to_respondents_once(world):
    it = item(world, deadline=TODAY + D(days=10))
    sent_on = []
    for offset in range(0, 11):
        day = TODAY + D(days=offset)
        if ledger_daily(today=day)["reminders"]:
            sent_on.append((it.deadline - day).days)
        ledger_daily(today=day)  # a second run the same day adds nothing
    assert sent_on == [7, 3, 1]
    rows = Notification.objects.filter(item=it, kind=NotificationKind.REMINDER)
    assert rows.count() == 3 and {r.recipient for r in rows} == {world["respondent"]}
    assert _actions(it).count("reminder") == 3
    assert it.events.filter(action="reminder").first().data["days"] == 7


def test_reminder_days_follow_region_settings(world):
    region_setting_set(actor=None, region=world["region"], key="ledger.reminder_days_first", value=5)
    it = item(world, deadline=TODAY + D(days=7))
    assert ledger_daily(today=TODAY)["reminders"] == 0
    assert ledger_daily(today=TODAY + D(days=2))["reminders"] == 1
    assert it.events.get(action="reminder").data["days"] == 5


def test_no_reminder_once_reported(world):
    it = advance(world, item(world, deadline=TODAY + D(days=7)), LedgerStatus.REPORTED)
    assert ledger_daily(today=TODAY)["reminders"] == 0
    assert not it.notifications.filter(kind=NotificationKind.REMINDER).exists()


def test_overdue_drafts_supervision_then_escalates_after_second_overdue(world):
    it = item(world, deadline=TODAY + D(days=3))
    assert ledger_daily(today=TODAY + D(days=3))["supervision"] == 0  # due today is not overdue
    day = TODAY + D(days=4)
    assert ledger_daily(today=day)["supervision"] == 1
    # other apps' daily jobs report beside the ledger's: all have nothing to do
    quiet = ledger_daily(today=day + D(days=1))
    assert {"reminders", "supervision", "escalation", "case_warnings", "objection_closing"} <= set(quiet)
    assert not any(quiet.values()), quiet
    order = SupervisionOrder.objects.get(item=it)
    assert (order.level, order.status, order.office, order.new_deadline) == (
        1, OrderStatus.DRAFT, world["office"], day + D(days=15))
    assert Notification.objects.get(item=it, kind=NotificationKind.SUPERVISION).recipient_unit == world["office"]
    # a draft not yet issued does not escalate
    assert ledger_daily(today=day + D(days=40))["escalation"] == 0
    # the office issues the 督办通知 through the documents module
    for who in ("respondent", "sibling", "inspector"):
        with pytest.raises(PermissionDenied):
            workflows.order_issue(actor=world[who], order=order, signed_on=day)
    workflows.order_issue(actor=world["admin"], order=order, signed_on=day)
    order.refresh_from_db()
    it.refresh_from_db()
    doc = IssuedDocument.objects.get()
    assert (order.status, order.document, doc.kind, it.deadline) == (
        OrderStatus.ISSUED, doc, "supervision_notice", order.new_deadline)
    assert doc.context["outstanding"] == [it.description]
    with pytest.raises(ValidationError):
        workflows.order_issue(actor=world["admin"], order=order, signed_on=day)
    # reminders again before the new deadline, then the second overdue escalates
    assert ledger_daily(today=it.deadline - D(days=3))["reminders"] == 1
    assert ledger_daily(today=it.deadline + D(days=1))["escalation"] == 1
    assert ledger_daily(today=it.deadline + D(days=2))["escalation"] == 0
    second = SupervisionOrder.objects.get(item=it, level=2)
    assert second.office == world["upper_office"]
    assert set(second.escalated_to.all()) == {world["bureau"], world["upper_office"]}
    assert {n.recipient_unit for n in Notification.objects.filter(item=it, kind=NotificationKind.ESCALATION)} == {
        world["bureau"], world["upper_office"]}
    assert _actions(it) == ["issue", "overdue_supervision", "supervision_issued", "reminder", "escalate"]


def test_order_issue_refused_once_reported(world):
    it = item(world, deadline=TODAY + D(days=1))
    ledger_daily(today=TODAY + D(days=2))
    order = SupervisionOrder.objects.get(item=it)
    advance(world, it, LedgerStatus.REPORTED)
    with pytest.raises(ValidationError) as exc:
        workflows.order_issue(actor=world["admin"], order=order, signed_on=TODAY + D(days=2))
    assert "status" in exc.value.message_dict
    assert not IssuedDocument.objects.exists()


def test_management_command_takes_a_date(world, capsys):
    item(world, deadline=TODAY + D(days=1))
    call_command("ledger_daily", "--date", (TODAY + D(days=2)).isoformat())
    assert "supervision=1" in capsys.readouterr().out
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("ledger_daily", "--date", "2026-13-01")


def test_celery_task_runs_the_job(world):
    from django.conf import settings

    from dudao.ledger.tasks import ledger_daily_task

    assert settings.CELERY_BEAT_SCHEDULE["ledger-daily"]["task"] == ledger_daily_task.name
    # other apps' daily jobs report beside the ledger's: all have nothing to do
    quiet = ledger_daily_task.delay().get()
    assert {"reminders", "supervision", "escalation", "case_warnings", "objection_closing"} <= set(quiet)
    assert not any(quiet.values()), quiet
