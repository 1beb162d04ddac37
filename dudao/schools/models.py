"""Schools on top of the unit registry: profile, enrolment per school year, school groups,
principals' tenures and responsibility zones (C1, C3, C5)."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.scoping import ScopedQuerySet

from .choices import ManagementAuthority, Ownership, SchoolStage, Section

UNIT_SCOPE = {"path": "unit__region_path", "region": "unit__region_id", "unit": "unit_id"}


def validate_school_code(value: str) -> None:
    if not re.fullmatch(r"\d{10}", value or ""):
        raise ValidationError(_("学校标识码应为10位数字"))


def validate_school_year(value: str) -> None:
    m = re.fullmatch(r"(\d{4})-(\d{4})", value or "")
    if not m or int(m.group(2)) != int(m.group(1)) + 1:
        raise ValidationError(_("学年格式应为 2025-2026"))


class SchoolGroupQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "region_id", "unit": "lead_school_id"}


class SchoolGroup(models.Model):
    """教育集团 with its group supervision centre (集团督评中心, C3)."""

    name = models.CharField(_("集团名称"), max_length=200)
    region = models.ForeignKey("regions.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "region"  # where the path is copied from (common/fields.py)
    lead_school = models.ForeignKey("orgs.Unit", verbose_name=_("牵头学校"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    centre_name = models.CharField(_("集团督评中心"), max_length=200, blank=True)
    centre_contact = models.CharField(_("督评中心联系人"), max_length=50, blank=True)
    centre_phone = models.CharField(_("督评中心电话"), max_length=32, blank=True)

    objects = SchoolGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("教育集团")
        verbose_name_plural = _("教育集团")
        ordering = ["region_path", "name"]
        indexes = [models.Index(fields=["region_path", "name"], name="schoolgroup_path_name")]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="schoolgroup_name_unique")]

    def __str__(self):
        return self.name


class ZoneQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "region_id", "unit": None}


class Zone(models.Model):
    """督学责任区 of a county; its work station (工作站, S4 #7) is hosted by one school."""

    region = models.ForeignKey("regions.Region", verbose_name=_("所属区县"), on_delete=models.PROTECT, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "region"  # where the path is copied from (common/fields.py)
    name = models.CharField(_("责任区名称"), max_length=100)
    host_school = models.ForeignKey("orgs.Unit", verbose_name=_("工作站所在学校"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    work_station = models.CharField(_("工作站名称"), max_length=100, blank=True)
    description = models.TextField(_("说明"), blank=True)

    objects = ZoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("督学责任区")
        verbose_name_plural = _("督学责任区")
        ordering = ["region_path", "name"]
        indexes = [models.Index(fields=["region_path", "name"], name="zone_path_name")]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="zone_name_unique")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("schools:zone_detail", args=[self.pk])


class SchoolProfileQuerySet(ScopedQuerySet):
    scope_lookups = UNIT_SCOPE


class SchoolProfile(models.Model):
    """A school's or kindergarten's profile, one-to-one with its unit in the registry (C1, C3)."""

    unit = models.OneToOneField("orgs.Unit", verbose_name=_("单位"), primary_key=True, on_delete=models.CASCADE,
                                related_name="school_profile")
    school_code = models.CharField(_("学校标识码"), max_length=10, unique=True, validators=[validate_school_code])
    stage = models.CharField(_("学段"), max_length=32, choices=SchoolStage.choices)
    ownership = models.CharField(_("办学性质"), max_length=32, choices=Ownership.choices, default=Ownership.PUBLIC)
    authority = models.CharField(_("管理权限"), max_length=16, choices=ManagementAuthority.choices,
                                 default=ManagementAuthority.COUNTY,
                                 help_text=_("市直属学校的校长任期结束督导由市级督导室组织"))
    group = models.ForeignKey(SchoolGroup, verbose_name=_("所属教育集团"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="schools")
    zone = models.ForeignKey(Zone, verbose_name=_("督学责任区"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="schools")
    is_teaching_point = models.BooleanField(
        _("教学点"), default=False,
        help_text=_("不完全小学的教学点（村小教学点）。优质均衡评估不含在校生不足规定人数的教学点（区域参数）"))
    has_supervision_office = models.BooleanField(_("设有学校督导室"), default=False)
    self_supervision_contact = models.CharField(_("自我督导联系人"), max_length=50, blank=True)
    self_supervision_phone = models.CharField(_("自我督导联系电话"), max_length=32, blank=True)
    # Where the school is, for the region map's points (WGS-84 degrees, as the boundaries): optional,
    # both or neither.
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True,
                                   validators=[MinValueValidator(-90), MaxValueValidator(90)],
                                   help_text=_("WGS-84 十进制度，例如 29.523992；与经度同时填写"))
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    validators=[MinValueValidator(-180), MaxValueValidator(180)],
                                    help_text=_("WGS-84 十进制度，例如 106.560813；与纬度同时填写"))

    objects = SchoolProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("学校档案")
        verbose_name_plural = _("学校档案")
        ordering = ["school_code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(ownership="inclusive_private") | Q(stage="kindergarten"),
                name="schoolprofile_inclusive_only_kindergarten",
                violation_error_message=_("普惠性民办仅适用于幼儿园"),
            ),
            models.CheckConstraint(
                condition=Q(is_teaching_point=False) | Q(stage="primary"),
                name="schoolprofile_teaching_point_only_primary",
                violation_error_message=_("教学点的学段应为小学"),
            ),
        ]

    def __str__(self):
        return f"{self.unit}（{self.school_code}）"

    def get_absolute_url(self):
        return reverse("schools:school_detail", args=[self.unit_id])

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            missing = "longitude" if self.longitude is None else "latitude"
            raise ValidationError({missing: _("经度和纬度须同时填写或同时留空")})


class EnrolmentQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "school__unit__region_path", "region": "school__unit__region_id", "unit": "school_id"}


class Enrolment(models.Model):
    """Students and classes of one 学段 section of a school in one school year (学年)."""

    school = models.ForeignKey(SchoolProfile, verbose_name=_("学校"), on_delete=models.CASCADE,
                               related_name="enrolments")
    school_year = models.CharField(_("学年"), max_length=9, validators=[validate_school_year])
    section = models.CharField(_("学段"), max_length=16, choices=Section.choices)
    students = models.PositiveIntegerField(_("在校生数"))
    classes = models.PositiveIntegerField(_("班级数"), default=0)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("在校生规模")
        verbose_name_plural = _("在校生规模")
        ordering = ["school_id", "-school_year", "section"]
        indexes = [models.Index(fields=["school", "-school_year"], name="enrolment_school_year")]
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year", "section"], name="enrolment_unique"),
        ]

    def __str__(self):
        return f"{self.school_year} {self.get_section_display()} {self.students}"


class PrincipalTenureQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "school__region_path", "region": "school__region_id", "unit": "school_id"}


class PrincipalTenure(models.Model):
    """A principal's (校(园)长) appointment at a school, with the tenure-end supervision it needs (C5)."""

    school = models.ForeignKey("orgs.Unit", verbose_name=_("学校"), on_delete=models.CASCADE,
                               related_name="principal_tenures")
    name = models.CharField(_("校（园）长姓名"), max_length=50)
    start_date = models.DateField(_("任职日期"))
    planned_end_date = models.DateField(_("任期届满日期"))
    actual_end_date = models.DateField(_("实际离任日期"), null=True, blank=True)
    tenure_end_supervised_on = models.DateField(_("任期结束综合督导日期"), null=True, blank=True)

    objects = PrincipalTenureQuerySet.as_manager()

    class Meta:
        verbose_name = _("校长任期")
        verbose_name_plural = _("校长任期")
        ordering = ["school_id", "-start_date"]
        indexes = [models.Index(fields=["planned_end_date"], name="principal_planned_end")]
        constraints = [
            models.CheckConstraint(condition=Q(planned_end_date__gt=models.F("start_date")),
                                   name="principal_dates_ordered",
                                   violation_error_message=_("任期届满日期应晚于任职日期")),
            models.UniqueConstraint(fields=["school"], condition=Q(actual_end_date__isnull=True),
                                    name="principal_one_current_per_school",
                                    violation_error_message=_("该学校已有在任校长，请先登记其离任")),
        ]

    def __str__(self):
        return f"{self.school} · {self.name}"
