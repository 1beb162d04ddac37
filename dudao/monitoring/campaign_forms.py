"""Forms of the campaign and programme pages (they translate input; the services decide)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dudao.common.forms import BootstrapMixin
from dudao.common.scoping import regions_in_scope
from dudao.regions.choices import RegionLevel

from .campaign_choices import CampaignKind, Conclusion, ProgrammeKind, Stage


def _date():
    return forms.DateInput(attrs={"type": "date", "class": "form-control"})


def _counties(user, perm):
    return regions_in_scope(user, perm).filter(level=RegionLevel.COUNTY).order_by("path")


class CampaignForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("创建类型"), choices=[("", _("请选择"))] + list(CampaignKind.choices))
    region = forms.ModelChoiceField(label=_("创建县（区）"), queryset=None, empty_label=_("请选择"))
    target_year = forms.IntegerField(label=_("目标年度"), min_value=2000, max_value=2100)
    basis_year = forms.IntegerField(label=_("通过基本均衡国家认定年度"), min_value=1980, max_value=2100, required=False,
                                    help_text=_("优质均衡创建必填"))
    plan = forms.CharField(label=_("创建方案"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = _counties(user, "monitoring.add_campaign")
        for stage in Stage:
            self.fields[f"planned_{stage.value}"] = forms.DateField(label=_("计划日期：%(s)s") % {"s": stage.label},
                                                                    required=False, widget=_date())

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"kind": d["kind"], "region": d["region"], "target_year": d["target_year"],
                "basis_year": d["basis_year"], "plan": d["plan"],
                "planned": {s.value: d[f"planned_{s.value}"] for s in Stage if d.get(f"planned_{s.value}")}}


class NoteTransitionForm(BootstrapMixin, forms.Form):
    transition = forms.ChoiceField(label=_("办理"), choices=())
    note = forms.CharField(label=_("说明（退回、撤销须写理由）"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, transitions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["transition"].choices = [(t.name, t.label) for t in transitions]


class TaskForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("任务"), max_length=200)
    owner = forms.CharField(label=_("责任单位"), max_length=100)
    deadline = forms.DateField(label=_("完成期限"), widget=_date())
    note = forms.CharField(label=_("说明"), max_length=2000, required=False)


class MilestonePlanForm(BootstrapMixin, forms.Form):
    planned_on = forms.DateField(label=_("计划日期"), required=False, widget=_date())


class EvidenceForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("佐证材料"))


class ReportForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("监测年度"), min_value=2000, max_value=2100, required=False)


class ProgrammeForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("名称"), max_length=200)
    kind = forms.ChoiceField(label=_("类型"), choices=[("", _("请选择"))] + list(ProgrammeKind.choices))
    region = forms.ModelChoiceField(label=_("组织区域"), queryset=None, empty_label=_("请选择"))
    cycle_years = forms.IntegerField(label=_("周期（年）"), min_value=1, max_value=10, required=False,
                                     help_text=_("幼儿园办园行为督导评估默认取本区域设置（3至5年）"))
    description = forms.CharField(label=_("说明"), max_length=5000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_in_scope(user, "monitoring.add_programme").order_by("path")


class RoundForm(BootstrapMixin, forms.Form):
    region = forms.ModelChoiceField(label=_("县（区）"), queryset=None, empty_label=_("请选择"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    note = forms.CharField(label=_("说明"), max_length=2000, required=False)

    def __init__(self, *args, user=None, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = _counties(user, "monitoring.add_programmeround")
        if programme is not None:
            qs = qs.filter(path__startswith=programme.region_path)
        self.fields["region"].queryset = qs


class EvaluationForm(BootstrapMixin, forms.Form):
    level = forms.ChoiceField(label=_("环节"), choices=[("county", _("县级评估")), ("city", _("市级抽查"))])
    conclusion = forms.ChoiceField(label=_("结论"), choices=[("", _("请选择"))] + list(Conclusion.choices))
    note = forms.CharField(label=_("意见"), max_length=2000, required=False)
    on = forms.DateField(label=_("日期"), required=False, widget=_date())
