"""Plans and measures (I1, I2), reform projects (I3) and school charters (I4).

A ``Plan`` is a reform plan (实施方案) or an annual work plan (工作要点) of an office; its
``Measure`` rows each have a lead unit (牵头单位, a real ``orgs.Unit``) and responsible units
(责任单位), a deadline and a report cadence. Responsible units send ``ProgressReport`` rows with
evidence files (``dudao.attachments``, owner type ``measures.report``); the ledger's daily job flags
overdue measures and escalates them on the ledger's two levels (``deadlines.py``). A plan's
measures are imported from an Excel or Word table through a ``MeasureImport`` (the parsed rows
and how each unit name was matched, confirmed on a page before one transaction writes them);
``UnitAlias`` rows remember the names a region uses for its units (区教委 → 重庆市南岸区教育委员会).

Scope: everything follows the office's region (``region_path``); a unit's users see the measures
their unit leads or shares, their own reports, their own projects and charters. Only
``workflows`` assigns a ``status``."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.history import HistoryEvent
from dudao.common.scoping import ALL, ScopedQuerySet, scope_predicate

from .choices import Cadence, CharterStatus, ImportStatus, MeasureStatus, PlanKind, ProjectStatus


class PlanQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "region_id", "unit": "office_id"}


class Plan(models.Model):
    """A plan of numbered measures: a reform plan (I1, S0/S1) or an office's annual work plan (I2,
    S3/S4). ``source_document`` is the issued document it came with, when the platform issued it;
    ``source_reference`` the document's number or title otherwise."""

    office = models.ForeignKey(
        "orgs.Unit", verbose_name=_("督导机构"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    region_path = RegionPathField(editable=False)
    region_path_source = "office"  # where the path is copied from (common/fields.py)
    kind = models.CharField(_("类型"), max_length=16, choices=PlanKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    source_document = models.ForeignKey(
        "documents.IssuedDocument",
        verbose_name=_("来源文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_reference = models.CharField(_("来源文件文号"), max_length=200, blank=True)
    description = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作方案")
        verbose_name_plural = _("工作方案")
        ordering = ["region_path", "-year", "id"]
        indexes = [models.Index(fields=["region_path", "-year", "id"], name="measures_plan_order")]
        constraints = [
            models.UniqueConstraint(fields=["office", "year", "title"], name="measures_plan_unique_title")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("measures:plan_detail", args=[self.pk])


class MeasureQuerySet(ScopedQuerySet):
    """Region assignments see the measures of the plans in their regions; a unit's users see the
    measures their unit leads (牵头) or shares (责任单位)."""

    scope_lookups = {"path": "region_path", "region": "plan__region_id"}

    def for_user(self, user, action: str = "view"):
        perm = f"measures.{action}_measure"
        regional = scope_predicate(user, perm, self.scope_lookups)
        if regional is ALL:
            return self.all()
        units = _unit_ids(user, perm)
        terms = [q for q in (regional,) if q is not None]
        if units:
            shared = Measure.units.through.objects.filter(measure=OuterRef("pk"), unit_id__in=units)
            terms.append(Q(lead_unit_id__in=units) | Q(Exists(shared)))
        if not terms:
            return self.none()
        predicate = terms[0]
        for term in terms[1:]:
            predicate |= term
        return self.filter(predicate)


def _unit_ids(user, perm: str) -> list[int]:
    """The units of the user's unit assignments that grant ``perm`` (the user's own assignments,
    not scoped rows)."""
    from dudao.common.scoping import _grants, user_assignments

    if user is None:
        return []
    return sorted(
        {a.unit_id for a in user_assignments(user) if a.unit_id is not None and _grants(a.role, perm)}
    )


def unit_ids_for(user, perm: str) -> list[int]:
    return _unit_ids(user, perm)


class Measure(models.Model):
    """One numbered measure of a plan: its content, lead unit (牵头单位), responsible units
    (责任单位), deadline and report cadence. ``supervision_level`` is the ledger's escalation level
    reached when it ran over: 1 督办 by the office (with ``supervision_deadline``), 2 escalated to
    the office above."""

    plan = models.ForeignKey(Plan, verbose_name=_("方案"), on_delete=models.CASCADE, related_name="measures")
    region_path = RegionPathField(editable=False)
    region_path_source = "plan"  # where the path is copied from (common/fields.py)
    number = models.CharField(_("序号"), max_length=16)
    position = models.PositiveIntegerField(_("排序"), default=0)
    task = models.CharField(_("工作任务"), max_length=200, blank=True)
    content = models.TextField(_("工作内容"))
    lead_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="+"
    )
    units = models.ManyToManyField("orgs.Unit", verbose_name=_("责任单位"), blank=True, related_name="+")
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    cadence = models.CharField(
        _("报送周期"), max_length=16, choices=Cadence.choices, default=Cadence.QUARTERLY
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=MeasureStatus.choices, default=MeasureStatus.IN_PROGRESS
    )
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    conclusion = models.TextField(_("完成情况"), blank=True)
    supervision_level = models.PositiveSmallIntegerField(_("督办级别"), default=0)
    supervision_deadline = models.DateField(_("督办期限"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作措施")
        verbose_name_plural = _("工作措施")
        ordering = ["region_path", "plan", "position", "id"]
        indexes = [
            models.Index(fields=["region_path", "plan", "position", "id"], name="measures_measure_order"),
            models.Index(fields=["status", "deadline"], name="measures_measure_due"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="measures_measure_unique_number"),
            models.CheckConstraint(
                condition=Q(supervision_level__lte=2), name="measures_measure_level_range"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.content[:30]}"

    def get_absolute_url(self):
        return reverse("measures:measure_detail", args=[self.pk])

    def is_overdue(self, today) -> bool:
        return (
            self.status == MeasureStatus.IN_PROGRESS and self.deadline is not None and self.deadline < today
        )


MEASURE_EVENT_LABELS = {
    "create": _("创建"),
    "import": _("导入"),
    "report": _("报送进展"),
    "overdue_supervision": _("逾期督办"),
    "escalate": _("再次逾期升级督办"),
}


class MeasureEvent(HistoryEvent):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=MeasureStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=MeasureStatus.choices, blank=True)

    EVENT_LABELS = MEASURE_EVENT_LABELS

    class Meta:
        verbose_name = _("工作措施办理记录")
        verbose_name_plural = _("工作措施办理记录")
        ordering = ["measure", "created_at", "id"]
        indexes = [models.Index(fields=["measure", "created_at", "id"], name="measures_event_order")]

    def __str__(self):
        return f"{self.measure_id} {self.action}"

    @classmethod
    def transition_labels(cls) -> dict:
        from .workflows import MEASURE_WORKFLOW

        return MEASURE_WORKFLOW.labels()


class ProgressQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "measure__plan__region_id", "unit": "unit_id"}


class ProgressReport(models.Model):
    """A responsible unit's progress on a measure for one period of its cadence (2025-03 or
    2025-Q1), with evidence files (``measures.report``)."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("工作措施"), on_delete=models.CASCADE, related_name="reports"
    )
    region_path = RegionPathField(editable=False)
    region_path_source = "measure"  # where the path is copied from (common/fields.py)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("报送单位"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("报送期次"), max_length=8)
    content = models.TextField(_("进展情况"))
    percent = models.PositiveSmallIntegerField(_("完成进度（%）"), default=0)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_on = models.DateField(_("报送日期"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ProgressQuerySet.as_manager()

    class Meta:
        verbose_name = _("进展报送")
        verbose_name_plural = _("进展报送")
        ordering = ["region_path", "-reported_on", "-id"]
        indexes = [models.Index(fields=["region_path", "-reported_on", "-id"], name="measures_report_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "unit", "period"], name="measures_report_once_per_period"
            ),
            models.CheckConstraint(condition=Q(percent__lte=100), name="measures_report_percent_range"),
        ]

    def __str__(self):
        return f"{self.measure_id} {self.unit_id} {self.period}"


class AliasQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "region_id", "unit": None}


class UnitAlias(models.Model):
    """A name a region's documents use for a unit (区教委 → 重庆市南岸区教育委员会). Several rows with
    one alias make a group (各县（区）政府 → the county governments): the import expands it."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    region_path = RegionPathField(editable=False)
    region_path_source = "region"  # where the path is copied from (common/fields.py)
    alias = models.CharField(_("简称或别名"), max_length=100)
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("单位"), on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AliasQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位别名")
        verbose_name_plural = _("单位别名")
        ordering = ["region_path", "alias", "id"]
        indexes = [models.Index(fields=["region_path", "alias", "id"], name="measures_alias_order")]
        constraints = [
            models.UniqueConstraint(fields=["region", "alias", "unit"], name="measures_alias_unique")
        ]

    def __str__(self):
        return f"{self.alias} → {self.unit_id}"


class ImportQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "plan__region_id", "unit": None}


class MeasureImport(models.Model):
    """An uploaded table of measures waiting for the office to confirm its unit names: ``rows``
    (number, task, content, lead/responsible names, deadline, cadence, sheet row) and ``names``
    ({name: {"kind": matched/ambiguous/unmatched, "units": [ids], "candidates": [ids], "how": …}}).
    Committing writes every measure in one transaction, or none."""

    plan = models.ForeignKey(Plan, verbose_name=_("方案"), on_delete=models.CASCADE, related_name="imports")
    region_path = RegionPathField(editable=False)
    region_path_source = "plan"  # where the path is copied from (common/fields.py)
    source_name = models.CharField(_("文件名"), max_length=255)
    rows = models.JSONField(_("数据行"), default=list)
    names = models.JSONField(_("单位名称"), default=dict)
    committed_at = models.DateTimeField(_("导入时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("措施导入")
        verbose_name_plural = _("措施导入")
        ordering = ["region_path", "-created_at", "-id"]
        indexes = [models.Index(fields=["region_path", "-created_at", "-id"], name="measures_import_order")]

    def __str__(self):
        return self.source_name

    def get_absolute_url(self):
        return reverse("measures:import_confirm", args=[self.pk])

    @property
    def state(self) -> str:
        """待确认 until committed, then 已导入 (``ImportStatus``)."""
        return ImportStatus.COMMITTED if self.committed_at else ImportStatus.PENDING

    def get_state_display(self) -> str:
        return ImportStatus(self.state).label


class ProjectQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "applicant__region_id", "unit": "applicant_id"}


class ReformProject(models.Model):
    """An education reform project (I3, S4 #18): a school applies, the office approves it (立项) or
    not, supervises it while it runs (过程督导: progress notes in its history) and completes it (结项)."""

    applicant = models.ForeignKey(
        "orgs.Unit", verbose_name=_("申报单位"), on_delete=models.PROTECT, related_name="+"
    )
    region_path = RegionPathField(editable=False)
    region_path_source = "applicant"  # where the path is copied from (common/fields.py)
    title = models.CharField(_("项目名称"), max_length=200)
    field = models.CharField(_("改革领域"), max_length=100, blank=True)
    description = models.TextField(_("项目方案"))
    year = models.PositiveSmallIntegerField(_("申报年度"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.APPLIED
    )
    decision_note = models.TextField(_("立项意见"), blank=True)
    conclusion = models.TextField(_("结项意见"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("申报时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("教育改革项目")
        verbose_name_plural = _("教育改革项目")
        ordering = ["region_path", "-year", "-id"]
        indexes = [models.Index(fields=["region_path", "-year", "-id"], name="measures_project_order")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("measures:project_detail", args=[self.pk])


class ProjectEvent(HistoryEvent):
    project = models.ForeignKey(ReformProject, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=ProjectStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=ProjectStatus.choices, blank=True)

    EVENT_LABELS = {"apply": _("申报"), "progress": _("过程督导记录")}

    class Meta:
        verbose_name = _("改革项目办理记录")
        verbose_name_plural = _("改革项目办理记录")
        ordering = ["project", "created_at", "id"]
        indexes = [models.Index(fields=["project", "created_at", "id"], name="measures_project_event_order")]

    def __str__(self):
        return f"{self.project_id} {self.action}"

    @classmethod
    def transition_labels(cls) -> dict:
        from .workflows import PROJECT_WORKFLOW

        return PROJECT_WORKFLOW.labels()


class CharterQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "school__region_id", "unit": "school_id"}


class SchoolCharter(models.Model):
    """A school's charter revision (学校章程修订, I4, S4 #16): the school submits the revised
    charter (a file, ``measures.charter``), the county office files it (备案) or returns it."""

    school = models.ForeignKey(
        "orgs.Unit", verbose_name=_("学校"), on_delete=models.PROTECT, related_name="+"
    )
    region_path = RegionPathField(editable=False)
    region_path_source = "school"  # where the path is copied from (common/fields.py)
    title = models.CharField(_("章程名称"), max_length=200)
    revision_note = models.TextField(_("修订说明"), blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=CharterStatus.choices, default=CharterStatus.SUBMITTED
    )
    review_note = models.TextField(_("审核意见"), blank=True)
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("报送时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = CharterQuerySet.as_manager()

    class Meta:
        verbose_name = _("学校章程")
        verbose_name_plural = _("学校章程")
        ordering = ["region_path", "-created_at", "-id"]
        indexes = [models.Index(fields=["region_path", "-created_at", "-id"], name="measures_charter_order")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("measures:charter_detail", args=[self.pk])


class CharterEvent(HistoryEvent):
    charter = models.ForeignKey(SchoolCharter, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=CharterStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=CharterStatus.choices, blank=True)

    EVENT_LABELS = {"submit": _("报送章程")}

    class Meta:
        verbose_name = _("学校章程办理记录")
        verbose_name_plural = _("学校章程办理记录")
        ordering = ["charter", "created_at", "id"]
        indexes = [models.Index(fields=["charter", "created_at", "id"], name="measures_charter_event_order")]

    def __str__(self):
        return f"{self.charter_id} {self.action}"

    @classmethod
    def transition_labels(cls) -> dict:
        from .workflows import CHARTER_WORKFLOW

        return CHARTER_WORKFLOW.labels()
