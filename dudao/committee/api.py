"""/api/v1/committee — committee operations (A1–A4): meetings (agenda, attendance, minutes,
decisions, the meeting's steps), decisions' actions (progress reports, report done, accept,
return), rules of procedure and work rules by version, member units' participation per year and
the annual checks. Rows come through ``for_user``; references in a request through
``get_for_user_or_invalid`` (422 naming the field); ``services``/``workflows`` hold the rules."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from dudao.common.schemas import (
    BoundedPagination,
    ErrorOut,
    HistoryLineFields,
    Id,
    StrictDate,
    StrictSchema,
    Year,
)
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid
from dudao.inspections.models import SupervisionTask
from dudao.orgs.models import MemberUnit

from . import selectors, services
from .choices import CommitteeActionStatus, MeetingKind, ParticipationKind, Presence, RuleKind
from .models import Action, Decision, Meeting, ParticipationRecord, RuleDocument
from .workflows import ACTION_WORKFLOW, MEETING_WORKFLOW

router = Router(tags=["督导委员会"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _committee(user, committee_id, perm="committee.view_meeting"):
    committee, units = selectors.committee_for(user, committee_id, perm)
    if committee is None:
        raise ValidationError({"committee_id": _("不存在或无权访问")})
    return committee, units


def _member(committee, member_id, field="member_id"):
    member = MemberUnit.objects.filter(pk=member_id, committee=committee).select_related("unit").first()
    if member is None:
        raise ValidationError({field: _("不是该委员会的成员单位")})
    return member


# ---- schemas ---------------------------------------------------------------------------------------
class CommitteeHistoryOut(HistoryLineFields):
    label: str

    @staticmethod
    def resolve_label(obj):
        return obj.action_label


class AttendanceOut(Schema):
    member_id: Id
    unit_id: Id
    unit_name: str
    presence: str
    attendee: str
    represented_by: str
    note: str

    @staticmethod
    def resolve_unit_id(obj):
        return obj.member.unit_id

    @staticmethod
    def resolve_unit_name(obj):
        return obj.member.unit.name


class CommitteeActionOut(Schema):
    id: int
    decision_id: Id
    member_id: Id
    unit_name: str
    task: str
    deadline: datetime.date
    status: str
    overdue: bool
    reported_at: datetime.datetime | None = None
    accepted_at: datetime.datetime | None = None

    @staticmethod
    def resolve_unit_name(obj):
        return obj.member.unit.name


class DecisionOut(Schema):
    id: int
    number: int
    text: str
    actions: list[CommitteeActionOut]

    @staticmethod
    def resolve_actions(obj):
        return obj.visible_actions


class MeetingOut(Schema):
    id: int
    committee_id: Id
    committee_name: str
    kind: str
    title: str
    held_on: datetime.date
    place: str
    chair: str
    status: str

    @staticmethod
    def resolve_committee_name(obj):
        return obj.committee.name


class MeetingDetailOut(MeetingOut):
    agenda: str
    minutes: str
    attendances: list[AttendanceOut]
    decisions: list[DecisionOut]
    events: list[CommitteeHistoryOut]
    available: list[str]

    @staticmethod
    def resolve_attendances(obj):
        return obj.attendances_list

    @staticmethod
    def resolve_decisions(obj):
        return obj.decisions_list

    @staticmethod
    def resolve_events(obj):
        return obj.events_list

    @staticmethod
    def resolve_available(obj):
        return obj.available_list


class MeetingIn(StrictSchema):
    committee_id: Id
    kind: MeetingKind
    title: str = Field(..., max_length=200)
    held_on: StrictDate
    place: str = Field("", max_length=200)
    chair: str = Field("", max_length=100)
    agenda: str = Field(..., max_length=10000)


class AttendanceIn(StrictSchema):
    member_id: Id
    presence: Presence
    attendee: str = Field("", max_length=100)
    represented_by: str = Field("", max_length=100)
    note: str = Field("", max_length=200)


class AttendanceListIn(StrictSchema):
    rows: list[AttendanceIn] = Field(..., max_length=200)


class MinutesIn(StrictSchema):
    minutes: str = Field(..., max_length=50000)


class MeetingDecisionIn(StrictSchema):
    text: str = Field(..., max_length=5000)


class CommitteeStepIn(StrictSchema):
    note: str = Field("", max_length=5000, description="办结情况（report_done）、退回理由（return）")


class CommitteeActionIn(StrictSchema):
    member_id: Id = Field(description="责任成员单位（委员会成员单位 id）")
    task: str = Field(..., max_length=5000)
    deadline: StrictDate


class ActionReportOut(Schema):
    id: int
    text: str
    final: bool
    reported_by_id: Id | None = None
    reported_at: datetime.datetime
    file_ids: list[Id]

    @staticmethod
    def resolve_file_ids(obj):
        return [f.pk for f in obj.files.all()]


class CommitteeActionDetailOut(CommitteeActionOut):
    decision_text: str
    meeting_id: Id
    reports: list[ActionReportOut]
    events: list[CommitteeHistoryOut]
    available: list[str]

    @staticmethod
    def resolve_decision_text(obj):
        return obj.decision.text

    @staticmethod
    def resolve_meeting_id(obj):
        return obj.decision.meeting_id

    @staticmethod
    def resolve_reports(obj):
        return list(obj.reports.prefetch_related("files"))

    @staticmethod
    def resolve_events(obj):
        return list(obj.events.all())


class ProgressIn(StrictSchema):
    text: str = Field(..., max_length=5000)


class RuleOut(Schema):
    id: int
    committee_id: Id
    kind: str
    version: int
    title: str
    effective_on: datetime.date
    superseded_on: datetime.date | None = None
    text: str
    in_force: bool
    file_ids: list[Id]

    @staticmethod
    def resolve_in_force(obj):
        today = timezone.localdate()
        return obj.effective_on <= today and (obj.superseded_on is None or obj.superseded_on > today)

    @staticmethod
    def resolve_file_ids(obj):
        return [f.pk for f in obj.files.all()]


class RuleIn(StrictSchema):
    committee_id: Id
    kind: RuleKind
    title: str = Field(..., max_length=200)
    effective_on: StrictDate
    text: str = Field("", max_length=100000)


class ParticipationActivityOut(Schema):
    kind: str
    text: str
    date: datetime.date | None = None


class ParticipationRowOut(Schema):
    member_id: Id
    unit_id: Id
    unit_name: str
    count: int
    required: int
    below: bool
    activities: list[ParticipationActivityOut]


class ParticipationOut(Schema):
    committee_id: Id
    year: int
    required: int
    rows: list[ParticipationRowOut]
    below: list[str] = Field(description="低于每年参加次数要求的成员单位")


class ParticipationRecordIn(StrictSchema):
    member_id: Id
    kind: ParticipationKind
    activity: str = Field(..., max_length=200)
    held_on: StrictDate
    task_id: Id | None = None
    note: str = Field("", max_length=2000)


class ParticipationRecordOut(Schema):
    id: int
    member_id: Id
    kind: str
    activity: str
    held_on: datetime.date
    task_id: Id | None = None
    note: str


class CheckOut(Schema):
    label: str
    value: int
    required: str
    ok: bool
    note: str


class AnnualChecksOut(Schema):
    committee_id: Id
    year: int
    plenary: CheckOut
    staffing: CheckOut | None = Field(None, description="县级委员会办公室专兼职工作人员（市级以上不适用）")
    participation_below: list[str]


# ---- meetings --------------------------------------------------------------------------------------
def _meeting_detail(user, meeting):
    meeting = Meeting.objects.select_related("committee").get(pk=meeting.pk)
    meeting.attendances_list = list(meeting.attendances.select_related("member__unit"))
    visible = Action.objects.for_user(user, "view").select_related("member__unit")
    decisions = list(meeting.decisions.all())
    for d in decisions:
        d.visible_actions = list(visible.filter(decision=d))
    meeting.decisions_list = decisions
    meeting.events_list = list(meeting.events.all())
    meeting.available_list = [t.name for t in MEETING_WORKFLOW.available(user, meeting)]
    return meeting


@router.get("/meetings", response={200: list[MeetingOut], **ERRORS}, summary="委员会会议（按委员会、年度、类型筛选）")
@paginate(BoundedPagination)
def list_meetings(request, committee_id: Id | None = None, year: Year | None = None, kind: MeetingKind | None = None):
    qs = Meeting.objects.for_user(request.auth, "view").select_related("committee")
    if committee_id:
        qs = qs.filter(committee=_committee(request.auth, committee_id)[0])
    if year:
        qs = qs.filter(held_on__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.distinct()


@router.get("/meetings/{int:meeting_id}", response={200: MeetingDetailOut, **ERRORS},
            summary="会议详情（议程、出席、纪要、决定及其落实、办理记录、可办理的步骤）")
def get_meeting(request, meeting_id: Id):
    return _meeting_detail(request.auth, get_for_user_or_404(Meeting, request.auth, "view", pk=meeting_id))


@router.post("/meetings", response={201: MeetingDetailOut, **ERRORS}, summary="安排会议（全体会议或专题会议）")
def create_meeting(request, payload: MeetingIn):
    data = payload.model_dump()
    committee, units = _committee(request.auth, data.pop("committee_id"), "committee.add_meeting")
    if units is not None:
        raise PermissionDenied
    meeting = services.meeting_create(actor=request.auth, committee=committee, **data)
    return Status(201, _meeting_detail(request.auth, meeting))


@router.put("/meetings/{int:meeting_id}/attendance", response={200: MeetingDetailOut, **ERRORS},
            summary="登记出席情况（出席、缺席、委托出席）")
def set_attendance(request, meeting_id: Id, payload: AttendanceListIn):
    meeting = get_for_user_or_404(Meeting, request.auth, "view", pk=meeting_id)
    rows = []
    for row in payload.model_dump()["rows"]:
        row["member"] = _member(meeting.committee, row.pop("member_id"))
        rows.append(row)
    services.meeting_attendance_set(actor=request.auth, meeting=meeting, rows=rows)
    return _meeting_detail(request.auth, meeting)


@router.put("/meetings/{int:meeting_id}/minutes", response={200: MeetingDetailOut, **ERRORS}, summary="记录会议纪要")
def set_minutes(request, meeting_id: Id, payload: MinutesIn):
    meeting = get_for_user_or_404(Meeting, request.auth, "view", pk=meeting_id)
    services.meeting_minutes_set(actor=request.auth, meeting=meeting, minutes=payload.minutes)
    return _meeting_detail(request.auth, meeting)


@router.post("/meetings/{int:meeting_id}/decisions", response={201: DecisionOut, **ERRORS}, summary="记录会议决定")
def add_decision(request, meeting_id: Id, payload: MeetingDecisionIn):
    meeting = get_for_user_or_404(Meeting, request.auth, "view", pk=meeting_id)
    decision = services.decision_add(actor=request.auth, meeting=meeting, text=payload.text)
    decision.visible_actions = []
    return Status(201, decision)


@router.post("/meetings/{int:meeting_id}/transitions/{name}", response={200: MeetingDetailOut, **ERRORS},
             summary="办理会议的一步（hold 登记已召开、approve_minutes 审定纪要）")
def run_meeting_transition(request, meeting_id: Id, name: str, payload: CommitteeStepIn | None = None):
    meeting = get_for_user_or_404(Meeting, request.auth, "view", pk=meeting_id)
    if name not in MEETING_WORKFLOW.transitions:
        raise Http404
    MEETING_WORKFLOW.apply(actor=request.auth, obj=meeting, name=name, note=payload.note if payload else "")
    return _meeting_detail(request.auth, meeting)


# ---- actions ---------------------------------------------------------------------------------------
def _action_detail(user, action):
    action = Action.objects.select_related("member__unit", "decision").get(pk=action.pk)
    action.available = [t.name for t in ACTION_WORKFLOW.available(user, action)]
    return action


@router.post("/decisions/{int:decision_id}/actions", response={201: CommitteeActionDetailOut, **ERRORS},
             summary="分解落实会议决定（责任成员单位、落实事项、完成时限）")
def add_action(request, decision_id: Id, payload: CommitteeActionIn):
    decision = get_for_user_or_404(Decision.objects.select_related("meeting__committee"), request.auth, "view",
                                   pk=decision_id)
    data = payload.model_dump()
    member = _member(decision.meeting.committee, data.pop("member_id"))
    action = services.action_add(actor=request.auth, decision=decision, member=member, **data)
    return Status(201, _action_detail(request.auth, action))


@router.get("/actions", response={200: list[CommitteeActionOut], **ERRORS},
            summary="决定事项落实（按状态、逾期、成员单位筛选；联络员只见本单位的）")
@paginate(BoundedPagination)
def list_actions(request, status: CommitteeActionStatus | None = None, overdue: bool | None = None,
                 member_id: Id | None = None):
    qs = Action.objects.for_user(request.auth, "view").select_related("member__unit")
    if status:
        qs = qs.filter(status=status)
    if overdue is not None:
        qs = qs.filter(overdue=overdue)
    if member_id:
        qs = qs.filter(member_id=member_id)
    return qs


@router.get("/actions/{int:action_id}", response={200: CommitteeActionDetailOut, **ERRORS},
            summary="落实事项详情（进展、办理记录、可办理的步骤）")
def get_action(request, action_id: Id):
    return _action_detail(request.auth, get_for_user_or_404(Action, request.auth, "view", pk=action_id))


@router.post("/actions/{int:action_id}/reports", response={201: ActionReportOut, **ERRORS},
             summary="报送落实进展（佐证材料用 POST /api/v1/attachments 上传，owner=committee.report）")
def report_progress(request, action_id: Id, payload: ProgressIn):
    action = get_for_user_or_404(Action, request.auth, "view", pk=action_id)
    return Status(201, services.action_progress(actor=request.auth, action_row=action, text=payload.text))


@router.post("/actions/{int:action_id}/transitions/{name}", response={200: CommitteeActionDetailOut, **ERRORS},
             summary="办理落实事项的一步（report_done 报送办结、accept 确认办结、return 退回）")
def run_action_transition(request, action_id: Id, name: str, payload: CommitteeStepIn | None = None):
    action = get_for_user_or_404(Action, request.auth, "view", pk=action_id)
    if name not in ACTION_WORKFLOW.transitions:
        raise Http404
    ACTION_WORKFLOW.apply(actor=request.auth, obj=action, name=name, note=payload.note if payload else "")
    return _action_detail(request.auth, action)


# ---- rules -----------------------------------------------------------------------------------------
@router.get("/rules", response={200: list[RuleOut], **ERRORS}, summary="议事规则、工作规程（各版本）")
@paginate(BoundedPagination)
def list_rules(request, committee_id: Id | None = None, kind: RuleKind | None = None):
    qs = RuleDocument.objects.for_user(request.auth, "view").prefetch_related("files")
    if committee_id:
        qs = qs.filter(committee=_committee(request.auth, committee_id, "committee.view_ruledocument")[0])
    if kind:
        qs = qs.filter(kind=kind)
    return qs.distinct()


@router.get("/rules/{int:rule_id}", response={200: RuleOut, **ERRORS}, summary="制度文本（某一版本）")
def get_rule(request, rule_id: Id):
    return get_for_user_or_404(RuleDocument.objects.distinct(), request.auth, "view", pk=rule_id)


@router.post("/rules", response={201: RuleOut, **ERRORS}, summary="登记新版本（自施行日期起废止上一版本）")
def add_rule(request, payload: RuleIn):
    data = payload.model_dump()
    committee, units = _committee(request.auth, data.pop("committee_id"), "committee.add_ruledocument")
    if units is not None:
        raise PermissionDenied
    return Status(201, services.rule_add(actor=request.auth, committee=committee, **data))


# ---- participation and the annual checks -----------------------------------------------------------------
@router.get("/participation", response={200: ParticipationOut, **ERRORS},
            summary="成员单位参加教育督导活动情况（按年度；联络员只见本单位）")
def get_participation(request, committee_id: Id, year: Year | None = None):
    committee, units = _committee(request.auth, committee_id, "committee.view_participationrecord")
    year = year or timezone.localdate().year
    rows = selectors.participation(committee, year)
    if units is not None:
        rows = [r for r in rows if r.member.unit_id in units]
    required = rows[0].required if rows else 1
    return {"committee_id": committee.pk, "year": year, "required": required,
            "rows": [{"member_id": r.member.pk, "unit_id": r.member.unit_id, "unit_name": r.member.unit.name,
                      "count": r.count, "required": r.required, "below": r.below,
                      "activities": [{"kind": str(k), "text": t, "date": d} for k, t, d in r.activities]}
                     for r in rows],
            "below": [r.member.unit.name for r in selectors.below_rule(rows)]}


@router.post("/participation", response={201: ParticipationRecordOut, **ERRORS},
             summary="登记成员单位参加的督导活动（平台外开展的联合检查、参加上级督政等）")
def add_participation(request, payload: ParticipationRecordIn):
    data = payload.model_dump()
    member = MemberUnit.objects.filter(pk=data.pop("member_id")).select_related("committee__region").first()
    if member is None or selectors.committee_for(request.auth, member.committee_id,
                                                 "committee.add_participationrecord") != (member.committee, None):
        raise ValidationError({"member_id": _("不存在或无权访问")})
    task_id = data.pop("task_id")
    task = get_for_user_or_invalid(SupervisionTask, request.auth, "task_id", pk=task_id) if task_id else None
    return Status(201, services.participation_add(actor=request.auth, member=member, task=task, **data))


@router.get("/participation/records", response={200: list[ParticipationRecordOut], **ERRORS},
            summary="登记的督导活动参与记录")
@paginate(BoundedPagination)
def list_participation_records(request, year: Year | None = None):
    qs = ParticipationRecord.objects.for_user(request.auth, "view")
    return qs.filter(held_on__year=year) if year else qs


@router.get("/checks", response={200: AnnualChecksOut, **ERRORS},
            summary="年度检查：全体会议次数、办公室人员配备（县级3–5人）、参加督导活动不足的成员单位")
def get_checks(request, committee_id: Id, year: Year | None = None):
    committee, units = _committee(request.auth, committee_id)
    if units is not None:
        raise ValidationError({"committee_id": _("不存在或无权访问")})
    year = year or timezone.localdate().year
    staffing = selectors.staffing_check(committee)
    return {"committee_id": committee.pk, "year": year, "plenary": selectors.plenary_check(committee, year).__dict__,
            "staffing": staffing.__dict__ if staffing else None,
            "participation_below": [r.member.unit.name for r in
                                    selectors.below_rule(selectors.participation(committee, year))]}
