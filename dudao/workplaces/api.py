"""/api/v1/workplaces: places with members and activities, research topics, selections of cases
and papers, regional cooperation agreements with joint activities, school self-supervision and
its small matters (H2, H4, H5, C3, E12). Files go through /api/v1/attachments (owners
``workplaces.activity``, ``workplaces.entry``, ``workplaces.selfinspection``)."""

import datetime

from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from dudao.common.schemas import (
    BoundedPagination,
    ErrorOut,
    HistoryLineFields,
    Id,
    NoteFields,
    StrictDate,
    StrictSchema,
    Year,
)
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid
from dudao.inspectors.models import Inspector
from dudao.orgs.models import Unit

from . import services, workflows
from .choices import ActivityKind, Circle, MemberRole, PlaceKind, RoundKind, TopicStatus
from .models import Agreement, Place, ResearchTopic, SelectionEntry, SelectionRound, SelfInspection

router = Router(tags=["阵地、研究与合作"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _ref(user, model, field: str, pk):
    return get_for_user_or_invalid(model, user, field, pk=pk) if pk is not None else None


# ---- schemas ----------------------------------------------------------------------------------------
class WpMemberOut(Schema):
    id: int
    name: str
    role: str
    inspector_id: Id | None = None
    organisation: str
    joined_on: datetime.date | None = None


class WpActivityOut(Schema):
    id: int
    place_id: Id | None = None
    agreement_id: Id | None = None
    kind: str
    held_on: datetime.date
    title: str
    participants: str
    participant_count: int
    summary: str


class WpPlaceOut(Schema):
    id: int
    kind: str
    name: str
    unit_id: Id
    unit_name: str
    partners: str
    address: str
    established_on: datetime.date | None = None
    description: str

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name


class WpPlaceDetailOut(WpPlaceOut):
    members: list[WpMemberOut]
    activities: list[WpActivityOut]

    @staticmethod
    def resolve_members(obj):
        return list(obj.members.all())

    @staticmethod
    def resolve_activities(obj):
        return list(obj.activities.order_by("-held_on", "-id"))


class WpPlaceIn(StrictSchema):
    kind: PlaceKind
    name: str = Field(..., max_length=200)
    unit_id: Id
    partners: str = Field("", max_length=500)
    address: str = Field("", max_length=200)
    established_on: StrictDate | None = None
    description: str = Field("", max_length=5000)


class WpMemberIn(StrictSchema):
    name: str = Field("", max_length=50)
    role: MemberRole = MemberRole.MEMBER
    inspector_id: Id | None = None
    organisation: str = Field("", max_length=200)
    joined_on: StrictDate | None = None


class WpActivityIn(StrictSchema):
    kind: ActivityKind = ActivityKind.ACTIVITY
    held_on: StrictDate
    title: str = Field(..., max_length=200)
    participants: str = Field("", max_length=5000)
    participant_count: int = Field(0, ge=0, le=100000)
    summary: str = Field("", max_length=20000)


class WpTopicOut(Schema):
    id: int
    office_id: Id
    title: str
    lead: str
    lead_inspector_id: Id | None = None
    members: str
    level: str
    started_on: datetime.date | None = None
    due_on: datetime.date | None = None
    summary: str
    status: str


class WpTopicEventOut(HistoryLineFields):
    pass


class WpTopicDetailOut(WpTopicOut):
    events: list[WpTopicEventOut]
    available: list[str]

    @staticmethod
    def resolve_events(obj):
        return list(obj.events.all())


class WpTopicIn(StrictSchema):
    office_id: Id
    title: str = Field(..., max_length=200)
    lead: str = Field("", max_length=50)
    lead_inspector_id: Id | None = None
    members: str = Field("", max_length=2000)
    level: str = Field("", max_length=50)
    started_on: StrictDate | None = None
    due_on: StrictDate | None = None
    summary: str = Field("", max_length=20000)


class WpNoteIn(NoteFields, StrictSchema):
    pass


class WpEntryOut(Schema):
    id: int
    round_id: Id
    title: str
    authors: str
    unit_id: Id | None = None
    abstract: str
    status: str
    submitted_on: datetime.date


class WpRoundOut(Schema):
    id: int
    office_id: Id
    year: int
    kind: str
    title: str
    deadline: datetime.date
    note: str


class WpRoundDetailOut(WpRoundOut):
    entries: list[WpEntryOut]

    @staticmethod
    def resolve_entries(obj):
        return list(obj.entries.all())


class WpRoundIn(StrictSchema):
    office_id: Id
    year: int = Field(..., ge=2000, le=2100)
    kind: RoundKind
    title: str = Field(..., max_length=200)
    deadline: StrictDate
    note: str = Field("", max_length=5000)


class WpEntryIn(StrictSchema):
    title: str = Field(..., max_length=200)
    authors: str = Field(..., max_length=200)
    unit_id: Id | None = None
    abstract: str = Field("", max_length=20000)


class WpAgreementOut(Schema):
    id: int
    office_id: Id
    title: str
    circle: str
    partners: str
    scope: str
    signed_on: datetime.date
    valid_from: datetime.date
    valid_to: datetime.date | None = None


class WpAgreementDetailOut(WpAgreementOut):
    activities: list[WpActivityOut]

    @staticmethod
    def resolve_activities(obj):
        return list(obj.activities.order_by("-held_on", "-id"))


class WpAgreementIn(StrictSchema):
    office_id: Id
    title: str = Field(..., max_length=200)
    circle: Circle
    partners: str = Field(..., max_length=500)
    scope: str = Field(..., max_length=20000)
    signed_on: StrictDate
    valid_from: StrictDate
    valid_to: StrictDate | None = None


class WpSelfInspectionOut(Schema):
    id: int
    place_id: Id
    unit_id: Id
    inspected_on: datetime.date
    title: str
    inspectors: str
    findings: str
    small_matter_ids: list[int]

    @staticmethod
    def resolve_small_matter_ids(obj):
        return sorted(obj.small_matters.values_list("id", flat=True))


class WpSelfInspectionIn(StrictSchema):
    place_id: Id
    unit_id: Id | None = Field(None, description="被督导学校（学校督导室为本校，可不填）")
    inspected_on: StrictDate
    title: str = Field(..., max_length=200)
    inspectors: str = Field(..., max_length=300)
    findings: str = Field("", max_length=20000)


class WpSmallMatterIn(StrictSchema):
    description: str = Field(..., max_length=5000)
    category: str = Field(..., max_length=32, description="问题类别代码（本区域可用的类别）")
    requirement: str = Field(..., max_length=5000)
    deadline: StrictDate
    responsible_person: str = Field("", max_length=50)


class WpSmallMatterOut(Schema):
    item_id: int
    inspection_id: int
    routing: str
    source: str


# ---- places ----------------------------------------------------------------------------------------
def _places(user):
    return Place.objects.for_user(user, "view").select_related("unit")


@router.get("/places", response={200: list[WpPlaceOut], **ERRORS}, summary="督学之家、督学工作室、工作站、学校督导室、集团督评中心（kind 筛选）")
@paginate(BoundedPagination)
def list_places(request, kind: PlaceKind | None = None):
    qs = _places(request.auth)
    return qs.filter(kind=kind) if kind else qs


@router.get("/places/{int:place_id}", response={200: WpPlaceDetailOut, **ERRORS}, summary="督导阵地详情（成员、活动）")
def get_place(request, place_id: Id):
    return get_for_user_or_404(_places(request.auth), request.auth, "view", pk=place_id)


@router.post("/places", response={201: WpPlaceDetailOut, **ERRORS}, summary="登记督导阵地")
def create_place(request, payload: WpPlaceIn):
    data = payload.model_dump()
    unit = get_for_user_or_invalid(Unit, request.auth, "unit_id", pk=data.pop("unit_id"))
    place = services.place_create(actor=request.auth, unit=unit, **data)
    return Status(201, _places(request.auth).get(pk=place.pk))


@router.post("/places/{int:place_id}/members", response={201: WpMemberOut, **ERRORS}, summary="添加成员（工作人员）")
def add_member(request, place_id: Id, payload: WpMemberIn):
    place = get_for_user_or_404(_places(request.auth), request.auth, "view", pk=place_id)
    data = payload.model_dump()
    inspector = _ref(request.auth, Inspector, "inspector_id", data.pop("inspector_id"))
    return Status(201, services.member_add(actor=request.auth, place=place, inspector=inspector, **data))


@router.post("/places/{int:place_id}/activities", response={201: WpActivityOut, **ERRORS}, summary="登记阵地活动")
def add_place_activity(request, place_id: Id, payload: WpActivityIn):
    place = get_for_user_or_404(_places(request.auth), request.auth, "view", pk=place_id)
    return Status(201, services.activity_add(actor=request.auth, place=place, **payload.model_dump()))


# ---- research topics -------------------------------------------------------------------------------
def _topics(user):
    return ResearchTopic.objects.for_user(user, "view")


def _topic_detail(user, topic):
    topic = _topics(user).get(pk=topic.pk)
    topic.available = [t.name for t in workflows.TOPIC_WORKFLOW.available(user, topic)]
    return topic


@router.get("/topics", response={200: list[WpTopicOut], **ERRORS}, summary="研究课题（status 筛选）")
@paginate(BoundedPagination)
def list_topics(request, status: TopicStatus | None = None):
    qs = _topics(request.auth)
    return qs.filter(status=status) if status else qs


@router.get("/topics/{int:topic_id}", response={200: WpTopicDetailOut, **ERRORS}, summary="研究课题详情")
def get_topic(request, topic_id: Id):
    return _topic_detail(request.auth, get_for_user_or_404(_topics(request.auth), request.auth, "view", pk=topic_id))


@router.post("/topics", response={201: WpTopicDetailOut, **ERRORS}, summary="登记研究课题（申报）")
def create_topic(request, payload: WpTopicIn):
    data = payload.model_dump()
    office = get_for_user_or_invalid(Unit, request.auth, "office_id", pk=data.pop("office_id"))
    lead_inspector = _ref(request.auth, Inspector, "lead_inspector_id", data.pop("lead_inspector_id"))
    topic = services.topic_create(actor=request.auth, office=office, lead_inspector=lead_inspector, **data)
    return Status(201, _topic_detail(request.auth, topic))


@router.post("/topics/{int:topic_id}/transitions/{name}", response={200: WpTopicDetailOut, **ERRORS},
             summary="立项（approve）、结题（conclude，须写成果摘要）或终止（terminate，须写理由）")
def run_topic_transition(request, topic_id: Id, name: str, payload: WpNoteIn | None = None):
    topic = get_for_user_or_404(_topics(request.auth), request.auth, "view", pk=topic_id)
    if name not in workflows.TOPIC_SERVICES:
        raise Http404
    topic = workflows.TOPIC_SERVICES[name](actor=request.auth, topic=topic, note=payload.note if payload else "")
    return _topic_detail(request.auth, topic)


# ---- selections ------------------------------------------------------------------------------------
def _rounds(user):
    return SelectionRound.objects.for_user(user, "view")


@router.get("/rounds", response={200: list[WpRoundOut], **ERRORS}, summary="案例论文评选（year、kind 筛选）")
@paginate(BoundedPagination)
def list_rounds(request, year: Year | None = None, kind: RoundKind | None = None):
    qs = _rounds(request.auth)
    if year:
        qs = qs.filter(year=year)
    return qs.filter(kind=kind) if kind else qs


@router.get("/rounds/{int:round_id}", response={200: WpRoundDetailOut, **ERRORS}, summary="评选详情（报送作品）")
def get_round(request, round_id: Id):
    return get_for_user_or_404(_rounds(request.auth), request.auth, "view", pk=round_id)


@router.post("/rounds", response={201: WpRoundDetailOut, **ERRORS}, summary="组织年度案例或论文评选")
def create_round(request, payload: WpRoundIn):
    data = payload.model_dump()
    office = get_for_user_or_invalid(Unit, request.auth, "office_id", pk=data.pop("office_id"))
    return Status(201, services.round_create(actor=request.auth, office=office, **data))


@router.post("/rounds/{int:round_id}/entries", response={201: WpEntryOut, **ERRORS},
             summary="登记报送作品（作品文本用 /api/v1/attachments 上传，owner=workplaces.entry, purpose=work）")
def add_entry(request, round_id: Id, payload: WpEntryIn):
    rnd = get_for_user_or_404(_rounds(request.auth), request.auth, "view", pk=round_id)
    data = payload.model_dump()
    unit = _ref(request.auth, Unit, "unit_id", data.pop("unit_id"))
    return Status(201, services.entry_create(actor=request.auth, round=rnd, unit=unit, **data))


@router.post("/entries/{int:entry_id}/transitions/{name}", response={200: WpEntryOut, **ERRORS},
             summary="入围（shortlist）、入选（select）或未入选（reject）")
def run_entry_transition(request, entry_id: Id, name: str, payload: WpNoteIn | None = None):
    entry = get_for_user_or_404(SelectionEntry.objects.for_user(request.auth, "view"), request.auth, "view",
                                pk=entry_id)
    if name not in workflows.ENTRY_SERVICES:
        raise Http404
    return workflows.ENTRY_SERVICES[name](actor=request.auth, entry=entry, note=payload.note if payload else "")


# ---- cooperation -----------------------------------------------------------------------------------
def _agreements(user):
    return Agreement.objects.for_user(user, "view")


@router.get("/agreements", response={200: list[WpAgreementOut], **ERRORS}, summary="区域合作协议（circle 筛选）")
@paginate(BoundedPagination)
def list_agreements(request, circle: Circle | None = None):
    qs = _agreements(request.auth)
    return qs.filter(circle=circle) if circle else qs


@router.get("/agreements/{int:agreement_id}", response={200: WpAgreementDetailOut, **ERRORS},
            summary="合作协议详情（交流、联合监测等活动）")
def get_agreement(request, agreement_id: Id):
    return get_for_user_or_404(_agreements(request.auth), request.auth, "view", pk=agreement_id)


@router.post("/agreements", response={201: WpAgreementDetailOut, **ERRORS}, summary="登记区域合作协议")
def create_agreement(request, payload: WpAgreementIn):
    data = payload.model_dump()
    office = get_for_user_or_invalid(Unit, request.auth, "office_id", pk=data.pop("office_id"))
    return Status(201, services.agreement_create(actor=request.auth, office=office, **data))


@router.post("/agreements/{int:agreement_id}/activities", response={201: WpActivityOut, **ERRORS},
             summary="登记合作活动（交流、联合监测）")
def add_agreement_activity(request, agreement_id: Id, payload: WpActivityIn):
    agreement = get_for_user_or_404(_agreements(request.auth), request.auth, "view", pk=agreement_id)
    return Status(201, services.activity_add(actor=request.auth, agreement=agreement, **payload.model_dump()))


# ---- school self-supervision -----------------------------------------------------------------------
def _inspections(user):
    return SelfInspection.objects.for_user(user, "view").select_related("place", "unit")


@router.get("/self-inspections", response={200: list[WpSelfInspectionOut], **ERRORS}, summary="学校自我督导记录")
@paginate(BoundedPagination)
def list_self_inspections(request, place_id: Id | None = None):
    qs = _inspections(request.auth)
    return qs.filter(place_id=place_id) if place_id else qs


@router.get("/self-inspections/{int:inspection_id}", response={200: WpSelfInspectionOut, **ERRORS},
            summary="学校自我督导记录详情")
def get_self_inspection(request, inspection_id: Id):
    return get_for_user_or_404(_inspections(request.auth), request.auth, "view", pk=inspection_id)


@router.post("/self-inspections", response={201: WpSelfInspectionOut, **ERRORS}, summary="登记学校自我督导记录")
def create_self_inspection(request, payload: WpSelfInspectionIn):
    data = payload.model_dump()
    place = get_for_user_or_invalid(Place, request.auth, "place_id", pk=data.pop("place_id"))
    unit = _ref(request.auth, Unit, "unit_id", data.pop("unit_id"))
    return Status(201, services.selfinspection_create(actor=request.auth, place=place, unit=unit, **data))


@router.post("/self-inspections/{int:inspection_id}/small-matters", response={201: WpSmallMatterOut, **ERRORS},
             summary="自我督导发现的问题作为小事登记到问题台账（三事分流：小事学校自行解决）")
def raise_small_matter(request, inspection_id: Id, payload: WpSmallMatterIn):
    inspection = get_for_user_or_404(_inspections(request.auth), request.auth, "view", pk=inspection_id)
    item = services.selfinspection_raise_matter(actor=request.auth, inspection=inspection, **payload.model_dump())
    return Status(201, {"item_id": item.pk, "inspection_id": inspection.pk, "routing": item.routing,
                        "source": item.source})



