"""Office forms: a survey, a question, the audiences and quotas, one-time codes; the public
answer form is built in ``public``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dudao.common.forms import BootstrapMixin
from dudao.common.scoping import regions_in_scope
from dudao.orgs.choices import SCHOOL_KINDS
from dudao.orgs.models import Unit

from .choices import Audience, QuestionKind, SurveyPurpose

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SurveyForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    region = forms.ModelChoiceField(label=_("区域"), queryset=None)
    unit = forms.ModelChoiceField(label=_("学校（可不选）"), queryset=None, required=False,
                                  help_text=_("不选则为面向全县（区）的调查"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    purpose = forms.ChoiceField(label=_("用途"), choices=SurveyPurpose.choices)
    reference = forms.CharField(label=_("关联事项"), max_length=64, required=False,
                                help_text=_("如督导任务的问卷：inspections.SupervisionTask:编号"))
    intro = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    opens_on = forms.DateField(label=_("开始日期"), required=False, widget=DATE)
    closes_on = forms.DateField(label=_("截止日期"), required=False, widget=DATE)
    anonymous = forms.BooleanField(label=_("匿名"), required=False, initial=True)
    requires_code = forms.BooleanField(label=_("凭作答码作答"), required=False)

    def __init__(self, *args, user=None, edit=False, **kwargs):
        super().__init__(*args, **kwargs)
        if edit:
            del self.fields["region"], self.fields["unit"]
        else:
            self.fields["region"].queryset = regions_in_scope(user, "surveys.add_survey").order_by("path")
            self.fields["unit"].queryset = (Unit.objects.for_user(user, "view")
                                            .filter(kind__in=SCHOOL_KINDS, is_active=True).order_by("region_path", "name"))


class QuestionForm(BootstrapMixin, forms.Form):
    order = forms.IntegerField(label=_("序号"), min_value=1, max_value=999, required=False)
    text = forms.CharField(label=_("题目"), max_length=500)
    kind = forms.ChoiceField(label=_("题型"), choices=QuestionKind.choices, initial=QuestionKind.LIKERT)
    options = forms.CharField(label=_("选项（单选、多选题，每行一个）"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    audiences = forms.MultipleChoiceField(label=_("调查对象（不选为全部）"), choices=Audience.choices, required=False,
                                          widget=forms.CheckboxSelectMultiple)
    counts_for_recognition = forms.BooleanField(label=_("计入认可度（仅五级满意度题）"), required=False)
    required = forms.BooleanField(label=_("必答"), required=False, initial=True)

    def clean_options(self):
        return [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]


class QuotaForm(BootstrapMixin, forms.Form):
    """One row per audience: open or not, and its quota (blank: no limit)."""

    def __init__(self, *args, quotas=None, **kwargs):
        super().__init__(*args, **kwargs)
        quotas = quotas or {}
        for audience in Audience:
            row = quotas.get(audience.value)
            self.fields[f"open_{audience.value}"] = forms.BooleanField(
                label=audience.label, required=False, initial=bool(row and row.is_open))
            self.fields[f"quota_{audience.value}"] = forms.IntegerField(
                label=_("%(a)s名额") % {"a": audience.label}, required=False, min_value=1, max_value=1_000_000,
                initial=row.quota if row else None)

    def rows(self):
        return [(self[f"open_{a.value}"], self[f"quota_{a.value}"]) for a in Audience]

    def quotas(self) -> dict:
        return {a.value: {"is_open": True, "quota": self.cleaned_data.get(f"quota_{a.value}")}
                for a in Audience if self.cleaned_data.get(f"open_{a.value}")}


class CodesForm(BootstrapMixin, forms.Form):
    count = forms.IntegerField(label=_("生成数量"), min_value=1, max_value=2000, initial=50)
    audience = forms.ChoiceField(label=_("限定调查对象"), required=False,
                                 choices=[("", _("不限定"))] + list(Audience.choices))
