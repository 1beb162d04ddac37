"""The 问责 case procedure as a state machine (E9) on the workflow kernel (``dudao.common.workflow``):
the transition table ``WORKFLOW`` (``CASE_TRANSITIONS``) with its guards, and one service per
transition (``case_form_group`` … ``case_decide``) — the kernel locks the case, checks scope
(``AccountabilityCase.objects.for_user(actor, "change")``), source state and guard, sets the status
and appends a ``CaseEvent``. Nothing else assigns ``AccountabilityCase.status``. The rest of
accountability is in ``accountability.py``."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.workflow import Transition, Workflow
from dudao.ledger.choices import (
    APPROVAL_REFERRAL_MEASURES,
    INSPECTOR_MEASURES,
    PERSON_MEASURES,
    PRIVATE_PERSON_MEASURES,
    UNIT_MEASURES,
    CaseStatus,
    Measure,
    SubjectKind,
)
from dudao.schools.choices import Ownership

from .models import AccountabilityCase, CaseEvent

C = CaseStatus
#: 问责办法: the investigation group is formed within 60 days after the supervision work ends.
INVESTIGATION_WINDOW_DAYS = 60
#: 从重: held to account twice or more within one year.
AGGRAVATION_DAYS = 365
#: Measures carried out by 移交监察机关或司法机关 (``case_refer``).
REFERRAL_MEASURES = (Measure.REFERRAL,)
#: 办学性质 counted as 民办 (the private-only measures apply).
PRIVATE_OWNERSHIP = (Ownership.PRIVATE, Ownership.INCLUSIVE_PRIVATE)
#: The subject kinds held to account as a unit (a government, its departments, a school).
UNIT_SUBJECTS = (SubjectKind.GOVERNMENT, SubjectKind.SCHOOL)


def _today(today):
    return today or timezone.localdate()


def investigation_deadline(case) -> datetime.date:
    return case.supervision_end + datetime.timedelta(days=INVESTIGATION_WINDOW_DAYS)


def _case_log(case, action, actor, note="", data=None, from_status="", to_status=""):
    """One line of the case's history (the case's other events: 立案, 移交, reminders). A linked
    ledger item's history shows these lines merged in by query (``ledger.selectors.item_history``)."""
    return WORKFLOW.log(case, action, actor=actor, note=note, data=data, from_status=from_status,
                        to_status=to_status)


def _guard_group(case, step):
    data, today = step.data, step.today
    errors = {}
    if not (data.get("group_members") or "").strip():
        errors["group_members"] = _("请填写调查认定工作组成员")
    if _today(today) > investigation_deadline(case):
        errors["status"] = _("督导工作结束已超过%(n)s天（%(d)s前应组成调查认定工作组）") % {
            "n": INVESTIGATION_WINDOW_DAYS, "d": investigation_deadline(case)}
    return errors or None


def _guard_notify(case, step):
    return None if (step.data.get("facts") or "").strip() else {"facts": _("请填写认定事实")}


def _guard_hear(case, step):
    return None if (step.data.get("statement") or "").strip() else {
        "statement": _("请记录陈述申辩意见（放弃的请注明）")}


def is_private(unit) -> bool:
    """Is ``unit`` a 民办 school or kindergarten (its school profile's 办学性质)?"""
    from dudao.schools.models import SchoolProfile

    return SchoolProfile.objects.filter(unit_id=unit.pk, ownership__in=PRIVATE_OWNERSHIP).exists()


def measures_allowed(case) -> tuple:
    """The 问责方式 of the 问责办法 for the case's subject (standards.md §4): a unit's; a responsible
    person's, with 依法罚没违法所得/从业禁止/纳入诚信记录 when the unit is a 民办 school; a 民办
    school's referrals to its approving authority (撤换负责人, 吊销办学许可证); an inspector's (条例 Art. 26)."""
    if case.subject_kind == SubjectKind.INSPECTOR:
        return INSPECTOR_MEASURES
    private = is_private(case.unit)
    if case.subject_kind == SubjectKind.PERSON:
        return PERSON_MEASURES + (PRIVATE_PERSON_MEASURES if private else ())
    if case.subject_kind == SubjectKind.SCHOOL and private:
        return UNIT_MEASURES + APPROVAL_REFERRAL_MEASURES
    return UNIT_MEASURES


