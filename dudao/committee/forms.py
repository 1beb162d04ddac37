"""Forms of the committee pages."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dudao.common.forms import BootstrapMixin
from dudao.orgs.models import MemberUnit

from .choices import CommitteeActionStatus, MeetingKind, MeetingStatus, ParticipationKind, RuleKind

DATE = {"type": "date"}


class CommitteeChoiceMixin:
    def set_committees(self, committees):
        self.fields["committee"].queryset = committees
        if committees.count() == 1:
            self.fields["committee"].initial = committees.first().pk


class MeetingFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("会议名称"), required=False)
    kind = forms.ChoiceField(label=_("会议类型"), required=False, choices=[("", _("全部"))] + list(MeetingKind.choices))
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部"))] + list(MeetingStatus.choices))
    year = forms.IntegerField(label=_("年度"), required=False, min_value=1900, max_value=2100)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def filter(self, qs):
        d = self.cleaned_data
        if d.get("q"):
            qs = qs.filter(title__contains=d["q"].strip())
        if d.get("kind"):
            qs = qs.filter(kind=d["kind"])
        if d.get("status"):
            qs = qs.filter(status=d["status"])
        if d.get("year"):
            qs = qs.filter(held_on__year=d["year"])
        return qs


class MeetingForm(CommitteeChoiceMixin, BootstrapMixin, forms.Form):
    committee = forms.ModelChoiceField(None, label=_("督导委员会"))
    kind = forms.ChoiceField(label=_("会议类型"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("会议名称"), max_length=200)
    held_on = forms.DateField(label=_("会议日期"), widget=forms.DateInput(attrs=DATE))
    place = forms.CharField(label=_("会议地点"), max_length=200, required=False)
    chair = forms.CharField(label=_("主持人"), max_length=100, required=False)
    agenda = forms.CharField(label=_("会议议程"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, committees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_committees(committees)


class MinutesForm(BootstrapMixin, forms.Form):
    minutes = forms.CharField(label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 8}))
    file = forms.FileField(label=_("纪要文件（签发稿扫描件等）"), required=False)


class DecisionForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("议定事项"), widget=forms.Textarea(attrs={"rows": 3}))


class ActionForm(BootstrapMixin, forms.Form):
    decision = forms.IntegerField(widget=forms.HiddenInput)
    member = forms.ModelChoiceField(MemberUnit.objects.none(), label=_("责任成员单位"))
    task = forms.CharField(label=_("落实事项"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=_("完成时限"), widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args, committee=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = MemberUnit.objects.filter(committee=committee, left_on__isnull=True) \
            .select_related("unit")
        self.fields["member"].label_from_instance = lambda m: m.unit.name


class StepForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(label=_("佐证材料"), required=False)


class ProgressForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(label=_("佐证材料"), required=False)


class ActionFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("落实事项"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部"))] + list(CommitteeActionStatus.choices))
    overdue = forms.BooleanField(label=_("只看逾期"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def filter(self, qs):
        d = self.cleaned_data
        if d.get("q"):
            qs = qs.filter(task__contains=d["q"].strip())
        if d.get("status"):
            qs = qs.filter(status=d["status"])
        if d.get("overdue"):
            qs = qs.filter(overdue=True)
        return qs


class RuleForm(CommitteeChoiceMixin, BootstrapMixin, forms.Form):
    committee = forms.ModelChoiceField(None, label=_("督导委员会"))
    kind = forms.ChoiceField(label=_("制度类别"), choices=RuleKind.choices)
    title = forms.CharField(label=_("名称"), max_length=200)
    effective_on = forms.DateField(label=_("施行日期"), widget=forms.DateInput(attrs=DATE))
    text = forms.CharField(label=_("正文"), required=False, widget=forms.Textarea(attrs={"rows": 10}))
    file = forms.FileField(label=_("正式文本（PDF、Word）"), required=False)

    def __init__(self, *args, committees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_committees(committees)


class ParticipationForm(BootstrapMixin, forms.Form):
    member = forms.ModelChoiceField(MemberUnit.objects.none(), label=_("成员单位"))
    kind = forms.ChoiceField(label=_("活动类型"), choices=ParticipationKind.choices)
    activity = forms.CharField(label=_("督导活动"), max_length=200)
    held_on = forms.DateField(label=_("活动日期"), widget=forms.DateInput(attrs=DATE), initial=timezone.localdate)
    note = forms.CharField(label=_("参与情况"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, committee=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = MemberUnit.objects.filter(committee=committee).select_related("unit")
        self.fields["member"].label_from_instance = lambda m: m.unit.name
