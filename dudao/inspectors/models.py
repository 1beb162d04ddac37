"""The inspector corps (督学队伍): inspectors, numbered terms and appointments, postings to
schools (挂牌), declared conflicts, training, appraisal and exit (F1–F7, C1, C10). Public complaints
about schools and inspectors live in the ``complaints`` app above this one.

Inspectors are scoped by their appointing office's region (``region_path``); postings by the
school's region."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dudao.common.crypto import BlindIndexField, EncryptedCharField, EncryptedFieldsMixin
from dudao.common.fields import RegionPathField
from dudao.common.history import HistoryEvent
from dudao.common.scoping import ScopedQuerySet

from .choices import (
    AppointmentStatus,
    AppraisalGrade,
    ConflictKind,
    ContactKind,
    Education,
    ExitReason,
    Focus,
    InspectorKind,
    InspectorStatus,
    TrainingCategory,
    TrainingKind,
    TrainingResult,
)

CN_NUMERALS = "零一二三四五六七八九十"


def chinese_number(n: int) -> str:
    if n <= 10:
        return CN_NUMERALS[n]
    if n < 20:
        return "十" + (CN_NUMERALS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_NUMERALS[n // 10] + "十" + (CN_NUMERALS[n % 10] if n % 10 else "")
    return str(n)


class InspectorQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "office__region_id", "unit": "office_id"}

    def active(self):
        return self.filter(status=InspectorStatus.ACTIVE)


class Inspector(EncryptedFieldsMixin, models.Model):
    """A 督学 (or 特约/志愿 督导员, 督学助理), who may or may not have a login (F3)."""

    name = models.CharField(_("姓名"), max_length=50)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登录账户"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="inspector_profiles")
    office = models.ForeignKey("orgs.Unit", verbose_name=_("聘任督导机构"), on_delete=models.PROTECT,
                               related_name="inspectors")
    region_path = RegionPathField(editable=False)
    region_path_source = "office"  # where the path is copied from (common/fields.py)
    kind = models.CharField(_("类别"), max_length=16, choices=InspectorKind.choices)
    focus = models.CharField(_("专业方向"), max_length=16, choices=Focus.choices, default=Focus.SCHOOL)
    expertise = models.JSONField(_("专业领域"), default=list, blank=True)
    employer = models.ForeignKey("orgs.Unit", verbose_name=_("工作单位"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    employer_name = models.CharField(_("工作单位（名称）"), max_length=200, blank=True)
    post_title = models.CharField(_("职务/职称"), max_length=100, blank=True)
    education = models.CharField(_("学历"), max_length=16, choices=Education.choices, default=Education.BACHELOR)
    years_in_education = models.PositiveSmallIntegerField(_("从事教育工作年限"), default=0)
    expert_pool = models.BooleanField(_("入选专家库"), default=False)
    talent_pool = models.BooleanField(_("入选人才库"), default=False)
    contact_region = models.ForeignKey("regions.Region", verbose_name=_("定点联系区县"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")
    phone = models.CharField(_("公开联系电话"), max_length=32, blank=True)
    # The photo is an attachment (``files.py``: owner type ``inspectors.inspector``, purpose ``photo``).
    duties_note = models.TextField(_("公示职责补充说明"), blank=True)
    # Private: never shown outside the office.
    # Encrypted at rest (common/crypto.py); matched and kept unique through the blind index.
    id_number = EncryptedCharField(_("身份证号"), plain_max_length=18, blank=True, blind_index="id_number_index")
    id_number_index = BlindIndexField(source="id_number", blank=True)
    mobile = EncryptedCharField(_("本人手机"), plain_max_length=11, blank=True)
    home_address = models.CharField(_("家庭住址"), max_length=255, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=InspectorStatus.choices, default=InspectorStatus.ACTIVE)
    exited_on = models.DateField(_("退出日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = InspectorQuerySet.as_manager()

    class Meta:
        verbose_name = _("督学")
        verbose_name_plural = _("督学")
        ordering = ["region_path", "name", "id"]
        indexes = [
            # region_path has the "C" collation on PostgreSQL: this index serves scope and order.
            models.Index(fields=["region_path", "name", "id"], name="inspector_scope_order"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["office", "id_number_index"], condition=~Q(id_number_index=""),
                                    name="inspector_id_number_unique_per_office",
                                    violation_error_message=_("本机构已登记该身份证号的督学")),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("inspectors:inspector_detail", args=[self.pk])

    def expertise_labels(self):
        from .choices import Expertise

        labels = dict(Expertise.choices)
        return [str(labels.get(e, e)) for e in self.expertise or []]


class EmploymentRecord(models.Model):
    """Where an inspector works or worked — the basis of the former-employer recusal rule (F6)."""

    inspector = models.ForeignKey(Inspector, verbose_name=_("督学"), on_delete=models.CASCADE, related_name="employments")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("单位"), on_delete=models.CASCADE, related_name="+")
    start_date = models.DateField(_("起始日期"), null=True, blank=True)
    end_date = models.DateField(_("结束日期"), null=True, blank=True, help_text=_("在职则留空"))

    class Meta:
        verbose_name = _("工作经历")
        verbose_name_plural = _("工作经历")
        ordering = ["inspector_id", "-start_date"]

    def __str__(self):
        return f"{self.inspector} @ {self.unit}"


class DeclaredConflict(models.Model):
    """A conflict of interest the inspector declared: a close relative who heads a unit (by name or
    unit), or any other interest in a unit (条例 Art. 10)."""

    inspector = models.ForeignKey(Inspector, verbose_name=_("督学"), on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(_("类型"), max_length=16, choices=ConflictKind.choices)
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("相关单位"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    relative_name = models.CharField(_("近亲属姓名"), max_length=50, blank=True)
    note = models.CharField(_("说明"), max_length=255, blank=True)
    declared_on = models.DateField(_("申报日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("申报的利害关系")
        verbose_name_plural = _("申报的利害关系")
        ordering = ["inspector_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(unit__isnull=False) | ~Q(relative_name=""),
                                   name="conflict_names_unit_or_relative",
                                   violation_error_message=_("请填写相关单位或近亲属姓名")),
        ]

    def __str__(self):
        return f"{self.inspector} · {self.get_kind_display()}"


class TermSessionQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "office__region_id", "unit": "office_id"}


class TermSession(models.Model):
    """A numbered term (届次, e.g. 第八届) of an office's inspectors, 3 years by default (F1)."""

    office = models.ForeignKey("orgs.Unit", verbose_name=_("督导机构"), on_delete=models.PROTECT,
                               related_name="term_sessions")
    committee = models.ForeignKey("orgs.Unit", verbose_name=_("聘任委员会"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "office"  # where the path is copied from (common/fields.py)
    number = models.PositiveSmallIntegerField(_("届次"))
    start_date = models.DateField(_("任期开始"))
    end_date = models.DateField(_("任期结束"))

    objects = TermSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("督学届次")
        verbose_name_plural = _("督学届次")
        ordering = ["region_path", "office_id", "-number"]
        indexes = [models.Index(fields=["region_path", "office", "-number"], name="termsession_order")]
        constraints = [
            models.UniqueConstraint(fields=["office", "number"], name="termsession_number_unique"),
            models.CheckConstraint(condition=Q(end_date__gt=models.F("start_date")), name="termsession_dates"),
        ]

    def __str__(self):
        return _("第%(n)s届") % {"n": chinese_number(self.number)}


class AppointmentQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "inspector__region_path", "region": "inspector__office__region_id",
                     "unit": "inspector__office_id"}


class Appointment(models.Model):
    """An inspector's appointment for one term: 推荐 → 审核 → 公示 → 聘任 (F1). Status changes only
    through ``workflows``; each appends an ``AppointmentEvent``."""

    inspector = models.ForeignKey(Inspector, verbose_name=_("督学"), on_delete=models.CASCADE,
                                  related_name="appointments")
    session = models.ForeignKey(TermSession, verbose_name=_("届次"), on_delete=models.PROTECT,
                                related_name="appointments")
    issuing_office = models.ForeignKey("orgs.Unit", verbose_name=_("发证机构"), on_delete=models.PROTECT,
                                       related_name="+")
    status = models.CharField(_("状态"), max_length=16, choices=AppointmentStatus.choices,
                              default=AppointmentStatus.RECOMMENDED)
    card_number = models.CharField(_("督学证编号"), max_length=32, blank=True)
    recommended_on = models.DateField(_("推荐日期"), null=True, blank=True)
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True)
    publicised_on = models.DateField(_("公示日期"), null=True, blank=True)
    appointed_on = models.DateField(_("聘任日期"), null=True, blank=True)
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("督学聘任")
        verbose_name_plural = _("督学聘任")
        ordering = ["inspector_id", "-session__number"]
        constraints = [
            models.UniqueConstraint(fields=["inspector", "session"], name="appointment_once_per_session",
                                    violation_error_message=_("该督学在本届已有聘任记录")),
            models.UniqueConstraint(fields=["issuing_office", "card_number"], condition=~Q(card_number=""),
                                    name="appointment_card_unique_per_office",
                                    violation_error_message=_("督学证编号在本机构已被使用")),
        ]

    def __str__(self):
        return f"{self.inspector} · {self.session}"


