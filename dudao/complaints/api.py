"""/api/v1/corps/complaints: the complaint inbox (F9) — list the complaints in scope and set one's
status (办结 / 重新处理 through the kernel). Triage and registration are ``intake_api``
(/api/v1/ledger/complaints)."""

import datetime

from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from dudao.common.schemas import BoundedPagination, ErrorOut, Id, StrictSchema
from dudao.common.scoping import get_for_user_or_404

from . import services
from .choices import ComplaintKind, ComplaintStatus
from .models import Complaint

router = Router(tags=["督学队伍"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ComplaintOut(Schema):
    id: int
    school_id: Id
    school_name: str
    inspector_id: Id | None = None
    kind: ComplaintKind
    content: str
    contact_name: str
    contact_phone: str
    source: str
    status: ComplaintStatus
    handled_note: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_school_name(obj):
        return obj.school.name


class ComplaintPatch(StrictSchema):
    status: ComplaintStatus
    handled_note: str = Field("", max_length=5000)


@router.get("/complaints", response={200: list[ComplaintOut], **ERRORS}, summary="举报投诉收件箱")
@paginate(BoundedPagination)
def list_complaints(request, status: ComplaintStatus | None = None):
    qs = Complaint.objects.for_user(request.auth, "view").select_related("school").order_by("-created_at")
    return qs.filter(status=status) if status else qs


@router.patch("/complaints/{complaint_id}", response={200: ComplaintOut, **ERRORS}, summary="处理举报投诉")
def handle_complaint(request, complaint_id: Id, payload: ComplaintPatch):
    """``handled``: 办结; ``new``: 重新处理 (not after a triage). Other moves are 422."""
    complaint = get_for_user_or_404(Complaint, request.auth, "change", pk=complaint_id)
    return services.complaint_handle(actor=request.auth, complaint=complaint, status=payload.status,
                                     note=payload.handled_note)
