from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dudao.common.forms import BootstrapMixin
from dudao.common.scoping import regions_in_scope
from dudao.regions.models import Region

from .choices import SCHOOL_KINDS, UnitKind
from .models import CommitteeMember, MemberUnit, Unit


class RegionCodeField(forms.CharField):
    """A region chosen by its code (or exact name), limited to the regions the user may act in.
    A text field with suggestions scales to a national tree where a <select> would not."""

    def __init__(self, *args, regions=None, **kwargs):
        kwargs.setdefault("max_length", 100)
        super().__init__(*args, **kwargs)
        self.regions = regions if regions is not None else Region.objects.none()

    def prepare_value(self, value):
        if isinstance(value, Region):
            return value.code
        if isinstance(value, int):
            region = Region.objects.filter(pk=value).first()
            return region.code if region else value
        return value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        value = value.strip().split(" ")[0]
        region = self.regions.filter(code=value).first() or self.regions.filter(name=value).first()
        if region is None:
            raise ValidationError(_("找不到该行政区划，或不在您的管理范围内：%(v)s") % {"v": value})
        return region


def region_suggestions(regions, limit=200):
    """Region codes offered while typing: the top levels of the user's scope (their own region and
    the level below it), not the whole subtree — a province user gets its cities, a county user its
    townships. Any other code in scope can still be typed."""
    top = regions.order_by("level").values_list("level", flat=True).first()
    if top is None:
        return regions.none()
    return regions.filter(level__lte=top + 1).order_by("path")[:limit]


class UnitFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("名称/拼音"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("名称或拼音首字母，如 naq")}))
    region = RegionCodeField(label=_("行政区划（含下级）"), required=False,
                             widget=forms.TextInput(attrs={"placeholder": _("区划代码或名称"), "list": "region-options"}))
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部"))] + list(UnitKind.choices))
    is_active = forms.ChoiceField(label=_("状态"), required=False,
                                  choices=[("", _("全部")), ("1", _("有效")), ("0", _("无效"))])

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].regions = Region.objects.for_user(user, "view")

    def filter(self, qs):
        from .selectors import unit_filter

        d = self.cleaned_data
        active = {"1": True, "0": False}.get(d.get("is_active") or "")
        return unit_filter(qs, region=d.get("region"), kind=d.get("kind") or "", q=d.get("q") or "", is_active=active)


class UnitForm(BootstrapMixin, forms.ModelForm):
    region = RegionCodeField(label=_("行政区划"), widget=forms.TextInput(attrs={"list": "region-options"}),
                             help_text=_("输入区划代码或名称"))

    class Meta:
        model = Unit
        fields = ["kind", "name", "short_name", "region", "parent", "credit_code", "address", "phone",
                  "contact_person", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, perm="orgs.add_unit", **kwargs):
        super().__init__(*args, **kwargs)
        regions = regions_in_scope(user, perm)
        self.fields["region"].regions = regions
        self.region_options = region_suggestions(regions)
        self.fields["parent"].queryset = (
            Unit.objects.for_user(user, "view").exclude(kind__in=SCHOOL_KINDS).order_by("region_path", "name")
        )
        self.fields["parent"].required = False
        if self.instance.pk:
            self.initial["region"] = self.instance.region.code

    def _post_clean(self):
        # Model validation (credit code, uniqueness) runs in the service, which sets region_path.
        pass


class CommitteeMemberForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CommitteeMember
        fields = ["name", "post", "title", "start_date", "end_date", "sort_order"]
        widgets = {"start_date": forms.DateInput(attrs={"type": "date"}), "end_date": forms.DateInput(attrs={"type": "date"})}

    def _post_clean(self):
        pass


class MemberUnitForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = MemberUnit
        fields = ["unit", "liaison_name", "liaison_mobile", "duties", "joined_on"]
        widgets = {"joined_on": forms.DateInput(attrs={"type": "date"}), "duties": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user=None, committee=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Unit.objects.for_user(user, "view").filter(kind=UnitKind.DEPARTMENT)
        if committee is not None:
            qs = qs.filter(region_path__startswith=committee.region.path)
        self.fields["unit"].queryset = qs

    def _post_clean(self):
        pass