def measures_problem(case, measures) -> str | None:
    """Why ``measures`` may not be decided on ``case``, in Chinese, or ``None``."""
    if not measures:
        return _("请选择问责方式")
    allowed = measures_allowed(case)
    private_only = set(PRIVATE_PERSON_MEASURES) | set(APPROVAL_REFERRAL_MEASURES)
    for m in measures:
        if m in allowed:
            continue
        label = dict(Measure.choices).get(m, m)
        if m in private_only and case.subject_kind in (SubjectKind.PERSON, SubjectKind.SCHOOL):
            return _("“%(m)s”仅适用于民办学校、培训机构，%(u)s不是民办学校") % {"m": label, "u": case.unit.name}
        return _("所选问责方式“%(m)s”不适用于该问责对象") % {"m": label}
    return None


def _guard_approve(case, step):
    data, today = step.data, step.today
    from dudao.orgs.choices import CommitteePost

    errors = {}
    member = data.get("approver")
    day = _today(today)
    if member is None or member.post not in (CommitteePost.DIRECTOR, CommitteePost.DEPUTY_DIRECTOR):
        errors["approver"] = _("须由教育督导委员会主任或副主任审定")
    elif not case.region_path.startswith(member.committee.region_path) or \
            (member.start_date and member.start_date > day) or (member.end_date and member.end_date < day):
        errors["approver"] = _("审定人须为本级或上级督导委员会的在任主任或副主任")
    problem = measures_problem(case, data.get("measures") or [])
    if problem:
        errors["measures"] = problem
    return errors or None


def _guard_decide(case, step):
    data, today = step.data, step.today
    errors = {}
    if not (data.get("basis") or "").strip():
        errors["basis"] = _("请写明问责依据")
    effective = data.get("effective_date")
    if not isinstance(effective, datetime.date) or effective < _today(today):
        errors["effective_date"] = _("请填写不早于今天的生效时间")
    if not (case.facts or "").strip():
        errors["facts"] = _("问责决定须写明问责事实")
    return errors or None


def same_subject_cases(case):
    """Cases against the same subject as ``case`` (从重 counts only these): the same inspector, the
    same responsible person (by name, in the same unit), or the same unit held to account as a
    unit — never another person of the same unit, nor the unit for a person's case."""
    qs = AccountabilityCase.objects.exclude(pk=case.pk)
    if case.subject_kind == SubjectKind.INSPECTOR:
        return qs.filter(subject_kind=SubjectKind.INSPECTOR, inspector_id=case.inspector_id)
    if case.subject_kind == SubjectKind.PERSON:
        return qs.filter(subject_kind=SubjectKind.PERSON, unit_id=case.unit_id, person_name=case.person_name.strip())
    return qs.filter(unit_id=case.unit_id, subject_kind__in=UNIT_SUBJECTS)


def _aggravation(case, day) -> str:
    """Why the decision is 从重, or "": the computed situation (the same subject held to account
    within the year before) and the situations the office recorded on the case."""
    since = day - datetime.timedelta(days=AGGRAVATION_DAYS)
    n = same_subject_cases(case).filter(status=C.DECIDED, decided_on__gte=since).count()
    reasons = [_("一年内被教育督导问责两次及以上（此前%(n)s次）") % {"n": n}] if n else []
    reasons += [str(a.get_kind_display()) for a in case.aggravations.all()]
    reason = "；".join(reasons)
    return reason if len(reason) <= 200 else reason[:199] + "…"


def _set_group(case, step):
    case.group_members, case.group_formed_on = step.data["group_members"].strip(), step.today


def _set_facts(case, step):
    case.facts, case.notice_sent_on = step.data["facts"].strip(), step.today


