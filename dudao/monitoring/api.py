"""/api/v1/monitoring: collections (and their elements and rules), rounds, submissions, values (GET /
PUT a batch), transitions, reminders, completeness and the Excel template/upload — each the twin of
a page action, calling the same service."""

import datetime
from decimal import Decimal
from typing import Literal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from dudao.common.api_errors import import_error_response
from dudao.common.schemas import (
    BoundedPagination,
    ErrorOut,
    Id,
    ImportErrorOut,
    StrictDate,
    StrictSchema,
    Year,
)
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid
from dudao.regions.models import Region

from . import excel, selectors, services
from .choices import CollectionStatus, Operator, SubmissionStatus, ValueType
from .models import Collection, CollectionRound, DataElement, Submission

router = Router(tags=["评估监测"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Code = Field(..., min_length=1, max_length=64, pattern=r"^[a-z0-9_\-]+$")


# ---- schemas ------------------------------------------------------------------------------------

class MonElementOut(Schema):
    id: int
    code: str
    name: str
    unit: str
    value_type: ValueType
    choices: list
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    per_section: bool
    required: bool
    basis: str
    pending_verification: bool
    prefill: str
    order: int


class MonRuleOut(Schema):
    id: int
    code: str
    name: str
    left: str
    operator: Operator
    right: str
    message: str
    per_section: bool


class MonCollectionOut(Schema):
    id: int
    code: str
    version: int
    name: str
    description: str
    source: str
    region_code: str
    unit_kinds: list[str]
    sections: list[str]
    status: CollectionStatus

    @staticmethod
    def resolve_region_code(obj):
        return obj.region.code


class MonCollectionDetailOut(MonCollectionOut):
    elements: list[MonElementOut]
    rules: list[MonRuleOut]

    @staticmethod
    def resolve_elements(obj):
        return list(obj.elements.all())

    @staticmethod
    def resolve_rules(obj):
        return list(obj.rules.all())


class MonElementIn(StrictSchema):
    code: str = Code
    name: str = Field(..., min_length=1, max_length=200)
    unit: str = Field("", max_length=16)
    value_type: ValueType = ValueType.INTEGER
    choices: list[tuple[str, str]] = Field(default_factory=list, max_length=100)
    minimum: Decimal | None = Field(None, ge=-10**13, le=10**13, decimal_places=4)
    maximum: Decimal | None = Field(None, ge=-10**13, le=10**13, decimal_places=4)
    per_section: bool = False
    required: bool = True
    basis: str = Field("", max_length=2000)
    pending_verification: bool = False
    prefill: str = Field("", max_length=64)
    order: int | None = Field(None, ge=0, le=100000)


class MonRuleIn(StrictSchema):
    code: str = Code
    name: str = Field(..., min_length=1, max_length=200)
    left: str = Field(..., min_length=1, max_length=500)
    operator: Operator
    right: str = Field(..., min_length=1, max_length=500)
    message: str = Field(..., min_length=1, max_length=300)
    per_section: bool = False
    order: int | None = Field(None, ge=0, le=100000)


class MonCollectionIn(StrictSchema):
    region_code: str = Field(..., max_length=12)
    code: str = Code
    name: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=5000)
    source: str = Field("", max_length=2000)
    unit_kinds: list[str] = Field(..., min_length=1, max_length=10)
    sections: list[str] = Field(default_factory=list, max_length=6)
    elements: list[MonElementIn] = Field(default_factory=list, max_length=500)
    rules: list[MonRuleIn] = Field(default_factory=list, max_length=200)


class MonCollectionPatch(StrictSchema):
    name: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=5000)
    source: str | None = Field(None, max_length=2000)
    unit_kinds: list[str] | None = Field(None, min_length=1, max_length=10)
    sections: list[str] | None = Field(None, max_length=6)
    elements: list[MonElementIn] | None = Field(None, max_length=500)
    rules: list[MonRuleIn] | None = Field(None, max_length=200)


class MonNoteIn(StrictSchema):
    note: str = Field("", max_length=2000)


class MonRoundOut(Schema):
    id: int
    collection_id: int
    collection_code: str
    collection_name: str
    year: int
    region_code: str
    region_name: str
    deadline: datetime.date
    created_at: datetime.datetime

    @staticmethod
    def resolve_collection_code(obj):
        return obj.collection.code

    @staticmethod
    def resolve_collection_name(obj):
        return obj.collection.name

    @staticmethod
    def resolve_region_code(obj):
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj):
        return obj.region.name


class MonRoundIn(StrictSchema):
    collection_id: Id
    year: Year
    region_code: str = Field(..., max_length=12)
    deadline: StrictDate