class AppointmentEvent(HistoryEvent):
    """One step of an appointment's workflow (history users see); ``data["on_date"]`` is the date
    the step took effect."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=AppointmentStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=AppointmentStatus.choices, blank=True)

    EVENT_LABELS = {"recommend": _("推荐")}

    class Meta:
        verbose_name = _("聘任流程记录")
        verbose_name_plural = _("聘任流程记录")
        ordering = ["appointment", "created_at", "id"]
        indexes = [models.Index(fields=["appointment", "created_at", "id"], name="appointment_event_order")]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"

    @classmethod
    def transition_labels(cls) -> dict:
        from dudao.inspectors.workflows import APPOINTMENT

        return APPOINTMENT.labels()

    @property
    def on_date(self):
        return _date((self.data or {}).get("on_date"))


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


class PostingQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "school__region_id", "unit": "school_id"}

    def current(self, on_date=None):
        if on_date is None:
            return self.filter(end_date__isnull=True)
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gt=on_date), start_date__lte=on_date)


class Posting(models.Model):
    """挂牌: an inspector is the responsible inspector (责任督学) of a school for a period (F2, C1).
    Ended postings stay as history (动态更替); a school has at most one open posting."""

    inspector = models.ForeignKey(Inspector, verbose_name=_("责任督学"), on_delete=models.PROTECT,
                                  related_name="postings")
    school = models.ForeignKey("orgs.Unit", verbose_name=_("学校"), on_delete=models.PROTECT, related_name="postings")
    region_path = RegionPathField(editable=False)
    region_path_source = "school"  # where the path is copied from (common/fields.py)
    start_date = models.DateField(_("挂牌日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    end_reason = models.CharField(_("结束原因"), max_length=255, blank=True)
    override_reason = models.TextField(_("例外批准理由"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("挂牌督导")
        verbose_name_plural = _("挂牌督导")
        ordering = ["region_path", "school_id", "-start_date", "-id"]
        indexes = [
            models.Index(fields=["region_path", "school", "-start_date"], name="posting_scope_order"),
            models.Index(fields=["inspector", "end_date"], name="posting_inspector_open"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["school"], condition=Q(end_date__isnull=True),
                                    name="posting_one_open_per_school",
                                    violation_error_message=_("该学校已有在岗责任督学")),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                                   name="posting_dates_ordered"),
        ]

    def __str__(self):
        return f"{self.inspector} → {self.school}"

    def get_absolute_url(self):
        return reverse("schools:school_detail", args=[self.school_id])


class InspectorChildQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "inspector__region_path", "region": "inspector__office__region_id",
                     "unit": "inspector__office_id"}


class TrainingRecord(models.Model):
    """A training an inspector attended (F4); 集中 hours count towards the yearly minimum."""

    inspector = models.ForeignKey(Inspector, verbose_name=_("督学"), on_delete=models.CASCADE, related_name="trainings")
    course = models.CharField(_("培训名称"), max_length=200)
    provider = models.CharField(_("举办单位"), max_length=200, blank=True)
    kind = models.CharField(_("培训方式"), max_length=16, choices=TrainingKind.choices)
    hours = models.DecimalField(_("学时"), max_digits=6, decimal_places=1)
    date = models.DateField(_("培训日期"))
    pre_service = models.BooleanField(_("岗前培训"), default=False)
    category = models.CharField(_("培训类别"), max_length=16, choices=TrainingCategory.choices,
                                default=TrainingCategory.PRACTICE)
    result = models.CharField(_("考核结果"), max_length=16, choices=TrainingResult.choices, blank=True,
                              help_text=_("考核不合格的培训不计学时"))
    # The 结业证书 is an attachment (``files.py``: owner type ``inspectors.training``, purpose ``certificate``).

    objects = InspectorChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("培训记录")
        verbose_name_plural = _("培训记录")
        ordering = ["inspector_id", "-date", "-id"]
        indexes = [models.Index(fields=["inspector", "date"], name="training_inspector_date")]
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0), name="training_hours_positive",
                                              violation_error_message=_("学时应大于0"))]

    def __str__(self):
        return f"{self.inspector} · {self.course}"


class Appraisal(models.Model):
    """Yearly performance appraisal (实绩考核, F5); ``facts`` are computed when it is recorded."""

    inspector = models.ForeignKey(Inspector, verbose_name=_("督学"), on_delete=models.CASCADE, related_name="appraisals")
    year = models.PositiveSmallIntegerField(_("考核年度"))
    grade = models.CharField(_("考核等次"), max_length=16, choices=AppraisalGrade.choices)
    facts = models.JSONField(_("履职数据"), default=dict, blank=True)
    note = models.TextField(_("考核意见"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InspectorChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("年度考核")
        verbose_name_plural = _("年度考核")
        ordering = ["inspector_id", "-year"]
        constraints = [models.UniqueConstraint(fields=["inspector", "year"], name="appraisal_once_per_year",
                                               violation_error_message=_("该督学本年度已有考核结果"))]

    def __str__(self):
        return f"{self.inspector} {self.year} {self.get_grade_display()}"


class ExitRecord(HistoryEvent):
    """解聘/解任 of an inspector (F7): the history line of the active → exited transition;
    ``data`` holds the exit date (``on_date``) and the ``reason`` (``ExitReason``)."""

    inspector = models.ForeignKey(Inspector, verbose_name=_("督学"), on_delete=models.CASCADE, related_name="exits")
    from_status = models.CharField(_("原状态"), max_length=16, choices=InspectorStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=InspectorStatus.choices, blank=True)

    objects = InspectorChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("督学退出")
        verbose_name_plural = _("督学退出")
        ordering = ["inspector", "created_at", "id"]
        indexes = [models.Index(fields=["inspector", "created_at", "id"], name="inspector_exit_order")]

    def __str__(self):
        return f"{self.inspector} {self.get_reason_display()}"

    @classmethod
    def transition_labels(cls) -> dict:
        from dudao.inspectors.workflows import INSPECTOR

        return INSPECTOR.labels()

    @property
    def date(self):
        return _date((self.data or {}).get("on_date"))

    @property
    def reason(self) -> str:
        return (self.data or {}).get("reason", "")

    def get_reason_display(self) -> str:
        return str(dict(ExitReason.choices).get(self.reason, self.reason))


class FixedContactQuerySet(ScopedQuerySet):
    """Placed where the contact is (the county, or the school): the county's office sees the city
    inspectors linked to it; the appointing office above sees all of its inspectors' contacts."""

    scope_lookups = {"path": "region_path", "region": "county_id", "unit": "school_id"}


