"""Pages: the task board, task detail with a tab per step, a target's scoring / self-evaluation /
objection page, the 公文 previews, regular visits (phone first), the inspector's today page,
visit compliance and a unit's history. The problems a task's team or a visit finds are recorded
here (``problems.record``) and shown from the problem ledger (``ledger_items`` of the task, target
or visit). Every row comes through ``for_user``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dudao.common import exports
from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404, region_in_scope, user_has_perm
from dudao.common.views import flash_errors, run_service
from dudao.documents.selectors import documents_for_object
from dudao.inspectors.models import Posting
from dudao.orgs.models import Unit
from dudao.regions.selectors import default_region

from . import documents, problems, selectors, services, workflows
from .choices import ChecklistItem, FilingStatus, TaskStatus
from .forms import (
    OpinionForm,
    PlanForm,
    ProblemForm,
    TargetForm,
    TaskBoardForm,
    TaskForm,
    TeamForm,
    VisitForm,
)
from .models import RegularVisit, SupervisionTask, TaskTarget, TeamMember, WorkPlan
from .visit_filters import ComplianceFilterForm, VisitFilterForm

CHANGE = "inspections.change_supervisiontask"
OP = "dudao_inspections_api_"  # the API twins' operationIds (dudao.common.parity)
PROC = "dudao_inspections_api_procedure_"
TABS = ("overview", "targets", "team", "self_evaluation", "on_site", "findings", "documents", "history")


_errors = flash_errors
_run = run_service


def _task(request, pk, action="view"):
    return get_for_user_or_404(SupervisionTask.objects.select_related("region", "office", "framework_version"),
                               request.user, action, pk=pk)


def _target(request, pk, action="view"):
    target = get_for_user_or_404(TaskTarget.objects.select_related("task__region", "unit"), request.user, action,
                                 pk=pk)
    # a 暗访 task stays hidden from its target until reported
    if not SupervisionTask.objects.for_user(request.user, "view").filter(pk=target.task_id).exists():
        raise Http404
    return target


#: Stages of the procedure (the board's ``stage`` filter and the dashboards' task table).
TASK_STAGES = {
    "draft": (TaskStatus.DRAFT,),
    "active": (TaskStatus.NOTIFIED, TaskStatus.SELF_EVALUATION, TaskStatus.ON_SITE, TaskStatus.PRELIMINARY_OPINION,
               TaskStatus.OBJECTION_WINDOW, TaskStatus.OPINION_LETTER, TaskStatus.REPORT),
    "done": (TaskStatus.PUBLISHED, TaskStatus.ARCHIVED),
}


@login_required
def task_board(request):
    """Tasks by state (a column per step of the procedure)."""
    tasks = SupervisionTask.objects.for_user(request.user, "view").select_related("region")
    form = TaskBoardForm(request.GET or None, user=request.user)
    d = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if d.get("kind"):
        tasks = tasks.filter(kind=d["kind"])
    tasks = selectors.tasks_started_between(tasks, d.get("started_from"), d.get("started_to"))
    # a region in the user's scope (with the regions below it) and a stage (the dashboards' links)
    region_id = request.GET.get("region")
    if region_id:
        from dudao.common.scoping import regions_in_scope

        region = regions_in_scope(request.user, "inspections.view_supervisiontask").filter(
            pk=int(region_id) if region_id.isdigit() else 0).first()
        if region is None:
            raise Http404
        tasks = tasks.filter(region_path__startswith=region.path)
    if d.get("stage") in TASK_STAGES:
        tasks = tasks.filter(status__in=TASK_STAGES[d["stage"]])
    columns = {s: [] for s in TaskStatus.values}
    for task in tasks[:500]:
        columns[task.status].append(task)
    return render(request, "inspections/task_board.html", {
        "title": _("督导任务"), "columns": [(s, TaskStatus(s).label, columns[s]) for s in TaskStatus.values],
        "form": form, "region_id": region_id if region_id and region_id.isdigit() else "",
        "can_add": user_has_perm(request.user, "inspections.add_supervisiontask"),
    })


@ui_action(api=OP + "create_tenure_task")
@login_required
@require_POST
def tenure_task_create(request, tenure_id):
    """From the due list: the tenure-end comprehensive supervision of a principal in one step (C5)."""
    from dudao.schools.models import PrincipalTenure

    tenure = get_for_user_or_404(PrincipalTenure.objects.select_related("school"), request.user, "view", pk=tenure_id)
    try:
        task = services.tenure_task_create(actor=request.user, tenure=tenure)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", None) or [str(exc)]))
        return redirect("schools:principals_due")
    messages.success(request, _("已创建任务：%(t)s，请确定督导组后发出通知") % {"t": task.title})
    return redirect(f"{task.get_absolute_url()}?tab=team")


@login_required
def filings(request):
    """条例 Art. 23: the reports the offices one level down filed with this office, to acknowledge."""
    if not user_has_perm(request.user, "inspections.acknowledge_supervisiontask"):
        raise PermissionDenied
    status = request.GET.get("status", FilingStatus.FILED)
    if status not in (FilingStatus.FILED, FilingStatus.ACKNOWLEDGED):
        status = FilingStatus.FILED
    page = Paginator(selectors.filings(request.user, status), 50).get_page(request.GET.get("page"))
    return render(request, "inspections/filings.html", {
        "title": _("下级督导报告备案"), "page": page, "status": status,
        "statuses": [(FilingStatus.FILED, _("待确认")), (FilingStatus.ACKNOWLEDGED, _("已确认"))]})


@login_required
def cycles(request):
    """条例 Art. 14 cycles: the schools due for a 综合督导 and the lower governments due for a 督政."""
    if not user_has_perm(request.user, "inspections.view_supervisiontask"):
        raise PermissionDenied
    cycle = request.GET.get("cycle", "school")
    if cycle not in selectors.CYCLES:
        cycle = "school"
    show_all = request.GET.get("all") == "1"
    today = timezone.localdate()
    rows = selectors.cycle_due(request.user, cycle, today, within_days=None if show_all else 365)
    return render(request, "inspections/cycles.html", {
        "title": _("督导周期"), "rows": rows, "cycle": cycle, "show_all": show_all, "today": today,
        "overdue": sum(r.overdue(today) for r in rows),
        "cycles": [("school", _("学校综合督导（每3至5年）")), ("government", _("督政（每5年至少一次）"))]})


@ui_action(api=OP + "create_task")
@login_required
def task_create(request):
    if not user_has_perm(request.user, "inspections.add_supervisiontask"):
        raise PermissionDenied
    form = TaskForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            task = services.task_create(actor=request.user, **data)
        except ValidationError as exc:
            for field, msgs in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, msgs)
        except PermissionDenied as exc:
            form.add_error("office", str(exc))
        else:
            messages.success(request, _("已创建督导任务"))
            return redirect(task)
    return render(request, "generic/form.html", {"title": _("新建督导任务"), "form": form})


@ui_action(api=OP + "update_task")
@login_required
def task_edit(request, pk):
    """Change a draft's particulars."""
    task = _task(request, pk, "change")
    form = TaskForm(request.POST or None, instance=task, user=request.user)
    form.fields.pop("office")
    form.fields.pop("kind")
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in services.tasks.EDITABLE_FIELDS}
        try:
            services.task_update(actor=request.user, task=task, **data)
        except ValidationError as exc:
            for field, msgs in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, msgs)
        else:
            messages.success(request, _("已保存"))
            return redirect(task)
    return render(request, "generic/form.html", {"title": _("修改督导任务"), "form": form,
                                                 "cancel_url": task.get_absolute_url()})


