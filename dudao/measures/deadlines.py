"""Overdue measures, run every day by the ledger's daily job (``ledger.deadlines.DAILY_JOBS``,
registered from ``MeasuresConfig.ready``) on the ledger's two levels:

- first overdue (deadline passed, not completed): level 1 督办 — the plan's office is notified
  (the ledger's inbox, ``Notification`` with a link) and the measure gets a 督办期限 of
  ``ledger.supervision_days`` (the ledger's region setting);
- still not completed after the 督办期限: level 2 — escalated to the office one level up and the
  lead unit's 上级单位, notified the same way.
And a report reminder: on the first days of a new period, the lead unit that has not reported for
the period just ended is reminded once. Every step is in the measure's history; running the job
twice on one day changes nothing."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from dudao.ledger.choices import NotificationKind
from dudao.ledger.deadlines import office_for
from dudao.ledger.models import Notification
from dudao.regionsettings.services import get_setting

from .choices import MeasureStatus
from .models import Measure, ProgressReport
from .workflows import MEASURE_WORKFLOW


def _notify(measure, units, key, kind, message, today):
    link = measure.get_absolute_url()
    for unit in units:
        if not Notification.objects.filter(item=None, link=link, key=key, recipient_unit=unit).exists():
            Notification.objects.create(
                link=link, kind=kind, key=key, recipient_unit=unit, message=message, sent_on=today
            )


@transaction.atomic
def _escalate_one(pk: int, today: datetime.date) -> str | None:
    m = (
        Measure.objects.select_for_update(of=("self",))
        .select_related("plan__office", "plan__region__parent", "lead_unit__parent")
        .get(pk=pk)
    )
    if m.status != MeasureStatus.IN_PROGRESS or m.deadline is None or m.deadline >= today:
        return None
    region = m.plan.region
    if m.supervision_level == 0:
        days = int(get_setting(region, "ledger.supervision_days"))
        m.supervision_level, m.supervision_deadline = 1, today + datetime.timedelta(days=days)
        m.save(update_fields=["supervision_level", "supervision_deadline", "updated_at"])
        message = _("措施“%(n)s. %(c)s”已逾期（完成时限%(d)s），请督办，督办期限%(s)s。") % {
            "n": m.number,
            "c": m.content[:30],
            "d": m.deadline,
            "s": m.supervision_deadline,
        }
        _notify(m, [m.plan.office], f"measure-supervise:{m.pk}", NotificationKind.SUPERVISION, message, today)
        MEASURE_WORKFLOW.log(
            m,
            "overdue_supervision",
            note=message,
            data={
                "level": 1,
                "deadline": m.deadline.isoformat(),
                "supervision_deadline": m.supervision_deadline.isoformat(),
                "on": today.isoformat(),
            },
        )
        return "measures_supervised"
    if m.supervision_level == 1 and m.supervision_deadline and m.supervision_deadline < today:
        upper = office_for(region.parent) if region.parent_id else None
        targets = [u for u in (upper, m.lead_unit.parent) if u is not None] or [m.plan.office]
        m.supervision_level = 2
        m.save(update_fields=["supervision_level", "updated_at"])
        message = _("措施“%(n)s. %(c)s”经督办后再次逾期（督办期限%(s)s），升级督办，报送%(t)s。") % {
            "n": m.number,
            "c": m.content[:30],
            "s": m.supervision_deadline,
            "t": "、".join(u.name for u in targets),
        }
        _notify(m, targets, f"measure-escalate:{m.pk}", NotificationKind.ESCALATION, message, today)
        MEASURE_WORKFLOW.log(
            m,
            "escalate",
            note=message,
            data={"level": 2, "to": [u.pk for u in targets], "on": today.isoformat()},
        )
        return "measures_escalated"
    return None


def remind_reports(today: datetime.date) -> int:
    """The lead unit of a running measure that did not report for the period just ended."""
    from .services import previous_period

    sent = 0
    for m in (
        Measure.objects.filter(status=MeasureStatus.IN_PROGRESS).select_related("lead_unit").order_by("pk")
    ):
        period = previous_period(m.cadence, today)
        if m.created_at.date() > today - datetime.timedelta(days=28):
            continue  # a measure created in the period just ended owes nothing yet
        if ProgressReport.objects.filter(measure=m, unit=m.lead_unit, period=period).exists():
            continue
        key = f"measure-report:{m.pk}:{period}"
        if Notification.objects.filter(link=m.get_absolute_url(), key=key).exists():
            continue
        message = _("措施“%(n)s. %(c)s”%(p)s期的进展尚未报送，请及时报送。") % {
            "n": m.number,
            "c": m.content[:30],
            "p": period,
        }
        _notify(m, [m.lead_unit], key, NotificationKind.REMINDER, message, today)
        sent += 1
    return sent


def measures_daily(today: datetime.date) -> dict[str, int]:
    counts = {"measures_supervised": 0, "measures_escalated": 0}
    pks = list(
        Measure.objects.filter(status=MeasureStatus.IN_PROGRESS, deadline__lt=today)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in pks:
        outcome = _escalate_one(pk, today)
        if outcome:
            counts[outcome] += 1
    counts["measures_report_reminders"] = remind_reports(today)
    return counts
