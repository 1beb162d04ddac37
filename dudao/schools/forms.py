from django import forms
from django.utils.translation import gettext_lazy as _

from dudao.common.forms import BootstrapMixin
from dudao.orgs.forms import RegionCodeField
from dudao.orgs.models import Unit
from dudao.regions.models import Region

from .choices import SchoolStage, Section
from .models import PrincipalTenure, SchoolGroup, SchoolProfile, Zone

DATE = {"type": "date"}


class NoModelValidation:
    def _post_clean(self):  # the service validates (and sets region_path)
        pass


class SchoolFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("名称/标识码"), required=False)
    region = RegionCodeField(label=_("行政区划（含下级）"), required=False)
    stage = forms.ChoiceField(label=_("学段"), required=False, choices=[("", _("全部"))] + list(SchoolStage.choices))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].regions = Region.objects.for_user(user, "view")

    def filter(self, qs):
        d = self.cleaned_data
        if d.get("region"):
            qs = qs.filter(unit__region_path__startswith=d["region"].path)
        if d.get("stage"):
            qs = qs.filter(stage=d["stage"])
        q = (d.get("q") or "").strip()
        if q:
            qs = qs.filter(unit__name__contains=q) if not q.isdigit() else qs.filter(school_code__startswith=q)
        return qs


class SchoolProfileForm(NoModelValidation, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = SchoolProfile
        fields = ["school_code", "stage", "ownership", "authority", "zone", "group", "is_teaching_point",
                  "has_supervision_office", "self_supervision_contact", "self_supervision_phone", "latitude",
                  "longitude"]

    def __init__(self, *args, user=None, unit: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        county_paths = _ancestor_paths(unit.region_path) if unit else []
        self.fields["zone"].queryset = Zone.objects.for_user(user, "view").filter(region_path__in=county_paths)
        self.fields["group"].queryset = SchoolGroup.objects.for_user(user, "view").filter(region_path__in=county_paths)
        self.fields["authority"].required = False  # left out: the school keeps its 管理权限 (county by default)

    def clean_authority(self):
        from .choices import ManagementAuthority

        return self.cleaned_data.get("authority") or self.instance.authority or ManagementAuthority.COUNTY


def _ancestor_paths(path: str) -> list[str]:
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


class EnrolmentForm(BootstrapMixin, forms.Form):
    school_year = forms.CharField(label=_("学年"), max_length=9, initial="2025-2026")
    section = forms.ChoiceField(label=_("学段"), choices=Section.choices)
    students = forms.IntegerField(label=_("在校生数"), min_value=0)
    classes = forms.IntegerField(label=_("班级数"), min_value=0, initial=0)


class PrincipalForm(NoModelValidation, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = PrincipalTenure
        fields = ["name", "start_date", "planned_end_date"]
        widgets = {"start_date": forms.DateInput(attrs=DATE), "planned_end_date": forms.DateInput(attrs=DATE)}


class PrincipalRecordForm(BootstrapMixin, forms.Form):
    actual_end_date = forms.DateField(label=_("实际离任日期"), required=False, widget=forms.DateInput(attrs=DATE))
    tenure_end_supervised_on = forms.DateField(label=_("任期结束综合督导日期"), required=False,
                                               widget=forms.DateInput(attrs=DATE))


class ZoneForm(NoModelValidation, BootstrapMixin, forms.ModelForm):
    region = RegionCodeField(label=_("所属区县"), help_text=_("区县的区划代码或名称"))

    class Meta:
        model = Zone
        fields = ["region", "name", "host_school", "work_station", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from dudao.common.scoping import regions_in_scope

        self.fields["region"].regions = regions_in_scope(user, "schools.add_zone")
        self.fields["host_school"].queryset = Unit.objects.for_user(user, "view").filter(kind__in=("school",))


class SchoolGroupForm(NoModelValidation, BootstrapMixin, forms.ModelForm):
    region = RegionCodeField(label=_("行政区划"))

    class Meta:
        model = SchoolGroup
        fields = ["region", "name", "lead_school", "centre_name", "centre_contact", "centre_phone"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from dudao.common.scoping import regions_in_scope

        self.fields["region"].regions = regions_in_scope(user, "schools.add_schoolgroup")
        self.fields["lead_school"].queryset = Unit.objects.for_user(user, "view").filter(kind="school")


class RegionPickForm(BootstrapMixin, forms.Form):
    region = RegionCodeField(label=_("行政区划"), required=False)
    months = forms.IntegerField(label=_("月数"), required=False, min_value=1, max_value=60)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].regions = Region.objects.for_user(user, "view")