@login_required
def task_detail(request, pk):
    task = _task(request, pk)
    tab = request.GET.get("tab", "overview")
    if tab not in TABS:
        tab = "overview"
    can_change = region_in_scope(request.user, CHANGE, task.region)
    targets = list(_visible_targets(request.user, task).select_related("result_version"))
    ctx = {
        "title": task.title, "task": task, "tab": tab, "tabs": TABS, "targets": targets,
        "team": task.team.select_related("inspector"), "can_change": can_change,
        "transitions": workflows.available(request.user, task),
        "events": selectors.task_events(task, request.user),
        "problems": _problems(request.user, task),
        "files": selectors.task_files(task, request.user),
        "doc_kinds": documents.KINDS,
    }
    if task.status == TaskStatus.ON_SITE and any(t.name == "send_preliminary_opinion" for t in ctx["transitions"]):
        ctx["missing_opinions"] = workflows.missing_opinions(task)
    if can_change and task.status == TaskStatus.DRAFT:
        ctx["target_form"] = TargetForm(user=request.user, task=task)
        ctx["team_form"] = TeamForm(user=request.user, task=task)
        ctx["burden"] = selectors.burden_overview(task)
        ctx["merge"] = selectors.merge_suggestions(task)
    return render(request, "inspections/task_detail.html", ctx)


