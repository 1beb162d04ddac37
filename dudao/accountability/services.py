"""Accountability (E7–E9, 《教育督导问责办法》; inspectors' misconduct, 条例 Art. 26, F9).

The 问责 procedure is a state machine kept in ``workflows.py`` (``CASE_TRANSITIONS``, one
service each, an event row each, nothing else assigns ``AccountabilityCase.status``):

    opened → investigating (调查认定工作组, within 60 days of the supervision's end)
           → notified (认定事实 told in writing) → heard (陈述申辩)
           → approved (审定 by the committee's 主任 or 副主任) → decided (问责决定: facts, basis,
             measures, effective date; 从重 when the same subject — the unit, the responsible person
             or the inspector — was held to account within the year before)

A decided case may be referred (移交) to the receiving body. 约谈 records and 督导通报 are plain
records with a create service each."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.scoping import region_in_scope
from dudao.ledger.choices import SubjectKind

from .choices import AggravationKind
from .models import AccountabilityCase, CaseAggravation, Circular, Interview, TriggerSituation
from .workflows import (  # noqa: F401 - the case procedure's public names live here too
    APPROVAL_REFERRAL_MEASURES,
    CASE_SERVICES,
    CASE_TRANSITIONS,
    INVESTIGATION_WINDOW_DAYS,
    REFERRAL_MEASURES,
    C,
    _case_log,
    _today,
    case_approve,
    case_confirm,
    case_decide,
    case_dismiss,
    case_form_group,
    case_hear,
    case_notify,
    investigation_deadline,
    measures_allowed,
)


def situations_for(region):
    """The catalogue valid in ``region``: the national list plus its province's additions."""
    province_code = region.path.strip("/").split("/")[0] if region is not None else None
    q = Q(region__isnull=True)
    if province_code:
        q |= Q(region__code=province_code)
    return TriggerSituation.objects.filter(q, is_active=True)


@transaction.atomic
def situation_add(*, actor, province, code: str, subject: str, title: str, basis: str = "") -> TriggerSituation:
    """A province extends the catalogue (its 细则) as data."""
    if actor is not None and not region_in_scope(actor, "accountability.add_triggersituation", province):
        raise PermissionDenied(_("无权扩充该省的问责情形"))
    errors = {}
    if province.parent_id is not None:
        errors["province"] = _("问责情形只能按省扩充")
    if subject not in SubjectKind.values:
        errors["subject"] = _("未知的问责对象类别")
    if not (title or "").strip():
        errors["title"] = _("请填写问责情形")
    if not (code or "").strip():
        errors["code"] = _("请填写编号")
    elif TriggerSituation.objects.filter(code=code.strip()).exists():
        errors["code"] = _("编号已存在")
    if errors:
        raise ValidationError(errors)
    return TriggerSituation.objects.create(code=code.strip(), subject=subject, title=title.strip(),
                                           basis=(basis or "").strip(), region=province)


@transaction.atomic
def case_open(*, actor, unit, subject_kind: str, title: str, supervision_end: datetime.date, situations,
              inspector=None, person_name: str = "", task=None, ledger_items=(),
              today: datetime.date | None = None) -> AccountabilityCase:
    """立案: a case against a unit, a person, or an inspector (F9; ``unit`` is then the inspector's
    office), on situations from the catalogue valid in the unit's region."""
    if actor is not None and not region_in_scope(actor, "accountability.add_accountabilitycase", unit.region):
        raise PermissionDenied(_("无权对该单位立案问责"))
    situations = list(situations)
    errors = {}
    if subject_kind not in SubjectKind.values:
        errors["subject_kind"] = _("未知的问责对象类别")
    if not (title or "").strip():
        errors["title"] = _("请填写案由")
    if not isinstance(supervision_end, datetime.date) or supervision_end > _today(today):
        errors["supervision_end"] = _("请填写已结束的督导工作日期")
    if not situations:
        errors["situations"] = _("请至少选择一项问责情形")
    else:
        valid = set(situations_for(unit.region).filter(subject=subject_kind).values_list("pk", flat=True))
        if any(s.pk not in valid for s in situations):
            errors["situations"] = _("所选问责情形不适用于该对象或本省")
    if subject_kind == SubjectKind.PERSON and not (person_name or "").strip():
        errors["person_name"] = _("请填写被问责人")
    ledger_items = list(ledger_items)
    if subject_kind != SubjectKind.INSPECTOR and any(i.unit_id != unit.pk for i in ledger_items):
        errors["ledger_items"] = _("相关问题须属于被问责单位")
    if subject_kind == SubjectKind.INSPECTOR:
        if inspector is None:
            errors["inspector"] = _("请选择督学")
        elif inspector.office_id != unit.pk:
            errors["inspector"] = _("该督学不属于所选督导机构")
    if errors:
        raise ValidationError(errors)
    case = AccountabilityCase.objects.create(
        subject_kind=subject_kind, unit=unit, region_path=unit.region_path, title=title.strip(),
        person_name=(person_name or (inspector.name if inspector else "")).strip(), inspector=inspector, task=task,
        supervision_end=supervision_end, created_by=actor)
    case.situations.set(situations)
    if ledger_items:
        case.ledger_items.set(ledger_items)
    _case_log(case, "open", actor, to_status=C.OPENED,
              data={"situations": [s.code for s in situations],
                    "investigation_deadline": investigation_deadline(case).isoformat()})
    return case


