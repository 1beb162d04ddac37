"""Forms of the ledger pages."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dudao.common.forms import BootstrapMixin, searchable
from dudao.common.scoping import regions_in_scope
from dudao.inspections.categories import category_choices
from dudao.inspections.choices import Routing, Severity
from dudao.regions.choices import RegionLevel
from dudao.regions.selectors import default_region

from . import reports
from .choices import LedgerSource, LedgerStatus

#: At most this many regions / inspectors are offered in a filter's drop-down; a row of the summary
#: page may still link to any region or inspector in the user's scope.
FILTER_CHOICES_MAX = 500


def _all(choices):
    return [("", _("全部"))] + list(choices)


class LedgerFilterForm(BootstrapMixin, forms.Form):
    """Filters of the ledger list and summary (E11): unit name, region, responsible inspector,
    status, source, category, severity, routing, age, overdue, rebounds."""

    q = forms.CharField(label=_("单位名称"), required=False)
    region = forms.TypedChoiceField(label=_("区域"), required=False, coerce=int, empty_value=None)
    inspector = forms.TypedChoiceField(label=_("责任督学"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=_all(LedgerStatus.choices))
    source = forms.ChoiceField(label=_("问题来源"), required=False, choices=_all(LedgerSource.choices))
    category = forms.ChoiceField(label=_("问题类别"), required=False, choices=())
    severity = forms.ChoiceField(label=_("严重程度"), required=False, choices=_all(Severity.choices))
    routing = forms.ChoiceField(label=_("办理分类"), required=False, choices=_all(Routing.choices))
    stage = forms.ChoiceField(label=_("办理阶段"), required=False, choices=_all(reports.STAGE_CHOICES))
    age = forms.ChoiceField(label=_("整改时长"), required=False, choices=_all(reports.AGE_CHOICES))
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    zone = forms.IntegerField(required=False, widget=forms.HiddenInput)  # 督学责任区 (the zone dashboard's links)
    overdue = forms.BooleanField(label=_("只看逾期"), required=False)
    rebound = forms.BooleanField(label=_("只看反弹"), required=False)
    created_from = forms.DateField(label=_("登记日期起"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    created_to = forms.DateField(label=_("登记日期止"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    on_time = forms.BooleanField(label=_("只看按期销号"), required=False)
    supervised = forms.BooleanField(label=_("只看已督办"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # the categories of the user's region, those above it and those of the regions below it
        self.fields["category"].choices = _all(category_choices(default_region(user) if user else None,
                                                                below=True, active=False))
        self._regions = regions_in_scope(user, "ledger.view_ledgeritem") if user is not None else None
        self._region = None
        regions = []
        if self._regions is not None:
            regions = list(self._regions.filter(level__lte=RegionLevel.COUNTY).order_by("path")
                           .values_list("pk", "name", "level")[:FILTER_CHOICES_MAX])
        if regions:
            indent = min(level for _pk, _name, level in regions)
            self.fields["region"].choices = [("", _("全部"))] + [
                (pk, "\u3000" * (level - indent) + name) for pk, name, level in regions]
        else:
            del self.fields["region"]
        from dudao.inspectors.models import Inspector

        inspectors = list(Inspector.objects.for_user(user, "view").filter(postings__end_date__isnull=True)
                          .distinct().order_by("name").values_list("pk", "name")[:FILTER_CHOICES_MAX]) \
            if user is not None else []
        if inspectors:
            self.fields["inspector"].choices = [("", _("全部"))] + inspectors
        else:
            del self.fields["inspector"]
        for name in ("region", "inspector", "category"):
            if name in self.fields:
                searchable(self.fields[name].widget)
        # A region or inspector named by a link (summary rows) is valid when in scope, even if the
        # drop-down's shortlist does not carry it.
        for name, extra in (("region", self._extra_region), ("inspector", self._extra_inspector)):
            raw = self.data.get(name) if self.is_bound else None
            if name in self.fields and raw and str(raw).isdigit():
                known = {str(k) for k, _v in self.fields[name].choices}
                if str(raw) not in known:
                    row = extra(int(raw))
                    if row is not None:
                        self.fields[name].choices = list(self.fields[name].choices) + [row]

    def _extra_region(self, pk):
        row = self._regions.filter(pk=pk).values_list("pk", "name").first()
        return row

    def _extra_inspector(self, pk):
        from dudao.inspectors.models import Inspector

        return Inspector.objects.for_user(self.user, "view").filter(pk=pk).values_list("pk", "name").first()

    def region_obj(self):
        if self._region is None and self.is_bound and self.is_valid() and self.cleaned_data.get("region"):
            self._region = self._regions.get(pk=self.cleaned_data["region"])
        return self._region

    def filter(self, qs):
        d = self.cleaned_data
        return reports.filter_items(
            qs, today=timezone.localdate(), q=d.get("q") or "", status=d.get("status") or "",
            source=d.get("source") or "", category=d.get("category") or "", severity=d.get("severity") or "",
            routing=d.get("routing") or "", unit_id=d.get("unit"), region=self.region_obj(),
            inspector_id=d.get("inspector"), age=d.get("age") or "", stage=d.get("stage") or "", overdue=bool(d.get("overdue")),
            rebound=bool(d.get("rebound")), created_from=d.get("created_from"), created_to=d.get("created_to"),
            on_time=bool(d.get("on_time")), supervised=bool(d.get("supervised")), zone_id=d.get("zone"))
