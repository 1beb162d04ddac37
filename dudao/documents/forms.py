import json

from django import forms
from django.utils.translation import gettext_lazy as _

from dudao.common.forms import BootstrapMixin

from .choices import DocumentKind
from .selectors import offices_for


class DocumentFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("标题/文号"), required=False)
    kind = forms.ChoiceField(label=_("文书类型"), required=False, choices=[("", _("全部"))] + list(DocumentKind.choices))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def filter(self, qs):
        from .selectors import document_filter

        d = self.cleaned_data
        return document_filter(qs, kind=d.get("kind") or "", q=d.get("q") or "")


class JSONTextField(forms.CharField):
    widget = forms.Textarea

    def __init__(self, *args, expect=dict, **kwargs):
        self.expect = expect
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        try:
            data = json.loads(value or "null")
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(_("JSON 格式错误：第 %(line)d 行第 %(col)d 列") % {
                "line": exc.lineno, "col": exc.colno}) from exc
        if not isinstance(data, self.expect):
            raise forms.ValidationError(_("应为 JSON 对象") if self.expect is dict else _("应为 JSON 列表"))
        return data


class OfficeChoiceMixin:
    perm = "documents.add_issueddocument"

    def _offices(self, user):
        offices = offices_for(user, self.perm)
        self.fields["office"].queryset = offices
        if offices.count() == 1:
            self.fields["office"].initial = offices.first()


class IssueForm(OfficeChoiceMixin, BootstrapMixin, forms.Form):
    """The issuing office; the document's own fields are a generated form (``fieldforms``)."""

    office = forms.ModelChoiceField(label=_("发文督导室"), queryset=None)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._offices(user)


class TemplateUploadForm(OfficeChoiceMixin, BootstrapMixin, forms.Form):
    perm = "documents.add_documenttemplate"
    office = forms.ModelChoiceField(label=_("督导室"), queryset=None)
    kind = forms.ChoiceField(label=_("文书类型"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("模板文件（.docx）"))
    note = forms.CharField(label=_("说明"), required=False, max_length=200)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._offices(user)


class BatchForm(OfficeChoiceMixin, BootstrapMixin, forms.Form):
    perm = "documents.add_documentbatch"
    office = forms.ModelChoiceField(label=_("发文督导室"), queryset=None)
    kind = forms.ChoiceField(label=_("文书类型"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("名称"), required=False, max_length=200)
    items = JSONTextField(label=_("文书数据（JSON 列表，每份一个对象）"), expect=list,
                          widget=forms.Textarea(attrs={"rows": 16, "class": "form-control font-monospace"}))
    with_pdf = forms.BooleanField(label=_("同时生成 PDF"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._offices(user)


class VoidForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("作废原因"), max_length=200)


class OfficeProfileForm(BootstrapMixin, forms.Form):
    number_prefix = forms.CharField(label=_("发文字号前缀"), max_length=20)
    issuing_mark = forms.CharField(label=_("发文机关标志"), max_length=60)
