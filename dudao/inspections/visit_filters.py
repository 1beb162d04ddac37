"""The filters of the regular-visit list and of the compliance page (区域, 责任区, 责任督学, dates,
below the floor / behind the target): the forms here, the querysets in ``selectors.filter_visits``
/ ``filter_postings`` / ``COMPLIANCE_STATES``; ``GET /api/v1/inspections/visits`` and
``/visits/compliance`` take the same filters. The dashboards' visit figures link here."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dudao.common.forms import BootstrapMixin
from dudao.common.scoping import regions_in_scope
from dudao.regions.choices import RegionLevel

from . import selectors

VIEW = "inspections.view_regularvisit"
#: At most this many regions / zones / inspectors in a drop-down (a link may name any in scope).
CHOICES_MAX = 500
DATE = forms.DateInput(attrs={"type": "date"})


def zones_in_scope(user, perm: str = VIEW):
    """The zones (督学责任区) of the counties in ``user``'s scope for ``perm``."""
    from dudao.schools.models import Zone

    return Zone.objects.filter(region__in=regions_in_scope(user, perm))


def inspectors_in_scope(user):
    """The inspectors the user may see, and those posted to schools the user may see (a city's
    inspector posted to a county school is in the county's lists)."""
    from django.db.models import Q

    from dudao.inspectors.models import Inspector, Posting

    return Inspector.objects.filter(Q(pk__in=Inspector.objects.for_user(user, "view").values("pk"))
                                    | Q(pk__in=Posting.objects.for_user(user, "view").values("inspector_id")))


class _ScopedFilterForm(BootstrapMixin, forms.Form):
    """Region, zone and inspector, each checked against the user's scope (a link may name one
    that the drop-down's shortlist lacks; one outside the scope is an error, never a wider list)."""

    region = forms.IntegerField(label=_("区域"), required=False, widget=forms.Select)
    zone = forms.IntegerField(label=_("督学责任区"), required=False, widget=forms.Select)
    inspector = forms.IntegerField(label=_("责任督学"), required=False, widget=forms.Select)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self._regions = regions_in_scope(user, VIEW)
        self._zones = zones_in_scope(user)
        self._inspectors = inspectors_in_scope(user)
        shortlists = {
            "region": self._regions.filter(level__lte=RegionLevel.COUNTY).order_by("path"),
            "zone": self._zones.order_by("region_path", "name"),
            "inspector": self._inspectors.filter(postings__isnull=False).distinct().order_by("name"),
        }
        sources = {"region": self._regions, "zone": self._zones, "inspector": self._inspectors}
        for name, qs in shortlists.items():
            choices = [(pk, label) for pk, label in qs.values_list("pk", "name")[:CHOICES_MAX]]
            raw = self.data.get(name) if self.is_bound else None
            if raw and str(raw).isdigit() and int(raw) not in {pk for pk, _l in choices}:
                row = sources[name].filter(pk=int(raw)).values_list("pk", "name").first()
                if row:
                    choices.append(row)
            self.fields[name].widget.choices = [("", _("全部"))] + choices

    def _in_scope(self, name, source):
        value = self.cleaned_data.get(name)
        if value and not source.filter(pk=value).exists():
            raise forms.ValidationError(_("不存在或无权访问"))
        return value

    def clean_region(self):
        return self._in_scope("region", self._regions)

    def clean_zone(self):
        return self._in_scope("zone", self._zones)

    def clean_inspector(self):
        return self._in_scope("inspector", self._inspectors)

    def region_obj(self):
        pk = self.cleaned_data.get("region")
        return self._regions.get(pk=pk) if pk else None


class VisitFilterForm(_ScopedFilterForm):
    visited_from = forms.DateField(label=_("督导日期起"), required=False, widget=DATE)
    visited_to = forms.DateField(label=_("督导日期止"), required=False, widget=DATE)

    def filter(self, qs):
        d = self.cleaned_data
        return selectors.filter_visits(qs, region=self.region_obj(), zone_id=d.get("zone"),
                                       inspector_id=d.get("inspector"), visited_from=d.get("visited_from"),
                                       visited_to=d.get("visited_to"))


class ComplianceFilterForm(_ScopedFilterForm):
    on = forms.DateField(label=_("统计日期"), required=False, widget=DATE,
                         help_text=_("该日所在学期、截至该日；默认今天"))
    state = forms.ChoiceField(label=_("达标情况"), required=False, choices=[("", _("全部"))] + [
        (k, label) for k, (label, _q) in selectors.COMPLIANCE_STATES.items()])

    def filter(self, qs):
        d = self.cleaned_data
        return selectors.filter_postings(qs, region=self.region_obj(), zone_id=d.get("zone"),
                                         inspector_id=d.get("inspector"))
