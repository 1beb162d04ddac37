"""Writes of the committee app (A1–A4). Each checks scope, validates, and runs in one transaction;
the status changes are the generated services of ``workflows``."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from dudao.common.scoping import region_in_scope
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import MemberUnit

from .choices import OWED, MeetingStatus, Presence
from .models import Action, ActionReport, Attendance, Decision, Meeting, ParticipationRecord, RuleDocument
from .workflows import ACTION_SERVICES, ACTION_WORKFLOW, MEETING_SERVICES, MEETING_WORKFLOW

action_report_done = ACTION_SERVICES["report_done"]
action_accept = ACTION_SERVICES["accept"]
action_return = ACTION_SERVICES["return"]
meeting_hold = MEETING_SERVICES["hold"]
meeting_approve_minutes = MEETING_SERVICES["approve_minutes"]


def _committee(actor, committee, perm):
    if committee.kind != UnitKind.COMMITTEE:
        raise ValidationError({"committee": _("请选择教育督导委员会")})
    if actor is not None and not region_in_scope(actor, perm, committee.region):
        raise PermissionDenied(_("无权管理该委员会"))


def current_members(committee, day: datetime.date | None = None):
    """The committee's member units that have not left (on ``day``, default now)."""
    qs = MemberUnit.objects.filter(committee=committee).select_related("unit")
    if day is None:
        return qs.filter(left_on__isnull=True)
    return qs.exclude(joined_on__gt=day).exclude(left_on__lt=day)


def _member_of(committee, member, field="member_id"):
    if member.committee_id != committee.pk:
        raise ValidationError({field: _("不是该委员会的成员单位")})


# ---- meetings ------------------------------------------------------------------------------------
@transaction.atomic
def meeting_create(*, actor, committee, kind, title, held_on, agenda, place="", chair="") -> Meeting:
    """安排会议: every member unit of the committee on the day is invited (an attendance row)."""
    _committee(actor, committee, "committee.add_meeting")
    meeting = Meeting(committee=committee, region_path=committee.region_path, kind=kind, title=title.strip(),
                      held_on=held_on, place=place.strip(), chair=chair.strip(), agenda=agenda.strip(),
                      created_by=actor)
    meeting.full_clean()
    meeting.save()
    Attendance.objects.bulk_create([Attendance(meeting=meeting, member=m) for m in current_members(committee, held_on)])
    MEETING_WORKFLOW.log(meeting, "create", actor=actor, note=meeting.title)
    return meeting


def _editable(actor, meeting, *, allow_approved=False):
    MEETING_WORKFLOW.check(actor, meeting, "change")
    if meeting.status == MeetingStatus.APPROVED and not allow_approved:
        raise ValidationError({"status": _("会议纪要已审定，不能再修改")})


@transaction.atomic
def meeting_attendance_set(*, actor, meeting, rows: list[dict]) -> Meeting:
    """登记出席情况: ``rows`` = ``[{"member": MemberUnit, "presence", "attendee", "represented_by", "note"}]``."""
    meeting = MEETING_WORKFLOW.lock(meeting)
    _editable(actor, meeting)
    invited = {a.member_id: a for a in meeting.attendances.all()}
    for row in rows:
        member = row["member"]
        att = invited.get(member.pk)
        if att is None:
            raise ValidationError({"member_id": _("%(u)s 未列入本次会议的成员单位") % {"u": member.unit.name}})
        att.presence = row.get("presence") or Presence.ABSENT
        att.attendee = (row.get("attendee") or "").strip()
        att.represented_by = (row.get("represented_by") or "").strip()
        att.note = (row.get("note") or "").strip()
        if att.presence == Presence.REPRESENTED and not att.represented_by:
            raise ValidationError({"represented_by": _("%(u)s 委托出席：请填写受委托出席人") % {"u": member.unit.name}})
        att.save(update_fields=["presence", "attendee", "represented_by", "note"])
    MEETING_WORKFLOW.log(meeting, "attendance", actor=actor,
                         note=_("出席 %(n)s 个成员单位") % {"n": meeting.attendances.exclude(presence=Presence.ABSENT).count()})
    return meeting


@transaction.atomic
def meeting_minutes_set(*, actor, meeting, minutes: str) -> Meeting:
    """记录会议纪要 (the text; the signed minutes go as a file, purpose ``minutes``)."""
    meeting = MEETING_WORKFLOW.lock(meeting)
    _editable(actor, meeting)
    if meeting.status == MeetingStatus.PLANNED:
        raise ValidationError({"minutes": _("会议召开后才能记录纪要")})
    meeting.minutes = (minutes or "").strip()
    meeting.save(update_fields=["minutes", "updated_at"])
    MEETING_WORKFLOW.log(meeting, "minutes", actor=actor)
    return meeting


