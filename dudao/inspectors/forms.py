import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from dudao.attachments.forms import ScopedClearableFileInput
from dudao.common.forms import BootstrapMixin
from dudao.common.scoping import regions_in_scope
from dudao.orgs.choices import SCHOOL_KINDS, UnitKind
from dudao.orgs.forms import RegionCodeField
from dudao.orgs.models import Unit
from dudao.regions.models import Region

from .choices import (
    AppraisalGrade,
    ConflictKind,
    ExitReason,
    Expertise,
    InspectorKind,
    InspectorStatus,
    TrainingCategory,
    TrainingKind,
    TrainingResult,
)
from .files import ACCEPT_ATTR, CERTIFICATE, PHOTO, photo_of
from .models import Inspector, TermSession

DATE = {"type": "date"}


class InspectorFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("姓名"), required=False)
    region = RegionCodeField(label=_("行政区划（含下级）"), required=False)
    kind = forms.ChoiceField(label=_("类别"), required=False, choices=[("", _("全部"))] + list(InspectorKind.choices))
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部"))] + list(InspectorStatus.choices))
    pool = forms.ChoiceField(label=_("人才储备"), required=False,
                             choices=[("", _("全部")), ("expert", _("专家库")), ("talent", _("人才库"))])

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].regions = Region.objects.for_user(user, "view")

    def filter(self, qs):
        d = self.cleaned_data
        if d.get("region"):
            qs = qs.filter(region_path__startswith=d["region"].path)
        if d.get("q"):
            qs = qs.filter(name__contains=d["q"].strip())
        if d.get("kind"):
            qs = qs.filter(kind=d["kind"])
        if d.get("status"):
            qs = qs.filter(status=d["status"])
        if d.get("pool") == "expert":
            qs = qs.filter(expert_pool=True)
        elif d.get("pool") == "talent":
            qs = qs.filter(talent_pool=True)
        return qs


def offices_for(user, perm):
    regions = regions_in_scope(user, perm)
    return Unit.objects.filter(kind=UnitKind.OFFICE, region__in=regions, is_active=True)


class InspectorForm(BootstrapMixin, forms.ModelForm):
    expertise = forms.MultipleChoiceField(label=_("专业领域"), choices=Expertise.choices, required=False,
                                          widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))
    contact_region = RegionCodeField(label=_("定点联系区县（市督学）"), required=False)
    photo = forms.FileField(label=_("照片"), required=False, help_text=_("JPG 或 PNG，公开页面和公示牌使用"),
                            widget=ScopedClearableFileInput(attrs={"accept": ACCEPT_ATTR[PHOTO]}))

    class Meta:
        model = Inspector
        fields = ["office", "name", "kind", "focus", "expertise", "employer", "employer_name", "post_title",
                  "education", "years_in_education", "expert_pool", "talent_pool", "contact_region", "phone",
                  "photo", "duties_note", "id_number", "mobile", "home_address", "user"]
        widgets = {"duties_note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices_for(user, "inspectors.add_inspector")
        self.fields["employer"].queryset = Unit.objects.for_user(user, "view").order_by("region_path", "name")
        self.fields["contact_region"].regions = Region.objects.for_user(user, "view")
        from dudao.accounts.models import User

        self.fields["user"].queryset = User.objects.for_user(user, "view").filter(is_active=True).order_by("username")
        self.fields["user"].required = False
        if self.instance.pk:
            del self.fields["office"]
            photo = photo_of(self.instance)
            if photo is not None:  # "currently": the scoped download of the attachment
                self.initial["photo"] = photo.file
                self.fields["photo"].widget.url = photo.get_absolute_url()
            self.initial["contact_region"] = self.instance.contact_region.code if self.instance.contact_region else ""

    def _post_clean(self):
        pass


class TrainingForm(BootstrapMixin, forms.Form):
    course = forms.CharField(label=_("培训名称"), max_length=200)
    provider = forms.CharField(label=_("举办单位"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("培训方式"), choices=TrainingKind.choices)
    hours = forms.DecimalField(label=_("学时"), min_value=0.5, max_digits=6, decimal_places=1)
    date = forms.DateField(label=_("培训日期"), widget=forms.DateInput(attrs=DATE))
    pre_service = forms.BooleanField(label=_("岗前培训"), required=False)
    category = forms.ChoiceField(label=_("培训类别"), choices=TrainingCategory.choices, initial=TrainingCategory.PRACTICE,
                                 required=False)
    result = forms.ChoiceField(label=_("考核结果"), choices=TrainingResult.choices, required=False,
                               help_text=_("考核不合格的培训不计学时"))
    certificate = forms.FileField(label=_("结业证书"), required=False, help_text=_("PDF、JPG 或 PNG"),
                                  widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTR[CERTIFICATE]}))


class AppraisalForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("考核年度"), min_value=2000, max_value=2100,
                              initial=lambda: datetime.date.today().year - 1)
    grade = forms.ChoiceField(label=_("考核等次"), choices=AppraisalGrade.choices)
    note = forms.CharField(label=_("考核意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ConflictForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=ConflictKind.choices)
    unit = forms.ModelChoiceField(label=_("相关单位"), queryset=Unit.objects.none(), required=False)
    relative_name = forms.CharField(label=_("近亲属姓名"), max_length=50, required=False)
    note = forms.CharField(label=_("说明"), max_length=255, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.for_user(user, "view").filter(kind__in=SCHOOL_KINDS)


class EmploymentForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none())
    start_date = forms.DateField(label=_("起始日期"), required=False, widget=forms.DateInput(attrs=DATE))
    end_date = forms.DateField(label=_("结束日期"), required=False, widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.for_user(user, "view").order_by("region_path", "name")


class RecommendForm(BootstrapMixin, forms.Form):
    session = forms.ModelChoiceField(label=_("届次"), queryset=TermSession.objects.none())
    on_date = forms.DateField(label=_("推荐日期"), required=False, widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args, inspector=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = TermSession.objects.filter(office_id=inspector.office_id)


class TransitionForm(BootstrapMixin, forms.Form):
    on_date = forms.DateField(label=_("日期"), required=False, widget=forms.DateInput(attrs=DATE))
    card_number = forms.CharField(label=_("督学证编号"), max_length=32, required=False)
    note = forms.CharField(label=_("说明"), max_length=255, required=False)


class ExitForm(BootstrapMixin, forms.Form):
    reason = forms.ChoiceField(label=_("退出原因"), choices=ExitReason.choices)
    on_date = forms.DateField(label=_("退出日期"), widget=forms.DateInput(attrs=DATE),
                              initial=datetime.date.today)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TermSessionForm(BootstrapMixin, forms.Form):
    office = forms.ModelChoiceField(label=_("督导机构"), queryset=Unit.objects.none())
    committee = forms.ModelChoiceField(label=_("聘任委员会"), queryset=Unit.objects.none(), required=False)
    number = forms.IntegerField(label=_("届次（数字）"), min_value=1, max_value=99)
    start_date = forms.DateField(label=_("任期开始"), widget=forms.DateInput(attrs=DATE))
    end_date = forms.DateField(label=_("任期结束（留空按参数计算）"), required=False, widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices_for(user, "inspectors.add_termsession")
        self.fields["committee"].queryset = Unit.objects.for_user(user, "view").filter(kind=UnitKind.COMMITTEE)


class PostingForm(BootstrapMixin, forms.Form):
    school = forms.ModelChoiceField(label=_("学校"), queryset=Unit.objects.none())
    inspector = forms.ModelChoiceField(label=_("责任督学"), queryset=Inspector.objects.none())
    start_date = forms.DateField(label=_("挂牌日期"), widget=forms.DateInput(attrs=DATE), initial=datetime.date.today)
    override_reason = forms.CharField(
        label=_("例外批准理由（仅督导室管理员；规则不满足时填写）"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        regions = regions_in_scope(user, "inspectors.add_posting")
        self.fields["school"].queryset = (Unit.objects.for_user(user, "view")
                                          .filter(kind__in=SCHOOL_KINDS, is_active=True, region__in=regions)
                                          .order_by("region_path", "name"))
        self.fields["inspector"].queryset = Inspector.objects.for_user(user, "view").active().select_related("office")


class ReplaceForm(BootstrapMixin, forms.Form):
    inspector = forms.ModelChoiceField(label=_("新责任督学"), queryset=Inspector.objects.none())
    on_date = forms.DateField(label=_("更换日期"), widget=forms.DateInput(attrs=DATE), initial=datetime.date.today)
    reason = forms.CharField(label=_("更换原因"), max_length=255, required=False)
    override_reason = forms.CharField(label=_("例外批准理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspector"].queryset = Inspector.objects.for_user(user, "view").active()


class EndPostingForm(BootstrapMixin, forms.Form):
    end_date = forms.DateField(label=_("结束日期"), widget=forms.DateInput(attrs=DATE), initial=datetime.date.today)
    reason = forms.CharField(label=_("结束原因"), max_length=255, required=False)


class RegionYearForm(BootstrapMixin, forms.Form):
    region = RegionCodeField(label=_("行政区划"), required=False)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].regions = Region.objects.for_user(user, "view")


class CoverageForm(RegionYearForm):
    """The coverage page: a region and the day (the postings in force that day; default: open postings)."""

    on = forms.DateField(label=_("截至日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["year"]


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))
    office = forms.ModelChoiceField(label=_("聘任督导机构"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, user=None, needs_office=False, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_office:
            self.fields["office"].queryset = offices_for(user, "inspectors.add_inspector")
            self.fields["office"].required = True
        else:
            del self.fields["office"]