@ui_action(api=OP + "add_target")
@login_required
@require_POST
def task_target_add(request, pk):
    task = _task(request, pk, "change")
    form = TargetForm(request.POST, user=request.user, task=task)
    if form.is_valid():
        _run(request, services.task_target_add, _("已添加被督导单位"), task=task, unit=form.cleaned_data["unit"],
             override_reason=form.cleaned_data["override_reason"])
    else:
        messages.error(request, _("请选择被督导单位"))
    return redirect(f"{task.get_absolute_url()}?tab=targets")


@ui_action(api=OP + "add_team_member")
@login_required
@require_POST
def task_team_add(request, pk):
    task = _task(request, pk, "change")
    form = TeamForm(request.POST, user=request.user, task=task)
    if form.is_valid():
        _run(request, services.team_member_add, _("已加入督导组"), task=task, **form.cleaned_data)
    else:
        messages.error(request, _("请选择督学和职责"))
    return redirect(f"{task.get_absolute_url()}?tab=team")


@ui_action(api=PROC + "remove_target")
@login_required
@require_POST
def task_target_remove(request, pk):
    target = get_for_user_or_404(TaskTarget.objects.select_related("task"), request.user, "change", pk=pk)
    _run(request, services.task_target_remove, _("已移除被督导单位"), target=target)
    return redirect(f"{target.task.get_absolute_url()}?tab=targets")


@ui_action(api=PROC + "remove_team_member")
@login_required
@require_POST
def team_member_remove(request, pk):
    member = get_for_user_or_404(TeamMember.objects.select_related("task"), request.user, "change", pk=pk)
    _run(request, services.team_member_remove, _("已移出督导组"), member=member)
    return redirect(f"{member.task.get_absolute_url()}?tab=team")


@ui_action(api=OP + "run_transition")
@login_required
@require_POST
def task_transition(request, pk, name):
    task = _task(request, pk, "change")
    if name not in workflows.TRANSITIONS:
        raise Http404
    data = {key: request.POST[key] for key in ("opinion_override", "date_override") if request.POST.get(key)}
    _run(request, workflows.SERVICES[name], _("已办理：%(t)s") % {"t": workflows.TRANSITIONS[name].label},
         task=task, note=request.POST.get("note", ""), **data)
    if request.POST.get("next") == "filings":
        return redirect("inspections:filings")
    return redirect(task)


@ui_action(api=PROC + "write_report_summary")
@login_required
@require_POST
def task_report(request, pk):
    task = _task(request, pk, "change")
    _run(request, services.task_set_report, _("已保存报告概述"), task=task, summary=request.POST.get("summary", ""))
    return redirect(f"{task.get_absolute_url()}?tab=documents")


@ui_action(api=PROC + "issue_task_documents")
@login_required
@require_POST
def task_document_issue(request, pk, kind):
    """签发 (Word/PDF) through the documents module."""
    task = _task(request, pk, "change")
    if kind not in documents.KINDS:
        raise Http404
    try:
        docs = documents.task_documents_issue(actor=request.user, task=task, kind=kind)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except PermissionDenied:
        messages.error(request, _("无权签发文书"))
    else:
        messages.success(request, _("已签发%(n)s份文书") % {"n": len(docs)})
    return redirect("inspections:task_document", pk=task.pk, kind=kind)


def _visible_targets(user, task):
    """The task's targets ``user`` may see: all for the office, its own for a target unit."""
    return TaskTarget.objects.for_user(user, "view").filter(task=task).select_related("unit").order_by("id")


