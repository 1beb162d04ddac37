from django import forms
from django.utils.translation import gettext_lazy as _

from dudao.common.forms import BootstrapMixin

from .quality_models import QualityProgramme


class QualityImportForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("监测年度"), min_value=2000, max_value=2100)
    programme = forms.ChoiceField(label=_("监测项目"), choices=QualityProgramme.choices)
    file = forms.FileField(label=_("监测结果文件（Excel）"))


class QualityRuleForm(BootstrapMixin, forms.Form):
    region = forms.ModelChoiceField(label=_("区县"), queryset=None)
    year = forms.IntegerField(label=_("监测年度"), min_value=2000, max_value=2100)
    programme = forms.ChoiceField(label=_("监测项目"), choices=QualityProgramme.choices, required=False)

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