def subject_for(unit) -> str:
    """The subject kind a case on ``unit`` is about by default: a school, an inspector's office, or
    a government or department."""
    from dudao.orgs.choices import SCHOOL_KINDS, UnitKind

    if unit.kind in SCHOOL_KINDS:
        return SubjectKind.SCHOOL
    if unit.kind == UnitKind.OFFICE:
        return SubjectKind.INSPECTOR
    return SubjectKind.GOVERNMENT


@transaction.atomic
def case_suggest(*, target, today: datetime.date | None = None) -> AccountabilityCase | None:
    """E10: a red supervision result (``target.colour``) opens a *suggested* case on the target's unit
    for its office to confirm (→ opened, with its situations) or dismiss (with its reason); one
    suggestion per target, never a second. Returns the new case, or ``None``."""
    if AccountabilityCase.objects.filter(source_target_id=target.pk).exists():
        return None
    unit, task = target.unit, target.task
    subject = subject_for(unit)
    if subject == SubjectKind.INSPECTOR:  # an office as a target is held to account as a unit
        subject = SubjectKind.GOVERNMENT
    day = _today(today)
    title = _("督导结果为红色：%(t)s") % {"t": task.title}
    case = AccountabilityCase.objects.create(
        subject_kind=subject, unit=unit, region_path=unit.region_path, title=title[:200], task=task,
        source_target=target, supervision_end=min(task.end_date or day, day), status=C.SUGGESTED)
    _case_log(case, "suggest", None, to_status=C.SUGGESTED,
              note=_("%(u)s在“%(t)s”中的督导结果为红色") % {"u": unit.name, "t": task.title},
              data={"target": target.pk, "task": task.pk})
    return case


@transaction.atomic
def case_refer(*, actor, case, receiving_body: str, today=None) -> AccountabilityCase:
    """移交: a decided case whose measures include referral goes to the receiving body, recorded."""
    case = AccountabilityCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
    if actor is not None and not AccountabilityCase.objects.for_user(actor, "change").filter(pk=case.pk).exists():
        raise PermissionDenied(_("无权办理该问责案件"))
    if case.status != C.DECIDED or not any(m in REFERRAL_MEASURES for m in case.measures):
        raise ValidationError({"status": _("只有决定移交的问责案件才能移交")})
    if case.referred_on:
        raise ValidationError({"status": _("已移交")})
    if not (receiving_body or "").strip():
        raise ValidationError({"receiving_body": _("请填写接收机关")})
    case.referred_to, case.referred_on = receiving_body.strip(), _today(today)
    case.save(update_fields=["referred_to", "referred_on"])
    _case_log(case, "refer", actor, note=case.referred_to, data={"on": case.referred_on.isoformat()})
    return case


@transaction.atomic
def case_refer_approval(*, actor, case, authority: str, referred_on=None, today=None) -> AccountabilityCase:
    """移送审批机关处理: a decided case on a 民办 school whose measures include 撤换负责人 or 吊销办学
    许可证 goes to the authority that approved the school (the office does not take them itself);
    the authority's name and the referral date are recorded."""
    case = AccountabilityCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
    if actor is not None and not AccountabilityCase.objects.for_user(actor, "change").filter(pk=case.pk).exists():
        raise PermissionDenied(_("无权办理该问责案件"))
    if case.status != C.DECIDED or not any(m in APPROVAL_REFERRAL_MEASURES for m in case.measures):
        raise ValidationError({"status": _("只有决定撤换负责人或吊销办学许可证的问责案件才能移送审批机关")})
    if case.approval_referred_on:
        raise ValidationError({"status": _("已移送审批机关")})
    day = referred_on or _today(today)
    errors = {}
    if not (authority or "").strip():
        errors["authority"] = _("请填写审批机关")
    if not isinstance(day, datetime.date) or day > _today(today) or (case.decided_on and day < case.decided_on):
        errors["referred_on"] = _("移送日期须在问责决定之后、不晚于今天")
    if errors:
        raise ValidationError(errors)
    case.approval_authority, case.approval_referred_on = authority.strip(), day
    case.save(update_fields=["approval_authority", "approval_referred_on"])
    _case_log(case, "approval_referral", actor, note=case.approval_authority,
              data={"on": day.isoformat(), "measures": [m for m in case.measures if m in APPROVAL_REFERRAL_MEASURES]})
    return case