@login_required
def task_document(request, pk, kind):
    """HTML preview / print view of a 公文 assembled from the task's data."""
    task = _task(request, pk)
    if kind not in documents.KINDS:
        raise Http404
    return render(request, "inspections/document.html", {
        "title": documents.KINDS[kind], "task": task, "kind": kind,
        "doc": documents.assemble(task, kind, targets=_visible_targets(request.user, task)),
        "print": request.GET.get("print") == "1",
        "issued": documents_for_object(request.user, task),
        "can_issue": user_has_perm(request.user, "documents.add_issueddocument"),
    })


def _leaf_rows(target):
    from dudao.frameworks.selectors import indicator_tree

    version = target.task.framework_version
    if version is None:
        return []
    scores = {s.code: s for s in target.scores.all()}
    rows = []

    def walk(nodes, depth):
        for n in nodes:
            ind = n.indicator
            rows.append({"indicator": ind, "depth": depth, "leaf": not n.children, "score": scores.get(ind.code)})
            walk(n.children, depth + 1)

    walk(indicator_tree(version), 0)
    return rows


def _number(raw: str):
    """A typed number as a JSON number (the engine refuses anything that is not one)."""
    for cast in (int, float):
        try:
            return cast(raw)
        except ValueError:
            continue
    return raw


def _parse_results(post, rows, prefix="score"):
    results, notes = {}, {}
    for row in rows:
        ind = row["indicator"]
        raw = (post.get(f"{prefix}-{ind.code}") or "").strip()
        if not row["leaf"] or not raw:
            continue
        if ind.method == "yes_no":
            results[ind.code] = raw in ("是", "true", "1", "yes")
        elif ind.method == "quantitative":
            value = {"value": _number(raw)}
            if post.get("stage"):
                value["stage"] = post["stage"]
            results[ind.code] = value
        elif ind.method == "points":
            results[ind.code] = _number(raw)
        else:
            results[ind.code] = raw
        if post.get(f"note-{ind.code}"):
            notes[ind.code] = post[f"note-{ind.code}"]
    return results, notes


@ui_action(api={
    "scores": OP + "record_scores", "evaluation": PROC + "write_evaluation",
    "self_evaluation": OP + "submit_self_evaluation", "review": PROC + "review_self_evaluation",
    "objection": OP + "submit_objection", "objection_on_behalf": PROC + "record_objection_on_behalf",
    "opinion": PROC + "add_opinion", "opinion_delete": PROC + "delete_opinion", "file": PROC + "upload_task_file",
    "problem": OP + "record_target_problem"})
