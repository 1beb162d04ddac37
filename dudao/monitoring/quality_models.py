"""质量监测结果 (G2, issue 12 item 4): the national or city 义务教育质量监测 results an office imports
from the feedback's Excel — per school, subject and grade (``QualityResult``: the 学业水平 level
Ⅰ–Ⅳ, the share of students at each level, the mean score), per county, subject and grade
(``QualityCountyResult``: the 校际差异率), the feedback's problems (``QualityFinding``, each a ledger
item of source 监测评估 with the school as unit) and one improvement plan per school
(``QualityPlan``, a ledger item too, tracked like any item).

Imported into ``monitoring.models`` (one line at its end), so the migrations stay the app's."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.scoping import ScopedQuerySet

YEARS = [MinValueValidator(2000), MaxValueValidator(2100)]
PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class QualityProgramme(models.TextChoices):
    NATIONAL = "national", _("国家义务教育质量监测")
    PROVINCIAL = "provincial", _("省级义务教育质量监测")
    CITY = "city", _("市级义务教育质量监测")


class QualitySubject(models.TextChoices):
    CHINESE = "chinese", _("语文")
    MATH = "math", _("数学")
    SCIENCE = "science", _("科学")
    PE = "pe", _("体育与健康")
    ARTS = "arts", _("艺术")
    MORAL = "moral", _("德育")
    ENGLISH = "english", _("英语")
    LABOUR = "labour", _("劳动")
    MENTAL = "mental", _("心理健康")


class QualityLevel(models.IntegerChoices):
    """学业水平: Ⅳ is the highest."""

    I = 1, "Ⅰ"  # noqa: E741
    II = 2, "Ⅱ"
    III = 3, "Ⅲ"
    IV = 4, "Ⅳ"


class QualityResultQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "school__region_id", "unit": "school_id"}


class QualityResult(models.Model):
    school = models.ForeignKey("orgs.Unit", verbose_name=_("学校"), on_delete=models.PROTECT, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "school"  # where the path is copied from (common/fields.py)
    year = models.PositiveSmallIntegerField(_("监测年度"), validators=YEARS)
    programme = models.CharField(_("监测项目"), max_length=16, choices=QualityProgramme.choices)
    subject = models.CharField(_("学科领域"), max_length=16, choices=QualitySubject.choices)
    grade = models.PositiveSmallIntegerField(_("年级"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    level = models.PositiveSmallIntegerField(_("学业水平等级"), choices=QualityLevel.choices)
    level1_share = models.DecimalField(_("Ⅰ级占比（%）"), max_digits=5, decimal_places=2, null=True, blank=True,
                                       validators=PERCENT)
    level2_share = models.DecimalField(_("Ⅱ级占比（%）"), max_digits=5, decimal_places=2, null=True, blank=True,
                                       validators=PERCENT)
    level3_share = models.DecimalField(_("Ⅲ级占比（%）"), max_digits=5, decimal_places=2, null=True, blank=True,
                                       validators=PERCENT)
    level4_share = models.DecimalField(_("Ⅳ级占比（%）"), max_digits=5, decimal_places=2, null=True, blank=True,
                                       validators=PERCENT)
    score = models.DecimalField(_("平均分"), max_digits=6, decimal_places=2, null=True, blank=True)
    imported_at = models.DateTimeField(_("导入时间"), auto_now=True)

    objects = QualityResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("质量监测结果")
        verbose_name_plural = _("质量监测结果")
        ordering = ["region_path", "-year", "subject", "grade", "school"]
        indexes = [models.Index(fields=["region_path", "-year", "subject", "grade"], name="quality_result_scope")]
        constraints = [models.UniqueConstraint(fields=["school", "year", "programme", "subject", "grade"],
                                               name="quality_result_unique")]

    def __str__(self):
        return f"{self.year} {self.get_subject_display()} {self.grade}年级 {self.school_id}"


class QualityCountyQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "region_id", "unit": None}


class QualityCountyResult(models.Model):
    region = models.ForeignKey("regions.Region", verbose_name=_("区县"), on_delete=models.PROTECT, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "region"  # where the path is copied from (common/fields.py)
    year = models.PositiveSmallIntegerField(_("监测年度"), validators=YEARS)
    programme = models.CharField(_("监测项目"), max_length=16, choices=QualityProgramme.choices)
    subject = models.CharField(_("学科领域"), max_length=16, choices=QualitySubject.choices)
    grade = models.PositiveSmallIntegerField(_("年级"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    interschool_diff = models.DecimalField(_("校际差异率"), max_digits=5, decimal_places=3,
                                           validators=[MinValueValidator(0), MaxValueValidator(10)])

    objects = QualityCountyQuerySet.as_manager()

    class Meta:
        verbose_name = _("质量监测区县结果")
        verbose_name_plural = _("质量监测区县结果")
        ordering = ["region_path", "-year", "subject", "grade"]
        indexes = [models.Index(fields=["region_path", "-year", "subject", "grade"], name="quality_county_scope")]
        constraints = [models.UniqueConstraint(fields=["region", "year", "programme", "subject", "grade"],
                                               name="quality_county_unique")]

    def __str__(self):
        return f"{self.year} {self.get_subject_display()} {self.grade}年级 {self.interschool_diff}"


class QualityFindingQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "result__region_path", "region": "result__school__region_id", "unit": "result__school_id"}


class QualityFinding(models.Model):
    """One problem of the feedback's list for a school's result; its rectification is the ledger item."""

    result = models.ForeignKey(QualityResult, verbose_name=_("监测结果"), on_delete=models.CASCADE,
                               related_name="findings")
    text = models.CharField(_("反馈问题"), max_length=500)
    ledger_item = models.OneToOneField("ledger.LedgerItem", verbose_name=_("台账问题"), on_delete=models.PROTECT,
                                       related_name="quality_finding")

    objects = QualityFindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("监测反馈问题")
        verbose_name_plural = _("监测反馈问题")
        ordering = ["result", "id"]
        constraints = [models.UniqueConstraint(fields=["result", "text"], name="quality_finding_unique")]

    def __str__(self):
        return self.text


class QualityPlanQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "school__region_id", "unit": "school_id"}


class QualityPlan(models.Model):
    """A school's improvement plan (质量提升改进方案) after a monitoring round: a ledger item of source
    监测评估 the school answers and the office re-checks like any other."""

    school = models.ForeignKey("orgs.Unit", verbose_name=_("学校"), on_delete=models.PROTECT, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "school"  # where the path is copied from (common/fields.py)
    year = models.PositiveSmallIntegerField(_("监测年度"), validators=YEARS)
    programme = models.CharField(_("监测项目"), max_length=16, choices=QualityProgramme.choices)
    ledger_item = models.OneToOneField("ledger.LedgerItem", verbose_name=_("台账问题"), on_delete=models.PROTECT,
                                       related_name="quality_plan")

    objects = QualityPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("质量提升改进方案")
        verbose_name_plural = _("质量提升改进方案")
        ordering = ["region_path", "-year", "school"]
        constraints = [models.UniqueConstraint(fields=["school", "year", "programme"], name="quality_plan_unique")]

    def __str__(self):
        return f"{self.year} {self.school_id}"


__all__ = ["QualityProgramme", "QualitySubject", "QualityLevel", "QualityResult", "QualityCountyResult",
           "QualityFinding", "QualityPlan"]
