"""The 问责 case procedure as a state machine (E9): the transition table ``CASE_TRANSITIONS`` with
its guards, and one service per transition (``case_form_group`` … ``case_decide``) that locks the
case, checks scope, source state and guard, sets the status and appends a ``CaseEvent``. Nothing
else assigns ``AccountabilityCase.status``. The rest of accountability is in ``accountability.py``."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import INSPECTOR_MEASURES, PERSON_MEASURES, UNIT_MEASURES, CaseStatus, Measure, SubjectKind
from .models import AccountabilityCase, CaseEvent, LedgerEvent

C = CaseStatus
#: 问责办法: the investigation group is formed within 60 days after the supervision work ends.
INVESTIGATION_WINDOW_DAYS = 60
#: 从重: held to account twice or more within one year.
AGGRAVATION_DAYS = 365
REFERRAL_MEASURES = (Measure.REFERRAL, Measure.REVOKE_LICENCE)


def _today(today):
    return today or timezone.localdate()


def investigation_deadline(case) -> datetime.date:
    return case.supervision_end + datetime.timedelta(days=INVESTIGATION_WINDOW_DAYS)


#: Case steps that are not copied into the linked problems' histories (the case page has them).
NOT_MIRRORED = ("window_warning",)


def _case_log(case, action, actor, note="", data=None, from_status="", to_status=""):
    """One line of the case's history, copied into the history of every linked ledger item (as
    ``case_<action>``), so that a problem's page shows every 问责 step taken on it."""
    event = CaseEvent.objects.create(case=case, action=action, actor=actor, note=note, data=data or {},
                                     from_status=from_status, to_status=to_status)
    if action not in NOT_MIRRORED:
        LedgerEvent.objects.bulk_create([
            LedgerEvent(item_id=item_id, action=f"case_{action}", actor=actor,
                        note=" ".join(x for x in (case.title, note) if x), data={"case": case.pk})
            for item_id in case.ledger_items.values_list("pk", flat=True)])
    return event


def _guard_group(case, data, today):
    errors = {}
    if not (data.get("group_members") or "").strip():
        errors["group_members"] = _("请填写调查认定工作组成员")
    if _today(today) > investigation_deadline(case):
        errors["status"] = _("督导工作结束已超过%(n)s天（%(d)s前应组成调查认定工作组）") % {
            "n": INVESTIGATION_WINDOW_DAYS, "d": investigation_deadline(case)}
    return errors or None


def _guard_notify(case, data, today):
    return None if (data.get("facts") or "").strip() else {"facts": _("请填写认定事实")}


def _guard_hear(case, data, today):
    return None if (data.get("statement") or "").strip() else {
        "statement": _("请记录陈述申辩意见（放弃的请注明）")}


def _guard_approve(case, data, today):
    from dudao.orgs.choices import CommitteePost

    errors = {}
    member = data.get("approver")
    day = _today(today)
    if member is None or member.post not in (CommitteePost.DIRECTOR, CommitteePost.DEPUTY_DIRECTOR):
        errors["approver"] = _("须由教育督导委员会主任或副主任审定")
    elif not case.region_path.startswith(member.committee.region_path) or \
            (member.start_date and member.start_date > day) or (member.end_date and member.end_date < day):
        errors["approver"] = _("审定人须为本级或上级督导委员会的在任主任或副主任")
    measures = data.get("measures") or []
    allowed = {SubjectKind.PERSON: PERSON_MEASURES, SubjectKind.INSPECTOR: INSPECTOR_MEASURES}.get(
        case.subject_kind, UNIT_MEASURES)
    if not measures:
        errors["measures"] = _("请选择问责方式")
    elif any(m not in allowed for m in measures):
        errors["measures"] = _("所选问责方式不适用于该问责对象")
    return errors or None


def _guard_decide(case, data, today):
    errors = {}
    if not (data.get("basis") or "").strip():
        errors["basis"] = _("请写明问责依据")
    effective = data.get("effective_date")
    if not isinstance(effective, datetime.date) or effective < _today(today):
        errors["effective_date"] = _("请填写不早于今天的生效时间")
    if not (case.facts or "").strip():
        errors["facts"] = _("问责决定须写明问责事实")
    return errors or None


@dataclass(frozen=True)
class CaseTransition:
    name: str
    label: str
    source: tuple[str, ...]
    target: str
    guard: Callable | None = None


