from django import forms
from django.utils.translation import gettext_lazy as _

from dudao.common.forms import BootstrapMixin


class RegionImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("行政区划 CSV 文件"),
                           help_text=_("列：区划代码,名称[,上级代码]；UTF-8 或 GBK 编码；上级代码可省略（按代码推断）"))


class RegionForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("区划代码"), max_length=12)
    name = forms.CharField(label=_("名称"), max_length=100)
