"""Forms of the accountability pages (E7–E9): case list filters, opening a case, one form per case
action, the situation catalogue, 约谈 and 通报 records. Every choice comes through ``for_user``;
the services hold the rules and their errors land on these forms' fields."""

import datetime
import re

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dudao.common.forms import BootstrapMixin
from dudao.inspections.models import SupervisionTask
from dudao.inspectors.models import Inspector
from dudao.ledger.choices import CaseStatus, Measure, SubjectKind
from dudao.ledger.models import LedgerItem
from dudao.orgs.choices import CommitteePost, UnitKind
from dudao.orgs.forms import RegionCodeField
from dudao.orgs.models import CommitteeMember, Unit
from dudao.regions.models import Region

from . import services as accountability
from .choices import AggravationKind
from .models import AccountabilityCase, TriggerSituation

DATE = {"type": "date"}
CHECKS = {"class": "form-check-input"}


def _all(choices):
    return [("", _("全部"))] + list(choices)


def _checkboxes():
    return forms.CheckboxSelectMultiple(attrs=CHECKS)


class SituationCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes that carry their situation's subject kind, so the page can show only those
    matching the chosen 问责对象类别 (all stay visible without JavaScript)."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if hasattr(value, "instance"):
            option["attrs"]["data-subject"] = value.instance.subject
        return option


def situation_label(s):
    """A situation as a choice: code, title, subject kind, and 待核实 for an unverified item."""
    pending = f"【{_('待核实')}】" if s.unverified else ""
    return f"{s.code} {pending}{s.title}（{s.get_subject_display()}）"


def _textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows})


# ---- lists -------------------------------------------------------------------------------------
class WindowFilter:
    CLOSING = "closing"
    PASSED = "passed"
    choices = [("", _("全部")), (CLOSING, _("调查时限10天内到期或已过")), (PASSED, _("已超过60天未组成工作组"))]


class CaseFilterForm(BootstrapMixin, forms.Form):
    """Filters of the case list: text, status, subject kind, region, the investigation window."""

    q = forms.CharField(label=_("案由或单位"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=_all(CaseStatus.choices))
    subject_kind = forms.ChoiceField(label=_("问责对象类别"), required=False, choices=_all(SubjectKind.choices))
    region = RegionCodeField(label=_("行政区划（含下级）"), required=False)
    window = forms.ChoiceField(label=_("调查时限"), required=False, choices=WindowFilter.choices)
    opened_from = forms.DateField(label=_("立案日期起"), required=False, widget=forms.DateInput(attrs=DATE),
                                  help_text=_("只列已立案的案件（不含建议问责和不予问责）"))
    opened_to = forms.DateField(label=_("立案日期止"), required=False, widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].regions = Region.objects.for_user(user, "view")

    def filter(self, qs):
        d = self.cleaned_data
        if d.get("opened_from") or d.get("opened_to"):
            qs = accountability.opened_between(qs, d.get("opened_from"), d.get("opened_to"))
        if d.get("q"):
            text = d["q"].strip()
            qs = qs.filter(Q(title__contains=text) | Q(unit__name__contains=text) | Q(person_name__contains=text))
        for field in ("status", "subject_kind"):
            if d.get(field):
                qs = qs.filter(**{field: d[field]})
        if d.get("region"):
            qs = qs.filter(region_path__startswith=d["region"].path)
        today = timezone.localdate()
        if d.get("window") == WindowFilter.CLOSING:
            qs = accountability.window_closing(qs, today)
        elif d.get("window") == WindowFilter.PASSED:
            qs = accountability.window_passed(qs, today)
        return qs


class RecordFilterForm(BootstrapMixin, forms.Form):
    """Filters of the 约谈 and 通报 lists: unit name, region, period."""

    q = forms.CharField(label=_("单位名称"), required=False)
    region = RegionCodeField(label=_("行政区划（含下级）"), required=False)
    since = forms.DateField(label=_("起始日期"), required=False, widget=forms.DateInput(attrs=DATE))
    until = forms.DateField(label=_("截止日期"), required=False, widget=forms.DateInput(attrs=DATE))
    date_field = "held_on"

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].regions = Region.objects.for_user(user, "view")

    def filter(self, qs):
        d = self.cleaned_data
        if d.get("q"):
            qs = qs.filter(unit__name__contains=d["q"].strip())
        if d.get("region"):
            qs = qs.filter(region_path__startswith=d["region"].path)
        if d.get("since"):
            qs = qs.filter(**{f"{self.date_field}__gte": d["since"]})
        if d.get("until"):
            qs = qs.filter(**{f"{self.date_field}__lte": d["until"]})
        return qs


