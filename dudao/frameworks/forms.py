from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dudao.common.scoping import regions_in_scope
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import Unit

from .choices import FrameworkKind
from .library import URN_RE
from .models import FrameworkVersion

MAX_UPLOAD = 5 * 1024 * 1024


class FrameworkFilterForm(forms.Form):
    q = forms.CharField(label=_("名称"), required=False,
                        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))
    kind = forms.ChoiceField(label=_("类别"), required=False, choices=[("", _("全部"))] + FrameworkKind.choices,
                             widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    scope = forms.ChoiceField(label=_("范围"), required=False,
                              choices=[("", _("全部")), ("national", _("国家")), ("local", _("本地"))],
                              widget=forms.Select(attrs={"class": "form-select form-select-sm"}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def filter(self, qs):
        data = self.cleaned_data
        if data.get("q"):
            qs = qs.filter(Q(name__icontains=data["q"]) | Q(key__icontains=data["q"]))
        if data.get("kind"):
            qs = qs.filter(kind=data["kind"])
        if data.get("scope") == "national":
            qs = qs.filter(region__isnull=True)
        elif data.get("scope") == "local":
            qs = qs.filter(region__isnull=False)
        return qs


def _control(field):
    css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
    field.widget.attrs.setdefault("class", css)


class DeriveForm(forms.Form):
    """Derive a local version (e.g. 南岸区 立德树人指标体系 2.0) from a visible version."""

    name = forms.CharField(label=_("名称"), max_length=200)
    key = forms.CharField(label=_("标识"), max_length=200,
                          help_text=_("稳定标识，例如 urn:dudao:500108:lide-shuren-2；再次派生到同一标识即为其新版本"))
    region = forms.ModelChoiceField(label=_("所属区域"), queryset=None, empty_label=_("请选择区域"))
    owner_unit = forms.ModelChoiceField(label=_("编制单位"), queryset=None, required=False, empty_label=_("（无）"))
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_in_scope(user, "frameworks.add_framework").order_by("path")
        self.fields["owner_unit"].queryset = Unit.objects.for_user(user, "view").filter(
            kind__in=[UnitKind.OFFICE, UnitKind.COMMITTEE])
        for field in self.fields.values():
            _control(field)

    def clean_key(self):
        key = self.cleaned_data["key"].strip()
        if not URN_RE.match(key):
            raise forms.ValidationError(_("格式应为 urn:…（小写字母、数字和 . _ : -）"))
        return key


class LibraryUploadForm(forms.Form):
    """Upload a library (YAML or Excel). Without a region it is a national library."""

    file = forms.FileField(label=_("文件（.yaml / .xlsx）"))
    region = forms.ModelChoiceField(label=_("所属区域"), queryset=None, required=False, empty_label=_("（国家）"),
                                    help_text=_("留空表示国家指标体系（仅全系统管理员）"))
    publish = forms.BooleanField(label=_("导入后直接发布"), required=False)

    def __init__(self, *args, user=None, with_region=True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_region:
            self.fields["region"].queryset = regions_in_scope(user, "frameworks.add_framework").order_by("path")
        else:
            del self.fields["region"]
            del self.fields["publish"]
        for name, field in self.fields.items():
            if name != "publish":
                _control(field)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("文件不能超过 5 MB"))
        if not upload.name.lower().endswith((".yaml", ".yml", ".xlsx")):
            raise forms.ValidationError(_("只支持 .yaml、.yml 或 .xlsx 文件"))
        return upload


class CompareForm(forms.Form):
    left = forms.ModelChoiceField(label=_("左侧版本"), queryset=None)
    right = forms.ModelChoiceField(label=_("右侧版本"), queryset=None)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = FrameworkVersion.objects.for_user(user, "view").select_related("framework")
        for name in ("left", "right"):
            self.fields[name].queryset = qs
            self.fields[name].empty_label = _("请选择版本")
            _control(self.fields[name])
