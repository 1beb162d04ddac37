"""Forms of a ledger item's page (E4, E11–E13): one per rectification transition, extension
request and decision, rebound, routing, a department's action and a 督办 to issue.

Fields are named as the services name them, so a service's ValidationError lands on the field
the user typed into. Fields the services require are not ``required`` here: the service is the
one place the rule lives and gives the Chinese message; ``mandatory`` only marks them in the page."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dudao.attachments.forms import MultipleFileField
from dudao.common.forms import BootstrapMixin
from dudao.inspections.choices import Routing
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import Unit

from .choices import RecheckMethod

METHODS = [("", _("请选择"))] + list(RecheckMethod.choices)


def _text(label, rows=3, **kw):
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), **kw)


def _date(label, **kw):
    return forms.DateField(label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}), **kw)


class ItemForm(BootstrapMixin, forms.Form):
    """Base: ``mandatory`` names the fields the service requires; ``service_data()`` the
    arguments for the service (blank optional values left out)."""

    mandatory: tuple = ()
    submit_label = _("提交")
    #: ``<purpose>_files`` fields carry files; ``service_data`` gathers them as ``files``.
    has_files = False

    def service_data(self) -> dict:
        data, files = {}, {}
        for k, v in self.cleaned_data.items():
            if k.endswith("_files"):
                if v:
                    files[k.removesuffix("_files")] = v
            elif v not in ("", None):
                data[k] = v
        if files:
            data["files"] = files
        return data


def _files(label, **kw):
    return MultipleFileField(label=label, help_text=_("可选多个文件：照片（JPG、PNG、WEBP）、PDF、Word、Excel"),
                             **kw)


class SubmitPlanForm(ItemForm):
    mandatory = ("plan",)
    has_files = True
    plan = _text(_("整改方案"), rows=4, max_length=10000)
    plan_files = _files(_("整改方案附件"))


class AcceptPlanForm(ItemForm):
    note = forms.CharField(label=_("意见"), required=False, max_length=2000)


class ReturnPlanForm(ItemForm):
    mandatory = ("reason",)
    reason = _text(_("退回理由"), max_length=5000, help_text=_("写明方案哪里不足，学校修改后重新报送"))


class ReportForm(ItemForm):
    mandatory = ("report",)
    has_files = True
    report = _text(_("整改情况报告"), rows=4, max_length=10000)
    report_files = _files(_("整改情况报告附件"))
    evidence = _text(_("整改佐证材料"), rows=2, max_length=10000,
                     help_text=_("佐证材料须有文字说明或至少一个文件"))
    evidence_files = _files(_("佐证材料文件（照片等）"))


class RecheckNoteForm(ItemForm):
    submit_label = _("记录复查情况")
    has_files = True
    note = _text(_("复查情况"), max_length=5000, help_text=_("填写复查情况或上传照片（至少一项）"))
    recheck_files = MultipleFileField(label=_("复查照片"), accept="image/*", capture="environment")


class BeginRecheckForm(ItemForm):
    mandatory = ("method",)
    method = forms.ChoiceField(label=_("复查方式"), required=False, choices=METHODS)
    note = forms.CharField(label=_("说明"), required=False, max_length=2000)


class CloseForm(ItemForm):
    mandatory = ("conclusion",)
    conclusion = _text(_("复查结论"), max_length=5000)


class ReturnForm(ItemForm):
    mandatory = ("conclusion", "deadline")
    conclusion = _text(_("退回理由"), max_length=5000)
    deadline = _date(_("新整改期限"))


#: The form of each transition in ``workflows.TRANSITIONS``.
TRANSITION_FORMS = {
    "submit_plan": SubmitPlanForm, "accept_plan": AcceptPlanForm, "return_plan": ReturnPlanForm, "report": ReportForm,
    "begin_recheck": BeginRecheckForm, "close": CloseForm, "return": ReturnForm,
}


class ExtensionRequestForm(ItemForm):
    mandatory = ("requested_deadline", "reason")
    submit_label = _("申请延期")
    requested_deadline = _date(_("申请延期至"))
    reason = _text(_("延期理由"), max_length=5000)

    def service_data(self) -> dict:  # the service reports a missing date on its own field
        return {"requested_deadline": self.cleaned_data.get("requested_deadline"),
                "reason": self.cleaned_data.get("reason", "")}


class ExtensionDecisionForm(ItemForm):
    note = forms.CharField(label=_("审批意见"), required=False, max_length=2000,
                           help_text=_("不同意时须写明理由"))

    def service_data(self) -> dict:
        return {"note": self.cleaned_data.get("note", "")}


class ReboundForm(ItemForm):
    mandatory = ("method", "description", "requirement", "deadline")
    submit_label = _("登记问题反弹")
    method = forms.ChoiceField(label=_("发现方式"), required=False, choices=METHODS)
    description = _text(_("反弹情况"), max_length=5000)
    requirement = _text(_("整改要求"), max_length=5000)
    deadline = _date(_("整改期限"))

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


def department_choices(user, item):
    """Departments the office may name for a 大事 (E12): visible to the user, active, in the
    item's region, a region above it or one below it (the rule ``routing.item_route`` checks)."""
    parts = [p for p in item.region_path.strip("/").split("/") if p]
    ancestors = ["/" + "/".join(parts[:n]) + "/" for n in range(1, len(parts) + 1)]
    return (Unit.objects.for_user(user, "view").filter(kind=UnitKind.DEPARTMENT, is_active=True)
            .filter(Q(region_path__in=ancestors) | Q(region_path__startswith=item.region_path))
            .order_by("region_path", "name"))


