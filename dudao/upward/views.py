"""Pages of the upper level's evaluation and of 备案: the lists (each exportable to Excel with
``?export=xlsx``), an evaluation's page (progress per member unit, the assignments with overdue and
late ones marked, the split form, the package, the findings, the transitions offered, history), a
self-check's page (answer, score, evidence, the office's review), the filings and the upper
office's inbox. Every POST declares its API twin and calls the same service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dudao.attachments.services import attachment_add, for_owner
from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid, user_has_perm
from dudao.common.views import ObjectListView, flash_errors
from dudao.frameworks.models import Indicator
from dudao.orgs.models import Unit

from . import selectors, services
from .choices import AssignmentStatus, EvaluationStatus, FilingKind, UpwardFilingStatus
from .forms import (
    AssignForm,
    EvaluationForm,
    EvidenceForm,
    FilingForm,
    FindingForm,
    ReviewForm,
    SelfCheckForm,
    TransitionForm,
)
from .hooks import _may_add_evidence, _may_add_filing_file
from .models import EvaluationEvent, Filing, FilingEvent, IndicatorAssignment, UpperEvaluation
from .workflows import ASSIGNMENT, FILING, WORKFLOW

API = "dudao_upward_api_"


def _errors_to_messages(request, form):
    for errors in form.errors.values():
        for e in errors:
            messages.error(request, e)


# ---- evaluations ------------------------------------------------------------------------------
class EvaluationListView(ObjectListView):
    model = UpperEvaluation
    title = gettext_lazy("上级评估")
    export_name = "上级评估"
    columns = [
        (gettext_lazy("评估名称"), "title"),
        (gettext_lazy("被评估地区"), "region.name"),
        (gettext_lazy("评估年度"), "year"),
        (gettext_lazy("报送截止日期"), "deadline"),
        (gettext_lazy("状态"), "get_status_display"),
        (gettext_lazy("评估等次"), "grade"),
    ]
    add_url_name = "upward:evaluation_new"

    def can_add(self):
        return user_has_perm(self.request.user, "upward.add_upperevaluation")

    def get_queryset(self):
        qs = super().get_queryset().select_related("region")
        status = self.request.GET.get("status")
        return qs.filter(status=status) if status in EvaluationStatus.values else qs


@ui_action(api=API + "announce_upper_evaluation")
@login_required
def evaluation_new(request):
    if not user_has_perm(request.user, "upward.add_upperevaluation"):
        raise PermissionDenied
    form = EvaluationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            ev = services.evaluation_announce(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已部署上级评估"))
            return redirect(ev)
    return render(
        request,
        "generic/form.html",
        {"form": form, "title": _("部署上级评估"), "cancel_url": "/upward/evaluations/"},
    )


def _evaluation(request, pk):
    return get_for_user_or_404(
        UpperEvaluation.objects.select_related("region", "version"), request.user, "view", pk=pk
    )


def evaluation_page(request, ev, *, form=None, assign_form=None, finding_form=None, status=200):
    today = timezone.localdate()
    transitions = WORKFLOW.available(request.user, ev)
    if form is None and transitions:
        form = (
            ReviewForm(transitions=transitions)
            if any(t.permission == "review" for t in transitions)
            else TransitionForm(transitions=transitions)
        )
    can_change = WORKFLOW.may(request.user, ev, "change")
    can_review = WORKFLOW.may(request.user, ev, "review")
    assigning = ev.status in services.ASSIGNING and can_change
    rows = list(ev.assignments.select_related("indicator", "unit").order_by("unit__name", "deadline", "id"))
    return render(
        request,
        "upward/evaluation_detail.html",
        {
            "title": str(ev),
            "ev": ev,
            "today": today,
            "form": form,
            "rows": [(a, selectors.is_overdue(a, today)) for a in rows],
            "progress": selectors.unit_progress(ev, today),
            "assign_form": assign_form or (AssignForm(evaluation=ev) if assigning else None),
            "can_compile": assigning and bool(rows),
            "finding_form": finding_form
            or (FindingForm(evaluation=ev) if can_review and ev.status == "submitted" else None),
            "packages": list(for_owner(ev, "package")),
            "findings": list(ev.findings.select_related("unit", "ledger_item", "assignment__indicator")),
            "events": EvaluationEvent.objects.filter(evaluation=ev).select_related("actor"),
        },
        status=status,
    )


@ui_action(api=API + "run_upper_evaluation_transition")
@login_required
def evaluation_detail(request, pk):
    ev = _evaluation(request, pk)
    if request.method != "POST":
        return evaluation_page(request, ev)
    transitions = WORKFLOW.available(request.user, ev)
    if not transitions:
        raise PermissionDenied
    form = ReviewForm(request.POST, transitions=transitions)
    if form.is_valid():
        data = form.cleaned_data
        try:
            WORKFLOW.apply(
                actor=request.user,
                obj=ev,
                name=data["transition"],
                note=data["note"].strip(),
                data={"conclusion": data["conclusion"], "grade": data["grade"]},
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已保存"))
            return redirect(ev)
    return evaluation_page(request, ev, form=form, status=400)


@ui_action(api=API + "assign_upper_indicator")
@login_required
@require_POST
def evaluation_assign(request, pk):
    ev = _evaluation(request, pk)
    if not WORKFLOW.may(request.user, ev, "change"):
        raise PermissionDenied
    form = AssignForm(request.POST, evaluation=ev)
    if form.is_valid():
        indicator = Indicator.objects.filter(pk=form.cleaned_data["indicator"]).first()
        unit = Unit.objects.filter(pk=form.cleaned_data["unit"]).first()
        try:
            services.indicator_assign(
                actor=request.user,
                evaluation=ev,
                indicator=indicator,
                unit=unit,
                deadline=form.cleaned_data["deadline"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已分解指标"))
            return redirect(ev)
    return evaluation_page(request, ev, assign_form=form, status=400)


@ui_action(api=API + "compile_upper_package")
@login_required
@require_POST
def evaluation_compile(request, pk):
    ev = _evaluation(request, pk)
    try:
        services.package_compile(actor=request.user, evaluation=ev)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("已汇编自评材料"))
    return redirect(ev)


@ui_action(api=API + "add_upper_finding")
@login_required
@require_POST
def evaluation_finding(request, pk):
    ev = _evaluation(request, pk)
    if not WORKFLOW.may(request.user, ev, "review"):
        raise PermissionDenied
    form = FindingForm(request.POST, evaluation=ev)
    if form.is_valid():
        data = dict(form.cleaned_data)
        unit = Unit.objects.filter(pk=data.pop("unit")).first()
        assignment = data.pop("assignment")
        assignment = ev.assignments.filter(pk=assignment).first() if assignment else None
        try:
            services.finding_add(actor=request.user, evaluation=ev, unit=unit, assignment=assignment, **data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已反馈问题，纳入责任单位问题台账"))
            return redirect(ev)
    return evaluation_page(request, ev, finding_form=form, status=400)


# ---- assignments ------------------------------------------------------------------------------
def _overdue_label(a):
    if selectors.is_overdue(a, timezone.localdate()):
        return _("逾期未交")
    return _("逾期提交") if a.late else ""


class AssignmentListView(ObjectListView):
    model = IndicatorAssignment
    title = gettext_lazy("指标自查")
    export_name = "指标自查"
    columns = [
        (gettext_lazy("上级评估"), "evaluation.title"),
        (gettext_lazy("指标"), lambda a: f"{a.indicator.code} {a.indicator.name}"),
        (gettext_lazy("责任成员单位"), "unit.name"),
        (gettext_lazy("自查截止日期"), "deadline"),
        (gettext_lazy("状态"), "get_status_display"),
        (gettext_lazy("逾期"), _overdue_label),
        (gettext_lazy("自评分"), "score"),
    ]

    def get_queryset(self):
        return selectors.assignments(
            self.request.user,
            evaluation_id=(self.request.GET.get("evaluation") or "").isdigit()
            and int(self.request.GET["evaluation"])
            or None,
            status=self.request.GET.get("status")
            if self.request.GET.get("status") in AssignmentStatus.values
            else None,
            overdue=self.request.GET.get("overdue") == "1",
            today=timezone.localdate(),
        )


def _assignment(request, pk):
    return get_for_user_or_404(
        IndicatorAssignment.objects.select_related("evaluation__region", "indicator", "unit"),
        request.user,
        "view",
        pk=pk,
    )


def assignment_page(request, a, *, form=None, status=200):
    transitions = ASSIGNMENT.available(request.user, a)
    if form is None and transitions:
        form = SelfCheckForm(transitions=transitions, initial={"answer": a.answer, "score": a.score})
    can_upload = _may_add_evidence(request.user, a, "evidence")
    return render(
        request,
        "upward/assignment_detail.html",
        {
            "title": str(a.indicator),
            "a": a,
            "form": form,
            "overdue": selectors.is_overdue(a, timezone.localdate()),
            "files": list(for_owner(a, "evidence")),
            "can_upload": can_upload,
            "evidence_form": EvidenceForm() if can_upload else None,
            "self_check": any(t.name == "submit" for t in transitions),
        "evaluation_link": UpperEvaluation.objects.for_user(request.user, "view").filter(pk=a.evaluation_id).exists(),
            "events": EvaluationEvent.objects.filter(
                evaluation=a.evaluation, data__assignment=a.pk
            ).select_related("actor"),
        },
        status=status,
    )


@ui_action(api=API + "run_upper_assignment_transition")
@login_required
def assignment_detail(request, pk):
    a = _assignment(request, pk)
    if request.method != "POST":
        return assignment_page(request, a)
    transitions = ASSIGNMENT.available(request.user, a)
    if not transitions:
        raise PermissionDenied
    form = SelfCheckForm(request.POST, transitions=transitions)
    if form.is_valid():
        data = form.cleaned_data
        try:
            ASSIGNMENT.apply(
                actor=request.user,
                obj=a,
                name=data["transition"],
                note=data["note"].strip(),
                data={"answer": data["answer"], "score": data["score"]},
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已保存"))
            return redirect(a)
    return assignment_page(request, a, form=form, status=400)


@ui_action(api="dudao_attachments_api_upload")
@login_required
@require_POST
def assignment_upload(request, pk):
    a = _assignment(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment_add(actor=request.user, owner=a, purpose="evidence", file=form.cleaned_data["file"])
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("已上传佐证材料"))
    else:
        _errors_to_messages(request, form)
    return redirect(a)


# ---- filings ----------------------------------------------------------------------------------
def _due_label(f):
    if f.status == UpwardFilingStatus.FILED and f.due_on < timezone.localdate():
        return _("逾期未确认")
    return ""


FILING_COLUMNS = [
    (gettext_lazy("备案事项"), "title"),
    (gettext_lazy("备案类别"), "get_kind_display"),
    (gettext_lazy("报备地区"), "region.name"),
    (gettext_lazy("报备时间"), "filed_at"),
    (gettext_lazy("应确认日期"), "due_on"),
    (gettext_lazy("状态"), "get_status_display"),
    (gettext_lazy("逾期"), _due_label),
]


class FilingListView(ObjectListView):
    model = Filing
    title = gettext_lazy("备案")
    export_name = "备案"
    columns = FILING_COLUMNS
    add_url_name = "upward:filing_new"

    def can_add(self):
        return user_has_perm(self.request.user, "upward.add_filing")

    def get_queryset(self):
        g = self.request.GET
        return selectors.filings(
            self.request.user,
            status=g.get("status") if g.get("status") in UpwardFilingStatus.values else None,
            kind=g.get("kind") if g.get("kind") in FilingKind.values else None,
            overdue=g.get("overdue") == "1",
            today=timezone.localdate(),
        )


class FilingInboxView(ObjectListView):
    model = Filing
    title = gettext_lazy("备案收件箱")
    export_name = "备案收件箱"
    columns = FILING_COLUMNS
    template_name = "upward/filing_inbox.html"

    def get(self, request, *args, **kwargs):
        if not user_has_perm(request.user, "upward.acknowledge_filing"):
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = selectors.inbox(self.request.user)
        status = self.request.GET.get("status")
        return qs.filter(status=status) if status in UpwardFilingStatus.values else qs


@ui_action(api=API + "create_filing")
@login_required
def filing_new(request):
    if not user_has_perm(request.user, "upward.add_filing"):
        raise PermissionDenied
    form = FilingForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = evaluation = None
            if data["task"]:
                from dudao.inspections.models import SupervisionTask

                task = get_for_user_or_invalid(SupervisionTask, request.user, "task", pk=data["task"])
            if data["evaluation"]:
                evaluation = get_for_user_or_invalid(
                    UpperEvaluation, request.user, "evaluation", pk=data["evaluation"]
                )
            filing = services.filing_create(
                actor=request.user,
                region=data["region"],
                kind=data["kind"],
                title=data["title"],
                summary=data["summary"],
                task=task,
                evaluation=evaluation,
                case_id=data["case"],
                files=[data["file"]] if data["file"] else [],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已报上一级督导机构备案"))
            return redirect(filing)
    return render(
        request,
        "generic/form.html",
        {"form": form, "title": _("报上一级备案"), "multipart": True, "cancel_url": "/upward/filings/"},
    )


def _filing(request, pk):
    return get_for_user_or_404(
        Filing.objects.select_related("region", "to_region", "task", "evaluation"),
        request.user,
        "view",
        pk=pk,
    )


def filing_page(request, f, *, form=None, status=200):
    transitions = FILING.available(request.user, f)
    if form is None and transitions:
        form = TransitionForm(transitions=transitions)
    can_upload = _may_add_filing_file(request.user, f, "files")
    return render(
        request,
        "upward/filing_detail.html",
        {
            "title": f.title,
            "f": f,
            "form": form,
            "files": list(for_owner(f, "files")),
            "can_upload": can_upload,
            "evidence_form": EvidenceForm() if can_upload else None,
            "subject": f.subject,
            "overdue": f.status == UpwardFilingStatus.FILED and f.due_on < timezone.localdate(),
            "events": FilingEvent.objects.filter(filing=f).select_related("actor"),
        },
        status=status,
    )


@ui_action(api=API + "run_filing_transition")
@login_required
def filing_detail(request, pk):
    f = _filing(request, pk)
    if request.method != "POST":
        return filing_page(request, f)
    transitions = FILING.available(request.user, f)
    if not transitions:
        raise PermissionDenied
    form = TransitionForm(request.POST, transitions=transitions)
    if form.is_valid():
        try:
            FILING.apply(
                actor=request.user,
                obj=f,
                name=form.cleaned_data["transition"],
                note=form.cleaned_data["note"].strip(),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已保存"))
            return redirect(f)
    return filing_page(request, f, form=form, status=400)


@ui_action(api="dudao_attachments_api_upload")
@login_required
@require_POST
def filing_upload(request, pk):
    f = _filing(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment_add(actor=request.user, owner=f, purpose="files", file=form.cleaned_data["file"])
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("已上传备案材料"))
    else:
        _errors_to_messages(request, form)
    return redirect(f)