CASE_TRANSITIONS: dict[str, CaseTransition] = {t.name: t for t in [
    CaseTransition("form_group", gettext_lazy("组成调查认定工作组"), (C.OPENED,), C.INVESTIGATING, _guard_group),
    CaseTransition("notify", gettext_lazy("书面告知认定事实"), (C.INVESTIGATING,), C.NOTIFIED, _guard_notify),
    CaseTransition("hear", gettext_lazy("听取陈述申辩"), (C.NOTIFIED,), C.HEARD, _guard_hear),
    CaseTransition("approve", gettext_lazy("报主任或副主任审定"), (C.HEARD,), C.APPROVED, _guard_approve),
    CaseTransition("decide", gettext_lazy("作出问责决定"), (C.APPROVED,), C.DECIDED, _guard_decide),
]}


def _aggravation(case, day) -> str:
    since = day - datetime.timedelta(days=AGGRAVATION_DAYS)
    earlier = (AccountabilityCase.objects.filter(unit_id=case.unit_id, status=C.DECIDED, decided_on__gte=since)
               .exclude(pk=case.pk).exclude(subject_kind=SubjectKind.INSPECTOR))
    if case.subject_kind == SubjectKind.INSPECTOR:
        earlier = AccountabilityCase.objects.filter(inspector_id=case.inspector_id, status=C.DECIDED,
                                                    decided_on__gte=since).exclude(pk=case.pk)
    n = earlier.count()
    return _("一年内被教育督导问责两次及以上（此前%(n)s次）") % {"n": n} if n else ""


def _on_enter(case, t, data, day, fields):
    if t.name == "form_group":
        case.group_members, case.group_formed_on = data["group_members"].strip(), day
        fields += ["group_members", "group_formed_on"]
    elif t.name == "notify":
        case.facts, case.notice_sent_on = data["facts"].strip(), day
        fields += ["facts", "notice_sent_on"]
    elif t.name == "hear":
        case.statement = data["statement"].strip()
        fields.append("statement")
    elif t.name == "approve":
        case.approved_by, case.approved_on, case.measures = data["approver"], day, list(data["measures"])
        fields += ["approved_by", "approved_on", "measures"]
    elif t.name == "decide":
        case.basis, case.effective_date, case.decided_on = data["basis"].strip(), data["effective_date"], day
        reason = _aggravation(case, day)
        case.aggravated, case.aggravation_reason = bool(reason), reason
        fields += ["basis", "effective_date", "decided_on", "aggravated", "aggravation_reason"]


def case_apply(*, actor, case, name: str, data: dict | None = None, today=None) -> AccountabilityCase:
    t = CASE_TRANSITIONS[name]
    data = data or {}
    case = AccountabilityCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
    if actor is not None and not AccountabilityCase.objects.for_user(actor, "change").filter(pk=case.pk).exists():
        raise PermissionDenied(_("无权办理该问责案件"))
    if case.status not in t.source:
        raise ValidationError({"status": _("当前状态为“%(s)s”，不能%(t)s") % {"s": case.get_status_display(),
                                                                            "t": t.label}})
    problem = t.guard(case, data, today) if t.guard else None
    if problem:
        raise ValidationError(problem)
    source = case.status
    fields = ["status"]
    _on_enter(case, t, data, _today(today), fields)
    case.status = t.target
    case.save(update_fields=fields)
    event = {"approver": data["approver"].pk} if name == "approve" else {}
    if name == "decide" and case.aggravated:
        event["aggravated"] = True
    _case_log(case, name, actor, note=case.aggravation_reason if name == "decide" else "", data=event,
              from_status=source, to_status=t.target)
    return case


def _case_service(name):
    @transaction.atomic
    def run(*, actor, case, today=None, **data):
        return case_apply(actor=actor, case=case, name=name, data=data, today=today)

    run.__name__ = f"case_{name}"
    run.__doc__ = f"Transition “{CASE_TRANSITIONS[name].label}” of the 问责 procedure."
    return run


case_form_group = _case_service("form_group")
case_notify = _case_service("notify")
case_hear = _case_service("hear")
case_approve = _case_service("approve")
case_decide = _case_service("decide")
CASE_SERVICES = {name: globals()[f"case_{name}"] for name in CASE_TRANSITIONS}
