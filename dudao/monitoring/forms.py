"""Forms of the monitoring pages: list filters, a collection's definition (fields, one element, one
rule), opening a round, a transition with its note, an Excel upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dudao.common.forms import BootstrapMixin
from dudao.common.scoping import regions_in_scope
from dudao.orgs.choices import UnitKind
from dudao.schools.choices import Section

from .choices import CollectionStatus, Operator, SubmissionStatus, ValueType
from .services import PREFILL_SOURCES


class CollectionFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("", _("全部"))] + list(CollectionStatus.choices))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def filter(self, qs):
        from django.db.models import Q

        q, status = self.cleaned_data.get("q"), self.cleaned_data.get("status")
        if q:
            qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q))
        return qs.filter(status=status) if status else qs


class RoundFilterForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("年度"), required=False, min_value=1900, max_value=2100)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def filter(self, qs):
        year = self.cleaned_data.get("year")
        return qs.filter(year=year) if year else qs


class SubmissionFilterForm(BootstrapMixin, forms.Form):
    round = forms.IntegerField(label=_("填报批次编号"), required=False, min_value=1, max_value=2**31 - 1)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=1900, max_value=2100)
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("", _("全部"))] + list(SubmissionStatus.choices))
    q = forms.CharField(label=_("单位"), required=False, max_length=100)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def filter(self, qs):
        d = self.cleaned_data
        if d.get("round"):
            qs = qs.filter(round_id=d["round"])
        if d.get("year"):
            qs = qs.filter(round__year=d["year"])
        if d.get("status"):
            qs = qs.filter(status=d["status"])
        if d.get("q"):
            qs = qs.filter(unit__name__icontains=d["q"])
        return qs


class CollectionForm(BootstrapMixin, forms.Form):
    region = forms.ModelChoiceField(label=_("所属区划"), queryset=None)
    code = forms.SlugField(label=_("代码"), max_length=64, help_text=_("英文小写字母、数字和下划线，如 balance_school_resources"))
    name = forms.CharField(label=_("名称"), max_length=200)
    description = forms.CharField(label=_("说明"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    source = forms.CharField(label=_("依据"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    unit_kinds = forms.MultipleChoiceField(label=_("填报单位类型"), choices=UnitKind.choices,
                                           widget=forms.CheckboxSelectMultiple)
    sections = forms.MultipleChoiceField(label=_("学段"), choices=Section.choices, required=False,
                                         widget=forms.CheckboxSelectMultiple, help_text=_("不选表示不分学段"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_in_scope(user, "monitoring.add_collection").order_by("path")


class ElementForm(BootstrapMixin, forms.Form):
    code = forms.SlugField(label=_("代码"), max_length=64)
    name = forms.CharField(label=_("名称"), max_length=200)
    unit = forms.CharField(label=_("计量单位"), max_length=16, required=False)
    value_type = forms.ChoiceField(label=_("数据类型"), choices=ValueType.choices)
    choices = forms.CharField(label=_("选项"), required=False, max_length=2000,
                              help_text=_("选项类型：每行一个“代码=名称”"), widget=forms.Textarea(attrs={"rows": 2}))
    minimum = forms.DecimalField(label=_("最小值"), required=False, max_digits=18, decimal_places=4)
    maximum = forms.DecimalField(label=_("最大值"), required=False, max_digits=18, decimal_places=4)
    per_section = forms.BooleanField(label=_("分学段填报"), required=False)
    required = forms.BooleanField(label=_("必填"), required=False, initial=True)
    pending_verification = forms.BooleanField(label=_("待核实"), required=False)
    prefill = forms.ChoiceField(label=_("预填来源"), required=False,
                                choices=[("", "—")] + [(k, k) for k in PREFILL_SOURCES])
    basis = forms.CharField(label=_("依据"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def element_data(self) -> dict:
        d = dict(self.cleaned_data)
        d["choices"] = [[p.strip() for p in line.split("=", 1)] for line in (d.get("choices") or "").splitlines()
                        if "=" in line]
        return d


class RuleForm(BootstrapMixin, forms.Form):
    code = forms.SlugField(label=_("代码"), max_length=64)
    name = forms.CharField(label=_("名称"), max_length=200)
    left = forms.CharField(label=_("左式"), max_length=500, help_text=_("数据元素代码、数字和 + - * / ( )"))
    operator = forms.ChoiceField(label=_("关系"), choices=Operator.choices)
    right = forms.CharField(label=_("右式"), max_length=500)
    message = forms.CharField(label=_("提示"), max_length=300)
    per_section = forms.BooleanField(label=_("分学段校验"), required=False)


class RoundForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=1900, max_value=2100)
    region = forms.ModelChoiceField(label=_("填报区域"), queryset=None)
    deadline = forms.DateField(label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user=None, collection=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = regions_in_scope(user, "monitoring.add_collectionround").order_by("path")
        if collection is not None:
            qs = qs.filter(path__startswith=collection.region_path)
        self.fields["region"].queryset = qs


class NoteTransitionForm(BootstrapMixin, forms.Form):
    transition = forms.ChoiceField(label=_("办理"), choices=())
    note = forms.CharField(label=_("理由或说明"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}), help_text=_("退回、重新打开须填写理由"))

    def __init__(self, *args, transitions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["transition"].choices = [(t.name, t.label) for t in transitions]


class UploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Excel 文件"), help_text=_("先下载模板填写；任何一个单元格有错误时，整个文件都不会导入"))
