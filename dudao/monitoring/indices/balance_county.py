"""县域义务教育优质均衡 政府保障程度 (15 indicators, 教督〔2017〕6号 第七条, standards.md §5.2) and
教育质量 (9 indicators, 第八条, §5.3): each indicator judged from the county's own counted submission
to the shipped county forms (``balance_county_guarantee``, ``balance_county_quality``), for the
county's 优质均衡 verdict (``balance._verdict``).

Which submission: the latest counted one (approved or accepted; ``include_submitted`` adds submitted)
of a unit whose region *is* the county — its supervision office. A yes/no item passes on 是; a number
is compared with its threshold, a region setting (``balance.county.*``; the [V] ones a floor with
their article, the [U] ones free and 待核实; 校际差异率 is ``quality.max_interschool_diff``); a
count that the standard wants at 0 (规模超标学校, 超标班额班级: "所有学校") must be 0. An empty cell
of a counted form fails ("未填报"). A county with no counted form has it *missing*: the verdict
cannot pass and waits (``pending``), like an unmeasured 社会认可度."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import DataValue, Submission
from .common import COUNTED, PREVIEW, settings_for_many

GUARANTEE = "balance_county_guarantee"
QUALITY = "balance_county_quality"
AREAS = {GUARANTEE: gettext_lazy("政府保障程度"), QUALITY: gettext_lazy("教育质量")}
ARTICLES = {GUARANTEE: gettext_lazy("第七条"), QUALITY: gettext_lazy("第八条")}

YES = "yes"      # a 是/否 item: passes on 是
AT_LEAST = ">="  # value ≥ the setting
LESS = "<"       # value < the setting
ZERO = "0"       # a count that must be 0 (所有学校)


@dataclass(frozen=True)
class Rule:
    form: str
    item: str  # the article's item, as the standard numbers it: 一 … 十五
    element: str
    label: object
    op: str
    setting: str = ""
    unit: str = ""
    pending: bool = False  # [U] in standards.md: shown 待核实


_PCT = "%"
RULES = [
    Rule(GUARANTEE, "一", "layout_plan_compliant", gettext_lazy("学校规划布局合理、符合国家规定"), YES, pending=True),
    Rule(GUARANTEE, "二", "school_standard_met", gettext_lazy("制定办学标准且所有学校达标"), YES, pending=True),
    Rule(GUARANTEE, "三", "special_rooms_compliance_rate", gettext_lazy("音乐美术专用教室达标学校比例"), AT_LEAST,
         "balance.county.special_rooms_percent", _PCT, True),
    Rule(GUARANTEE, "四", "schools_over_scale", gettext_lazy("规模超标学校数"), ZERO, unit=gettext_lazy("所"),
         pending=True),
    Rule(GUARANTEE, "五", "classes_over_size", gettext_lazy("超标班额班级数"), ZERO, unit=gettext_lazy("个"),
         pending=True),
    Rule(GUARANTEE, "六", "small_school_funding_at_100", gettext_lazy("不足100人村小和教学点按100人核定公用经费"), YES,
         pending=True),
    Rule(GUARANTEE, "七", "special_school_funding_per_student", gettext_lazy("特殊教育学校生均公用经费"), AT_LEAST,
         "balance.county.special_school_funding", gettext_lazy("元")),
    Rule(GUARANTEE, "八", "teacher_pay_ratio", gettext_lazy("教师平均工资收入占当地公务员平均工资收入比例"), AT_LEAST,
         "balance.county.teacher_pay_percent", _PCT),
    Rule(GUARANTEE, "九", "training_completion_rate", gettext_lazy("教师5年360学时培训完成率"), AT_LEAST,
         "balance.county.training_completion_percent", _PCT, True),
    Rule(GUARANTEE, "十", "staffing_pooled", gettext_lazy("县级统筹调配各校编制和岗位"), YES, pending=True),
    Rule(GUARANTEE, "十一", "exchange_rotation_rate", gettext_lazy("交流轮岗教师占符合交流条件教师比例"), AT_LEAST,
         "balance.county.rotation_percent", _PCT, True),
    Rule(GUARANTEE, "十一", "backbone_share_of_rotation", gettext_lazy("骨干教师占交流轮岗教师比例"), AT_LEAST,
         "balance.county.rotation_backbone_percent", _PCT, True),
    Rule(GUARANTEE, "十二", "teacher_certificate_rate", gettext_lazy("专任教师持教师资格证上岗率"), AT_LEAST,
         "balance.county.certificate_percent", _PCT, True),
    Rule(GUARANTEE, "十三", "nearby_enrolment_primary_rate", gettext_lazy("城区和镇区公办小学就近划片入学比例"), AT_LEAST,
         "balance.county.nearby_primary_percent", _PCT, True),
    Rule(GUARANTEE, "十三", "nearby_enrolment_junior_rate", gettext_lazy("城区和镇区公办初中就近划片入学比例"), AT_LEAST,
         "balance.county.nearby_junior_percent", _PCT, True),
    Rule(GUARANTEE, "十四", "quality_high_school_quota_share", gettext_lazy("优质高中招生名额分配到初中比例"), AT_LEAST,
         "balance.county.quota_share_percent", _PCT, True),
    Rule(GUARANTEE, "十五", "migrant_children_public_rate",
         gettext_lazy("随迁子女在公办学校和政府购买服务民办学校就读比例"), AT_LEAST,
         "balance.county.migrant_public_percent", _PCT, True),
    Rule(GUARANTEE, "十五", "left_behind_care_system", gettext_lazy("留守儿童关爱体系健全"), YES, pending=True),
    Rule(QUALITY, "一", "junior_retention_rate", gettext_lazy("初中三年巩固率"), AT_LEAST,
         "balance.county.junior_retention_percent", _PCT),
    Rule(QUALITY, "二", "disabled_enrolment_rate", gettext_lazy("残疾儿童少年入学率"), AT_LEAST,
         "balance.county.disabled_enrolment_percent", _PCT),
    Rule(QUALITY, "三", "charter_and_it_rate", gettext_lazy("制定章程并实现管理与教学信息化的学校比例"), AT_LEAST,
         "balance.county.charter_it_percent", _PCT),
    Rule(QUALITY, "四", "teacher_training_budget_share",
         gettext_lazy("教师培训经费占学校年度公用经费预算比例（最低学校）"), AT_LEAST,
         "balance.county.training_budget_percent", _PCT),
    Rule(QUALITY, "五", "it_teaching_proficient", gettext_lazy("教师熟练运用信息化手段教学、设施设备利用率较高"), YES),
    Rule(QUALITY, "六", "moral_education_good_rate", gettext_lazy("德育和校园文化建设良好以上学校比例"), AT_LEAST,
         "balance.county.moral_good_percent", _PCT, True),
    Rule(QUALITY, "七", "curriculum_complete", gettext_lazy("课程开齐开足、教学秩序规范、综合实践活动有效开展"), YES,
         pending=True),
    Rule(QUALITY, "八", "no_excess_burden", gettext_lazy("无过重课业负担"), YES, pending=True),
    Rule(QUALITY, "九", "monitoring_level3_rate", gettext_lazy("质量监测相关科目学业水平Ⅲ级以上学生比例"), AT_LEAST,
         "balance.county.level3_percent", _PCT, True),
    Rule(QUALITY, "九", "monitoring_school_difference_rate", gettext_lazy("质量监测校际差异率"), LESS,
         "quality.max_interschool_diff", "", True),
]


def setting_keys() -> list[str]:
    return sorted({r.setting for r in RULES if r.setting})


@dataclass
class CountyCheck:
    form: str
    item: str
    code: str
    label: str
    op: str
    value: Decimal | None
    threshold: Decimal | None
    unit: str
    pending_verification: bool
    passed: bool

    @property
    def value_display(self) -> str:
        if self.value is None:
            return _("未填报")
        if self.op == YES:
            return _("是") if self.value else _("否")
        return f"{self.value.normalize():f}{self.unit}"

    @property
    def standard_display(self) -> str:
        if self.op == YES:
            return _("是")
        if self.op == ZERO:
            return f"0{self.unit}"
        return f"{self.op_label} {self.threshold.normalize():f}{self.unit}"

    @property
    def op_label(self) -> str:
        return {AT_LEAST: "≥", LESS: "<", ZERO: "=", YES: "="}[self.op]


@dataclass
class CountyArea:
    form: str
    label: str
    submission_id: int | None = None
    status: str = ""
    checks: list = field(default_factory=list)

    @property
    def counted(self) -> bool:
        return self.submission_id is not None

    @property
    def failing(self) -> list:
        return [c for c in self.checks if not c.passed]


@dataclass
class CountyForms:
    areas: dict  # form code → CountyArea, in AREAS order

    @property
    def missing(self) -> list[str]:
        """The labels of the county forms with no counted submission."""
        return [a.label for a in self.areas.values() if not a.counted]

    @property
    def failures(self) -> list[str]:
        """One Chinese sentence per failing indicator: area, item, label, value and standard."""
        out = []
        for area in self.areas.values():
            for c in area.failing:
                if c.value is None:
                    out.append(_("%(a)s第（%(i)s）项“%(l)s”未填报") % {"a": area.label, "i": c.item, "l": c.label})
                else:
                    out.append(_("%(a)s第（%(i)s）项“%(l)s”为%(v)s，标准%(s)s") % {
                        "a": area.label, "i": c.item, "l": c.label, "v": c.value_display, "s": c.standard_display})
        return out


def _judge(rule: Rule, value: Decimal | None, threshold: Decimal | None) -> bool:
    if value is None:
        return False
    if rule.op == YES:
        return value == 1
    if rule.op == ZERO:
        return value == 0
    if rule.op == LESS:
        return value < threshold
    return value >= threshold


def county_forms_many(regions: list, year: int, *, include_submitted: bool = False) -> dict:
    """``{region id: CountyForms}`` for the counties ``regions`` in ``year``: two queries (the
    counted submissions, their values) and one for the settings, whatever the number of counties."""
    by_pk = {r.pk: r for r in regions}
    statuses = PREVIEW if include_submitted else COUNTED
    latest = (Submission.objects.filter(round__collection__code__in=list(AREAS), round__year=year,
                                        unit__region_id__in=list(by_pk), status__in=statuses)
              .order_by().values("unit__region_id", "round__collection__code").annotate(last=Max("id")))
    chosen = {(r["unit__region_id"], r["round__collection__code"]): r["last"] for r in latest}
    statuses_of = dict(Submission.objects.filter(pk__in=list(chosen.values())).values_list("pk", "status"))
    values: dict = {}
    for sub_id, code, number in (DataValue.objects.filter(submission_id__in=list(chosen.values()), section="")
                                 .values_list("submission_id", "element__code", "number")):
        values[(sub_id, code)] = number
    settings = settings_for_many(regions, setting_keys())
    out = {}
    for region in regions:
        areas = {}
        for form, label in AREAS.items():
            sub_id = chosen.get((region.pk, form))
            areas[form] = CountyArea(form=form, label=str(label), submission_id=sub_id,
                                     status=statuses_of.get(sub_id, ""))
        for rule in RULES:
            area = areas[rule.form]
            if not area.counted:
                continue
            value = values.get((area.submission_id, rule.element))
            threshold = Decimal(str(settings[region.pk][rule.setting])) if rule.setting else None
            area.checks.append(CountyCheck(form=rule.form, item=rule.item, code=rule.element, label=str(rule.label),
                                           op=rule.op, value=value, threshold=threshold, unit=str(rule.unit),
                                           pending_verification=rule.pending,
                                           passed=_judge(rule, value, threshold)))
        out[region.pk] = CountyForms(areas=areas)
    return out


def county_forms(region, year: int, *, include_submitted: bool = False) -> CountyForms:
    """The county's 政府保障程度 and 教育质量 indicators for ``year``."""
    return county_forms_many([region], year, include_submitted=include_submitted)[region.pk]