class FixedContact(models.Model):
    """A fixed contact (C10, S2 #6): a city inspector's 定点联系县（区）, or a school's 视导员, with
    the duties of the link and the period it holds."""

    inspector = models.ForeignKey(Inspector, verbose_name=_("督学"), on_delete=models.PROTECT,
                                  related_name="fixed_contacts")
    kind = models.CharField(_("联系类型"), max_length=16, choices=ContactKind.choices)
    county = models.ForeignKey("regions.Region", verbose_name=_("定点联系区县"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("orgs.Unit", verbose_name=_("联系学校"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = ("school", "county")  # where the path is copied from (common/fields.py)
    duties = models.TextField(_("联系职责"))
    start_date = models.DateField(_("起始日期"))
    end_date = models.DateField(_("截止日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = FixedContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("定点联系")
        verbose_name_plural = _("定点联系")
        ordering = ["region_path", "kind", "id"]
        indexes = [models.Index(fields=["region_path", "kind", "id"], name="inspector_contact_order")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=ContactKind.COUNTY) & Q(county__isnull=False) & Q(school__isnull=True))
                | (Q(kind=ContactKind.SCHOOL) & Q(school__isnull=False) & Q(county__isnull=True)),
                name="inspector_contact_target_by_kind"),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                                   name="inspector_contact_dates_ordered"),
        ]

    def __str__(self):
        return f"{self.inspector} → {self.county or self.school}"

    @property
    def target_name(self) -> str:
        return self.county.name if self.county_id else self.school.name

    def is_current(self, day: datetime.date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)
