"""Pages of the plans-and-measures app: plans (list, new, detail with the import upload and a
measure form, the Word report), the import's confirmation page, measures (list, page with its
transitions and the progress form), unit aliases, reform projects and school charters. Each POST
calls the service its API twin calls (``@ui_action``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dudao.attachments.services import for_owner
from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404, user_has_perm
from dudao.common.views import ObjectListView

from . import imports, services
from .choices import CharterStatus, MatchKind, ProjectStatus
from .forms import (
    AliasForm,
    CharterFilterForm,
    CharterForm,
    ImportUploadForm,
    MeasureFilterForm,
    MeasureForm,
    PlanForm,
    ProgressNoteForm,
    ProjectFilterForm,
    ProjectForm,
    ReportForm,
    ResubmitForm,
    TransitionForm,
)
from .models import (
    CharterEvent,
    Measure,
    MeasureEvent,
    MeasureImport,
    Plan,
    ProgressReport,
    ProjectEvent,
    ReformProject,
    SchoolCharter,
    UnitAlias,
)
from .report import measure_rows, render_plan_report
from .selectors import plans as plans_for
from .workflows import CHARTER_WORKFLOW, MEASURE_WORKFLOW, PROJECT_WORKFLOW

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
API = "dudao_measures_api_"


def _units_text(m):
    return "、".join(u.name for u in m.units.all())


# ---- plans --------------------------------------------------------------------------------------------
class PlanListView(ObjectListView):
    model = Plan
    title = gettext_lazy("工作方案")
    export_name = "工作方案"
    add_url_name = "measures:plan_new"
    columns = [
        (gettext_lazy("标题"), "title"),
        (gettext_lazy("类型"), "get_kind_display"),
        (gettext_lazy("年度"), "year"),
        (gettext_lazy("督导机构"), "office.name"),
        (gettext_lazy("来源文件文号"), "source_reference"),
        (gettext_lazy("措施数"), "n_measures"),
    ]

    def get_queryset(self):
        return plans_for(self.request.user)

    def can_add(self):
        return user_has_perm(self.request.user, "measures.add_plan")


@ui_action(api=API + "create_plan")
@login_required
def plan_new(request):
    if not user_has_perm(request.user, "measures.add_plan"):
        raise PermissionDenied
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已创建"))
            return redirect(plan)
    return render(request, "measures/form.html", {"form": form, "title": _("新建工作方案")})


def _plan_page(request, plan, *, upload_form=None, measure_form=None, errors=(), status=200):
    can_change = Plan.objects.for_user(request.user, "change").filter(pk=plan.pk).exists()
    ctx = {
        "plan": plan,
        "rows": measure_rows(plan, timezone.localdate()),
        "title": plan.title,
        "can_change": can_change,
        "import_errors": errors,
        "upload_form": upload_form or (ImportUploadForm() if can_change else None),
        "measure_form": measure_form or (MeasureForm(user=request.user, plan=plan) if can_change else None),
        "pending": plan.imports.filter(committed_at__isnull=True).order_by("-created_at")[:3]
        if can_change
        else (),
    }
    return render(request, "measures/plan_detail.html", ctx, status=status)


@login_required
def plan_detail(request, pk):
    return _plan_page(request, services.get_plan(request.user, pk))


@login_required
def plan_report(request, pk):
    plan = services.get_plan(request.user, pk)
    response = HttpResponse(render_plan_report(plan), content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''report-{plan.pk}.docx"
    return response


@login_required
def import_template(request):
    response = HttpResponse(imports.template(), content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''measures-template.xlsx"
    return response


@ui_action(api=API + "upload_import")
@login_required
@require_POST
def import_upload(request, pk):
    plan = services.get_plan(request.user, pk, "change")
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _plan_page(request, plan, upload_form=form, status=400)
    f = form.cleaned_data["file"]
    imp, errors = services.import_stage(actor=request.user, plan=plan, file=f, filename=f.name)
    if imp is None:
        return _plan_page(request, plan, upload_form=form, errors=errors, status=400)
    return redirect("measures:import_confirm", imp.pk)


@ui_action(api=API + "create_measure")
@login_required
@require_POST
def measure_new(request, pk):
    plan = services.get_plan(request.user, pk, "change")
    form = MeasureForm(request.POST, user=request.user, plan=plan)
    if form.is_valid():
        try:
            services.measure_create(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已添加"))
            return redirect(plan)
    return _plan_page(request, plan, measure_form=form, status=400)


@ui_action(api=API + "commit_import")
@login_required
def import_confirm(request, pk):
    imp = get_for_user_or_404(MeasureImport.objects.select_related("plan"), request.user, "view", pk=pk)
    can_change = MeasureImport.objects.for_user(request.user, "change").filter(pk=imp.pk).exists()
    groups = services.import_groups(imp)
    leads = services.lead_names(imp)
    pool = (
        list(
            services._office_region_units(request.user, imp.plan.region)
            .exclude(kind__in=("school", "kindergarten"))
            .order_by("region_path", "name")
        )
        if can_change
        else []
    )
    errors, status = [], 200
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        choices = {}
        for i, name in enumerate(imp.names):
            value = request.POST.get(f"name-{i}")
            if value is not None:
                choices[name] = value if value != "skip" else ""
        try:
            created = services.import_commit(
                actor=request.user, imp=imp, choices=choices, remember=bool(request.POST.get("remember"))
            )
        except ValidationError as exc:
            errors, status = exc.messages, 400
        else:
            messages.success(request, _("已导入%(n)s项措施") % {"n": len(created)})
            return redirect(imp.plan)
    names = []
    for i, name in enumerate(imp.names):
        info = imp.names[name]
        group = next(g for g in groups[info["kind"]] if g["name"] == name)
        names.append(
            {
                "index": i,
                "name": name,
                "kind": info["kind"],
                "how": info.get("how", ""),
                "lead": name in leads,
                "units": group["units"],
                "candidates": group["candidates"],
                "chosen": request.POST.get(f"name-{i}", ""),
            }
        )
    order = {MatchKind.UNMATCHED: 0, MatchKind.AMBIGUOUS: 1, MatchKind.MATCHED: 2}
    names.sort(key=lambda n: (order[n["kind"]], n["index"]))
    counts = {k: len(v) for k, v in groups.items()}
    return render(
        request,
        "measures/import_confirm.html",
        {
            "imp": imp,
            "names": names,
            "pool": pool,
            "errors": errors,
            "can_change": can_change,
            "counts": counts,
            "title": _("确认单位：%(f)s") % {"f": imp.source_name},
        },
        status=status,
    )


# ---- measures -----------------------------------------------------------------------------------------
class MeasureListView(ObjectListView):
    model = Measure
    title = gettext_lazy("工作措施")
    export_name = "工作措施"
    filter_form = MeasureFilterForm
    columns = [
        (gettext_lazy("序号"), "number"),
        (gettext_lazy("工作内容"), lambda m: m.content[:60]),
        (gettext_lazy("方案"), "plan.title"),
        (gettext_lazy("牵头单位"), "lead_unit.name"),
        (gettext_lazy("责任单位"), _units_text),
        (gettext_lazy("完成时限"), "deadline"),
        (gettext_lazy("报送周期"), "get_cadence_display"),
        (gettext_lazy("状态"), "get_status_display"),
        (gettext_lazy("督办级别"), "supervision_level"),
    ]

    def get_queryset(self):
        qs = super().get_queryset().select_related("lead_unit", "plan").prefetch_related("units")
        plan = self.request.GET.get("plan")
        return qs.filter(plan_id=plan) if plan and plan.isdigit() else qs


def _measure_page(request, m, *, form=None, report_form=None, status=200):
    transitions = MEASURE_WORKFLOW.available(request.user, m)
    units = services.reporting_units(request.user, m) if services.may_report(request.user, m) else []
    reports = [
        (r, list(for_owner(r)))
        for r in ProgressReport.objects.for_user(request.user, "view")
        .filter(measure=m)
        .select_related("unit")
    ]
    ctx = {
        "m": m,
        "title": str(m),
        "events": MeasureEvent.objects.filter(measure=m).select_related("actor"),
        "form": form or (TransitionForm(transitions=transitions) if transitions else None),
        "report_form": report_form or (ReportForm(units=units) if units else None),
        "reports": reports,
        "period": services.period_of(m.cadence, timezone.localdate()),
        "overdue": m.is_overdue(timezone.localdate()),
    }
    return render(request, "measures/measure_detail.html", ctx, status=status)


def _step(request, workflow, obj, page):
    """POST of a detail page's transition form: the chosen step through the kernel, or the page
    again with the form's errors (400)."""
    transitions = workflow.available(request.user, obj)
    if not transitions:
        raise PermissionDenied
    form = TransitionForm(request.POST, transitions=transitions)
    if form.is_valid():
        try:
            workflow.apply(actor=request.user, obj=obj, name=form.cleaned_data["transition"],
                           note=form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已保存"))
            return redirect(obj)
    return page(request, obj, form=form, status=400)


def _measure(request, pk):
    return get_for_user_or_404(
        Measure.objects.select_related("plan", "lead_unit"), request.user, "view", pk=pk
    )


@ui_action(api=API + "measure_transition")
@login_required
def measure_detail(request, pk):
    m = _measure(request, pk)
    if request.method != "POST":
        return _measure_page(request, m)
    return _step(request, MEASURE_WORKFLOW, m, _measure_page)


@ui_action(api=API + "create_report")
@login_required
@require_POST
def measure_report(request, pk):
    m = _measure(request, pk)
    units = services.reporting_units(request.user, m)
    if not units:
        raise PermissionDenied
    form = ReportForm(request.POST, request.FILES, units=units)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.report_add(
                actor=request.user,
                measure=m,
                unit=d["unit"],
                content=d["content"],
                percent=d["percent"],
                files=d["files"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已报送"))
            return redirect(m)
    return _measure_page(request, m, report_form=form, status=400)


# ---- aliases ------------------------------------------------------------------------------------------
class AliasListView(ObjectListView):
    model = UnitAlias
    title = gettext_lazy("单位别名")
    export_name = "单位别名"
    add_url_name = "measures:alias_new"
    columns = [
        (gettext_lazy("简称或别名"), "alias"),
        (gettext_lazy("单位"), "unit.name"),
        (gettext_lazy("行政区划"), "region.name"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "region")

    def can_add(self):
        return user_has_perm(self.request.user, "measures.add_unitalias")


@ui_action(api=API + "create_alias")
@login_required
def alias_new(request):
    if not user_has_perm(request.user, "measures.add_unitalias"):
        raise PermissionDenied
    form = AliasForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        try:
            services.alias_create(
                actor=request.user, region=unit.region, alias=form.cleaned_data["alias"], unit=unit
            )
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, PermissionDenied):
                raise
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已添加"))
            return redirect("measures:alias_list")
    return render(request, "measures/form.html", {"form": form, "title": _("添加单位别名")})


# ---- reform projects ----------------------------------------------------------------------------------
class ProjectListView(ObjectListView):
    model = ReformProject
    title = gettext_lazy("教育改革项目")
    export_name = "教育改革项目"
    add_url_name = "measures:project_new"
    filter_form = ProjectFilterForm
    columns = [
        (gettext_lazy("项目名称"), "title"),
        (gettext_lazy("申报单位"), "applicant.name"),
        (gettext_lazy("改革领域"), "field"),
        (gettext_lazy("申报年度"), "year"),
        (gettext_lazy("状态"), "get_status_display"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("applicant")

    def can_add(self):
        return user_has_perm(self.request.user, "measures.add_reformproject")


@ui_action(api=API + "create_project")
@login_required
def project_new(request):
    if not user_has_perm(request.user, "measures.add_reformproject"):
        raise PermissionDenied
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            p = services.project_apply(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已申报"))
            return redirect(p)
    return render(request, "measures/form.html", {"form": form, "title": _("申报教育改革项目")})


def _project_page(request, p, *, form=None, note_form=None, status=200):
    transitions = PROJECT_WORKFLOW.available(request.user, p)
    may_note = p.status == ProjectStatus.APPROVED and PROJECT_WORKFLOW.may(request.user, p, "supervise")
    return render(
        request,
        "measures/project_detail.html",
        {
            "p": p,
            "title": p.title,
            "events": ProjectEvent.objects.filter(project=p).select_related("actor"),
            "form": form or (TransitionForm(transitions=transitions) if transitions else None),
            "note_form": note_form or (ProgressNoteForm() if may_note else None),
        },
        status=status,
    )


def _project(request, pk):
    return get_for_user_or_404(ReformProject.objects.select_related("applicant"), request.user, "view", pk=pk)


@ui_action(api=API + "project_transition")
@login_required
def project_detail(request, pk):
    p = _project(request, pk)
    if request.method != "POST":
        return _project_page(request, p)
    return _step(request, PROJECT_WORKFLOW, p, _project_page)


@ui_action(api=API + "project_progress")
@login_required
@require_POST
def project_note(request, pk):
    p = _project(request, pk)
    form = ProgressNoteForm(request.POST)
    if form.is_valid():
        try:
            services.project_progress(actor=request.user, project=p, note=form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已记录"))
            return redirect(p)
    return _project_page(request, p, note_form=form, status=400)


# ---- charters -----------------------------------------------------------------------------------------
class CharterListView(ObjectListView):
    model = SchoolCharter
    title = gettext_lazy("学校章程")
    export_name = "学校章程"
    add_url_name = "measures:charter_new"
    filter_form = CharterFilterForm
    columns = [
        (gettext_lazy("章程名称"), "title"),
        (gettext_lazy("学校"), "school.name"),
        (gettext_lazy("状态"), "get_status_display"),
        (gettext_lazy("备案日期"), "filed_on"),
        (gettext_lazy("报送时间"), "created_at"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("school")

    def can_add(self):
        return user_has_perm(self.request.user, "measures.submit_schoolcharter")


@ui_action(api=API + "create_charter")
@login_required
def charter_new(request):
    if not user_has_perm(request.user, "measures.submit_schoolcharter"):
        raise PermissionDenied
    form = CharterForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            c = services.charter_submit(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已报送"))
            return redirect(c)
    return render(
        request, "measures/form.html", {"form": form, "title": _("报送学校章程"), "multipart": True}
    )


def _charter_page(request, c, *, form=None, resubmit_form=None, status=200):
    transitions = CHARTER_WORKFLOW.available(request.user, c)
    may_resubmit = c.status == CharterStatus.RETURNED and CHARTER_WORKFLOW.may(request.user, c, "submit")
    return render(
        request,
        "measures/charter_detail.html",
        {
            "c": c,
            "title": c.title,
            "files": list(for_owner(c)),
            "events": CharterEvent.objects.filter(charter=c).select_related("actor"),
            "form": form or (TransitionForm(transitions=transitions) if transitions else None),
            "resubmit_form": resubmit_form or (ResubmitForm() if may_resubmit else None),
        },
        status=status,
    )


def _charter(request, pk):
    return get_for_user_or_404(SchoolCharter.objects.select_related("school"), request.user, "view", pk=pk)


@ui_action(api=API + "charter_transition")
@login_required
def charter_detail(request, pk):
    c = _charter(request, pk)
    if request.method != "POST":
        return _charter_page(request, c)
    return _step(request, CHARTER_WORKFLOW, c, _charter_page)


@ui_action(api=API + "charter_resubmit")
@login_required
@require_POST
def charter_resubmit(request, pk):
    c = _charter(request, pk)
    form = ResubmitForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.charter_resubmit(
                actor=request.user, charter=c, file=form.cleaned_data["file"], note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已重新报送"))
            return redirect(c)
    return _charter_page(request, c, resubmit_form=form, status=400)