class CircularFilterForm(RecordFilterForm):
    date_field = "issued_on"


# ---- opening a case, records ---------------------------------------------------------------
class UnitChoiceForm(BootstrapMixin, forms.Form):
    """First step of a new case or record when no unit is given: which unit."""

    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("单位"), empty_label=_("请选择单位"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (Unit.objects.for_user(user, "view").filter(is_active=True)
                                        .select_related("region").order_by("region_path", "kind", "name"))


class _UnitBoundForm(BootstrapMixin, forms.Form):
    """A form about one unit, fixed before the form is shown (a hidden field), whose related
    problems and cases are that unit's."""

    unit = forms.ModelChoiceField(Unit.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, user=None, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["unit"].queryset = Unit.objects.for_user(user, "view").filter(pk=unit.pk)
        self.fields["unit"].initial = unit.pk
        if "ledger_items" in self.fields:
            self.fields["ledger_items"].queryset = (LedgerItem.objects.for_user(user, "view").filter(unit=unit)
                                                    .order_by("-created_at", "-id"))
        if "case" in self.fields:
            self.fields["case"].queryset = AccountabilityCase.objects.for_user(user, "view").filter(unit=unit)


class CaseForm(_UnitBoundForm):
    """立案: subject, title, the end of the supervision work, the situations valid in the unit's
    province, and optionally the task, the inspector (F9) and the related problems."""

    subject_kind = forms.ChoiceField(label=_("问责对象类别"), choices=SubjectKind.choices)
    inspector = forms.ModelChoiceField(Inspector.objects.none(), label=_("督学"), required=False,
                                       empty_label=_("请选择督学"), help_text=_("问责对象为督学时必选"))
    person_name = forms.CharField(label=_("被问责人"), max_length=50, required=False,
                                  help_text=_("问责对象为有关工作人员时填写"))
    title = forms.CharField(label=_("案由"), max_length=200)
    supervision_end = forms.DateField(label=_("督导工作结束日期"), widget=forms.DateInput(attrs=DATE),
                                      help_text=_("须在此后60天内组成调查认定工作组"))
    situations = forms.ModelMultipleChoiceField(TriggerSituation.objects.none(), label=_("问责情形"),
                                                widget=SituationCheckboxes(attrs=CHECKS))
    task = forms.ModelChoiceField(SupervisionTask.objects.none(), label=_("督导任务"), required=False,
                                  empty_label=_("（无）"))
    ledger_items = forms.ModelMultipleChoiceField(LedgerItem.objects.none(), label=_("相关问题"), required=False,
                                                  widget=_checkboxes())

    def __init__(self, *args, user=None, unit=None, **kwargs):
        super().__init__(*args, user=user, unit=unit, **kwargs)
        self.fields["situations"].queryset = accountability.situations_for(unit.region)
        self.fields["situations"].label_from_instance = situation_label
        self.fields["task"].queryset = (SupervisionTask.objects.for_user(user, "view")
                                        .filter(Q(targets__unit=unit) | Q(office=unit)).distinct()
                                        .order_by("-start_date", "-id"))
        if unit.kind == UnitKind.OFFICE:
            self.fields["inspector"].queryset = Inspector.objects.for_user(user, "view").filter(office=unit)
        else:
            del self.fields["inspector"]
        self.fields["ledger_items"].label_from_instance = lambda i: f"{i.description[:60]}（{i.get_status_display()}）"


class InterviewForm(_UnitBoundForm):
    """约谈 record (E7)."""

    held_on = forms.DateField(label=_("约谈日期"), widget=forms.DateInput(attrs=DATE))
    participants = forms.CharField(label=_("约谈人"), max_length=2000, widget=_textarea(2))
    leaders_present = forms.CharField(label=_("被约谈单位负责人"), max_length=2000, widget=_textarea(2))
    content = forms.CharField(label=_("约谈内容"), max_length=10000, widget=_textarea(4))
    commitments = forms.CharField(label=_("整改承诺"), max_length=10000, required=False, widget=_textarea(3))
    filed_with = forms.CharField(label=_("报送备案"), max_length=500, required=False,
                                 help_text=_("报送的党委、政府或主管部门，多个用顿号或逗号分隔，例如：区委、区政府、区教委"))
    ledger_items = forms.ModelMultipleChoiceField(LedgerItem.objects.none(), label=_("相关问题"), required=False,
                                                  widget=_checkboxes())
    case = forms.ModelChoiceField(AccountabilityCase.objects.none(), label=_("问责案件"), required=False,
                                  empty_label=_("（无）"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ledger_items"].label_from_instance = lambda i: f"{i.description[:60]}（{i.get_status_display()}）"

    def clean_filed_with(self):
        return [p.strip() for p in re.split(r"[、，,;；\n]", self.cleaned_data["filed_with"] or "") if p.strip()]


class CircularForm(_UnitBoundForm):
    """督导通报 (E8)."""

    issued_on = forms.DateField(label=_("通报日期"), widget=forms.DateInput(attrs=DATE))
    content = forms.CharField(label=_("通报内容"), max_length=10000, widget=_textarea(4))
    recommendation = forms.CharField(label=_("对领导班子评优评先、提拔任用的建议"), max_length=5000,
                                     widget=_textarea(2))
    ledger_items = forms.ModelMultipleChoiceField(LedgerItem.objects.none(), label=_("相关问题"), required=False,
                                                  widget=_checkboxes())
    case = forms.ModelChoiceField(AccountabilityCase.objects.none(), label=_("问责案件"), required=False,
                                  empty_label=_("（无）"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ledger_items"].label_from_instance = lambda i: f"{i.description[:60]}（{i.get_status_display()}）"


# ---- case actions -------------------------------------------------------------------------
class GroupForm(BootstrapMixin, forms.Form):
    group_members = forms.CharField(label=_("调查认定工作组成员"), max_length=5000, widget=_textarea(2))


class NotifyForm(BootstrapMixin, forms.Form):
    facts = forms.CharField(label=_("认定事实"), max_length=10000, widget=_textarea(4))


class HearForm(BootstrapMixin, forms.Form):
    statement = forms.CharField(label=_("陈述申辩意见"), max_length=10000, widget=_textarea(3),
                                help_text=_("放弃陈述申辩的请注明"))


def approvers_for(user, case, today: datetime.date):
    """Serving 主任/副主任 of the committees at or above the case's region that ``user`` can see."""
    parts = [p for p in case.region_path.strip("/").split("/") if p]
    paths = ["/" + "/".join(parts[:n]) + "/" for n in range(1, len(parts) + 1)]
    return (CommitteeMember.objects.for_user(user, "view")
            .filter(committee__region_path__in=paths,
                    post__in=[CommitteePost.DIRECTOR, CommitteePost.DEPUTY_DIRECTOR])
            .filter(Q(start_date__isnull=True) | Q(start_date__lte=today))
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
            .select_related("committee").order_by("-committee__region_path", "sort_order", "id"))


def measures_for(case):
    """Only the 问责方式 valid for the case's subject (a 民办 school's extras only there)."""
    allowed = accountability.measures_allowed(case)
    return [(m.value, m.label) for m in Measure if m in allowed]


class ApproveForm(BootstrapMixin, forms.Form):
    approver = forms.ModelChoiceField(CommitteeMember.objects.none(), label=_("审定人（督导委员会主任或副主任）"),
                                      empty_label=_("请选择审定人"))
    measures = forms.MultipleChoiceField(label=_("问责方式"), widget=_checkboxes())

    def __init__(self, *args, user=None, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approver"].queryset = approvers_for(user, case, timezone.localdate())
        self.fields["approver"].label_from_instance = lambda m: f"{m.name}（{m.committee.name}{m.get_post_display()}）"
        self.fields["measures"].choices = measures_for(case)


class DecideForm(BootstrapMixin, forms.Form):
    basis = forms.CharField(label=_("问责依据"), max_length=5000, widget=_textarea(2))
    effective_date = forms.DateField(label=_("生效时间"), widget=forms.DateInput(attrs=DATE))


class ReferForm(BootstrapMixin, forms.Form):
    receiving_body = forms.CharField(label=_("接收机关"), max_length=200,
                                     help_text=_("例如：南岸区监察委员会、南岸区人民检察院"))


class AggravateForm(BootstrapMixin, forms.Form):
    circumstance = forms.ChoiceField(label=_("从重情形"), choices=[("", _("请选择"))] + AggravationKind.choices)
    note = forms.CharField(label=_("情况说明"), max_length=5000, widget=_textarea(2),
                           help_text=_("写明隐瞒、阻挠、打击报复或不落实整改的事实"))


class ReferApprovalForm(BootstrapMixin, forms.Form):
    authority = forms.CharField(label=_("审批机关"), max_length=200,
                                help_text=_("批准设立该民办学校的机关，例如：南岸区教育委员会"))
    referred_on = forms.DateField(label=_("移送日期"), widget=forms.DateInput(attrs=DATE))


class ConfirmForm(BootstrapMixin, forms.Form):
    """确认立案 of a suggested case: its situations, valid for the unit's province and the subject."""

    situations = forms.ModelMultipleChoiceField(TriggerSituation.objects.none(), label=_("问责情形"),
                                                widget=forms.CheckboxSelectMultiple(attrs=CHECKS))

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["situations"].queryset = accountability.situations_for(case.unit.region).filter(
            subject=case.subject_kind)
        self.fields["situations"].label_from_instance = situation_label


class DismissForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("不予问责理由"), max_length=5000, widget=_textarea(2))


CASE_ACTION_FORMS = {"confirm": ConfirmForm, "dismiss": DismissForm, "form_group": GroupForm, "notify": NotifyForm, "hear": HearForm, "approve": ApproveForm,
                     "decide": DecideForm, "aggravate": AggravateForm, "refer": ReferForm,
                     "refer_approval": ReferApprovalForm}


def case_action_form(name, user, case, data=None):
    cls = CASE_ACTION_FORMS[name]
    if cls is ApproveForm:
        return cls(data, user=user, case=case, prefix=name)
    if cls is ConfirmForm:
        return cls(data, case=case, prefix=name)
    return cls(data, prefix=name)


# ---- situation catalogue -------------------------------------------------------------------
class SituationForm(BootstrapMixin, forms.Form):
    """A province's addition to the catalogue (its 细则)."""

    code = forms.CharField(label=_("编号"), max_length=32, help_text=_("例如：CQ01"))
    subject = forms.ChoiceField(label=_("问责对象类别"), choices=SubjectKind.choices)
    title = forms.CharField(label=_("问责情形"), max_length=2000, widget=_textarea(2))
    basis = forms.CharField(label=_("依据"), max_length=200, required=False)