class MonSubmissionOut(Schema):
    id: int
    round_id: int
    unit_id: int
    unit_name: str
    year: int
    collection_code: str
    sections: list[str]
    status: SubmissionStatus
    submitted_at: datetime.datetime | None = None
    approved_at: datetime.datetime | None = None
    accepted_at: datetime.datetime | None = None
    return_reason: str

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_year(obj):
        return obj.round.year

    @staticmethod
    def resolve_collection_code(obj):
        return obj.round.collection.code


class MonEventOut(Schema):
    action: str
    action_label: str
    actor_id: int | None = None
    note: str
    from_status: str
    to_status: str
    created_at: datetime.datetime


class MonSubmissionDetailOut(MonSubmissionOut):
    available: list[str]
    history: list[MonEventOut]


class MonValueOut(Schema):
    element: str
    section: str
    number: Decimal | None = None
    text: str
    prefilled: bool = False


class MonValuesIn(StrictSchema):
    values: dict[str, str | int | float | bool | None] = Field(
        ..., max_length=2000, description="{“元素代码/学段”: 值}；不分学段的元素学段为空，如 “children/”；空值清除该格")


class MonSavedOut(Schema):
    changed: int


class MonRemindIn(StrictSchema):
    unit_ids: list[Id] | None = Field(None, max_length=10000, description="只催这些单位；省略则催全部未上报单位")


class MonRemindOut(Schema):
    reminded: int


class MonCompletenessRowOut(Schema):
    region_code: str
    region_name: str
    total: int
    done: int
    rate: float
    counts: dict[str, int]


class MonPendingUnitOut(Schema):
    submission_id: int
    unit_id: int
    unit_name: str
    status: SubmissionStatus


class MonCompletenessOut(Schema):
    round_id: int
    region_code: str
    rows: list[MonCompletenessRowOut]
    total: MonCompletenessRowOut
    not_submitted: list[MonPendingUnitOut]


class MonImportOut(Schema):
    rows: int
    written: int


# ---- collections --------------------------------------------------------------------------------

def _element_data(items) -> list[dict]:
    out = []
    for e in items:
        d = e.model_dump()
        d["choices"] = [list(c) for c in d["choices"]]
        if d.get("order") is None:
            d.pop("order", None)
        out.append(d)
    return out


def _rule_data(items) -> list[dict]:
    out = []
    for r in items:
        d = r.model_dump()
        if d.get("order") is None:
            d.pop("order", None)
        out.append(d)
    return out


@router.get("/collections", response={200: list[MonCollectionOut], **ERRORS}, summary="数据采集表列表")
@paginate(BoundedPagination)
def list_collections(request, q: str = "", status: CollectionStatus | None = None):
    return selectors.collections_for(request.auth, q=q, status=status or "")


@router.post("/collections", response={201: MonCollectionDetailOut, **ERRORS}, summary="新建数据采集表（草稿）")
def create_collection(request, payload: MonCollectionIn):
    region = get_for_user_or_invalid(Region, request.auth, "region_code", code=payload.region_code)
    collection = services.collection_create(
        actor=request.auth, region=region, code=payload.code, name=payload.name, description=payload.description,
        source=payload.source, unit_kinds=payload.unit_kinds, sections=payload.sections,
        elements=_element_data(payload.elements), rules=_rule_data(payload.rules))
    return Status(201, collection)


@router.get("/collections/{collection_id}", response={200: MonCollectionDetailOut, **ERRORS},
            summary="数据采集表详情（数据元素、校验规则）")
def get_collection(request, collection_id: Id):
    return get_for_user_or_404(Collection, request.auth, "view", pk=collection_id)


@router.patch("/collections/{collection_id}", response={200: MonCollectionDetailOut, **ERRORS},
              summary="修改草稿采集表（给出 elements/rules 时整体替换）")
def update_collection(request, collection_id: Id, payload: MonCollectionPatch):
    collection = get_for_user_or_404(Collection, request.auth, "change", pk=collection_id)
    fields = {k: v for k, v in payload.model_dump(exclude={"elements", "rules"}).items() if v is not None}
    return services.collection_update(
        actor=request.auth, collection=collection, **fields,
        elements=_element_data(payload.elements) if payload.elements is not None else None,
        rules=_rule_data(payload.rules) if payload.rules is not None else None)


@router.post("/collections/{collection_id}/versions", response={201: MonCollectionDetailOut, **ERRORS},
             summary="新建版本（复制数据元素和校验规则为草稿）")
def new_version(request, collection_id: Id):
    collection = get_for_user_or_404(Collection, request.auth, "view", pk=collection_id)
    return Status(201, services.collection_new_version(actor=request.auth, collection=collection))


@router.post("/collections/{collection_id}/transitions/{name}", response={200: MonCollectionDetailOut, **ERRORS},
             summary="发布（publish）或停用（retire）采集表")
