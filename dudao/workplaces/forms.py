"""Forms of the workplaces pages; every related choice is restricted to the user's scope."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dudao.attachments.forms import MultipleFileField
from dudao.common.forms import BootstrapMixin
from dudao.inspections.categories import categories_for
from dudao.inspectors.models import Inspector
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import Unit

from .choices import (
    SELF_SUPERVISION_KINDS,
    ActivityKind,
    Circle,
    EntryStatus,
    MemberRole,
    PlaceKind,
    RoundKind,
    TopicStatus,
)
from .models import Place

DATE = forms.DateInput(attrs={"type": "date"})
TEXTAREA = forms.Textarea(attrs={"rows": 3})


def _all(choices):
    return [("", _("全部"))] + list(choices)


class UserForm(BootstrapMixin, forms.Form):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class FilterForm(UserForm):
    search_fields: tuple = ()
    exact: tuple = ()

    def filter(self, qs):
        from django.db.models import Q

        d = self.cleaned_data
        q = (d.get("q") or "").strip()
        if q and self.search_fields:
            cond = Q()
            for name in self.search_fields:
                cond |= Q(**{f"{name}__contains": q})
            qs = qs.filter(cond)
        for name in self.exact:
            if d.get(name):
                qs = qs.filter(**{name: d[name]})
        return qs


def _offices(user):
    return Unit.objects.for_user(user, "view").filter(kind=UnitKind.OFFICE)


# ---- places ----
class PlaceFilterForm(FilterForm):
    q = forms.CharField(label=_("名称"), required=False)
    kind = forms.ChoiceField(label=_("类别"), required=False, choices=_all(PlaceKind.choices))
    search_fields = ("name", "partners")
    exact = ("kind",)


class PlaceForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=PlaceKind.choices)
    name = forms.CharField(label=_("名称"), max_length=200)
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("所在单位"),
                                  help_text=_("学校督导室、集团督评中心选择学校（集团牵头学校）"))
    partners = forms.CharField(label=_("共建单位"), max_length=500, required=False)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    established_on = forms.DateField(label=_("成立日期"), required=False, widget=DATE)
    description = forms.CharField(label=_("简介与职责"), required=False, widget=TEXTAREA)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.for_user(user, "view").order_by("region_path", "name")


class MemberForm(UserForm):
    name = forms.CharField(label=_("姓名"), max_length=50, required=False, help_text=_("选择督学时可不填"))
    role = forms.ChoiceField(label=_("职责"), choices=MemberRole.choices)
    inspector = forms.ModelChoiceField(Inspector.objects.none(), label=_("督学"), required=False)
    organisation = forms.CharField(label=_("工作单位"), max_length=200, required=False)
    joined_on = forms.DateField(label=_("加入日期"), required=False, widget=DATE)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspector"].queryset = Inspector.objects.for_user(user, "view").order_by("region_path", "name")


class ActivityForm(UserForm):
    kind = forms.ChoiceField(label=_("类型"), choices=ActivityKind.choices)
    held_on = forms.DateField(label=_("日期"), widget=DATE)
    title = forms.CharField(label=_("主题"), max_length=200)
    participants = forms.CharField(label=_("参加人员"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    participant_count = forms.IntegerField(label=_("参加人数"), min_value=0, initial=0)
    summary = forms.CharField(label=_("内容纪要"), required=False, widget=TEXTAREA)
    files = MultipleFileField(label=_("活动材料"))


# ---- research ----
class TopicFilterForm(FilterForm):
    q = forms.CharField(label=_("课题名称或主持人"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=_all(TopicStatus.choices))
    search_fields = ("title", "lead")
    exact = ("status",)


class TopicForm(BootstrapMixin, forms.Form):
    office = forms.ModelChoiceField(Unit.objects.none(), label=_("督导室"))
    title = forms.CharField(label=_("课题名称"), max_length=200)
    lead = forms.CharField(label=_("主持人"), max_length=50, required=False, help_text=_("选择主持督学时可不填"))
    lead_inspector = forms.ModelChoiceField(Inspector.objects.none(), label=_("主持督学"), required=False)
    members = forms.CharField(label=_("课题组成员"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    level = forms.CharField(label=_("级别"), max_length=50, required=False, help_text=_("如：区级、市级重点课题"))
    started_on = forms.DateField(label=_("开始日期"), required=False, widget=DATE)
    due_on = forms.DateField(label=_("计划结题"), required=False, widget=DATE)
    summary = forms.CharField(label=_("研究内容"), required=False, widget=TEXTAREA)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = _offices(user)
        self.fields["lead_inspector"].queryset = Inspector.objects.for_user(user, "view").order_by("region_path", "name")


class RoundFilterForm(FilterForm):
    kind = forms.ChoiceField(label=_("评选类别"), required=False, choices=_all(RoundKind.choices))
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    exact = ("kind", "year")


class RoundForm(BootstrapMixin, forms.Form):
    office = forms.ModelChoiceField(Unit.objects.none(), label=_("督导室"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("评选类别"), choices=RoundKind.choices)
    title = forms.CharField(label=_("评选名称"), max_length=200)
    deadline = forms.DateField(label=_("报送截止"), widget=DATE)
    note = forms.CharField(label=_("评选要求"), required=False, widget=TEXTAREA)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = _offices(user)


class EntryForm(UserForm):
    title = forms.CharField(label=_("题目"), max_length=200)
    authors = forms.CharField(label=_("作者"), max_length=200)
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("作者单位"), required=False)
    abstract = forms.CharField(label=_("摘要"), required=False, widget=TEXTAREA)
    files = MultipleFileField(label=_("作品文本"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.for_user(user, "view").order_by("region_path", "name")


ENTRY_STATUS_CHOICES = EntryStatus.choices


# ---- cooperation ----
class AgreementFilterForm(FilterForm):
    q = forms.CharField(label=_("协议名称或合作方"), required=False)
    circle = forms.ChoiceField(label=_("合作区域"), required=False, choices=_all(Circle.choices))
    search_fields = ("title", "partners")
    exact = ("circle",)


class AgreementForm(BootstrapMixin, forms.Form):
    office = forms.ModelChoiceField(Unit.objects.none(), label=_("督导室"))
    title = forms.CharField(label=_("协议名称"), max_length=200)
    circle = forms.ChoiceField(label=_("合作区域"), choices=Circle.choices)
    partners = forms.CharField(label=_("合作方"), max_length=500)
    scope = forms.CharField(label=_("合作内容"), widget=TEXTAREA)
    signed_on = forms.DateField(label=_("签订日期"), widget=DATE)
    valid_from = forms.DateField(label=_("起始日期"), widget=DATE)
    valid_to = forms.DateField(label=_("截止日期"), required=False, widget=DATE)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = _offices(user)


# ---- school self-supervision ----
class SelfInspectionFilterForm(FilterForm):
    q = forms.CharField(label=_("督导事项或学校"), required=False)
    search_fields = ("title", "unit__name", "place__name")


class SelfInspectionForm(BootstrapMixin, forms.Form):
    place = forms.ModelChoiceField(Place.objects.none(), label=_("自我督导机构"))
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("被督导学校"), required=False,
                                  help_text=_("学校督导室督导本校，可不填"))
    inspected_on = forms.DateField(label=_("督导日期"), widget=DATE)
    title = forms.CharField(label=_("督导事项"), max_length=200)
    inspectors = forms.CharField(label=_("督导人员"), max_length=300)
    findings = forms.CharField(label=_("督导情况"), required=False, widget=TEXTAREA)
    files = MultipleFileField(label=_("督导记录材料"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.for_user(user, "view").filter(kind__in=SELF_SUPERVISION_KINDS)
        self.fields["unit"].queryset = Unit.objects.for_user(user, "view").filter(
            kind__in=[UnitKind.SCHOOL, UnitKind.KINDERGARTEN]).order_by("region_path", "name")


class SmallMatterForm(UserForm):
    description = forms.CharField(label=_("问题描述"), widget=forms.Textarea(attrs={"rows": 2}))
    category = forms.ChoiceField(label=_("问题类别"))
    requirement = forms.CharField(label=_("整改要求"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=_("整改期限"), widget=DATE)
    responsible_person = forms.CharField(label=_("整改责任人"), max_length=50, required=False)

    def __init__(self, *args, user=None, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("请选择"))] + [(c.code, c.name) for c in categories_for(region)]
