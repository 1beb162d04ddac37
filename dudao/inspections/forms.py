"""Forms: every choice of a related row is restricted to the user's scope."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dudao.common.forms import BootstrapMixin
from dudao.frameworks.choices import VersionStatus
from dudao.frameworks.models import FrameworkVersion
from dudao.inspectors.models import Inspector
from dudao.orgs.choices import GOVERNMENT_KINDS, UnitKind
from dudao.orgs.models import Unit
from dudao.orgs.selectors import responsible_departments

from .categories import category_choices
from .choices import (
    ChecklistItem,
    OpinionKind,
    Routing,
    Severity,
    TaskKind,
    TeamRole,
    VisitMethod,
)
from .models import SupervisionTask, WorkPlan, WorkPlanItem

DATE = forms.DateInput(attrs={"type": "date"})


class TaskBoardForm(BootstrapMixin, forms.Form):
    """Filters of the task board: kind, stage and the start date (``selectors.task_started``: the
    on-site start, else the day the task was created). The region (``?region=<id>``) is read by the view."""

    kind = forms.ChoiceField(label=_("督导类型"), required=False, choices=[("", _("全部"))] + list(TaskKind.choices))
    stage = forms.ChoiceField(label=_("阶段"), required=False, choices=[
        ("", _("全部")), ("draft", _("草稿")), ("active", _("进行中")), ("done", _("已公布或归档"))])
    started_from = forms.DateField(label=_("开始日期起"), required=False, widget=DATE)
    started_to = forms.DateField(label=_("开始日期止"), required=False, widget=DATE)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class TaskForm(BootstrapMixin, forms.ModelForm):
    office = forms.ModelChoiceField(Unit.objects.none(), label=_("组织单位"))
    framework_version = forms.ModelChoiceField(FrameworkVersion.objects.none(), label=_("指标体系版本"),
                                               required=False)
    plan_item = forms.ModelChoiceField(WorkPlanItem.objects.none(), label=_("年度计划事项"), required=False)

    class Meta:
        model = SupervisionTask
        fields = ["office", "kind", "title", "topic", "framework_version", "scope_mode", "timing_mode",
                  "schedule_mode", "channel_mode", "subject_mode", "is_covert", "requires_self_evaluation",
                  "start_date", "end_date", "experts", "plan_item"]
        widgets = {"start_date": DATE, "end_date": DATE, "experts": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Unit.objects.for_user(user, "view").filter(kind=UnitKind.OFFICE)
        self.fields["framework_version"].queryset = FrameworkVersion.objects.for_user(user, "view").filter(
            status=VersionStatus.PUBLISHED).select_related("framework")
        self.fields["plan_item"].queryset = WorkPlanItem.objects.filter(
            plan__in=WorkPlan.objects.for_user(user, "view")).select_related("plan")
        self.fields["kind"].choices = [c for c in TaskKind.choices if c[0] != TaskKind.REGULAR]
        # field help from the rule behind each date (issue 15)
        self.fields["start_date"].help_text = _("实地督导开始日期。发出督导通知时须在通知日期若干天以后（《教育督导条例》"
                                                "第十七条；天数为区域参数），突发事件督导和暗访不受此限。")
        self.fields["end_date"].help_text = _("实地督导结束日期；申辩期从结束之后开始计算。")
        self.fields["framework_version"].help_text = _("只列出已发布的版本；发出督导通知后不能更换。")


class TargetForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("被督导单位"))
    override_reason = forms.CharField(label=_("超出上限的理由"), required=False)

    def __init__(self, *args, user=None, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.for_user(user, "view").filter(
            region_path__startswith=task.region_path).exclude(kind__in=[UnitKind.OFFICE, UnitKind.COMMITTEE]).exclude(
            pk__in=task.targets.values("unit_id")).order_by("kind", "name")


class TeamForm(BootstrapMixin, forms.Form):
    inspector = forms.ModelChoiceField(Inspector.objects.none(), label=_("督学"))
    role = forms.ChoiceField(label=_("职责"), choices=TeamRole.choices)
    override_reason = forms.CharField(label=_("回避例外理由"), required=False)

    def __init__(self, *args, user=None, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        members = task.team.values("inspector_id") if task is not None else []
        self.fields["inspector"].queryset = Inspector.objects.for_user(user, "view").active().exclude(
            pk__in=members)


class ProblemForm(BootstrapMixin, forms.Form):
    """A problem found at a task's target (a draft until the opinion letter) or on a visit (issued at
    once): it becomes a problem-ledger item (``problems.record``). The ledger's draft-edit page uses it too.
    Its categories are those of ``region`` (the unit's: ``categories.categories_for``), with no default."""

    description = forms.CharField(label=_("问题描述"), widget=forms.Textarea(attrs={"rows": 2}))
    category = forms.ChoiceField(label=_("问题类别"), choices=())
    indicator_code = forms.CharField(label=_("对应指标"), required=False, max_length=64,
                                     help_text=_("指标体系中的指标编号，如 A1-2；可不填。"))
    severity = forms.ChoiceField(label=_("严重程度"), choices=Severity.choices)
    found_evidence = forms.CharField(label=_("问题证据"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    requirement = forms.CharField(label=_("整改要求"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=_("整改期限"), widget=DATE, help_text=_("整改单位应在此日期前报送整改结果。"))
    routing = forms.ChoiceField(label=_("办理分类"), choices=Routing.choices)
    departments = forms.ModelMultipleChoiceField(Unit.objects.none(), label=_("联动部门"), required=False,
                                                 help_text=_("办理分类为“大事”时，输入部门名称搜索并选择，可多选。"))
    responsible_unit = forms.ModelChoiceField(Unit.objects.none(), label=_("整改责任单位"), required=False,
                                              help_text=_("督政：由哪个成员单位负责整改（为空则为被督导的政府）"))

    def __init__(self, *args, user=None, region=None, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = Unit.objects.for_user(user, "view").filter(kind=UnitKind.DEPARTMENT)
        if unit is not None and unit.kind in GOVERNMENT_KINDS:  # 督政: the member department answering for it
            self.fields["responsible_unit"].queryset = responsible_departments(unit).filter(
                pk__in=Unit.objects.for_user(user, "view").values("pk"))
        else:
            del self.fields["responsible_unit"]
        self.fields["category"].choices = category_choices(region, blank=_("请选择"),
                                                           keep=self.initial.get("category") or "")


class OpinionForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=OpinionKind.choices)
    held_on = forms.DateField(label=_("日期"), widget=DATE)
    participants = forms.IntegerField(label=_("参与人数"), min_value=0, initial=0)
    satisfaction = forms.DecimalField(label=_("满意度（%）"), required=False, min_value=0, max_value=100)
    summary = forms.CharField(label=_("主要意见"), widget=forms.Textarea(attrs={"rows": 2}))


class MultiFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiFileField(forms.FileField):
    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultiFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class VisitForm(BootstrapMixin, forms.Form):
    """The phone form (390 px): camera input for photos; the eight items of 挂牌督导 as 符合/不符合
    toggles with a note; one problem to issue at once (typed once: it is added to 发现问题)."""

    VERDICTS = (("符合", _("符合")), ("不符合", _("不符合")))

    school = forms.ModelChoiceField(Unit.objects.none(), label=_("学校"))
    visited_on = forms.DateField(label=_("督导日期"), widget=DATE)
    duration_minutes = forms.IntegerField(label=_("时长（分钟）"), min_value=1, initial=120)
    methods = forms.MultipleChoiceField(label=_("督导方式"), choices=VisitMethod.choices,
                                        widget=forms.CheckboxSelectMultiple)
    problems = forms.CharField(label=_("其他发现"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("不需下达整改的情况。下达整改的问题只在下方“登记整改问题”填写一次，"
                                           "会自动记入本次督导的发现问题。"))
    hazard = forms.CharField(label=_("紧急隐患（立即报告督导室）"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("危及师生安全的隐患：保存后立即提醒督导室处理。"))
    photos = MultiFileField(label=_("现场照片"), required=False, widget=MultiFileInput(
        attrs={"accept": "image/*", "capture": "environment"}))
    # one problem to put in the ledger now (issued to the school at once); more on the visit's page
    problem_description = forms.CharField(label=_("登记整改问题（下达学校整改）"), required=False,
                                          widget=forms.Textarea(attrs={"rows": 2}))
    problem_category = forms.ChoiceField(label=_("问题类别"), choices=(), required=False)
    problem_severity = forms.ChoiceField(label=_("严重程度"), choices=Severity.choices, required=False)
    problem_requirement = forms.CharField(label=_("整改要求"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    problem_deadline = forms.DateField(label=_("整改期限"), required=False, widget=DATE,
                                       help_text=_("学校应在此日期前报送整改结果。"))

    PROBLEM_FIELDS = ("description", "category", "severity", "requirement", "deadline")

    def __init__(self, *args, schools=None, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["problem_category"].choices = category_choices(region, blank=_("请选择"))
        for item in ChecklistItem:
            self.fields[f"check_{item.value}"] = forms.ChoiceField(
                label=item.label, required=False, choices=self.VERDICTS, widget=forms.RadioSelect(
                    attrs={"class": "btn-check"}))
            self.fields[f"note_{item.value}"] = forms.CharField(
                label=_("%(item)s 说明") % {"item": item.label}, required=False, max_length=500,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm",
                                              "placeholder": _("情况说明（不符合时必填）")}))

    def checklist_rows(self) -> list[tuple]:
        """(item label, verdict field, note field) for the template."""
        return [(item.label, self[f"check_{item.value}"], self[f"note_{item.value}"]) for item in ChecklistItem]

    def clean(self):
        data = super().clean()
        for item in ChecklistItem:
            if data.get(f"check_{item.value}") == "不符合" and not (data.get(f"note_{item.value}") or "").strip():
                self.add_error(f"note_{item.value}", _("不符合时请说明情况。"))
        described = (data.get("problem_description") or "").strip()
        found = (data.get("problems") or "").strip()
        if described and described not in found:
            data["problems"] = f"{found}\n{described}".strip()
        return data

    def checklist(self) -> dict:
        """{item: "符合" | "不符合：说明" | 说明} — the stored text of each item looked at."""
        out = {}
        for item in ChecklistItem:
            verdict = self.cleaned_data.get(f"check_{item.value}") or ""
            note = (self.cleaned_data.get(f"note_{item.value}") or "").strip()
            out[item.value] = "：".join(p for p in (verdict, note) if p)
        return out

    def problem_items(self) -> list[dict]:
        """The problem to record with the visit (none when its description is empty)."""
        d = self.cleaned_data
        if not (d.get("problem_description") or "").strip():
            return []
        return [{"description": d["problem_description"], "category": d.get("problem_category") or "",
                 "severity": d.get("problem_severity") or Severity.MINOR,
                 "requirement": d.get("problem_requirement") or "", "deadline": d.get("problem_deadline")}]

    def add_problem_errors(self, errors: dict) -> dict:
        """Put the errors of ``problem_items.0.<field>`` on the form's problem fields; returns the rest."""
        rest = {}
        for key, msgs in errors.items():
            name = key.removeprefix("problem_items.0.")
            if name != key and f"problem_{name}" in self.fields:
                self.add_error(f"problem_{name}", msgs)
            else:
                rest[key] = msgs
        return rest


class PlanForm(BootstrapMixin, forms.Form):
    office = forms.ModelChoiceField(Unit.objects.none(), label=_("督导室"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("标题"), max_length=200)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Unit.objects.for_user(user, "view").filter(kind=UnitKind.OFFICE)