def collection_transition(request, collection_id: Id, name: Literal["publish", "retire"], payload: MonNoteIn):
    collection = get_for_user_or_404(Collection, request.auth, "view", pk=collection_id)
    return services.collection_transition(actor=request.auth, collection=collection, name=name, note=payload.note)


@router.get("/collections/{collection_id}/elements", response={200: list[MonElementOut], **ERRORS},
            summary="数据采集表的数据元素")
def list_elements(request, collection_id: Id):
    collection = get_for_user_or_404(Collection, request.auth, "view", pk=collection_id)
    return DataElement.objects.for_user(request.auth, "view").filter(collection=collection)


# ---- rounds -------------------------------------------------------------------------------------

@router.get("/rounds", response={200: list[MonRoundOut], **ERRORS}, summary="填报批次列表")
@paginate(BoundedPagination)
def list_rounds(request, year: Year | None = None, collection_id: Id | None = None):
    collection = (get_for_user_or_invalid(Collection, request.auth, "collection_id", pk=collection_id)
                  if collection_id else None)
    return selectors.rounds_for(request.auth, year=year, collection=collection)


@router.post("/rounds", response={201: MonRoundOut, **ERRORS}, summary="发起填报（为区域内每个单位生成填报）")
def open_round(request, payload: MonRoundIn):
    collection = get_for_user_or_invalid(Collection, request.auth, "collection_id", pk=payload.collection_id)
    region = get_for_user_or_invalid(Region, request.auth, "region_code", code=payload.region_code)
    rnd = services.round_open(actor=request.auth, collection=collection, year=payload.year, region=region,
                              deadline=payload.deadline)
    return Status(201, rnd)


@router.get("/rounds/{round_id}", response={200: MonRoundOut, **ERRORS}, summary="填报批次详情")
def get_round(request, round_id: Id):
    return get_for_user_or_404(CollectionRound.objects.select_related("collection", "region"), request.auth, "view",
                               pk=round_id)


def _row_out(row):
    return {"region_code": row.region.code if row.region else "", "region_name": row.region.name if row.region else
            _("合计"), "total": row.total, "done": row.done, "rate": row.rate, "counts": row.counts}


@router.get("/rounds/{round_id}/completeness", response={200: MonCompletenessOut, **ERRORS},
            summary="填报进度：按下级区域统计各状态数量，列出未上报单位")
def round_completeness(request, round_id: Id):
    rnd = get_for_user_or_404(CollectionRound.objects.select_related("collection", "region"), request.auth, "view",
                              pk=round_id)
    data = selectors.completeness(request.auth, rnd)
    pending = selectors.not_submitted(request.auth, rnd, data["base"])
    return {"round_id": rnd.pk, "region_code": data["base"].code, "rows": [_row_out(r) for r in data["rows"]],
            "total": _row_out(data["totals"]),
            "not_submitted": [{"submission_id": s.pk, "unit_id": s.unit_id, "unit_name": s.unit.name,
                               "status": s.status} for s in pending[:5000]]}


@router.post("/rounds/{round_id}/reminders", response={200: MonRemindOut, **ERRORS},
             summary="一键催报：向未上报的单位发送提醒")
def remind(request, round_id: Id, payload: MonRemindIn):
    rnd = get_for_user_or_404(CollectionRound.objects.select_related("collection"), request.auth, "view", pk=round_id)
    n = services.round_remind(actor=request.auth, round=rnd, unit_ids=payload.unit_ids)
    return {"reminded": n}


