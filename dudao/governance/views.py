"""督政 pages: government leaders, 督政清单 and their versions, the departments' yearly self-checks
(answers, evidence, submit / verify / return) and the cross-township comparison of a 督政 task. Every
row comes through ``for_user``; services hold the rules; each POST names its API twin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dudao.common.excel import xlsx_response
from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404, user_has_perm
from dudao.common.views import ObjectListView, flash_errors

from . import selectors, services, workflows
from .forms import (
    AnswersForm,
    ChecklistFilterForm,
    ChecklistForm,
    EvidenceForm,
    LeaderFilterForm,
    LeaderForm,
    SelfCheckFilterForm,
    SelfCheckForm,
)
from .models import Checklist, GovernmentLeader, SelfCheck

OP = "dudao_governance_api_"


def _require(user, perm):
    if not user_has_perm(user, perm):
        raise PermissionDenied


def _save(request, form, service, ok_message, **kwargs):
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        obj = service(actor=request.user, **form.cleaned_data, **kwargs)
    except ValidationError as exc:
        form.add_service_errors(exc)
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
    else:
        messages.success(request, ok_message)
        return obj
    return None


def _form_page(request, form, title, cancel_url):
    return render(request, "generic/form.html", {"title": title, "form": form, "cancel_url": cancel_url})


# ---- leaders -----------------------------------------------------------------------------------------
class LeaderListView(ObjectListView):
    model = GovernmentLeader
    title = gettext_lazy("政府领导")
    filter_form = LeaderFilterForm
    export_name = "政府领导"
    add_url_name = "governance:leader_create"
    columns = [
        (gettext_lazy("姓名"), "name"),
        (gettext_lazy("职务"), "post"),
        (gettext_lazy("人民政府"), "unit.name"),
        (gettext_lazy("联系电话"), "phone"),
        (gettext_lazy("任职起始"), "term_start"),
        (gettext_lazy("任职截止"), "term_end"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("unit")

    def can_add(self):
        return user_has_perm(self.request.user, services.ADD_LEADER)


@ui_action(api=OP + "create_leader")
@login_required
def leader_create(request):
    _require(request.user, services.ADD_LEADER)
    form = LeaderForm(request.POST or None, user=request.user, initial={"unit": request.GET.get("unit")})
    if _save(request, form, services.leader_create, _("已登记政府领导")) is not None:
        return redirect("governance:leader_list")
    return _form_page(request, form, _("登记政府领导"), reverse("governance:leader_list"))


# ---- checklists --------------------------------------------------------------------------------------
class ChecklistListView(ObjectListView):
    model = Checklist
    title = gettext_lazy("督政清单")
    filter_form = ChecklistFilterForm
    export_name = "督政清单"
    add_url_name = "governance:checklist_create"
    columns = [
        (gettext_lazy("名称"), "title"),
        (gettext_lazy("成员单位"), "unit.name"),
        (gettext_lazy("版本号"), lambda c: f"{c.version}.0"),
        (gettext_lazy("适用年度"), "year"),
        (gettext_lazy("事项数"), lambda c: c.items.count()),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("unit")

    def can_add(self):
        return user_has_perm(self.request.user, services.ADD_CHECKLIST)


@ui_action(api=OP + "create_checklist")
@login_required
def checklist_create(request):
    _require(request.user, services.ADD_CHECKLIST)
    source = None
    initial = {"year": timezone.localdate().year}
    if request.GET.get("from", "").isdigit():
        source = Checklist.objects.for_user(request.user, "view").filter(pk=request.GET["from"]).first()
        if source is not None:
            initial.update(
                unit=source.unit_id,
                title=source.title,
                basis=source.basis,
                items="\n".join(
                    "｜".join(filter(None, [i.content, i.standard, i.evidence]))
                    for i in source.items.filter(kind="duty")
                ),
            )
    form = ChecklistForm(request.POST or None, user=request.user, initial=initial)
    checklist = _save(request, form, services.checklist_create, _("已发布新版督政清单"), derived_from=source)
    if checklist is not None:
        return redirect(checklist)
    return _form_page(request, form, _("新建督政清单版本"), reverse("governance:checklist_list"))


@login_required
def checklist_detail(request, pk):
    checklist = get_for_user_or_404(
        Checklist.objects.select_related("unit", "derived_from"), request.user, "view", pk=pk
    )
    return render(
        request,
        "governance/checklist_detail.html",
        {
            "title": checklist.title,
            "checklist": checklist,
            "items": checklist.items.all(),
            "versions": Checklist.objects.for_user(request.user, "view").filter(unit=checklist.unit_id),
            "self_checks": SelfCheck.objects.for_user(request.user, "view").filter(checklist=checklist),
            "can_revise": user_has_perm(request.user, services.ADD_CHECKLIST),
        },
    )


# ---- self-checks -------------------------------------------------------------------------------------
class SelfCheckListView(ObjectListView):
    model = SelfCheck
    title = gettext_lazy("督政清单自查")
    filter_form = SelfCheckFilterForm
    export_name = "督政清单自查"
    add_url_name = "governance:selfcheck_create"
    columns = [
        (gettext_lazy("成员单位"), "unit.name"),
        (gettext_lazy("年度"), "year"),
        (gettext_lazy("状态"), "get_status_display"),
        (gettext_lazy("清单版本"), lambda c: f"{c.checklist.version}.0"),
        (
            gettext_lazy("提交时间"),
            lambda c: timezone.localtime(c.submitted_at).strftime("%Y-%m-%d") if c.submitted_at else "",
        ),
        (
            gettext_lazy("核实时间"),
            lambda c: timezone.localtime(c.verified_at).strftime("%Y-%m-%d") if c.verified_at else "",
        ),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "checklist")

    def can_add(self):
        return user_has_perm(self.request.user, services.ADD_SELFCHECK)


@ui_action(api=OP + "create_self_check")
@login_required
def selfcheck_create(request):
    _require(request.user, services.ADD_SELFCHECK)
    form = SelfCheckForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year})
    check = _save(request, form, services.self_check_create, _("已开始自查"))
    if check is not None:
        return redirect(check)
    return _form_page(request, form, _("开始年度自查"), reverse("governance:selfcheck_list"))


def _check(request, pk):
    return get_for_user_or_404(
        SelfCheck.objects.select_related("unit", "checklist", "verified_by"), request.user, "view", pk=pk
    )


@ui_action(api={"answers": OP + "answer_self_check", "evidence": "dudao_attachments_api_upload"})
@login_required
def selfcheck_detail(request, pk):
    check = _check(request, pk)
    if request.GET.get("export") == "xlsx":
        headers, rows = selectors.self_check_sheet(check)
        return xlsx_response(
            filename=str(check),
            sheet_title=_("自查"),
            headers=headers,
            rows=rows,
            object_type="governance.selfcheck",
            filters={"self_check": check.pk},
        )
    lines = selectors.self_check_lines(check)
    can_fill = services.may_fill(request.user, check)
    form = AnswersForm(request.POST or None, lines=lines, initial={"summary": check.summary})
    if request.method == "POST":
        if not can_fill:
            raise PermissionDenied
        if request.POST.get("form") == "evidence":
            evidence = EvidenceForm(request.POST, request.FILES)
            answer = next(
                (a for a in lines if evidence.is_valid() and a.item.number == evidence.cleaned_data["item"]),
                None,
            )
            if answer is None:
                messages.error(request, _("请选择事项和文件"))
            else:
                try:
                    services.self_check_evidence_add(
                        actor=request.user, answer=answer, file=evidence.cleaned_data["file"]
                    )
                except ValidationError as exc:
                    flash_errors(request, exc)
                else:
                    messages.success(request, _("已上传佐证材料"))
            return redirect(check)
        if form.is_valid():
            try:
                services.self_check_answer(
                    actor=request.user,
                    self_check=check,
                    answers=form.answers(),
                    summary=form.cleaned_data["summary"],
                )
            except ValidationError as exc:
                flash_errors(request, exc)
            else:
                messages.success(request, _("已保存"))
                return redirect(check)
    rows = [(a, form[f"result_{a.item.number}"], form[f"note_{a.item.number}"]) for a in lines]
    return render(
        request,
        "governance/selfcheck_detail.html",
        {
            "title": str(check),
            "check": check,
            "rows": rows,
            "form": form,
            "can_fill": can_fill,
            "transitions": workflows.WORKFLOW.available(request.user, check),
            "events": [(e, e.action_label) for e in check.events.select_related("actor")],
            "counts": selectors.answer_counts(check),
        },
    )


@ui_action(api=OP + "run_self_check_transition")
@login_required
@require_POST
def selfcheck_transition(request, pk, name):
    check = _check(request, pk)
    if name not in workflows.SERVICES:
        raise Http404
    try:
        workflows.SERVICES[name](actor=request.user, self_check=check, note=request.POST.get("note", ""))
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("已%(t)s") % {"t": workflows.TRANSITIONS[name].label})
    return redirect(check)


# ---- 督政 tasks and the comparison ---------------------------------------------------------------------
@login_required
def task_list(request):
    """The 督政 tasks the user may see, each with its comparison page."""
    _require(request.user, "inspections.view_supervisiontask")
    tasks = selectors.government_tasks(request.user).order_by("-created_at", "-id")[:200]
    return render(request, "governance/task_list.html", {"title": _("督政任务"), "tasks": tasks})


@login_required
def comparison(request, task_id):
    task = get_for_user_or_404(selectors.government_tasks(request.user), request.user, "view", pk=task_id)
    comp = selectors.comparison(request.user, task)
    if request.GET.get("export") == "xlsx":
        headers, rows = selectors.comparison_sheet(comp)
        return xlsx_response(
            filename=f"{task.title}-横向对比",
            sheet_title=_("横向对比"),
            headers=headers,
            rows=rows,
            object_type="inspections.supervisiontask",
            filters={"task": task.pk},
        )
    return render(
        request, "governance/comparison.html", {"title": _("督政结果横向对比"), "comp": comp, "task": task}
    )