@transaction.atomic
def decision_add(*, actor, meeting, text: str) -> Decision:
    """记录会议决定 (议定事项), numbered in the meeting."""
    meeting = MEETING_WORKFLOW.lock(meeting)
    _editable(actor, meeting)
    if meeting.status == MeetingStatus.PLANNED:
        raise ValidationError({"text": _("会议召开后才能记录会议决定")})
    if not (text or "").strip():
        raise ValidationError({"text": _("请填写议定事项")})
    number = (meeting.decisions.aggregate(n=Max("number"))["n"] or 0) + 1
    decision = Decision.objects.create(meeting=meeting, region_path=meeting.region_path, number=number,
                                       text=text.strip())
    MEETING_WORKFLOW.log(meeting, "decision", actor=actor, note=decision.text[:200], data={"decision": decision.pk})
    return decision


# ---- actions ------------------------------------------------------------------------------------
@transaction.atomic
def action_add(*, actor, decision, member, task: str, deadline: datetime.date) -> Action:
    """分解落实: a decision's action for one member unit of the committee, with a deadline."""
    meeting = decision.meeting
    MEETING_WORKFLOW.check(actor, meeting, "change")
    _member_of(meeting.committee, member)
    if member.left_on is not None:
        raise ValidationError({"member_id": _("该单位已退出委员会")})
    if not (task or "").strip():
        raise ValidationError({"task": _("请填写落实事项")})
    if deadline < meeting.held_on:
        raise ValidationError({"deadline": _("完成时限不能早于会议日期")})
    action = Action.objects.create(decision=decision, region_path=decision.region_path, member=member,
                                   task=task.strip(), deadline=deadline)
    ACTION_WORKFLOW.log(action, "create", actor=actor, note=member.unit.name)
    return action


def may_report(actor, action) -> bool:
    return action.status in OWED and ACTION_WORKFLOW.may(actor, action, "report")


@transaction.atomic
def action_progress(*, actor, action_row, text: str) -> ActionReport:
    """报送进展: the owner unit's progress report on an action still owed (evidence files go on the
    report, ``attach_evidence``)."""
    action = ACTION_WORKFLOW.lock(action_row)
    ACTION_WORKFLOW.check(actor, action, "report")
    if action.status not in OWED:
        raise ValidationError({"status": _("当前状态为“%(s)s”，不能报送进展") % {"s": action.get_status_display()}})
    if not (text or "").strip():
        raise ValidationError({"text": _("请填写进展情况")})
    report = ActionReport.objects.create(action_row=action, text=text.strip(), reported_by=actor)
    ACTION_WORKFLOW.log(action, "progress", actor=actor, note=report.text[:500], data={"report": report.pk})
    return report


def attach_evidence(*, actor, report, files) -> list:
    """The evidence files of a report, added by whoever may report on the action (while it is owed
    or right after the completion report)."""
    from dudao.attachments.services import attachment_add

    return [attachment_add(actor=actor, owner=report, purpose="evidence", file=f) for f in files if f]


def flag_overdue(today: datetime.date) -> dict[str, int]:
    """The daily job (``ledger.deadlines.DAILY_JOBS``): actions still owed past their deadline are
    flagged 逾期 once, with a line in their history."""
    due = list(Action.objects.filter(status__in=OWED, deadline__lt=today, overdue=False).order_by("pk"))
    for action in due:
        with transaction.atomic():
            Action.objects.filter(pk=action.pk).update(overdue=True)
            ACTION_WORKFLOW.log(action, "overdue", note=_("完成时限 %(d)s 已过") % {"d": action.deadline})
    return {"committee_actions_overdue": len(due)}


# ---- rules ----------------------------------------------------------------------------------------
@transaction.atomic
def rule_add(*, actor, committee, kind, title: str, effective_on: datetime.date, text: str = "") -> RuleDocument:
    """A new version of the committee's 议事规则 or 工作规程: numbered after the last one, which it
    supersedes from its effective date."""
    _committee(actor, committee, "committee.add_ruledocument")
    previous = (RuleDocument.objects.select_for_update().filter(committee=committee, kind=kind)
                .order_by("-version").first())
    if previous is not None and effective_on <= previous.effective_on:
        raise ValidationError({"effective_on": _("施行日期须晚于第%(v)s版的施行日期（%(d)s）") % {
            "v": previous.version, "d": previous.effective_on}})
    doc = RuleDocument(committee=committee, region_path=committee.region_path, kind=kind, title=title.strip(),
                       version=(previous.version + 1) if previous else 1, effective_on=effective_on,
                       text=(text or "").strip(), created_by=actor)
    doc.full_clean()
    doc.save()
    if previous is not None:
        RuleDocument.objects.filter(pk=previous.pk).update(superseded_on=effective_on)
    return doc


# ---- participation -------------------------------------------------------------------------------
@transaction.atomic
def participation_add(*, actor, member, kind, activity: str, held_on: datetime.date, task=None,
                      note: str = "") -> ParticipationRecord:
    """登记成员单位参加的督导活动 (one the platform does not see otherwise)."""
    committee = member.committee
    _committee(actor, committee, "committee.add_participationrecord")
    if not (activity or "").strip():
        raise ValidationError({"activity": _("请填写督导活动")})
    record = ParticipationRecord(committee=committee, region_path=committee.region_path, member=member, kind=kind,
                                 activity=activity.strip(), held_on=held_on, task=task, note=(note or "").strip(),
                                 created_by=actor)
    record.full_clean()
    record.save()
    return record