class RouteForm(ItemForm):
    """三事分流 (E12): 小事 to the school's own office, 难事 to the supervision office, 大事 with
    linked departments and a deadline (and the 教育纠纷调解站 when it is a dispute, E13)."""

    mandatory = ("routing",)
    submit_label = _("保存分流")
    routing = forms.ChoiceField(label=_("办理分类"), choices=Routing.choices)
    departments = forms.ModelMultipleChoiceField(label=_("联动部门（大事）"), required=False,
                                                 queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple)
    task = _text(_("联动部门承办事项（大事）"), rows=2, max_length=5000)
    action_deadline = _date(_("联动办理期限（大事）"))
    dispute = forms.BooleanField(label=_("属于教育纠纷，转调解站"), required=False)
    mediation_unit = forms.ModelChoiceField(label=_("教育纠纷调解站"), required=False, queryset=Unit.objects.none(),
                                            empty_label=_("请选择"))

    def __init__(self, *args, user=None, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = department_choices(user, item)
        self.fields["departments"].queryset = units
        self.fields["departments"].widget.attrs["class"] = "form-check-input"
        self.fields["mediation_unit"].queryset = units
        if item is not None and not self.is_bound:
            self.initial.setdefault("routing", item.routing)

    def service_data(self) -> dict:
        d = self.cleaned_data
        return {"routing": d["routing"], "departments": list(d.get("departments") or []),
                "action_deadline": d.get("action_deadline"), "task": d.get("task", ""),
                "dispute": bool(d.get("dispute")), "mediation_unit": d.get("mediation_unit")}


class ActionCompleteForm(ItemForm):
    mandatory = ("result",)
    submit_label = _("办结")
    result = _text(_("办理结果"), rows=2, max_length=5000)

    def service_data(self) -> dict:
        return {"result": self.cleaned_data.get("result", "")}


class OrderIssueForm(ItemForm):
    submit_label = _("签发督办通知")
    requirements = _text(_("督办要求"), rows=2, max_length=5000, help_text=_("每行一条；留空则沿用整改要求"))

    def service_data(self) -> dict:
        lines = [line.strip() for line in self.cleaned_data.get("requirements", "").splitlines()]
        return {"requirements": [line for line in lines if line]}
