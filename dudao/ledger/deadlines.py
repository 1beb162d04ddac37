"""Deadlines and escalation (E4, E11), run by ``ledger_daily``: the Celery beat entry
``ledger-daily`` (hourly, idempotent per day; also under ``make run``, docs/configuration.md).

- Reminders before the deadline (default 7, 3 and 1 days; region settings ``ledger.reminder_days_*``)
  to the unit's respondents and the item's responsible users, as ``Notification`` rows.
- First overdue: a 督办 (level 1) is drafted for the unit's office to issue as a 督办通知 with a new
  deadline (``ledger.supervision_days``).
- Overdue again after the 督办 was issued: level 2, escalated to the unit's competent department
  (its 上级单位) and the office one level up.
Every reminder and escalation is appended to the item's history. ``today`` is a parameter so the
job is testable without waiting; running it twice on one day changes nothing. The job does only
time-driven work: a problem is in the ledger from the moment it is recorded (``services``), so
nothing waits for it. Drafts (a task's problems before its opinion letter) are neither reminded
nor overdue: ``OPEN_STATUSES`` does not include them."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.accounts.models import RoleAssignment
from dudao.accounts.roles import RoleCode
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import Unit
from dudao.regionsettings.services import get_setting

from .choices import OPEN_STATUSES, NotificationKind, OrderStatus
from .models import LedgerItem, Notification, SupervisionOrder
from .workflows import log

REMINDER_KEYS = ("ledger.reminder_days_first", "ledger.reminder_days_second", "ledger.reminder_days_third")


class _Settings:
    """Region settings looked up once per region per run."""

    def __init__(self):
        self._cache = {}

    def get(self, region, key):
        k = (region.pk, key)
        if k not in self._cache:
            self._cache[k] = int(get_setting(region, key))
        return self._cache[k]

    def reminder_days(self, region) -> set[int]:
        return {self.get(region, k) for k in REMINDER_KEYS}


def office_for(region):
    """The supervision office of ``region`` or, failing that, of the nearest region above."""
    while region is not None:
        office = Unit.objects.filter(kind=UnitKind.OFFICE, region=region, is_active=True).order_by("pk").first()
        if office is not None:
            return office
        region = region.parent
    return None


def _respondents(unit_ids) -> dict[int, list[int]]:
    rows = RoleAssignment.objects.filter(role=RoleCode.UNIT_RESPONDENT, unit_id__in=unit_ids,
                                         user__is_active=True).values_list("unit_id", "user_id")
    out = defaultdict(list)
    for unit_id, user_id in rows:
        out[unit_id].append(user_id)
    return out


def send_reminders(today: datetime.date, settings_: _Settings | None = None) -> int:
    """Reminders for open items whose deadline is one of the configured days away."""
    settings_ = settings_ or _Settings()
    horizon = today + datetime.timedelta(days=366)
    items = list(LedgerItem.objects.filter(status__in=OPEN_STATUSES, deadline__gte=today, deadline__lte=horizon)
                 .select_related("unit__region").prefetch_related("responsible_users").order_by("pk"))
    due = [(it, (it.deadline - today).days) for it in items
           if (it.deadline - today).days in settings_.reminder_days(it.unit.region)]
    if not due:
        return 0
    respondents = _respondents({it.unit_id for it, _d in due})
    done = set(Notification.objects.filter(item__in=[it for it, _d in due], kind=NotificationKind.REMINDER)
               .values_list("item_id", "key"))
    sent = 0
    for it, days in due:
        key = f"remind:{it.deadline.isoformat()}:{days}"
        if (it.pk, key) in done:
            continue
        users = sorted(set(respondents.get(it.unit_id, [])) | {u.pk for u in it.responsible_users.all()})
        message = _("问题“%(d)s”的整改期限为%(date)s，还有%(n)s天，请按期完成整改并报送结果。") % {
            "d": it.description[:40], "date": it.deadline, "n": days}
        with transaction.atomic():
            Notification.objects.bulk_create([
                Notification(item=it, kind=NotificationKind.REMINDER, key=key, recipient_id=u, message=message,
                             sent_on=today) for u in users
            ] or [Notification(item=it, kind=NotificationKind.REMINDER, key=key, recipient_unit_id=it.unit_id,
                               message=message, sent_on=today)])
            log(item=it, action="reminder", note=message,
                data={"days": days, "deadline": it.deadline.isoformat(), "recipients": users, "on": today.isoformat()})
        sent += 1
    return sent


def _notify_units(item, units, key, kind, message, today):
    Notification.objects.bulk_create([
        Notification(item=item, kind=kind, key=key, recipient_unit=u, message=message, sent_on=today) for u in units])


@transaction.atomic
def _escalate_one(item_pk: int, today: datetime.date, settings_: _Settings) -> str | None:
    item = (LedgerItem.objects.select_for_update(of=("self",)).select_related("unit__region__parent", "unit__parent")
            .get(pk=item_pk))
    if item.status not in OPEN_STATUSES or item.deadline >= today:
        return None
    orders = {o.level: o for o in item.orders.all()}
    region = item.unit.region
    new_deadline = today + datetime.timedelta(days=settings_.get(region, "ledger.supervision_days"))
    if 1 not in orders:
        office = office_for(region)
        if office is None:
            return None
        order = SupervisionOrder.objects.create(item=item, level=1, office=office, region_path=item.region_path,
                                                overdue_deadline=item.deadline, new_deadline=new_deadline,
                                                created_on=today)
        message = _("问题“%(d)s”已逾期（整改期限%(date)s），已生成督办通知草稿，待%(o)s签发。") % {
            "d": item.description[:40], "date": item.deadline, "o": office.name}
        _notify_units(item, [office], f"supervise:{order.pk}", NotificationKind.SUPERVISION, message, today)
        log(item=item, action="overdue_supervision", note=message,
            data={"order": order.pk, "level": 1, "overdue_deadline": item.deadline.isoformat(),
                  "new_deadline": new_deadline.isoformat(), "on": today.isoformat()})
        return "supervision"
    if 2 not in orders and orders[1].status == OrderStatus.ISSUED:
        upper = office_for(region.parent) if region.parent_id else None
        targets = [u for u in (item.unit.parent, upper) if u is not None]
        office = upper or orders[1].office
        order = SupervisionOrder.objects.create(item=item, level=2, office=office, region_path=item.region_path,
                                                overdue_deadline=item.deadline, new_deadline=new_deadline,
                                                created_on=today)
        order.escalated_to.set(targets)
        message = _("问题“%(d)s”经督办后再次逾期（期限%(date)s），升级督办，报送%(t)s。") % {
            "d": item.description[:40], "date": item.deadline, "t": "、".join(u.name for u in targets) or "—"}
        _notify_units(item, targets, f"escalate:{order.pk}", NotificationKind.ESCALATION, message, today)
        log(item=item, action="escalate", note=message,
            data={"order": order.pk, "level": 2, "to": [u.pk for u in targets],
                  "overdue_deadline": item.deadline.isoformat(), "on": today.isoformat()})
        return "escalation"
    return None


def escalate_overdue(today: datetime.date, settings_: _Settings | None = None) -> dict[str, int]:
    settings_ = settings_ or _Settings()
    counts = {"supervision": 0, "escalation": 0}
    pks = list(LedgerItem.objects.filter(status__in=OPEN_STATUSES, deadline__lt=today).order_by("pk")
               .values_list("pk", flat=True))
    for pk in pks:
        outcome = _escalate_one(pk, today, settings_)
        if outcome:
            counts[outcome] += 1
    return counts


#: More daily work run by ``ledger_daily``, filled by higher apps from their ``AppConfig.ready``
#: (the accountability app warns of closing 问责 windows): ``(today) -> dict[str, int]``.
DAILY_JOBS: list = []


def ledger_daily(*, today: datetime.date | None = None) -> dict[str, int]:
    """The daily job: remind, draft 督办, escalate, and warn of 问责 cases whose 60-day window for the
    investigation group is closing."""
    today = today or timezone.localdate()
    settings_ = _Settings()
    result = {"reminders": send_reminders(today, settings_)}
    result.update(escalate_overdue(today, settings_))
    for job in DAILY_JOBS:
        result.update(job(today))
    return result