#: States in which the office records a 从重 situation on a case (before the decision reads them).
AGGRAVATION_STATES = (C.OPENED, C.INVESTIGATING, C.NOTIFIED, C.HEARD, C.APPROVED)


@transaction.atomic
def case_record_aggravation(*, actor, case, circumstance: str, note: str, today=None) -> AccountabilityCase:
    """记录从重情节: one of the 问责办法's 从重 situations the office found (隐瞒、阻挠或不配合, 打击报复,
    问责后仍不纠正, 其他), with the facts; the decision is then 从重 and names it."""
    case = AccountabilityCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
    if actor is not None and not AccountabilityCase.objects.for_user(actor, "change").filter(pk=case.pk).exists():
        raise PermissionDenied(_("无权办理该问责案件"))
    if case.status not in AGGRAVATION_STATES:
        raise ValidationError({"status": _("当前状态为“%(s)s”，不能记录从重情节") % {"s": case.get_status_display()}})
    errors = {}
    if circumstance not in AggravationKind.values:
        errors["circumstance"] = _("请选择从重情形")
    elif case.aggravations.filter(kind=circumstance).exists():
        errors["circumstance"] = _("该从重情形已记录")
    if not (note or "").strip():
        errors["note"] = _("请写明从重情节的事实")
    if errors:
        raise ValidationError(errors)
    row = CaseAggravation.objects.create(case=case, kind=circumstance, note=note.strip(), recorded_by=actor)
    _case_log(case, "aggravation", actor, note=row.note, data={"kind": row.kind, "aggravation": row.pk})
    return case


#: What a user may do on a case, in procedure order: the transitions, 从重情节 and 移交.
CASE_ACTIONS = {**{name: t.label for name, t in CASE_TRANSITIONS.items()},
                "aggravate": gettext_lazy("记录从重情节"),
                "refer": gettext_lazy("移交监察机关或司法机关"),
                "refer_approval": gettext_lazy("移送审批机关处理")}
#: The services of the case actions that are not transitions.
OTHER_CASE_SERVICES = {"aggravate": case_record_aggravation, "refer": case_refer,
                       "refer_approval": case_refer_approval}


def case_service(name: str):
    """The service behind a case action (``CASE_ACTIONS``)."""
    return OTHER_CASE_SERVICES.get(name) or CASE_SERVICES[name]


def case_available(actor, case) -> list[str]:
    """The case actions ``actor`` may take now: those whose source state matches, when the actor
    may change the case (the services check the same again under the row lock)."""
    if not AccountabilityCase.objects.for_user(actor, "change").filter(pk=case.pk).exists():
        return []
    names = [t.name for t in CASE_TRANSITIONS.values() if case.status in t.source]
    if case.status in AGGRAVATION_STATES:
        names.append("aggravate")
    if case.status == C.DECIDED and not case.referred_on and any(m in REFERRAL_MEASURES for m in case.measures):
        names.append("refer")
    if case.status == C.DECIDED and not case.approval_referred_on and \
            any(m in APPROVAL_REFERRAL_MEASURES for m in case.measures):
        names.append("refer_approval")
    return names


def window_state(case, today: datetime.date, within: int = 10) -> str:
    """``"passed"`` when an open case's 60-day window has closed, ``"closing"`` when it closes
    within ``within`` days, ``""`` otherwise (or once the group is formed)."""
    if case.status != C.OPENED:
        return ""
    left = (investigation_deadline(case) - today).days
    return "passed" if left < 0 else "closing" if left <= within else ""


def window_passed(queryset, today: datetime.date):
    """Open cases whose 60-day window has already closed."""
    return queryset.filter(status=C.OPENED,
                           supervision_end__lt=today - datetime.timedelta(days=INVESTIGATION_WINDOW_DAYS))


#: States of a case that was never opened (立案): a suggestion still waiting, or dismissed.
NOT_OPENED = (C.SUGGESTED, C.DISMISSED)