@login_required
def target_detail(request, pk):
    """One target: self-evaluation (the unit), scoring and opinion records (the team), objection."""
    target = _target(request, pk)
    task = target.task
    rows = _leaf_rows(target)
    if request.method == "POST":
        form_name = request.POST.get("form")
        try:
            if form_name == "scores":
                results, notes = _parse_results(request.POST, rows)
                services.score_record(actor=request.user, target=target, results=results, notes=notes)
            elif form_name == "evaluation":
                services.target_evaluate(actor=request.user, target=target,
                                         evaluation=request.POST.get("evaluation", ""),
                                         colour=request.POST.get("colour", ""))
            elif form_name == "self_evaluation":
                own, _notes = _parse_results(request.POST, rows, prefix="self")
                services.self_evaluation_submit(actor=request.user, target=target,
                                                report=request.POST.get("report", ""), scores=own or None,
                                                files=request.FILES.getlist("files"))
            elif form_name == "review":
                services.self_evaluation_review(actor=request.user, target=target,
                                                decision=request.POST.get("decision", "approve"),
                                                reason=request.POST.get("reason", ""))
            elif form_name == "objection":
                services.objection_submit(actor=request.user, target=target, text=request.POST.get("text", ""),
                                          waive=request.POST.get("waive") == "1")
            elif form_name == "objection_on_behalf":
                services.objection_record(actor=request.user, target=target, state=request.POST.get("state", ""),
                                          text=request.POST.get("text", ""), note=request.POST.get("note", ""))
            elif form_name == "opinion_delete":
                raw = request.POST.get("opinion", "")
                record = target.opinions.filter(pk=raw).first() if raw.isdigit() else None
                if record is None:
                    raise ValidationError({"opinion": _("记录不存在")})
                services.opinion_record_delete(actor=request.user, record=record)
            elif form_name == "opinion":
                form = OpinionForm(request.POST)
                if not form.is_valid():
                    raise ValidationError({"summary": _("请完整填写座谈或问卷记录")})
                services.opinion_record_add(actor=request.user, target=target, **form.cleaned_data)
            elif form_name == "file":
                if "file" not in request.FILES:
                    raise ValidationError({"file": _("请选择文件")})
                services.task_file_add(actor=request.user, task=task, target=target, file=request.FILES["file"],
                                       kind=request.POST.get("kind", "photo"), caption=request.POST.get("caption", ""))
            elif form_name == "problem":
                form = ProblemForm(request.POST, user=request.user, region=target.unit.region, unit=target.unit)
                if not form.is_valid():
                    raise ValidationError({"description": _("请完整填写问题、整改要求和期限")})
                problems.record(actor=request.user, target=target, **form.cleaned_data)
            else:
                raise Http404
        except ValidationError as exc:
            _errors(request, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc) or _("无权操作"))
        else:
            messages.success(request, _("已保存"))
            return redirect("inspections:target_detail", pk=target.pk)
    from .services._common import acts_for_unit
    from .services.tasks import _is_team_member

    can_score = region_in_scope(request.user, CHANGE, task.region) or _is_team_member(request.user, task)
    return render(request, "inspections/target_detail.html", {
        "title": str(target.unit), "target": target, "task": task, "rows": rows, "can_score": can_score,
        "can_record": can_score and task.status in problems.RECORDING_STATES,
        "is_unit": acts_for_unit(request.user, "inspections.respond_supervisiontask", target.unit),
        "can_record_objection": task.status == TaskStatus.OBJECTION_WINDOW
        and region_in_scope(request.user, CHANGE, task.region),
        "opinion_form": OpinionForm(), "problem_form": ProblemForm(user=request.user, region=target.unit.region, unit=target.unit),
        "opinions": target.opinions.all(), "files": selectors.task_files_of_target(target),
        "problems": _problems(request.user, target),
    })


def _problems(user, source):
    """The problems of a task, target or visit the user may see (the unit never sees drafts)."""
    return source.ledger_items.for_user(user, "view").select_related("unit").order_by("pk")


@login_required
def self_evaluation_package(request, pk):
    """B3: the member units' self-evaluations and evidence in one printable package; ``?zip=1``
    downloads the evidence files as one archive."""
    import io
    import zipfile

    from django.http import HttpResponse

    task = _task(request, pk)
    targets = selectors.self_evaluation_package(task)
    if request.GET.get("zip") == "1":
        buf = io.BytesIO()
        files = 0
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for t in targets:
                zf.writestr(f"{t.unit.name}/自评报告.txt", t.self_report or "")
                for f in t.files.all():
                    with f.file.open("rb") as fh:
                        zf.writestr(f"{t.unit.name}/{f.pk}-{f.name}", fh.read())
                    files += 1
        exports.exported(name=_("自评材料汇总"), object_type="inspections.supervisiontask",
                         filters={"task": task.pk}, rows=files, fmt="zip")
        response = HttpResponse(buf.getvalue(), content_type="application/zip")
        response["Content-Disposition"] = f"attachment; filename=self-evaluation-{task.pk}.zip"
        return response
    return render(request, "inspections/package.html", {"title": _("自评材料汇总"), "task": task, "targets": targets})


# ---- regular visits ------------------------------------------------------------------------
def _visit_schools(user):
    """Schools the user may record a visit for: the office's, or the inspector's own postings."""
    units = Unit.objects.for_user(user, "view")
    if user_has_perm(user, "inspections.change_regularvisit"):
        return units.filter(postings__end_date__isnull=True).distinct()
    return units.filter(postings__end_date__isnull=True, postings__inspector__user=user).distinct()


