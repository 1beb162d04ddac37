"""API of a ledger item's documents: ``POST /api/v1/ledger/items/{id}/notice`` — 下达整改通知书,
filled from the item (the body's fields replace what they name), linked to the item and delivered
to its unit. The UI twin is the item page's “下达整改通知书” (``documents:issue_for_subject``)."""


from ninja import Router
from pydantic import Field

from dudao.common.schemas import Id, StrictDate, StrictSchema
from dudao.common.scoping import get_for_user_or_404
from dudao.documents.api import ERRORS, DocumentDetailOut, issue_for_subject
from dudao.documents.choices import DocumentKind

from .models import LedgerItem

router = Router(tags=["问题台账"])


class RectificationNoticeFieldsIn(StrictSchema):
    """整改通知书 fields to change; every field left out is taken from the ledger item."""

    recipient: str | None = Field(None, max_length=200, description="整改单位")
    inspection_name: str | None = Field(None, max_length=200, description="督导事项")
    problems: list[str] | None = Field(None, description="存在的问题")
    requirements: list[str] | None = Field(None, description="整改要求")
    deadline: StrictDate | None = Field(None, description="整改期限")
    contact: str | None = Field(None, max_length=50, description="联系人")
    phone: str | None = Field(None, max_length=32, description="联系电话")
    signed_on: StrictDate | None = Field(None, description="成文日期")
    issuer: str | None = Field(None, max_length=100, description="署名")
    cc: list[str] | None = Field(None, description="抄送机关")
    attachments: list[str] | None = Field(None, description="附件名称")
    note: str | None = Field(None, max_length=200, description="附注")
    with_pdf: bool = False


@router.post("/items/{int:item_id}/notice", response={201: DocumentDetailOut, **ERRORS},
             summary="下达整改通知书（内容取自问题，可修改字段；关联问题并送达整改单位）")
def item_notice(request, item_id: Id, payload: RectificationNoticeFieldsIn):
    item = get_for_user_or_404(LedgerItem.objects.select_related("unit__region"), request.auth, "view", pk=item_id)
    fields = payload.model_dump(exclude_none=True, exclude={"with_pdf"})
    return 201, issue_for_subject(request, item, DocumentKind.RECTIFICATION_NOTICE, fields, payload.with_pdf,
                                  field_prefix="")
