"""Messages to the unit (a school, a department) for each event that asks something of it (issue 13):
a supervision task's 督导通知, the opening of its self-evaluation and of its objection window, a new
problem issued to it, the office's decision on its rectification plan, a document delivered to its
收文, and a closing objection window. They go to the unit's inbox (``Notification.recipient_unit``:
every respondent of the unit sees them, ``notices.notifications_for``) — one row per event and unit,
``key`` naming the occasion, so a repeated call sends nothing twice.

The events happen in lower apps (inspections, documents) and in the ledger's own workflow; the ledger
connects to them from ``LedgerConfig.ready`` (``register``). Reminders before a problem's deadline and
the 督办 escalations are the daily job's (``deadlines``); a monitoring round's 催报 is the monitoring
app's. A covert task (暗访) sends nothing before its report: the unit must not learn of it."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import NotificationKind
from .models import Notification

K = NotificationKind
#: Days before a task's objection deadline when the targets that have not answered are reminded.
OBJECTION_CLOSING_DAYS = 2


def notify_unit(*, unit, key: str, kind: str, message: str, link: str = "", item=None,
                today: datetime.date | None = None) -> Notification | None:
    """One message to ``unit`` for the occasion ``key`` (about ``item``, else the page ``link``);
    ``None`` when it was sent before."""
    if unit is None:
        return None
    if Notification.objects.filter(key=key, recipient_unit=unit, item=item).exists():
        return None
    return Notification.objects.create(item=item, link="" if item is not None else link, kind=kind, key=key,
                                       recipient_unit=unit, message=message, sent_on=today or timezone.localdate())


def _day(step) -> datetime.date:
    return getattr(step, "today", None) or timezone.localdate()


# ---- supervision tasks (inspections.workflows.WORKFLOW) -------------------------------------------------
def _targets(task):
    if task.is_covert:
        return []
    return list(task.targets.select_related("unit"))


def task_notified(task, step) -> None:
    """督导通知 (条例 Art. 17): each target learns the task, its topic and the on-site date."""
    for target in _targets(task):
        notify_unit(unit=target.unit, key=f"task_notice:{task.pk}", kind=K.TASK_NOTICE, link=task.get_absolute_url(),
                    today=_day(step), message=_("督导通知：“%(t)s”，实地督导%(d)s开始，请做好准备。") % {
                        "t": task.title, "d": task.start_date or "—"})


def task_self_evaluation(task, step) -> None:
    """The self-evaluation opened: each target owes its 自评报告 before the on-site visit."""
    for target in _targets(task):
        notify_unit(unit=target.unit, key=f"self_evaluation:{task.pk}", kind=K.TASK_NOTICE,
                    link=task.get_absolute_url(), today=_day(step),
                    message=_("“%(t)s”已开始自评，请在实地督导（%(d)s）前提交自评报告。") % {
                        "t": task.title, "d": task.start_date or "—"})


def task_objection_window(task, step) -> None:
    """The objection window opened (条例 Art. 20): each target may object until the deadline."""
    for target in _targets(task):
        notify_unit(unit=target.unit, key=f"objection:{task.pk}", kind=K.OBJECTION, link=task.get_absolute_url(),
                    today=_day(step), message=_("“%(t)s”的初步意见已反馈，申辩期至%(d)s，如有异议请在期限内提出申辩。") % {
                        "t": task.title, "d": task.objection_deadline})


def objection_closing(today: datetime.date) -> dict[str, int]:
    """Daily: the targets that have not answered an objection window closing within
    ``OBJECTION_CLOSING_DAYS`` days are reminded once."""
    from dudao.inspections.choices import TaskStatus
    from dudao.inspections.models import TaskTarget

    targets = (TaskTarget.objects.filter(task__status=TaskStatus.OBJECTION_WINDOW, objection_at__isnull=True,
                                         task__is_covert=False, task__objection_deadline__gte=today,
                                         task__objection_deadline__lte=today + datetime.timedelta(
                                             days=OBJECTION_CLOSING_DAYS))
               .select_related("task", "unit").order_by("pk"))
    sent = 0
    for target in targets:
        task = target.task
        if notify_unit(unit=target.unit, key=f"objection_closing:{task.pk}:{task.objection_deadline.isoformat()}",
                       kind=K.DEADLINE, link=task.get_absolute_url(), today=today,
                       message=_("“%(t)s”的申辩期将于%(d)s截止，逾期视为无异议。") % {
                           "t": task.title, "d": task.objection_deadline}):
            sent += 1
    return {"objection_closing": sent}


# ---- problems (the ledger's own workflow) -------------------------------------------------------------
def item_issued(item, today: datetime.date | None = None) -> None:
    """A problem issued to the unit (整改通知): what to rectify and by when."""
    notify_unit(unit=item.unit, key="new_item", kind=K.NEW_ITEM, item=item, today=today,
                message=_("新的整改问题：“%(d)s”，整改期限%(date)s，请报送整改方案。") % {
                    "d": item.description[:40], "date": item.deadline})


def item_issued_hook(item, step) -> None:
    item_issued(item, _day(step))


def plan_accepted(item, step) -> None:
    notify_unit(unit=item.unit, key=f"plan:{item.pk}:{step.event.pk}", kind=K.PLAN_DECISION, item=item,
                today=_day(step), message=_("问题“%(d)s”的整改方案已同意，请按方案整改，并于%(date)s前报送整改结果。") % {
                    "d": item.description[:40], "date": item.deadline})


def plan_returned(item, step) -> None:
    notify_unit(unit=item.unit, key=f"plan:{item.pk}:{step.event.pk}", kind=K.PLAN_DECISION, item=item,
                today=_day(step), message=_("问题“%(d)s”的整改方案被退回：%(r)s 请修改后重新报送。") % {
                    "d": item.description[:40], "r": step.note or "—"})


# ---- documents (documents.services.DELIVERED) ----------------------------------------------------------
def document_delivered(deliveries) -> None:
    """收文: each delivery is announced to its unit."""
    for delivery in deliveries:
        doc = delivery.document
        notify_unit(unit=delivery.unit, key=f"document:{delivery.pk}", kind=K.DOCUMENT, link=doc.get_absolute_url(),
                    message=_("收到文书：%(t)s，请及时查阅办理。") % {"t": str(doc)})


def register() -> None:
    """Connect the messages to the events (``LedgerConfig.ready``)."""
    from dudao.documents import services as documents
    from dudao.inspections.workflows import WORKFLOW as TASK

    from . import deadlines
    from .workflows import WORKFLOW as ITEM

    TASK.connect("notify", task_notified)
    TASK.connect("begin_self_evaluation", task_self_evaluation)
    TASK.connect("open_objection_window", task_objection_window)
    ITEM.connect("issue", item_issued_hook)
    ITEM.connect("accept_plan", plan_accepted)
    ITEM.connect("return_plan", plan_returned)
    if document_delivered not in documents.DELIVERED:
        documents.DELIVERED.append(document_delivered)
    if objection_closing not in deadlines.DAILY_JOBS:
        deadlines.DAILY_JOBS.append(objection_closing)
