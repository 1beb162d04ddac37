"""Forms of the ledger pages."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dudao.accounts.forms import BootstrapMixin
from dudao.inspections.choices import FindingCategory

from . import selectors
from .choices import LedgerSource, LedgerStatus


def _all(choices):
    return [("", _("全部"))] + list(choices)


class LedgerFilterForm(BootstrapMixin, forms.Form):
    """Filters of the ledger list (E11): unit name, status, source, category, overdue only."""

    q = forms.CharField(label=_("单位名称"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=_all(LedgerStatus.choices))
    source = forms.ChoiceField(label=_("问题来源"), required=False, choices=_all(LedgerSource.choices))
    category = forms.ChoiceField(label=_("问题类别"), required=False, choices=_all(FindingCategory.choices))
    overdue = forms.BooleanField(label=_("只看逾期"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def filter(self, qs):
        d = self.cleaned_data
        if d.get("q"):
            qs = qs.filter(unit__name__contains=d["q"].strip())
        for field in ("status", "source", "category"):
            if d.get(field):
                qs = qs.filter(**{field: d[field]})
        if d.get("overdue"):
            qs = selectors.overdue(qs, timezone.localdate())
        return qs
