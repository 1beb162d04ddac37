"""Forms of the plans-and-measures pages."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dudao.attachments.forms import MultipleFileField
from dudao.common.forms import BootstrapMixin, WorkflowStepForm
from dudao.orgs.choices import SCHOOL_KINDS, UnitKind
from dudao.orgs.models import Unit

from .choices import Cadence, CharterStatus, MeasureStatus, PlanKind, ProjectStatus


def _units(user, **filters):
    return (
        Unit.objects.for_user(user, "view").filter(is_active=True, **filters).order_by("region_path", "name")
    )


class PlanForm(BootstrapMixin, forms.Form):
    office = forms.ModelChoiceField(label=_("督导机构"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("类型"), choices=PlanKind.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    year = forms.IntegerField(
        label=_("年度"), min_value=1900, max_value=2100, initial=lambda: timezone.localdate().year
    )
    source_reference = forms.CharField(label=_("来源文件文号"), max_length=200, required=False)
    description = forms.CharField(
        label=_("说明"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = _units(user, kind=UnitKind.OFFICE)


class ImportUploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("措施表（Excel 或 Word）"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.docx"})
    )


class MeasureForm(BootstrapMixin, forms.Form):
    number = forms.CharField(label=_("序号"), max_length=16)
    task = forms.CharField(label=_("工作任务"), max_length=200, required=False)
    content = forms.CharField(label=_("工作内容"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    lead_unit = forms.ModelChoiceField(label=_("牵头单位"), queryset=Unit.objects.none())
    units = forms.ModelMultipleChoiceField(label=_("责任单位"), queryset=Unit.objects.none(), required=False)
    deadline = forms.DateField(
        label=_("完成时限"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    cadence = forms.ChoiceField(label=_("报送周期"), choices=Cadence.choices, initial=Cadence.QUARTERLY)

    def __init__(self, *args, user=None, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = _units(user, region_path__startswith=plan.region_path).exclude(kind__in=SCHOOL_KINDS)
        self.fields["lead_unit"].queryset = qs
        self.fields["units"].queryset = qs


class TransitionForm(WorkflowStepForm):
    transition = forms.ChoiceField(label=_("操作"), choices=())
    note = forms.CharField(
        label=_("说明"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReportForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("报送单位"), queryset=Unit.objects.none())
    content = forms.CharField(label=_("进展情况"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    percent = forms.IntegerField(label=_("完成进度（%）"), min_value=0, max_value=100, initial=0)
    files = MultipleFileField(label=_("佐证材料"))

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        if units:
            self.fields["unit"].initial = units[0].pk


class MeasureFilterForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部"))] + MeasureStatus.choices, required=False
    )
    overdue = forms.BooleanField(label=_("只看逾期"), required=False)
    q = forms.CharField(label=_("关键词"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def filter(self, qs):
        from django.db.models import Q

        d = self.cleaned_data
        if d.get("status"):
            qs = qs.filter(status=d["status"])
        if d.get("overdue"):
            qs = qs.filter(status=MeasureStatus.IN_PROGRESS, deadline__lt=timezone.localdate())
        if d.get("q"):
            qs = qs.filter(Q(content__icontains=d["q"]) | Q(lead_unit__name__icontains=d["q"]))
        return qs


class AliasForm(BootstrapMixin, forms.Form):
    alias = forms.CharField(label=_("简称或别名"), max_length=100)
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units(user).exclude(kind__in=SCHOOL_KINDS)


class ProjectForm(BootstrapMixin, forms.Form):
    applicant = forms.ModelChoiceField(label=_("申报单位"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("项目名称"), max_length=200)
    field = forms.CharField(label=_("改革领域"), max_length=100, required=False)
    description = forms.CharField(
        label=_("项目方案"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )
    year = forms.IntegerField(
        label=_("申报年度"), min_value=1900, max_value=2100, initial=lambda: timezone.localdate().year
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant"].queryset = _units(user, kind__in=SCHOOL_KINDS)


class ProgressNoteForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("过程督导情况"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class CharterForm(BootstrapMixin, forms.Form):
    school = forms.ModelChoiceField(label=_("学校"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("章程名称"), max_length=200)
    revision_note = forms.CharField(
        label=_("修订说明"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(label=_("章程文本"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = _units(user, kind__in=SCHOOL_KINDS)


class ResubmitForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("修改后的章程文本"))
    note = forms.CharField(label=_("修改说明"), max_length=2000, required=False)


class StatusFilterForm(BootstrapMixin, forms.Form):
    """A status filter for the project and charter lists (``choices`` set by the subclass)."""

    choices: list = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"] = forms.ChoiceField(
            label=_("状态"), choices=[("", _("全部")), *self.choices], required=False
        )
        self.fields["status"].widget.attrs["class"] = "form-select"

    def filter(self, qs):
        s = self.cleaned_data.get("status")
        return qs.filter(status=s) if s else qs


class ProjectFilterForm(StatusFilterForm):
    choices = ProjectStatus.choices


class CharterFilterForm(StatusFilterForm):
    choices = CharterStatus.choices