def opened_between(queryset, opened_from=None, opened_to=None):
    """Cases opened (立案: every state but a suggestion and a dismissal) on a day within the dates
    given (both included), by ``created_at`` (the 立案时间 the list shows; a confirmed suggestion
    keeps the day it was suggested). The case list, its API twin and the dashboards read this."""
    queryset = queryset.exclude(status__in=NOT_OPENED)
    if opened_from:
        queryset = queryset.filter(created_at__date__gte=opened_from)
    if opened_to:
        queryset = queryset.filter(created_at__date__lte=opened_to)
    return queryset


def window_closing(queryset, today: datetime.date, within: int = 10):
    """Open cases whose 60-day window for forming the investigation group closes within ``within``
    days (or has closed): the warning list."""
    latest_end = today - datetime.timedelta(days=INVESTIGATION_WINDOW_DAYS - within)
    return queryset.filter(status=C.OPENED, supervision_end__lte=latest_end)


def warn_closing_windows(today: datetime.date, within: int = 10) -> int:
    """Daily: one history line per case as its window comes within ``within`` days of closing."""
    count = 0
    cases = window_closing(AccountabilityCase.objects.all(), today, within).exclude(events__action="window_warning")
    for case in cases:
        _case_log(case, "window_warning", None,
                  note=_("须于%(d)s前组成调查认定工作组") % {"d": investigation_deadline(case)},
                  data={"on": today.isoformat(), "deadline": investigation_deadline(case).isoformat()})
        count += 1
    return count


def _record_check(actor, unit, perm):
    if actor is not None and not region_in_scope(actor, perm, unit.region):
        raise PermissionDenied(_("无权为该单位登记"))


@transaction.atomic
def interview_create(*, actor, unit, held_on, participants: str, leaders_present: str, content: str,
                     commitments: str = "", filed_with=(), ledger_items=(), case=None) -> Interview:
    """约谈 record (E7); every related ledger item's history records it."""
    from dudao.ledger.workflows import log

    _record_check(actor, unit, "accountability.add_interview")
    errors = {k: _("请填写此项") for k, v in (("participants", participants), ("leaders_present", leaders_present),
                                          ("content", content)) if not (v or "").strip()}
    if not isinstance(held_on, datetime.date):
        errors["held_on"] = _("请填写约谈日期")
    items = list(ledger_items)
    if any(i.unit_id != unit.pk for i in items):
        errors["ledger_items"] = _("相关问题须属于被约谈单位")
    if case is not None and case.unit_id != unit.pk:
        errors["case"] = _("问责案件须针对被约谈单位")
    if errors:
        raise ValidationError(errors)
    rec = Interview.objects.create(unit=unit, region_path=unit.region_path, held_on=held_on,
                                   participants=participants.strip(), leaders_present=leaders_present.strip(),
                                   content=content.strip(), commitments=(commitments or "").strip(),
                                   filed_with=[f.strip() for f in filed_with if f.strip()], case=case,
                                   created_by=actor)
    rec.ledger_items.set(items)
    for i in items:
        log(item=i, action="interview", actor=actor, note=rec.content, data={"interview": rec.pk,
                                                                              "held_on": held_on.isoformat()})
    return rec


@transaction.atomic
def circular_create(*, actor, unit, issued_on, content: str, recommendation: str, ledger_items=(),
                    case=None) -> Circular:
    """督导通报 (E8) with the recommendation on the leadership's commendation and promotion."""
    from dudao.ledger.workflows import log

    _record_check(actor, unit, "accountability.add_circular")
    errors = {}
    if not (content or "").strip():
        errors["content"] = _("请填写通报内容")
    if not (recommendation or "").strip():
        errors["recommendation"] = _("请写明对领导班子评优评先、提拔任用的建议")
    if not isinstance(issued_on, datetime.date):
        errors["issued_on"] = _("请填写通报日期")
    items = list(ledger_items)
    if any(i.unit_id != unit.pk for i in items):
        errors["ledger_items"] = _("相关问题须属于被通报单位")
    if case is not None and case.unit_id != unit.pk:
        errors["case"] = _("问责案件须针对被通报单位")
    if errors:
        raise ValidationError(errors)
    rec = Circular.objects.create(unit=unit, region_path=unit.region_path, issued_on=issued_on,
                                  content=content.strip(), recommendation=recommendation.strip(), case=case,
                                  created_by=actor)
    rec.ledger_items.set(items)
    for i in items:
        log(item=i, action="circular", actor=actor, note=rec.content, data={"circular": rec.pk})
    return rec