def _set_statement(case, step):
    case.statement = step.data["statement"].strip()


def _set_approval(case, step):
    case.approved_by, case.approved_on, case.measures = step.data["approver"], step.today, list(step.data["measures"])


def _set_decision(case, step):
    case.basis, case.effective_date, case.decided_on = step.data["basis"].strip(), step.data["effective_date"], step.today
    reason = _aggravation(case, step.today)
    case.aggravated, case.aggravation_reason = bool(reason), reason
    if reason:
        step.note = reason
        step.event_data["aggravated"] = True


def _guard_confirm(case, step):
    """确认立案: the situations, from the catalogue valid for the unit's province and the subject."""
    from .services import situations_for

    situations = list(step.data.get("situations") or [])
    if not situations:
        return {"situations": _("请至少选择一项问责情形")}
    valid = set(situations_for(case.unit.region).filter(subject=case.subject_kind).values_list("pk", flat=True))
    if any(s.pk not in valid for s in situations):
        return {"situations": _("所选问责情形不适用于该对象或本省")}
    step.event_data["situations"] = [s.code for s in situations]
    return None


def _set_situations(case, step):
    """Hook of ``confirm``: the case's situations (a many-to-many, so after the status is saved)."""
    case.situations.set(step.data["situations"])


def _guard_dismiss(case, step):
    return None if step.note else {"note": _("请写明不予问责的理由")}


def _set_dismissal(case, step):
    case.dismissal_reason = step.note


T = Transition
WORKFLOW = Workflow(model=AccountabilityCase, history=CaseEvent, subject="case", denied=gettext_lazy("无权办理该问责案件"),
                    event_data_keys=("approver",), transitions=[
    T("confirm", gettext_lazy("确认立案"), (C.SUGGESTED,), C.OPENED, guard=_guard_confirm),
    T("dismiss", gettext_lazy("不予问责"), (C.SUGGESTED,), C.DISMISSED, guard=_guard_dismiss,
      writes=("dismissal_reason",), effect=_set_dismissal),
    T("form_group", gettext_lazy("组成调查认定工作组"), (C.OPENED,), C.INVESTIGATING, guard=_guard_group,
      writes=("group_members", "group_formed_on"), effect=_set_group),
    T("notify", gettext_lazy("书面告知认定事实"), (C.INVESTIGATING,), C.NOTIFIED, guard=_guard_notify,
      writes=("facts", "notice_sent_on"), effect=_set_facts),
    T("hear", gettext_lazy("听取陈述申辩"), (C.NOTIFIED,), C.HEARD, guard=_guard_hear, writes=("statement",),
      effect=_set_statement),
    T("approve", gettext_lazy("报主任或副主任审定"), (C.HEARD,), C.APPROVED, guard=_guard_approve,
      writes=("approved_by", "approved_on", "measures"), effect=_set_approval),
    T("decide", gettext_lazy("作出问责决定"), (C.APPROVED,), C.DECIDED, guard=_guard_decide,
      writes=("basis", "effective_date", "decided_on", "aggravated", "aggravation_reason"), effect=_set_decision),
])
#: The table (name → ``Transition``), read by pages, the API and tests.
CASE_TRANSITIONS = WORKFLOW.transitions


def case_apply(*, actor, case, name: str, data: dict | None = None, today=None) -> AccountabilityCase:
    """Run transition ``name`` on ``case``."""
    return WORKFLOW.apply(actor=actor, obj=case, name=name, data=data, today=today)


WORKFLOW.connect("confirm", _set_situations)
CASE_SERVICES = WORKFLOW.services("case")
case_confirm = CASE_SERVICES["confirm"]
case_dismiss = CASE_SERVICES["dismiss"]
case_form_group = CASE_SERVICES["form_group"]
case_notify = CASE_SERVICES["notify"]
case_hear = CASE_SERVICES["hear"]
case_approve = CASE_SERVICES["approve"]
case_decide = CASE_SERVICES["decide"]
