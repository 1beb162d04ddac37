"""Forms of the finance pages; every related choice is restricted to the user's scope."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from dudao.attachments.forms import MultipleFileField
from dudao.common.forms import BootstrapMixin
from dudao.inspectors.choices import InspectorKind
from dudao.inspectors.models import Inspector
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import Unit

from .choices import BudgetLineKind, ClaimStatus

DATE = forms.DateInput(attrs={"type": "date"})
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}


def _all(choices):
    return [("", _("全部"))] + list(choices)


class UserForm(BootstrapMixin, forms.Form):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class PlannedMixin:
    """One amount field per budget line (``planned_<kind>``); ``planned()`` gives {kind: amount}."""

    def add_planned_fields(self, required=True):
        for kind, label in BudgetLineKind.choices:
            self.fields[f"planned_{kind}"] = forms.DecimalField(label=_("%(l)s（元）") % {"l": label},
                                                                required=required, **MONEY)

    def planned(self) -> dict:
        return {kind: self.cleaned_data.get(f"planned_{kind}") for kind in BudgetLineKind.values
                if self.cleaned_data.get(f"planned_{kind}") is not None}


class BudgetForm(PlannedMixin, BootstrapMixin, forms.Form):
    office = forms.ModelChoiceField(Unit.objects.none(), label=_("督导室"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Unit.objects.for_user(user, "view").filter(kind=UnitKind.OFFICE)
        self.add_planned_fields()

    def service_kwargs(self):
        d = self.cleaned_data
        return {"office": d["office"], "year": d["year"], "note": d["note"], "planned": self.planned()}


class BudgetEditForm(PlannedMixin, UserForm):
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_planned_fields(required=False)

    def service_kwargs(self):
        return {"note": self.cleaned_data["note"], "planned": self.planned()}


class BudgetFilterForm(UserForm):
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)

    def filter(self, qs):
        year = self.cleaned_data.get("year")
        return qs.filter(year=year) if year else qs


class SpendingForm(UserForm):
    kind = forms.ChoiceField(label=_("经费项目"), choices=BudgetLineKind.choices)
    spent_on = forms.DateField(label=_("支出日期"), widget=DATE)
    amount = forms.DecimalField(label=_("金额（元）"), **MONEY)
    purpose = forms.CharField(label=_("用途"), max_length=200)
    payee = forms.CharField(label=_("收款方"), max_length=100, required=False)
    files = MultipleFileField(label=_("票据和凭证"))


class ClaimForm(BootstrapMixin, forms.Form):
    inspector = forms.ModelChoiceField(Inspector.objects.none(), label=_("兼职督学"))
    period_from = forms.DateField(label=_("期间起"), widget=DATE)
    period_to = forms.DateField(label=_("期间止"), widget=DATE)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspector"].queryset = Inspector.objects.for_user(user, "view").filter(
            kind=InspectorKind.PART_TIME).order_by("region_path", "name")


class ClaimFilterForm(UserForm):
    q = forms.CharField(label=_("督学姓名"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=_all(ClaimStatus.choices))
    year = forms.IntegerField(label=_("年度（期间止）"), required=False, min_value=2000, max_value=2100)

    def filter(self, qs):
        d = self.cleaned_data
        if d.get("q"):
            qs = qs.filter(inspector__name__contains=d["q"].strip())
        if d.get("status"):
            qs = qs.filter(status=d["status"])
        if d.get("year"):
            qs = qs.filter(period_to__year=d["year"])
        return qs


class ExportForm(UserForm):
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    period_from = forms.DateField(label=_("期间止不早于"), required=False, widget=DATE)
    period_to = forms.DateField(label=_("期间止不晚于"), required=False, widget=DATE)


def default_period(today: datetime.date):
    """The last full month: a claim's usual period."""
    last = today.replace(day=1) - datetime.timedelta(days=1)
    return last.replace(day=1), last
