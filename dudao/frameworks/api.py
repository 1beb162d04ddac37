"""REST endpoints for indicator frameworks under /api/v1/frameworks: list and browse (tree),
compare two versions, where a version is used, import a library, derive a local version,
publish / retire, and a dry-run of the scoring engine."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from dudao.common import exports
from dudao.common.schemas import BoundedPagination, ErrorOut, Id, StrictSchema
from dudao.common.scoping import get_for_user_or_404
from dudao.orgs.models import Unit
from dudao.regions.models import Region

from . import selectors, services, workflows
from .choices import FrameworkKind, VersionStatus
from .exchange import version_to_library
from .library import parse_yaml
from .models import Framework, FrameworkVersion
from .scoring import ScoringError

router = Router(tags=["指标体系"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class VersionBrief(Schema):
    id: int
    version: int
    name: str
    status: VersionStatus
    is_locked: bool
    derived_from_id: Id | None = None
    publication_date: date | None = None


class FrameworkOut(Schema):
    id: int
    key: str
    name: str
    kind: FrameworkKind
    kind_label: str
    provider: str
    scope: str = Field(description="national（国家）或 local（本地）")
    region_code: str | None = None
    region_name: str | None = None
    owner_unit_id: Id | None = None

    @staticmethod
    def resolve_kind_label(obj):
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_scope(obj):
        return "national" if obj.region_id is None else "local"

    @staticmethod
    def resolve_region_code(obj):
        return obj.region.code if obj.region_id else None

    @staticmethod
    def resolve_region_name(obj):
        return obj.region.name if obj.region_id else None


class FrameworkDetailOut(FrameworkOut):
    versions: list[VersionBrief]

    @staticmethod
    def resolve_versions(obj):
        return obj.visible_versions


class IndicatorOut(Schema):
    code: str
    name: str
    description: str
    basis: str = Field(description="依据条款：文件名称及条款（本指标自身填写的）")
    effective_basis: str = Field(description="适用的依据条款：本指标的，未填写时为最近一级上级指标的")
    basis_inherited: bool = Field(description="effective_basis 是否继承自上级指标")
    observation_points: list[str]
    evidence: list[str]
    unit_kinds: list[str]
    stages: list[str]
    assessable: bool
    weight: float
    method: str
    levels: list[dict]
    max_points: float | None = None
    pass_points: float | None = None
    threshold: float | None = None
    thresholds: dict
    direction: str
    unit: str
    formula: str
    inputs: list[str]
    is_veto: bool
    children: list["IndicatorOut"] = []


class VersionOut(VersionBrief):
    framework_id: Id
    key: str
    locale: str
    provider: str
    source: str
    description: str
    applicable_unit_kinds: list[str]
    scoring: dict
    published_at: datetime | None = None
    usage_count: int
    indicators: list[IndicatorOut]


class UsageOut(Schema):
    object_type: str
    object_id: str
    label: str
    url: str
    region_code: str | None = None
    created_at: datetime

    @staticmethod
    def resolve_region_code(obj):
        return obj.region.code if obj.region_id else None


class ChangeOut(Schema):
    code: str
    kind: str = Field(description="added / removed / changed")
    fields: list[str]
    left_name: str | None = None
    right_name: str | None = None


class CompareOut(Schema):
    left_id: Id
    right_id: Id
    added: int
    removed: int
    changed: int
    unchanged: int
    changes: list[ChangeOut]


class ImportIn(StrictSchema):
    yaml: str = Field(..., min_length=1, max_length=2_000_000, description="YAML 格式的指标体系库（见 docs/frameworks.md）")
    region_code: str | None = Field(None, description="所属区域；为空表示国家指标体系（仅全系统管理员）")
    publish: bool = False


class ImportOut(Schema):
    changed: bool
    version: VersionBrief


class DeriveIn(StrictSchema):
    key: str = Field(..., min_length=5, max_length=200)
    name: str = Field(..., min_length=1, max_length=200)
    region_code: str = Field(..., min_length=6, max_length=12)
    owner_unit_id: Id | None = None
    description: str = Field("", max_length=5000)


class ContentIn(StrictSchema):
    yaml: str = Field(..., min_length=1, max_length=2_000_000)


class EvaluateIn(StrictSchema):
    results: dict = Field(..., description="指标编号 → 结果（等级名称、分值、是/否、数值或 {inputs, stage}）")


def _version_payload(version: FrameworkVersion) -> dict:
    def node(tn) -> dict:
        ind = tn.indicator
        return {
            **{name: getattr(ind, name) for name in (
                "code", "name", "description", "basis", "observation_points", "evidence", "unit_kinds", "stages",
                "assessable", "method", "levels", "thresholds", "direction", "unit", "formula", "inputs", "is_veto")},
            "weight": float(ind.weight),
            "effective_basis": tn.effective_basis, "basis_inherited": tn.basis_inherited,
            **{name: None if getattr(ind, name) is None else float(getattr(ind, name))
               for name in ("max_points", "pass_points", "threshold")},
            "children": [node(c) for c in tn.children],
        }

    return {
        **{name: getattr(version, name) for name in (
            "id", "version", "name", "status", "is_locked", "derived_from_id", "publication_date", "framework_id",
            "locale", "provider", "source", "description", "applicable_unit_kinds", "scoring", "published_at")},
        "key": version.framework.key,
        "usage_count": version.usages.count(),
        "indicators": [node(tn) for tn in selectors.indicator_tree(version)],
    }


def _get_version(request, version_id: Id, action: str = "view") -> FrameworkVersion:
    return get_for_user_or_404(FrameworkVersion.objects.select_related("framework__region"), request.auth, action,
                               pk=version_id)


@router.get("", response={200: list[FrameworkOut], **ERRORS}, summary="指标体系列表（国家 + 本人范围内的本地体系）")
@paginate(BoundedPagination)
def list_frameworks(request, kind: FrameworkKind | None = None, scope: str | None = None, q: str = ""):
    qs = Framework.objects.for_user(request.auth, "view").select_related("region")
    if kind:
        qs = qs.filter(kind=kind)
    if scope == "national":
        qs = qs.filter(region__isnull=True)
    elif scope == "local":
        qs = qs.filter(region__isnull=False)
    if q:
        qs = qs.filter(name__icontains=q)
    return qs


@router.get("/versions/compare", response={200: CompareOut, **ERRORS}, summary="对比两个版本（按指标编号：新增、删除、修改）")
def compare(request, left: Id, right: Id):
    lv, rv = _get_version(request, left), _get_version(request, right)
    changes = selectors.compare_versions(lv, rv)
    count = {k: sum(1 for c in changes if c.kind == k) for k in ("added", "removed", "changed", "same")}
    return {
        "left_id": lv.pk, "right_id": rv.pk, "added": count["added"], "removed": count["removed"],
        "changed": count["changed"], "unchanged": count["same"],
        "changes": [{"code": c.code, "kind": c.kind, "fields": c.fields,
                     "left_name": c.left.name if c.left else None, "right_name": c.right.name if c.right else None}
                    for c in changes if c.kind != "same"],
    }


@router.get("/versions/{version_id}", response={200: VersionOut, **ERRORS}, summary="版本详情（含指标树）")
def get_version(request, version_id: Id):
    return _version_payload(_get_version(request, version_id))


@router.get("/versions/{version_id}/library", response={200: dict, **ERRORS}, summary="以库格式导出（与 YAML 相同的结构）")
def export_version(request, version_id: Id):
    version = _get_version(request, version_id)
    data = version_to_library(version)
    exports.exported(name=str(version), object_type="frameworks.frameworkversion", filters={"version": version.pk},
                     rows=version.indicators.count(), fmt="json")
    return data


@router.get("/versions/{version_id}/usages", response={200: list[UsageOut], **ERRORS}, summary="版本的使用情况")
def version_usages(request, version_id: Id):
    return selectors.usages_for_user(request.auth, _get_version(request, version_id))


@router.post("/versions/{version_id}/evaluate", response={200: dict, **ERRORS},
             summary="按本版本计分（试算，不保存）：得分、等级、一票否决、三色建议、未评项")
def evaluate(request, version_id: Id, payload: EvaluateIn):
    version = _get_version(request, version_id)
    try:
        return selectors.evaluate_version(version, payload.results).as_dict()
    except ScoringError as exc:
        raise ValidationError({"results": str(exc)}) from exc


@router.post("/versions/{version_id}/derive", response={201: VersionOut, **ERRORS}, summary="派生本地版本（草稿）")
def derive(request, version_id: Id, payload: DeriveIn):
    source = _get_version(request, version_id)
    region = get_for_user_or_404(Region, request.auth, "view", code=payload.region_code)
    owner = (get_for_user_or_404(Unit, request.auth, "view", pk=payload.owner_unit_id)
             if payload.owner_unit_id else None)
    version = services.framework_version_derive(actor=request.auth, source=source, key=payload.key,
                                                name=payload.name, region=region, owner_unit=owner,
                                                description=payload.description)
    return Status(201, _version_payload(version))


@router.put("/versions/{version_id}/content", response={200: VersionOut, **ERRORS},
            summary="替换未被使用版本的指标内容（YAML）")
def replace_content(request, version_id: Id, payload: ContentIn):
    version = _get_version(request, version_id, "change")
    version = services.framework_version_replace_content(actor=request.auth, version=version,
                                                         data=parse_yaml(payload.yaml))
    return _version_payload(version)


@router.post("/versions/{version_id}/publish", response={200: VersionOut, **ERRORS}, summary="发布版本")
def publish(request, version_id: Id):
    version = workflows.framework_version_publish(actor=request.auth, version=_get_version(request, version_id, "change"))
    return _version_payload(version)


@router.post("/versions/{version_id}/retire", response={200: VersionOut, **ERRORS}, summary="停用版本")
def retire(request, version_id: Id):
    version = workflows.framework_version_retire(actor=request.auth, version=_get_version(request, version_id, "change"))
    return _version_payload(version)


@router.post("/import", response={201: ImportOut, 200: ImportOut, **ERRORS},
             summary="导入指标体系库（整份校验后原子导入；相同内容不重复导入）")
def import_library(request, payload: ImportIn):
    region = get_for_user_or_404(Region, request.auth, "view", code=payload.region_code) if payload.region_code else None
    version, changed = services.library_load(actor=request.auth, data=parse_yaml(payload.yaml), region=region,
                                             publish=payload.publish)
    return Status(201 if changed else 200, {"changed": changed, "version": version})


@router.get("/{framework_id}", response={200: FrameworkDetailOut, **ERRORS}, summary="指标体系详情及其版本")
def get_framework(request, framework_id: Id):
    framework = get_for_user_or_404(Framework.objects.select_related("region"), request.auth, "view", pk=framework_id)
    framework.visible_versions = list(FrameworkVersion.objects.for_user(request.auth, "view").filter(framework=framework))
    return framework
