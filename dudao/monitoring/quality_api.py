"""/api/v1/monitoring/quality: the twins of the 质量监测结果 pages — the results, the feedback import
(multipart; 422 with every cell error and nothing written) and the §5.3 item 9 rule per county."""

from decimal import Decimal

from django.http import Http404
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate

from dudao.common.api_errors import import_error_response
from dudao.common.schemas import BoundedPagination, ErrorOut, Id, ImportErrorOut, Year
from dudao.common.scoping import get_for_user_or_404, region_in_scope
from dudao.regions.models import Region

from . import quality_services as services
from .quality_models import QualityProgramme, QualityResult, QualitySubject

router = Router(tags=["质量监测"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class QualityResultOut(Schema):
    id: int
    school_id: Id
    school_name: str
    year: int
    programme: QualityProgramme
    subject: QualitySubject
    grade: int
    level: int
    level1_share: Decimal | None = None
    level2_share: Decimal | None = None
    level3_share: Decimal | None = None
    level4_share: Decimal | None = None
    score: Decimal | None = None
    findings: list[str]

    @staticmethod
    def resolve_school_name(obj):
        return obj.school.name

    @staticmethod
    def resolve_findings(obj):
        return [f.text for f in obj.findings.all()]


class QualityImportOut(Schema):
    rows: int
    written: int


class QualityRuleRowOut(Schema):
    subject: QualitySubject
    subject_label: str
    grade: int
    schools: int
    below: int
    lowest: str
    interschool_diff: Decimal | None = None
    level_ok: bool
    diff_ok: bool | None = None
    passed: bool | None = None


class QualityFailingOut(Schema):
    school_id: Id
    school: str
    subject: str
    grade: int
    level: str


class QualityRuleOut(Schema):
    region_id: Id
    year: int
    programme: QualityProgramme
    min_level: str
    max_diff: Decimal
    passed: bool | None = None
    rows: list[QualityRuleRowOut]
    failing: list[QualityFailingOut]


@router.get("/results", response={200: list[QualityResultOut], **ERRORS}, summary="质量监测结果（每校、学科、年级）")
@paginate(BoundedPagination)
def list_results(request, year: Year | None = None, subject: QualitySubject | None = None,
                 school_id: Id | None = None):
    qs = (QualityResult.objects.for_user(request.auth, "view").select_related("school")
          .prefetch_related("findings").order_by("-year", "subject", "grade", "school__name", "id"))
    if year:
        qs = qs.filter(year=year)
    if subject:
        qs = qs.filter(subject=subject)
    return qs.filter(school_id=school_id) if school_id else qs


@router.post("/import", response={200: QualityImportOut, **ERRORS, 422: ImportErrorOut},
             summary="导入质量监测结果（Excel，全部单元格校验通过才写入；反馈问题进入问题台账）")
def import_results(request, year: Form[Year], programme: Form[QualityProgramme], file: File[UploadedFile]):
    from dudao.common.scoping import user_has_perm

    if not user_has_perm(request.auth, services.ADD):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    result = services.quality_import(actor=request.auth, fileobj=file, year=year, programme=programme)
    if result.errors:
        return import_error_response(request, [
            (e.row or None, e.column, (f"工作表“{services.SHEET}”第{e.row}行“{e.column}”：" if e.row else "") + e.message)
            for e in result.errors])
    return {"rows": result.rows, "written": result.written}


@router.get("/rule", response={200: QualityRuleOut, **ERRORS},
            summary="县域质量监测达标情况（学业水平Ⅲ级以上、校际差异率小于0.15，阈值为区域参数，待核实）")
def rule(request, region_id: Id, year: Year, programme: QualityProgramme = QualityProgramme.NATIONAL):
    region = get_for_user_or_404(Region, request.auth, "view", pk=region_id)
    if not region_in_scope(request.auth, "monitoring.view_qualityresult", region):
        raise Http404
    verdict = services.quality_rule(region, year, programme)
    return {**verdict, "region_id": region.pk}