@ui_action(api=OP + "create_visit")
@login_required
def visit_create(request):
    if not user_has_perm(request.user, "inspections.add_regularvisit"):
        raise PermissionDenied
    schools = _visit_schools(request.user)
    form = VisitForm(request.POST or None, request.FILES or None, schools=schools,
                     region=default_region(request.user),
                     initial={"visited_on": timezone.localdate(), "school": request.GET.get("school")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.visit_record(actor=request.user, school=data["school"], visited_on=data["visited_on"],
                                         duration_minutes=data["duration_minutes"], methods=data["methods"],
                                         checklist=form.checklist(), problems=data["problems"],
                                         hazard=data["hazard"], photos=data["photos"],
                                         problem_items=form.problem_items())
        except ValidationError as exc:
            for field, msgs in form.add_problem_errors(exc.message_dict).items():
                form.add_error(field if field in form.fields else None, msgs)
        except PermissionDenied as exc:
            form.add_error("school", str(exc))
        else:
            messages.success(request, _("已记录经常性督导") + (_("，隐患已报告督导室") if visit.hazard else ""))
            return redirect(visit)
    return render(request, "inspections/visit_form.html", {"title": _("记录经常性督导"), "form": form,
                                                           "checklist": [form[f"check_{i.value}"] for i in ChecklistItem]})


@ui_action(api={"problem": OP + "record_visit_problem",
                "hazard": OP + "handle_visit_hazard"})
@login_required
def visit_detail(request, pk):
    visit = get_for_user_or_404(RegularVisit.objects.select_related("school", "inspector"), request.user, "view",
                                pk=pk)
    if request.method == "POST":
        if request.POST.get("form") == "problem":
            form = ProblemForm(request.POST, user=request.user, region=visit.school.region)
            if form.is_valid():
                try:
                    problems.record(actor=request.user, visit=visit, **form.cleaned_data)
                except PermissionDenied as exc:
                    messages.error(request, str(exc))
                except ValidationError as exc:
                    _errors(request, exc)
                else:
                    messages.success(request, _("已登记问题，已下达学校整改"))
            else:
                messages.error(request, _("请完整填写问题、整改要求和期限"))
        else:
            _run(request, services.visit_hazard_handle, _("已确认处理隐患"), visit=visit)
        return redirect(visit)
    labels = dict(ChecklistItem.choices)
    from .choices import VisitMethod
    from .services.visits import check_visit_writer

    try:
        check_visit_writer(request.user, visit)
    except PermissionDenied:
        can_record = False
    else:
        can_record = True
    return render(request, "inspections/visit_detail.html", {
        "title": str(visit), "visit": visit, "photos": visit.photos.filter(purpose="visit_photo"),
        "problems": _problems(request.user, visit), "can_record": can_record,
        "problem_form": ProblemForm(user=request.user, region=visit.school.region),
        "checklist": [(labels.get(k, k), v) for k, v in visit.checklist.items()],
        "methods": [dict(VisitMethod.choices).get(m, m) for m in visit.methods],
        "can_handle": visit.hazard_flagged_at and not visit.hazard_handled_at
        and region_in_scope(request.user, "inspections.change_regularvisit", visit.school.region),
    })


@login_required
def visit_list(request):
    """经常性督导记录, filtered by region, zone, inspector and dates (the dashboards' links)."""
    form = VisitFilterForm(request.GET or None, user=request.user)
    qs = RegularVisit.objects.for_user(request.user, "view").select_related("school", "inspector")
    if form.is_bound:
        qs = form.filter(qs) if form.is_valid() else qs.none()
    paginator = Paginator(qs, 50)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "inspections/visit_list.html", {
        "title": _("经常性督导记录"), "visits": page.object_list, "page_obj": page, "paginator": paginator,
        "filter_form": form, "querystring": query.urlencode()})


@login_required
def today(request):
    """The inspector's phone page: my schools, how many visits each has this semester, my tasks."""
    day = timezone.localdate()
    postings = Posting.objects.for_user(request.user, "view").current().filter(inspector__user=request.user)
    sem, rows = selectors.visit_compliance(postings, day)
    tasks = SupervisionTask.objects.for_user(request.user, "view").filter(
        team__inspector__user=request.user).exclude(status__in=[TaskStatus.PUBLISHED, TaskStatus.ARCHIVED])
    return render(request, "inspections/today.html", {"title": _("今日督导"), "semester": sem, "rows": rows,
                                                      "tasks": tasks.distinct(), "day": day})


@login_required
def compliance(request):
    """Who is behind on regular visits in the semester of ``on`` (default today; legal floor and
    local target), filtered by region, zone, inspector and state; the urgent hazards waiting for the
    office."""
    if not user_has_perm(request.user, "inspections.view_regularvisit"):
        raise PermissionDenied
    form = ComplianceFilterForm(request.GET or None, user=request.user)
    postings = Posting.objects.for_user(request.user, "view")
    day, state = timezone.localdate(), ""
    if form.is_bound:
        if form.is_valid():
            postings = form.filter(postings.current(form.cleaned_data["on"]) if form.cleaned_data.get("on")
                                   else postings.current())
            day = form.cleaned_data.get("on") or day
            state = form.cleaned_data.get("state") or ""
        else:
            postings = postings.none()
    else:
        postings = postings.current()
    sem, rows = selectors.visit_compliance(postings, day, state=state)
    rows.sort(key=lambda r: (not r.below_floor, not r.behind_target, r.posting.school.name))
    hazards = RegularVisit.objects.for_user(request.user, "view").filter(
        hazard_flagged_at__isnull=False, hazard_handled_at__isnull=True).select_related("school", "inspector")
    return render(request, "inspections/compliance.html", {"title": _("经常性督导达标情况"), "semester": sem,
                                                           "rows": rows, "object_list": rows, "hazards": hazards,
                                                           "day": day, "filter_form": form})


@login_required
def unit_history(request, pk):
    """A unit's supervision results over time with their colours (E10)."""
    unit = get_for_user_or_404(Unit, request.user, "view", pk=pk)
    if not user_has_perm(request.user, "inspections.view_supervisiontask"):
        raise Http404
    return render(request, "inspections/unit_history.html", {
        "title": _("%(u)s 督导历史") % {"u": unit.name}, "unit": unit,
        "results": selectors.unit_history(unit, request.user),
        "visits": RegularVisit.objects.for_user(request.user, "view").filter(school=unit)[:50],
    })


# ---- annual work plans (I2) ------------------------------------------------------------------
@login_required
def plan_list(request):
    plans = WorkPlan.objects.for_user(request.user, "view").select_related("office", "region")
    return render(request, "inspections/plan_list.html", {
        "title": _("年度工作计划"), "plans": plans,
        "can_add": user_has_perm(request.user, "inspections.add_workplan")})


@ui_action(api=OP + "create_plan")
@login_required
def plan_create(request):
    if not user_has_perm(request.user, "inspections.add_workplan"):
        raise PermissionDenied
    form = PlanForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.work_plan_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, msgs in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, msgs)
        except PermissionDenied as exc:
            form.add_error("office", str(exc))
        else:
            return redirect("inspections:plan_detail", pk=plan.pk)
    return render(request, "generic/form.html", {"title": _("新建年度工作计划"), "form": form})


