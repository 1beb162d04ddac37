"""Excel import spec for schools (profile + unit + enrolment of one school year)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dudao.common import importer as im
from dudao.common.scoping import get_for_user_or_404
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import Unit
from dudao.orgs.services import unit_create, unit_update
from dudao.regions.models import Region

from .choices import ManagementAuthority, Ownership, SchoolStage, Section
from .models import Zone
from .services import enrolment_set, school_profile_save


def _degrees(value):
    """A coordinate cell: a decimal number of degrees, kept to the 6 places the column holds."""
    d = im.decimal(value)
    return None if d is None else round(d, 6)


SCHOOL_KIND = im.choice(type("K", (), {"choices": [(UnitKind.SCHOOL, "学校"), (UnitKind.KINDERGARTEN, "幼儿园")],
                                       "values": [UnitKind.SCHOOL, UnitKind.KINDERGARTEN]}))
SECTION_COLUMNS = [
    c for s in Section
    for c in (im.Column(f"{s.label}在校生数", f"students_{s.value}", parse=im.integer,
                        example=1200 if s == Section.PRIMARY else ""),
              im.Column(f"{s.label}班级数", f"classes_{s.value}", parse=im.integer,
                        example=26 if s == Section.PRIMARY else ""))
]


def _handle(actor, row, context):
    region = Region.objects.for_user(actor, "view").filter(code=row["region_code"]).first()
    if region is None:
        raise ValidationError({"region_code": _("找不到该区划代码，或不在您的管理范围内")})
    unit_data = {k: row[k] for k in ("address", "phone", "credit_code") if row.get(k)}
    unit = Unit.objects.filter(region=region, kind=row["kind"], name=row["name"]).first()
    if unit is None:
        unit = unit_create(actor=actor, kind=row["kind"], name=row["name"], region=region, **unit_data)
    elif unit_data:
        unit = get_for_user_or_404(Unit, actor, "view", pk=unit.pk)
        unit = unit_update(actor=actor, unit=unit, **unit_data)
    current = getattr(unit, "school_profile", None)
    if current is not None and current.school_code and current.school_code != row["school_code"]:
        # The code is the school's identity (its public page and QR sign are keyed by it): an
        # import never rewrites it — a row naming an existing school with another code is refused.
        raise ValidationError({"school_code": _(
            "学校“%(name)s”已有学校标识码 %(code)s，导入不能修改学校标识码（会改变学校公示牌二维码地址）；"
            "如确需更正，请在学校档案页面修改") % {"name": unit.name, "code": current.school_code}})
    profile_data = {"school_code": row["school_code"], "stage": row["stage"]}
    if row.get("ownership"):
        profile_data["ownership"] = row["ownership"]
    if row.get("authority"):
        profile_data["authority"] = row["authority"]
    if row.get("is_teaching_point") is not None:
        profile_data["is_teaching_point"] = row["is_teaching_point"]
    for axis in ("latitude", "longitude"):
        if row.get(axis) is not None:
            profile_data[axis] = row[axis]
    if row.get("zone"):
        zone = Zone.objects.filter(name=row["zone"], region_path__in=_ancestors(region.path)).first()
        if zone is None:
            raise ValidationError({"zone": _("找不到该督学责任区：%(z)s") % {"z": row["zone"]}})
        profile_data["zone"] = zone
    profile = school_profile_save(actor=actor, unit=unit, **profile_data)
    for s in Section:
        students = row.get(f"students_{s.value}")
        if students is not None:
            if not row.get("school_year"):
                raise ValidationError({"school_year": _("填写在校生数时须填写学年")})
            try:
                enrolment_set(actor=actor, school=profile, school_year=row["school_year"], section=s.value,
                              students=students, classes=row.get(f"classes_{s.value}") or 0)
            except ValidationError as exc:
                raise ValidationError({"school_year": exc.messages}) from exc
    return profile


def _yes_no_or_keep(value) -> bool | None:
    """是/否; an empty cell keeps what the profile has (``None``)."""
    return None if im.text(value) == "" else im.boolean(value)


def _ancestors(path: str) -> list[str]:
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


SCHOOLS = im.ImportSpec(
    name="学校名录",
    description="按学校名称和区划匹配已有单位；没有则新建。同一文件中学校名称（同一区划内）和学校标识码都不能重复；"
                "导入不修改已有学校的学校标识码。",
    handle=_handle,
    keys=(("region_code", "kind", "name"), ("school_code",)),
    columns=[
        im.Column("学校名称", "name", required=True, example="重庆市南岸区示例小学"),
        im.Column("类型", "kind", required=True, parse=SCHOOL_KIND, example="学校"),
        im.Column("区划代码", "region_code", required=True, example="500108001", note="所在乡镇（街道）或区县的行政区划代码"),
        im.Column("学校标识码", "school_code", required=True, example="3150000001", note="10位数字"),
        im.Column("学段", "stage", required=True, parse=im.choice(SchoolStage), example="小学"),
        im.Column("办学性质", "ownership", parse=im.choice(Ownership), example="公办"),
        im.Column("管理权限", "authority", parse=im.choice(ManagementAuthority), example="县（区）管理",
                  note="县（区）管理或市直属"),
        im.Column("教学点", "is_teaching_point", parse=_yes_no_or_keep, example="否",
                  note="是/否；不完全小学的教学点填“是”（学段须为小学）"),
        im.Column("督学责任区", "zone", example=""),
        im.Column("地址", "address", example="重庆市南岸区示例路1号"),
        im.Column("联系电话", "phone", example="023-62000000"),
        im.Column("统一社会信用代码", "credit_code", example=""),
        im.Column("纬度", "latitude", parse=_degrees, example="29.523992", note="WGS-84 十进制度；与经度同时填写，可留空"),
        im.Column("经度", "longitude", parse=_degrees, example="106.560813", note="WGS-84 十进制度；与纬度同时填写，可留空"),
        im.Column("学年", "school_year", example="2025-2026"),
        *SECTION_COLUMNS,
    ],
)
