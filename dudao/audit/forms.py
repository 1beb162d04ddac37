from django import forms
from django.utils.translation import gettext_lazy as _

from dudao.common.forms import BootstrapMixin

from .models import AuditAction


class AuditFilterForm(BootstrapMixin, forms.Form):
    actor = forms.CharField(label=_("操作账户"), required=False)
    action = forms.ChoiceField(label=_("操作"), required=False, choices=[("", _("全部"))] + list(AuditAction.choices))
    object_type = forms.CharField(label=_("对象类型"), required=False,
                                  widget=forms.TextInput(attrs={"placeholder": "orgs.unit"}))
    object_id = forms.CharField(label=_("对象ID"), required=False)
    request_id = forms.CharField(label=_("请求ID"), required=False)
    ip = forms.CharField(label=_("IP"), required=False)
    date_from = forms.DateField(label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def filter(self, qs):
        d = self.cleaned_data
        if d.get("actor"):
            qs = qs.filter(actor_username=d["actor"].strip())
        for name in ("action", "object_type", "request_id"):
            if d.get(name):
                qs = qs.filter(**{name: d[name].strip()})
        if d.get("object_id"):
            qs = qs.filter(object_id=d["object_id"].strip())
        if d.get("ip"):
            qs = qs.filter(ip=d["ip"].strip())
        if d.get("date_from"):
            qs = qs.filter(timestamp__date__gte=d["date_from"])
        if d.get("date_to"):
            qs = qs.filter(timestamp__date__lte=d["date_to"])
        return qs