@ui_action(api={"item": OP + "add_plan_item", "submit": OP + "submit_plan", "acknowledge": OP + "acknowledge_plan"})
@login_required
def plan_detail(request, pk):
    """The plan with its items and, per item, the linked tasks and where they stand."""
    plan = get_for_user_or_404(WorkPlan.objects.select_related("office", "region__parent"), request.user, "view",
                               pk=pk)
    if request.method == "POST":
        action = request.POST.get("form")
        try:
            if action == "item":
                month = request.POST.get("planned_month") or None
                services.work_plan_item_add(actor=request.user, plan=plan, content=request.POST.get("content", ""),
                                            lead_unit=request.POST.get("lead_unit", ""),
                                            responsible_units=request.POST.get("responsible_units", ""),
                                            planned_month=int(month) if month and month.isdigit() else None)
            elif action == "submit":
                workflows.work_plan_submit(actor=request.user, plan=plan)
            elif action == "acknowledge":
                workflows.work_plan_acknowledge(actor=request.user, plan=plan)
            else:
                raise Http404
        except ValidationError as exc:
            _errors(request, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已保存"))
        return redirect("inspections:plan_detail", pk=plan.pk)
    items = plan.items.prefetch_related("tasks")
    can_ack = plan.region.parent is not None and region_in_scope(
        request.user, "inspections.acknowledge_workplan", plan.region.parent)
    return render(request, "inspections/plan_detail.html", {
        "title": plan.title, "plan": plan, "items": items,
        "can_change": region_in_scope(request.user, "inspections.change_workplan", plan.region),
        "can_ack": can_ack and plan.status == "submitted"})
