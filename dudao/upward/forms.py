"""Forms of the pages: announce an evaluation, split an indicator, a transition with its note (and
the review's conclusion), a unit's self-check, a finding, a filing, an evidence upload."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dudao.common.forms import BootstrapMixin, WorkflowStepForm
from dudao.common.scoping import regions_in_scope
from dudao.frameworks.choices import VersionStatus
from dudao.frameworks.models import FrameworkVersion
from dudao.inspections.categories import category_choices
from dudao.inspections.choices import Severity
from dudao.orgs.choices import UnitKind
from dudao.regions.models import Region

from . import services
from .choices import FilingKind

DATE = forms.DateInput(attrs={"type": "date"})


class EvaluationForm(BootstrapMixin, forms.Form):
    region = forms.ModelChoiceField(label=_("被评估地区"), queryset=Region.objects.none())
    version = forms.ModelChoiceField(label=_("评估指标体系"), queryset=FrameworkVersion.objects.none())
    year = forms.IntegerField(label=_("评估年度"), min_value=2000, max_value=2100)
    deadline = forms.DateField(label=_("报送截止日期"), widget=DATE)
    title = forms.CharField(
        label=_("评估名称"),
        max_length=200,
        required=False,
        help_text=_("留空则为“某年某区人民政府履行教育职责评价”"),
    )
    requirements = forms.CharField(
        label=_("评估要求"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user=None, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "year": timezone.localdate().year,
                "deadline": timezone.localdate() + datetime.timedelta(days=30),
            },
        )
        super().__init__(*args, **kwargs)
        parents = regions_in_scope(user, "upward.add_upperevaluation")
        self.fields["region"].queryset = (
            Region.objects.filter(parent__in=parents, units__kind=UnitKind.OFFICE).distinct().order_by("path")
        )
        self.fields["version"].queryset = (
            FrameworkVersion.objects.for_user(user, "view")
            .filter(status=VersionStatus.PUBLISHED)
            .select_related("framework")
            .order_by("framework__name", "-version")
        )


class AssignForm(BootstrapMixin, forms.Form):
    indicator = forms.ChoiceField(label=_("指标"), choices=())
    unit = forms.ChoiceField(label=_("责任成员单位"), choices=())
    deadline = forms.DateField(label=_("自查截止日期"), widget=DATE)

    def __init__(self, *args, evaluation=None, **kwargs):
        super().__init__(*args, prefix="assign", **kwargs)
        taken = set(evaluation.assignments.values_list("indicator_id", flat=True))
        self.fields["indicator"].choices = [("", _("请选择"))] + [
            (i.pk, f"{i.code} {i.name}")
            for i in services.leaf_indicators(evaluation.version)
            if i.pk not in taken
        ]
        self.fields["unit"].choices = [("", _("请选择"))] + [
            (u.pk, u.name) for u in services.member_units(evaluation.region)
        ]
        self.initial.setdefault(
            "deadline", min(evaluation.deadline, timezone.localdate() + datetime.timedelta(days=14))
        )


class TransitionForm(WorkflowStepForm):
    note = forms.CharField(
        label=_("说明"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("退回时必填"),
    )


class ReviewForm(TransitionForm):
    conclusion = forms.CharField(
        label=_("评估意见"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("评估反馈时必填"),
    )
    grade = forms.CharField(label=_("评估等次"), max_length=32, required=False)


class SelfCheckForm(TransitionForm):
    answer = forms.CharField(
        label=_("自查情况"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("提交自查时必填"),
    )
    score = forms.DecimalField(label=_("自评分"), required=False, min_value=0, max_digits=7, decimal_places=2)


class FindingForm(BootstrapMixin, forms.Form):
    unit = forms.ChoiceField(label=_("责任成员单位"), choices=())
    assignment = forms.ChoiceField(label=_("相关指标"), choices=(), required=False)
    category = forms.ChoiceField(label=_("问题类别"), choices=())
    severity = forms.ChoiceField(label=_("严重程度"), choices=Severity.choices, initial=Severity.MINOR)
    description = forms.CharField(
        label=_("问题描述"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    requirement = forms.CharField(
        label=_("整改要求"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline = forms.DateField(label=_("整改期限"), widget=DATE)

    def __init__(self, *args, evaluation=None, **kwargs):
        super().__init__(*args, prefix="finding", **kwargs)
        self.fields["unit"].choices = [("", _("请选择"))] + [
            (u.pk, u.name) for u in services.member_units(evaluation.region)
        ]
        self.fields["assignment"].choices = [("", "—")] + [
            (a.pk, f"{a.indicator.code} {a.indicator.name}（{a.unit.name}）")
            for a in evaluation.assignments.select_related("indicator", "unit")
        ]
        self.fields["category"].choices = category_choices(evaluation.region, blank=_("请选择"))
        self.initial.setdefault("deadline", timezone.localdate() + datetime.timedelta(days=60))


class EvidenceForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("佐证材料"))


class FilingForm(BootstrapMixin, forms.Form):
    region = forms.ModelChoiceField(label=_("报备的本级地区"), queryset=Region.objects.none())
    kind = forms.ChoiceField(label=_("备案类别"), choices=[("", _("请选择"))] + FilingKind.choices)
    title = forms.CharField(label=_("备案事项"), max_length=200)
    summary = forms.CharField(
        label=_("情况说明"), max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    task = forms.IntegerField(
        label=_("督导任务编号"), required=False, min_value=1, help_text=_("督导报告备案时填写")
    )
    evaluation = forms.IntegerField(
        label=_("上级评估编号"), required=False, min_value=1, help_text=_("上级评估自评材料备案时填写")
    )
    case = forms.IntegerField(
        label=_("问责案件编号"), required=False, min_value=1, help_text=_("问责决定备案时填写")
    )
    file = forms.FileField(label=_("备案材料"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = (
            regions_in_scope(user, "upward.add_filing")
            .filter(parent__isnull=False, units__kind=UnitKind.OFFICE)
            .distinct()
            .order_by("path")
        )
