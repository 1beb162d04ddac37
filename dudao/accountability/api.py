"""/api/v1/ledger — accountability (E7–E9): 问责 cases (list with filters, detail with history and
the caller's available actions, 立案, the procedure's steps), the situation catalogue, 约谈 and
通报 records. Rows come through ``for_user``; references in a request through
``get_for_user_or_invalid`` (422 naming the field); ``accountability`` holds the rules. Mounted on
the ledger router (``api.py``)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from dudao.common.schemas import BoundedPagination, ErrorOut, Id, StrictDate, StrictSchema
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid, user_has_perm
from dudao.inspections.models import SupervisionTask
from dudao.inspectors.models import Inspector
from dudao.ledger.choices import CaseStatus, Measure, SubjectKind
from dudao.ledger.models import LedgerItem
from dudao.ledger.schemas import call_renamed
from dudao.orgs.models import CommitteeMember, Unit
from dudao.regions.models import Region

from . import services as accountability
from .choices import AggravationKind
from .models import AccountabilityCase, Circular, Interview, TriggerSituation

router = Router(tags=["问责"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _catalogue_region(code: str | None):
    """The catalogue is normative data, readable for any region (not scoped)."""
    if not code:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ValidationError({"region_code": _("不存在该行政区划")})
    return region


def _unit_filter(user, unit_id):
    """A ``unit_id`` filter names a unit the caller may see (422 on ``unit_id`` otherwise)."""
    return get_for_user_or_invalid(Unit, user, "unit_id", pk=unit_id)


def _items(user, ids, field="ledger_item_ids"):
    ids = list(dict.fromkeys(ids or []))
    found = list(LedgerItem.objects.for_user(user, "view").filter(pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError({field: _("不存在或无权访问")})
    return found


# ---- schemas -----------------------------------------------------------------------------------
class SituationOut(Schema):
    id: int
    code: str
    subject: str
    title: str
    basis: str
    province_code: str | None = None
    unverified: bool = Field(description="待核实：条文未经官方文本核实")

    @staticmethod
    def resolve_province_code(obj):
        return obj.region.code if obj.region_id else None


class SituationIn(StrictSchema):
    province_code: str = Field(..., max_length=12, description="省级行政区划代码")
    code: str = Field(..., max_length=32)
    subject: SubjectKind
    title: str = Field(..., max_length=2000)
    basis: str = Field("", max_length=200)


class CaseOut(Schema):
    id: int
    subject_kind: str
    unit_id: Id
    unit_name: str
    person_name: str
    inspector_id: Id | None = None
    title: str
    task_id: Id | None = None
    supervision_end: datetime.date
    investigation_deadline: datetime.date
    window: str = Field(description="closing：60天调查时限10天内到期；passed：已超期；空：无")
    status: str
    source_target_id: Id | None = Field(None, description="红色督导结果（系统建议的案件）")
    aggravated: bool
    decided_on: datetime.date | None = None
    referred_to: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_investigation_deadline(obj):
        return accountability.investigation_deadline(obj)

    @staticmethod
    def resolve_window(obj):
        return accountability.window_state(obj, timezone.localdate())


class CaseEventOut(Schema):
    action: str
    label: str
    from_status: str
    to_status: str
    actor_id: Id | None = None
    note: str
    data: dict
    created_at: datetime.datetime

    @staticmethod
    def resolve_label(obj):
        return obj.action_label


class CaseAggravationOut(Schema):
    kind: str
    label: str
    note: str
    recorded_by_id: Id | None = None
    recorded_at: datetime.datetime

    @staticmethod
    def resolve_label(obj):
        return str(obj.get_kind_display())


class CaseDetailOut(CaseOut):
    situations: list[SituationOut]
    ledger_item_ids: list[Id]
    group_members: str
    group_formed_on: datetime.date | None = None
    facts: str
    notice_sent_on: datetime.date | None = None
    statement: str
    measures: list[str]
    approved_by_id: Id | None = None
    approved_on: datetime.date | None = None
    basis: str
    effective_date: datetime.date | None = None
    aggravation_reason: str
    dismissal_reason: str
    aggravations: list[CaseAggravationOut] = Field(description="记录的从重情节（一年内两次问责在决定时计算）")
    referred_on: datetime.date | None = None
    approval_authority: str = Field(description="撤换负责人、吊销办学许可证移送的审批机关")
    approval_referred_on: datetime.date | None = None
    allowed_measures: list[str] = Field(description="该问责对象可选的问责方式（民办学校另有其适用的方式）")
    events: list[CaseEventOut]
    available: list[str]

    @staticmethod
    def resolve_situations(obj):
        return list(obj.situations.select_related("region"))

    @staticmethod
    def resolve_ledger_item_ids(obj):
        return obj.visible_item_ids

    @staticmethod
    def resolve_events(obj):
        return obj.events_list

    @staticmethod
    def resolve_allowed_measures(obj):
        return [str(m) for m in accountability.measures_allowed(obj)]

    @staticmethod
    def resolve_aggravations(obj):
        return list(obj.aggravations.all())


class CaseIn(StrictSchema):
    unit_id: Id = Field(description="被问责单位；问责督学时为其所在督导机构")
    subject_kind: SubjectKind
    title: str = Field(..., max_length=200)
    supervision_end: StrictDate
    situation_ids: list[Id] = Field(..., max_length=50)
    inspector_id: Id | None = None
    person_name: str = Field("", max_length=50)
    task_id: Id | None = None
    ledger_item_ids: list[Id] = Field(default_factory=list, max_length=200)


class CaseActionIn(StrictSchema):
    group_members: str = Field("", max_length=5000)
    facts: str = Field("", max_length=10000)
    statement: str = Field("", max_length=10000)
    approver_id: Id | None = Field(None, description="审定人：督导委员会主任或副主任（委员会成员 id）")
    measures: list[Measure] = Field(default_factory=list, max_length=20)
    basis: str = Field("", max_length=5000)
    effective_date: StrictDate | None = None
    receiving_body: str = Field("", max_length=200)
    circumstance: AggravationKind | None = Field(None, description="从重情形（aggravate）")
    note: str = Field("", max_length=5000, description="从重情节的事实（aggravate）")
    situation_ids: list[Id] = Field(default_factory=list, max_length=50, description="问责情形（confirm）")
    authority: str = Field("", max_length=200, description="审批机关（refer_approval）")
    referred_on: StrictDate | None = Field(None, description="移送审批机关日期（refer_approval，默认今天）")


class InterviewOut(Schema):
    id: int
    unit_id: Id
    unit_name: str
    held_on: datetime.date
    participants: str
    leaders_present: str
    content: str
    commitments: str
    filed_with: list[str]
    ledger_item_ids: list[Id]
    case_id: Id | None = None
    created_at: datetime.datetime

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_ledger_item_ids(obj):
        return [i.pk for i in obj.ledger_items.all()]


class InterviewIn(StrictSchema):
    unit_id: Id
    held_on: StrictDate
    participants: str = Field(..., max_length=2000)
    leaders_present: str = Field(..., max_length=2000)
    content: str = Field(..., max_length=10000)
    commitments: str = Field("", max_length=10000)
    filed_with: list[str] = Field(default_factory=list, max_length=20, description="报送备案的党委、政府、主管部门")
    ledger_item_ids: list[Id] = Field(default_factory=list, max_length=200)
    case_id: Id | None = None


class CircularOut(Schema):
    id: int
    unit_id: Id
    unit_name: str
    issued_on: datetime.date
    content: str
    recommendation: str
    ledger_item_ids: list[Id]
    case_id: Id | None = None
    created_at: datetime.datetime

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_ledger_item_ids(obj):
        return [i.pk for i in obj.ledger_items.all()]


class CircularIn(StrictSchema):
    unit_id: Id
    issued_on: StrictDate
    content: str = Field(..., max_length=10000)
    recommendation: str = Field(..., max_length=5000, description="对领导班子评优评先、提拔任用的建议")
    ledger_item_ids: list[Id] = Field(default_factory=list, max_length=200)
    case_id: Id | None = None


# ---- situations ----------------------------------------------------------------------------------
@router.get("/situations", response={200: list[SituationOut], **ERRORS},
            summary="问责情形目录（全国目录；给出 region_code 时加上其所在省的增补情形）")
def list_situations(request, region_code: str | None = None, subject: SubjectKind | None = None):
    if not user_has_perm(request.auth, "accountability.view_triggersituation"):  # as the page (三权分立)
        raise PermissionDenied
    qs = accountability.situations_for(_catalogue_region(region_code)).select_related("region")
    return qs.filter(subject=subject) if subject else qs


@router.post("/situations", response={201: SituationOut, **ERRORS}, summary="增补本省问责情形")
def add_situation(request, payload: SituationIn):
    data = payload.model_dump()
    province = get_for_user_or_invalid(Region, request.auth, "province_code", code=data.pop("province_code"))
    situation = call_renamed(accountability.situation_add, {"province": "province_code"}, actor=request.auth,
                      province=province, **data)
    return Status(201, TriggerSituation.objects.select_related("region").get(pk=situation.pk))


# ---- cases ---------------------------------------------------------------------------------------
def _case_detail(request, case):
    case = AccountabilityCase.objects.select_related("unit").get(pk=case.pk)
    case.visible_item_ids = list(case.ledger_items.for_user(request.auth, "view").values_list("pk", flat=True))
    case.available = accountability.case_available(request.auth, case)
    case.events_list = list(case.events.select_related(None))
    return case


@router.get("/cases", response={200: list[CaseOut], **ERRORS},
            summary="问责案件（按状态、对象类别、单位、区域筛选；window=closing 只列调查时限将到或已过的）")
@paginate(BoundedPagination)
def list_cases(request, status: CaseStatus | None = None, subject_kind: SubjectKind | None = None,
               unit_id: Id | None = None, region_code: str | None = None, window: str | None = None,
               opened_from: datetime.date | None = None,
               opened_to: datetime.date | None = None):
    qs = AccountabilityCase.objects.for_user(request.auth, "view").select_related("unit")
    if opened_from or opened_to:
        qs = accountability.opened_between(qs, opened_from, opened_to)
    if status:
        qs = qs.filter(status=status)
    if subject_kind:
        qs = qs.filter(subject_kind=subject_kind)
    if unit_id:
        qs = qs.filter(unit=_unit_filter(request.auth, unit_id))
    if region_code:
        qs = qs.filter(region_path__startswith=get_for_user_or_invalid(Region, request.auth, "region_code",
                                                                       code=region_code).path)
    today = timezone.localdate()
    if window == "closing":
        qs = accountability.window_closing(qs, today)
    elif window == "passed":
        qs = accountability.window_passed(qs, today)
    elif window:
        raise ValidationError({"window": _("取值应为 closing 或 passed")})
    return qs


@router.get("/cases/{int:case_id}", response={200: CaseDetailOut, **ERRORS},
            summary="问责案件详情（含办理记录和当前可办理的步骤）")
def get_case(request, case_id: Id):
    return _case_detail(request, get_for_user_or_404(AccountabilityCase, request.auth, "view", pk=case_id))


@router.post("/cases", response={201: CaseDetailOut, **ERRORS}, summary="立案（单位、有关人员或督学）")
def create_case(request, payload: CaseIn):
    user, data = request.auth, payload.model_dump()
    unit = get_for_user_or_invalid(Unit.objects.select_related("region"), user, "unit_id", pk=data.pop("unit_id"))
    ids = list(dict.fromkeys(data.pop("situation_ids")))
    situations = list(TriggerSituation.objects.filter(pk__in=ids))
    if len(situations) != len(ids):
        raise ValidationError({"situation_ids": _("不存在的问责情形")})
    inspector_id, task_id = data.pop("inspector_id"), data.pop("task_id")
    inspector = get_for_user_or_invalid(Inspector, user, "inspector_id", pk=inspector_id) if inspector_id else None
    task = get_for_user_or_invalid(SupervisionTask, user, "task_id", pk=task_id) if task_id else None
    items = _items(user, data.pop("ledger_item_ids"))
    case = call_renamed(accountability.case_open,
                 {"situations": "situation_ids", "inspector": "inspector_id", "ledger_items": "ledger_item_ids"},
                 actor=user, unit=unit, situations=situations, inspector=inspector, task=task, ledger_items=items,
                 **data)
    return Status(201, _case_detail(request, case))


@router.post("/cases/{int:case_id}/transitions/{name}", response={200: CaseDetailOut, **ERRORS},
             summary="办理问责程序的一步（confirm 确认建议、dismiss 不予问责、form_group、notify、hear、approve、decide；aggravate 记录从重情节；refer 移交；refer_approval 移送审批机关）")
def run_case_action(request, case_id: Id, name: str, payload: CaseActionIn | None = None):
    user = request.auth
    case = get_for_user_or_404(AccountabilityCase, user, "view", pk=case_id)
    if name not in accountability.CASE_ACTIONS:
        raise Http404
    fields = {"confirm": ["situation_ids"], "dismiss": ["note"], "form_group": ["group_members"], "notify": ["facts"], "hear": ["statement"],
              "approve": ["approver_id", "measures"], "decide": ["basis", "effective_date"],
              "aggravate": ["circumstance", "note"], "refer": ["receiving_body"],
              "refer_approval": ["authority", "referred_on"]}[name]
    given = payload.model_dump() if payload else {}
    data = {k: given.get(k) for k in fields}
    if name == "approve":
        approver_id = data.pop("approver_id")
        data["approver"] = (get_for_user_or_invalid(CommitteeMember.objects.select_related("committee"), user,
                                                    "approver_id", pk=approver_id) if approver_id else None)
        data["measures"] = [str(m.value if isinstance(m, Measure) else m) for m in data["measures"] or []]
    if name == "confirm":
        ids = list(dict.fromkeys(data.pop("situation_ids") or []))
        data["situations"] = list(TriggerSituation.objects.filter(pk__in=ids))
        if len(data["situations"]) != len(ids):
            raise ValidationError({"situation_ids": _("不存在的问责情形")})
    if name == "aggravate" and data["circumstance"] is not None:
        data["circumstance"] = str(getattr(data["circumstance"], "value", data["circumstance"]))
    case = call_renamed(accountability.case_service(name), {"approver": "approver_id", "situations": "situation_ids"},
                        actor=user, case=case, **data)
    return _case_detail(request, case)


# ---- 约谈 and 通报 --------------------------------------------------------------------------------
def _record_refs(user, data):
    unit = get_for_user_or_invalid(Unit, user, "unit_id", pk=data.pop("unit_id"))
    case_id = data.pop("case_id")
    case = get_for_user_or_invalid(AccountabilityCase, user, "case_id", pk=case_id) if case_id else None
    return {"unit": unit, "case": case, "ledger_items": _items(user, data.pop("ledger_item_ids"))}


RECORD_RENAMES = {"ledger_items": "ledger_item_ids", "case": "case_id"}


def _record_endpoints(model, plural: str, singular: str, date_field: str, out, payload_in, service, *,
                      list_summary: str, detail_summary: str, create_summary: str):
    """The list (by unit and period of ``date_field``), detail and create endpoints of 约谈 or 通报,
    named ``list_<plural>``, ``get_<singular>`` and ``create_<singular>``."""

    def listing(request, unit_id: Id | None = None, since: StrictDate | None = None,
                until: StrictDate | None = None):
        qs = model.objects.for_user(request.auth, "view").select_related("unit").prefetch_related("ledger_items")
        if unit_id:
            qs = qs.filter(unit=_unit_filter(request.auth, unit_id))
        if since:
            qs = qs.filter(**{f"{date_field}__gte": since})
        if until:
            qs = qs.filter(**{f"{date_field}__lte": until})
        return qs

    def detail(request, record_id: Id):
        return get_for_user_or_404(model.objects.select_related("unit"), request.auth, "view", pk=record_id)

    def create(request, payload: payload_in):
        data = payload.model_dump()
        refs = _record_refs(request.auth, data)
        return Status(201, call_renamed(service, RECORD_RENAMES, actor=request.auth, **refs, **data))

    listing.__name__, detail.__name__, create.__name__ = f"list_{plural}", f"get_{singular}", f"create_{singular}"
    router.get(f"/{plural}", response={200: list[out], **ERRORS}, summary=list_summary)(
        paginate(BoundedPagination)(listing))
    router.get(f"/{plural}/{{int:record_id}}", response={200: out, **ERRORS}, summary=detail_summary)(detail)
    router.post(f"/{plural}", response={201: out, **ERRORS}, summary=create_summary)(create)


_record_endpoints(Interview, "interviews", "interview", "held_on", InterviewOut, InterviewIn,
                  accountability.interview_create, list_summary="约谈记录", detail_summary="约谈记录详情",
                  create_summary="登记约谈（写入相关台账问题的办理记录）")
_record_endpoints(Circular, "circulars", "circular", "issued_on", CircularOut, CircularIn,
                  accountability.circular_create, list_summary="督导通报", detail_summary="督导通报详情",
                  create_summary="登记督导通报（写入相关台账问题的办理记录）")
