"""Excel import specs for inspectors, postings and training records (all-or-nothing), and the
import service of the corps pages and API (``import_file``), schools included."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from dudao.common import importer as im
from dudao.common.crypto import blind_index
from dudao.common.scoping import region_in_scope, user_has_perm
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import Unit
from dudao.schools.imports import SCHOOLS
from dudao.schools.models import SchoolProfile

from .choices import (
    Education,
    Expertise,
    Focus,
    InspectorKind,
    TrainingCategory,
    TrainingKind,
    TrainingResult,
)
from .models import Inspector
from .postings import posting_create
from .services import inspector_create, inspector_update, training_add

EXPERTISE_BY_LABEL = {str(label): value for value, label in Expertise.choices}


def expertise_list(value):
    s = im.text(value)
    if not s:
        return []
    out = []
    for part in s.replace("，", "、").replace(",", "、").split("、"):
        part = part.strip()
        if part not in EXPERTISE_BY_LABEL:
            raise im.CellError("应为：" + "、".join(EXPERTISE_BY_LABEL))
        out.append(EXPERTISE_BY_LABEL[part])
    return out


def find_inspector(actor, row) -> Inspector:
    qs = Inspector.objects.for_user(actor, "change").filter(name=row["inspector_name"])
    if row.get("inspector_id_number"):
        qs = qs.filter(id_number_index=blind_index(row["inspector_id_number"]))
    found = list(qs[:2])
    if not found:
        raise ValidationError({"inspector_name": _("找不到该督学（或不在您的管理范围内）")})
    if len(found) > 1:
        raise ValidationError({"inspector_id_number": _("有重名督学，请填写身份证号区分")})
    return found[0]


def _inspector(actor, row, context):
    office = context["office"]
    data = {k: v for k, v in row.items() if v not in ("", None) or k in ("expert_pool", "talent_pool")}
    employer_name = data.pop("employer_name", "")
    if employer_name:
        employer = Unit.objects.for_user(actor, "view").filter(name=employer_name).first()
        data["employer"] = employer
        data["employer_name"] = employer_name
    existing = None
    if row.get("id_number"):
        existing = Inspector.objects.filter(office=office, id_number_index=blind_index(row["id_number"])).first()
    if existing:
        return inspector_update(actor=actor, inspector=existing, **data)
    return inspector_create(actor=actor, office=office, **data)


INSPECTORS = im.ImportSpec(
    name="督学名册",
    description="按身份证号匹配本机构已有督学并更新；没有则新增。聘任机构在导入页面选择。",
    handle=_inspector,
    keys=(("id_number",),),
    columns=[
        im.Column("姓名", "name", required=True, example="张伟"),
        im.Column("类别", "kind", required=True, parse=im.choice(InspectorKind), example="兼职督学"),
        im.Column("专业方向", "focus", parse=im.choice(Focus), example="督学"),
        im.Column("专业领域", "expertise", parse=expertise_list, example="义务教育、学前教育",
                  note="多个用顿号分隔：" + "、".join(EXPERTISE_BY_LABEL)),
        im.Column("工作单位", "employer_name", example="重庆市南岸区教师进修学院"),
        im.Column("职务/职称", "post_title", example="退休校长"),
        im.Column("学历", "education", parse=im.choice(Education), example="本科"),
        im.Column("从事教育工作年限", "years_in_education", parse=im.integer, example=20),
        im.Column("专家库", "expert_pool", parse=im.boolean, example="否"),
        im.Column("人才库", "talent_pool", parse=im.boolean, example="否"),
        im.Column("公开联系电话", "phone", example="023-62000001"),
        im.Column("身份证号", "id_number", example="", note="不公开；用于匹配已有督学"),
        im.Column("本人手机", "mobile", example="", note="不公开"),
    ],
)


def _posting(actor, row, context):
    profile = SchoolProfile.objects.filter(school_code=row["school_code"]).select_related("unit").first()
    if profile is None:
        raise ValidationError({"school_code": _("找不到该学校标识码")})
    inspector = find_inspector(actor, row)
    try:
        return posting_create(actor=actor, inspector=inspector, school=profile.unit, start_date=row["start_date"])
    except ValidationError as exc:
        mapped = {}
        for key, messages in exc.message_dict.items():
            mapped.setdefault({"school": "school_code", "inspector": "inspector_name"}.get(key, key), []).extend(messages)
        raise ValidationError(mapped) from exc


POSTINGS = im.ImportSpec(
    name="挂牌督导",
    description="为学校挂牌责任督学。配比、回避、岗前培训等规则不满足的行视为错误（例外须在页面逐条批准）。",
    handle=_posting,
    columns=[
        im.Column("学校标识码", "school_code", required=True, example="3150000001"),
        im.Column("督学姓名", "inspector_name", required=True, example="张伟"),
        im.Column("督学身份证号", "inspector_id_number", example="", note="有重名时填写"),
        im.Column("挂牌日期", "start_date", required=True, parse=im.date, example="2025-09-01"),
    ],
)


def _training(actor, row, context):
    inspector = find_inspector(actor, row)
    return training_add(actor=actor, inspector=inspector, course=row["course"], kind=row["kind"],
                        hours=row["hours"], date=row["date"], provider=row.get("provider", ""),
                        pre_service=row.get("pre_service", False),
                        category=row.get("category") or TrainingCategory.PRACTICE, result=row.get("result") or "")


TRAINING = im.ImportSpec(
    name="培训记录",
    handle=_training,
    columns=[
        im.Column("督学姓名", "inspector_name", required=True, example="张伟"),
        im.Column("督学身份证号", "inspector_id_number", example=""),
        im.Column("培训名称", "course", required=True, example="2025年责任督学能力提升培训"),
        im.Column("培训方式", "kind", required=True, parse=im.choice(TrainingKind), example="集中培训"),
        im.Column("学时", "hours", required=True, parse=im.decimal, example=24),
        im.Column("培训日期", "date", required=True, parse=im.date, example="2025-07-10"),
        im.Column("举办单位", "provider", example="重庆市人民政府教育督导室"),
        im.Column("岗前培训", "pre_service", parse=im.boolean, example="否"),
        im.Column("培训类别", "category", parse=im.choice(TrainingCategory), example="督导业务"),
        im.Column("考核结果", "result", parse=im.choice(TrainingResult), example="合格"),
    ],
)


#: The Excel imports of the corps: kind → (spec, the right the importer needs).
KINDS = {
    "schools": (SCHOOLS, "schools.change_schoolprofile"),
    "inspectors": (INSPECTORS, "inspectors.add_inspector"),
    "postings": (POSTINGS, "inspectors.add_posting"),
    "training": (TRAINING, "inspectors.add_trainingrecord"),
}


def import_spec(actor, kind: str) -> im.ImportSpec:
    """The spec of ``kind`` (a key of ``KINDS``) if ``actor`` holds its right somewhere."""
    spec, perm = KINDS[kind]
    if not user_has_perm(actor, perm):
        raise PermissionDenied(_("无权导入%(name)s") % {"name": spec.name})
    return spec


def import_file(*, actor, kind: str, file, office=None) -> im.ImportResult:
    """Import ``file`` (.xlsx) as ``kind``: every row through the services, all or none
    (``common.importer.run_import``; the result lists each row's errors when nothing was written).
    The roster (``inspectors``) goes to ``office``, an office where ``actor`` may add inspectors."""
    spec = import_spec(actor, kind)
    if kind == "inspectors":
        if office is None:
            raise ValidationError({"office": _("请选择聘任督导机构")})
        if office.kind != UnitKind.OFFICE or not office.is_active or not region_in_scope(
                actor, "inspectors.add_inspector", office.region):
            raise ValidationError({"office": _("该单位不是您可以聘任督学的督导机构")})
    return im.run_import(spec, file, actor=actor, context={"office": office})
