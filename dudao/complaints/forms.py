"""Forms of the complaint pages (E11, F9): a transition of the complaint (办结, 重新处理), accept into
the ledger, dismiss, register a hotline/media/upper-level entry."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dudao.common.forms import BootstrapMixin, WorkflowStepForm
from dudao.inspections.categories import category_choices
from dudao.inspections.choices import Severity
from dudao.orgs.models import Unit

from .choices import STAFF_SOURCES


def _units(user):
    return Unit.objects.for_user(user, "view").filter(is_active=True).order_by("region_path", "name")


class AcceptForm(BootstrapMixin, forms.Form):
    """受理: the problem as the office words it (prefilled with the complaint, personal data masked),
    its category and severity, the rectification requirement, deadline and the responsible unit."""

    unit = forms.ModelChoiceField(label=_("整改单位"), queryset=Unit.objects.none())
    category = forms.ChoiceField(label=_("问题类别"), choices=())
    severity = forms.ChoiceField(label=_("严重程度"), choices=Severity.choices, initial=Severity.MINOR)
    description = forms.CharField(label=_("问题描述"), max_length=5000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("整改单位可见；留空则用反映内容。系统会隐去手机号、身份证号、邮箱和反映人姓名"))
    requirement = forms.CharField(label=_("整改要求"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=_("整改期限"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user=None, complaint=None, **kwargs):
        if complaint is not None and not args:
            from dudao.common.redaction import redact

            kwargs.setdefault("initial", {
                "unit": complaint.school_id, "description": redact(complaint.content, [complaint.contact_name]),
                "deadline": timezone.localdate() + datetime.timedelta(days=30)})
        super().__init__(*args, prefix="accept", **kwargs)
        self.fields["unit"].queryset = _units(user)
        region = complaint.school.region if complaint is not None and complaint.school_id else None
        if region is None and user is not None:
            from dudao.regions.selectors import default_region

            region = default_region(user)
        self.fields["category"].choices = category_choices(region, blank=_("请选择"))


class DismissForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("不予受理理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("反映人凭查询码可以看到此理由，请勿写入个人信息"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="dismiss", **kwargs)


class RegisterForm(BootstrapMixin, forms.Form):
    """登记: a report from the 12345 hotline, the media or an upper level, entered by office staff."""

    source = forms.ChoiceField(label=_("来源"), choices=())
    reference = forms.CharField(label=_("来源编号"), max_length=64, required=False, help_text=_("如12345热线工单号"))
    unit = forms.ModelChoiceField(label=_("被反映单位"), queryset=Unit.objects.none())
    content = forms.CharField(label=_("反映内容"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    contact_name = forms.CharField(label=_("反映人"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=32, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(s.value, s.label) for s in STAFF_SOURCES]
        self.fields["unit"].queryset = _units(user)


class TransitionForm(WorkflowStepForm):
    """One of the complaint's transitions offered to the user (``WORKFLOW.available``) with a note."""

    note = forms.CharField(label=_("处理说明"), max_length=5000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
