from django import forms
from django.utils.translation import gettext_lazy as _

from dudao.common.forms import BootstrapMixin


class SearchForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("关键词"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def filter(self, qs):
        return qs
