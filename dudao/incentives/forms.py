"""Forms of the incentives pages: every choice of a related row is restricted to the user's scope."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dudao.common.forms import BootstrapMixin
from dudao.documents.models import IssuedDocument
from dudao.inspections.choices import Colour, TaskKind
from dudao.inspectors.models import Inspector
from dudao.ledger.choices import LedgerStatus
from dudao.ledger.models import LedgerItem
from dudao.orgs.choices import UnitKind
from dudao.orgs.forms import RegionCodeField
from dudao.orgs.models import Unit
from dudao.regions.models import Region

from . import selectors
from .choices import BasisKind, CommendationLevel, CommendationSubject, ExemptionState
from .models import Commendation

DATE = forms.DateInput(attrs={"type": "date"})


def _all(choices):
    return [("", _("全部"))] + list(choices)


class UserForm(BootstrapMixin, forms.Form):
    """A form the list and edit views build with ``user=`` (used by the forms whose choices are
    scoped; ignored by the others)."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class FilterForm(UserForm):
    """A list filter: ``q`` searched in ``search_fields`` (any of them), the ``exact`` fields as given."""

    search_fields: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()

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


class GreenResultChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.unit.name} · {obj.task.title}（{obj.grade or obj.get_colour_display()}）"


def _supervised_units(user):
    return (Unit.objects.for_user(user, "view").exclude(kind__in=[UnitKind.OFFICE, UnitKind.COMMITTEE])
            .order_by("region_path", "name"))


class CommendationFilterForm(FilterForm):
    q = forms.CharField(label=_("对象名称"), required=False)
    level = forms.ChoiceField(label=_("类别"), required=False, choices=_all(CommendationLevel.choices))
    subject_kind = forms.ChoiceField(label=_("对象类别"), required=False, choices=_all(CommendationSubject.choices))
    search_fields = ("unit__name", "inspector__name")
    exact = ("level", "subject_kind")


class CommendationForm(BootstrapMixin, forms.Form):
    office = forms.ModelChoiceField(Unit.objects.none(), label=_("表彰机构"))
    level = forms.ChoiceField(label=_("类别"), choices=CommendationLevel.choices)
    subject_kind = forms.ChoiceField(label=_("对象类别"), choices=CommendationSubject.choices)
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("受表彰单位"), required=False,
                                  help_text=_("对象为单位时填写"))
    inspector = forms.ModelChoiceField(Inspector.objects.none(), label=_("受表彰督学"), required=False,
                                       help_text=_("对象为督学时填写"))
    title = forms.CharField(label=_("表彰事项"), max_length=200)
    issued_on = forms.DateField(label=_("表彰日期"), widget=DATE)
    basis_kind = forms.ChoiceField(label=_("表彰依据"), choices=BasisKind.choices)
    basis_target = GreenResultChoiceField(None, label=_("绿色督导结果"), required=False,
                                          help_text=_("依据为督导结果时选择"))
    basis_item = forms.ModelChoiceField(LedgerItem.objects.none(), label=_("已销号问题编号"), required=False,
                                        widget=forms.NumberInput, help_text=_("依据为整改成效时填写问题编号"))
    basis_text = forms.CharField(label=_("事迹说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    document = forms.ModelChoiceField(IssuedDocument.objects.none(), label=_("表彰文件"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.for_user(user, "view")
        self.fields["office"].queryset = units.filter(kind=UnitKind.OFFICE)
        self.fields["unit"].queryset = _supervised_units(user)
        self.fields["inspector"].queryset = Inspector.objects.for_user(user, "view").order_by("region_path", "name")
        self.fields["basis_target"].queryset = selectors.green_results(user)
        self.fields["basis_item"].queryset = LedgerItem.objects.for_user(user, "view").filter(
            status=LedgerStatus.CLOSED)
        self.fields["document"].queryset = IssuedDocument.objects.for_user(user, "view").order_by("-issued_at")


class CaseFilterForm(FilterForm):
    q = forms.CharField(label=_("标题或单位"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=_all([("draft", _("草稿")),
                                                                              ("published", _("已发布"))]))
    search_fields = ("title", "unit__name")
    exact = ("status",)


class CaseEditForm(UserForm):
    title = forms.CharField(label=_("案例标题"), max_length=200)
    summary = forms.CharField(label=_("经验摘要"), widget=forms.Textarea(attrs={"rows": 3}))
    content = forms.CharField(label=_("案例正文"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    publishable = forms.BooleanField(label=_("发布后公开到门户网站"), required=False)


class CaseForm(CaseEditForm):
    source_target = GreenResultChoiceField(None, label=_("来源督导结果（绿色）"))
    field_order = ["source_target"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_target"].queryset = selectors.green_results(user)


class ExemptionFilterForm(FilterForm):
    q = forms.CharField(label=_("单位名称"), required=False)
    state = forms.ChoiceField(label=_("状态"), required=False, choices=_all(ExemptionState.choices))
    search_fields = ("unit__name",)

    def filter(self, qs):
        qs = super().filter(qs)
        state = self.cleaned_data.get("state")
        return selectors.exemptions_in_state(qs, state) if state else qs


class ResultFilterForm(UserForm):
    """Filters of the results list (E10): the colour (green by default: the list's first use), the
    target unit's region and the result date (``selectors.result_date``) — the dashboards' three-colour
    figures link here."""

    colour = forms.ChoiceField(label=_("三色"), required=False, choices=Colour.choices)
    region = RegionCodeField(label=_("行政区划（含下级）"), required=False)
    result_from = forms.DateField(label=_("结果日期起"), required=False, widget=DATE)
    result_to = forms.DateField(label=_("结果日期止"), required=False, widget=DATE)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["region"].regions = Region.objects.for_user(user, "view")

    def results(self, user):
        d = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return selectors.supervision_results(user, colour=d.get("colour") or Colour.GREEN, region=d.get("region"),
                                             result_from=d.get("result_from"), result_to=d.get("result_to"))


class ExemptionForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("单位"))
    task_kinds = forms.MultipleChoiceField(
        label=_("免除的督导类型"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[c for c in TaskKind.choices if c[0] != TaskKind.REGULAR],
        help_text=_("不选为全部类型（责任督学经常性督导不能免除）"))
    valid_from = forms.DateField(label=_("起始日期"), widget=DATE)
    valid_to = forms.DateField(label=_("截止日期"), widget=DATE)
    reason = forms.CharField(label=_("免除理由"), max_length=255)
    commendation = forms.ModelChoiceField(Commendation.objects.none(), label=_("依据：表彰"), required=False)
    basis_target = GreenResultChoiceField(None, label=_("依据：绿色督导结果"), required=False,
                                          help_text=_("表彰或绿色督导结果至少选择一项，须在规定月数内"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _supervised_units(user)
        self.fields["commendation"].queryset = Commendation.objects.for_user(user, "view").filter(
            unit__isnull=False).select_related("unit")
        self.fields["basis_target"].queryset = selectors.green_results(user)
        self.fields["task_kinds"].widget.attrs["class"] = "form-check-input"


class ExemptionEndForm(UserForm):
    last_day = forms.DateField(label=_("最后一天"), required=False, widget=DATE,
                               help_text=_("留空为昨天（今天起不再免除）"))
    reason = forms.CharField(label=_("提前结束理由"), widget=forms.Textarea(attrs={"rows": 2}))