def _xlsx(content: bytes, name: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename=\"template.xlsx\"; filename*=UTF-8''{quote(name)}.xlsx"
    return response


def _fillable(user, rnd):
    """The round's submissions ``user`` may enter values for (their own unit's, or an office's units)."""
    from .workflows import fill_allowed

    qs = Submission.objects.for_user(user, "fill").filter(round=rnd).select_related("unit", "round__collection")
    return [s for s in qs.order_by("region_path", "unit__name") if fill_allowed(user, s)]


@router.get("/rounds/{round_id}/template", response={200: None, **ERRORS},
            summary="下载本批次填报模板（Excel：每个单位、学段一行，已填和学籍预填数据在内）")
def round_template(request, round_id: Id):
    rnd = get_for_user_or_404(CollectionRound.objects.select_related("collection"), request.auth, "view", pk=round_id)
    subs = _fillable(request.auth, rnd)
    return _xlsx(excel.template(rnd, subs), f"{rnd.year}-{rnd.collection.name}")


def _import(request, rnd, submissions, file):
    """``submissions``: a queryset (the import looks a chunk's up at a time and checks ``fill`` on each)."""
    result = excel.import_values(actor=request.auth, rnd=rnd, fileobj=file, submissions=submissions)
    if result.errors:
        return import_error_response(request, [
            (e["row"] or None, e["column"], _("工作表“%(s)s”%(where)s：%(m)s") % {
                "s": e["sheet"], "m": e["message"],
                "where": (_("第%(r)d行") % {"r": e["row"]} if e["row"] else "")
                + (f"“{e['column']}”" if e["column"] else "")}) for e in excel.error_rows(result)])
    return {"rows": result.rows, "written": result.written}


@router.post("/rounds/{round_id}/import", response={200: MonImportOut, **ERRORS, 422: ImportErrorOut},
             summary="上传本批次填报数据（Excel，全部单元格校验通过才写入）")
def round_import(request, round_id: Id, file: File[UploadedFile]):
    rnd = get_for_user_or_404(CollectionRound.objects.select_related("collection"), request.auth, "view", pk=round_id)
    return _import(request, rnd, Submission.objects.for_user(request.auth, "fill").filter(round=rnd), file)


# ---- submissions --------------------------------------------------------------------------------

@router.get("/submissions", response={200: list[MonSubmissionOut], **ERRORS}, summary="填报列表（按状态、区域、年度筛选）")
@paginate(BoundedPagination)
def list_submissions(request, round_id: Id | None = None, status: SubmissionStatus | None = None,
                     region_code: str = "", year: Year | None = None,
                     collection_code: str = "", unit_id: Id | None = None):
    return selectors.submissions_for(request.auth, round_id=round_id, status=status or "", region_code=region_code,
                                     year=year, collection_code=collection_code, unit_id=unit_id)


def _submission(request, submission_id, action="view"):
    return get_for_user_or_404(Submission.objects.select_related("unit", "round__collection", "round__region"),
                               request.auth, action, pk=submission_id)


def _detail(request, sub):
    from .workflows import SUBMISSION

    sub.available = [t.name for t in SUBMISSION.available(request.auth, sub)]
    sub.history = list(sub.events.all())
    return sub


@router.get("/submissions/{submission_id}", response={200: MonSubmissionDetailOut, **ERRORS},
            summary="填报详情（可办理的操作、填报记录）")
def get_submission(request, submission_id: Id):
    return _detail(request, _submission(request, submission_id))


@router.get("/submissions/{submission_id}/values", response={200: list[MonValueOut], **ERRORS},
            summary="填报数据（含学籍预填，prefilled 为真表示尚未保存的预填值）")
def get_values(request, submission_id: Id):
    sub = _submission(request, submission_id)
    stored = services.stored_values(sub)
    out = [{"element": c, "section": s, "number": n, "text": t} for (c, s), (n, t) in sorted(stored.items())]
    for (c, s), n in sorted(services.prefill_values(sub).items()):
        if (c, s) not in stored:
            out.append({"element": c, "section": s, "number": n, "text": "", "prefilled": True})
    return out


def _split(values: dict) -> dict:
    out = {}
    for key, v in values.items():
        code, _sep, section = key.partition("/")
        out[(code, section)] = v
    return out


@router.put("/submissions/{submission_id}/values", response={200: MonSavedOut, **ERRORS},
            summary="保存填报数据（批量；任一单元格有错则都不保存，错误以“元素代码/学段”指明）")
def put_values(request, submission_id: Id, payload: MonValuesIn):
    sub = _submission(request, submission_id)
    return services.values_save(actor=request.auth, submission=sub, values=_split(payload.values))


@router.post("/submissions/{submission_id}/transitions/{name}", response={200: MonSubmissionDetailOut, **ERRORS},
             summary="办理填报：submit 上报、return 退回（须填理由）、approve 审核锁定、accept 市级接收、reopen 重新打开（须填理由）")
def submission_transition(request, submission_id: Id, name: Literal["submit", "return", "approve", "accept", "reopen"],
                          payload: MonNoteIn):
    sub = _submission(request, submission_id)
    sub = services.submission_transition(actor=request.auth, submission=sub, name=name, note=payload.note)
    return _detail(request, _submission(request, sub.pk))


@router.get("/submissions/{submission_id}/template", response={200: None, **ERRORS},
            summary="下载本单位填报模板（Excel）")
def submission_template(request, submission_id: Id):
    sub = _submission(request, submission_id)
    return _xlsx(excel.template(sub.round, [sub]), f"{sub.round.year}-{sub.round.collection.name}-{sub.unit.name}")


@router.post("/submissions/{submission_id}/import", response={200: MonImportOut, **ERRORS, 422: ImportErrorOut},
             summary="上传本单位填报数据（Excel，全部单元格校验通过才写入）")
def submission_import(request, submission_id: Id, file: File[UploadedFile]):
    sub = _submission(request, submission_id)
    return _import(request, sub.round, Submission.objects.filter(pk=sub.pk), file)

