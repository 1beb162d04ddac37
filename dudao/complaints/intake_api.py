"""/api/v1/ledger/complaints: complaint intake (E11) — register a 12345 hotline, media or
upper-level entry, read a complaint's triage state, accept it into the ledger or dismiss it with a
reason. Complainants' contacts are not part of these answers; the ledger item created holds only
the substance, personal data masked (``intake``)."""

import datetime

from ninja import Router, Schema, Status
from pydantic import Field

from dudao.common.schemas import ErrorOut, Id, StrictDate, StrictSchema
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid
from dudao.inspections.choices import Severity
from dudao.orgs.models import Unit

from . import services as intake
from .models import Complaint

router = Router(tags=["投诉受理"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class TriageOut(Schema):
    id: int
    school_id: Id
    school_name: str
    kind: str
    source: str
    reference: str
    content: str
    status: str
    lookup_code: str
    created_at: datetime.datetime
    decision: str | None = None
    reason: str = ""
    ledger_item_id: Id | None = None
    decided_at: datetime.datetime | None = None
    can_triage: bool

    @staticmethod
    def resolve_school_name(obj):
        return obj.school.name


class RegisterIn(StrictSchema):
    unit_id: Id
    source: str = Field(..., description="hotline（12345热线）、media（媒体反映）或 upper_feedback（上级反馈）")
    content: str = Field(..., max_length=5000)
    reference: str = Field("", max_length=64, description="来源编号，如12345热线工单号")
    contact_name: str = Field("", max_length=50)
    contact_phone: str = Field("", max_length=32)


class AcceptIn(StrictSchema):
    category: str = Field(..., max_length=32, description="问题类别代码（GET /api/v1/inspections/categories 列出单位所在区域可用的类别）")
    severity: Severity = Severity.MINOR
    requirement: str = Field(..., max_length=5000)
    deadline: StrictDate
    description: str = Field("", max_length=5000, description="缺省为举报内容（隐去个人信息）")
    unit_id: Id | None = Field(None, description="整改单位，缺省为被反映学校")


class DismissIn(StrictSchema):
    reason: str = Field(..., max_length=2000)


def _out(complaint):
    complaint = Complaint.objects.select_related("school").get(pk=complaint.pk)
    state = intake.triage_state(complaint)
    triage = state["triage"]
    complaint.can_triage = state["can_triage"]
    complaint.decision = triage.decision if triage else None
    complaint.reason = triage.reason if triage else ""
    complaint.ledger_item_id = triage.ledger_item_id if triage else None
    complaint.decided_at = triage.decided_at if triage else None
    return complaint


def _complaint(request, complaint_id, action="view"):
    return get_for_user_or_404(Complaint, request.auth, action, pk=complaint_id)


@router.post("", response={201: TriageOut, **ERRORS}, summary="登记12345热线、媒体反映或上级反馈")
def register(request, payload: RegisterIn):
    data = payload.model_dump()
    unit = get_for_user_or_invalid(Unit, request.auth, "unit_id", pk=data.pop("unit_id"))
    return Status(201, _out(intake.complaint_register(actor=request.auth, unit=unit, **data)))


@router.get("/{int:complaint_id}", response={200: TriageOut, **ERRORS}, summary="举报投诉的受理情况")
def triage_state(request, complaint_id: Id):
    return _out(_complaint(request, complaint_id))


@router.post("/{int:complaint_id}/accept", response={200: TriageOut, **ERRORS},
             summary="受理：纳入问题台账（反映人信息不进入台账）")
def accept(request, complaint_id: Id, payload: AcceptIn):
    complaint = _complaint(request, complaint_id)
    data = payload.model_dump()
    unit_id = data.pop("unit_id")
    data["unit"] = get_for_user_or_invalid(Unit, request.auth, "unit_id", pk=unit_id) if unit_id else None
    intake.complaint_accept(actor=request.auth, complaint=complaint, **data)
    return _out(complaint)


@router.post("/{int:complaint_id}/dismiss", response={200: TriageOut, **ERRORS},
             summary="不予受理（理由凭查询码公开给反映人）")
def dismiss(request, complaint_id: Id, payload: DismissIn):
    complaint = _complaint(request, complaint_id)
    intake.complaint_dismiss(actor=request.auth, complaint=complaint, reason=payload.reason)
    return _out(complaint)
