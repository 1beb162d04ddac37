"""The planner's pages (issue 19 items 3 and 5): semesters, plans (list, detail by week and zone with
filters, generate, move/lock a visit, publish, re-plan when an inspector leaves), progress against
the plan, the Excel export and the printable plans per zone and per inspector, each inspector's
calendar (我的日程, phone-sized) and its .ics feed at a secret token URL."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404, regions_in_scope, user_has_perm
from dudao.inspectors.models import Inspector
from dudao.schools.models import Zone

from . import export, ics, selectors, services
from .choices import PlanStatus
from .forms import LockForm, MoveForm, PlanForm, ReplanForm, SemesterDayForm, SemesterForm
from .models import InspectorCalendar, Plan, PlanEvent, PlanVisit, Semester
from .workflows import WORKFLOW


def _need(user, perm):
    if not user_has_perm(user, perm):
        raise PermissionDenied


# ---- semesters -------------------------------------------------------------------------------
@ui_action(api="dudao_planner_api_create_semester")
@login_required
def semester_list(request):
    _need(request.user, "planner.view_semester")
    can_add = user_has_perm(request.user, "planner.add_semester")
    form = SemesterForm(request.POST or None, user=request.user) if can_add else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                semester = services.semester_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("已创建学期"))
                return redirect("planner:semester_detail", semester.pk)
    semesters = Semester.objects.for_user(request.user, "view").select_related("office")
    return render(request, "planner/semester_list.html", {"semesters": semesters, "form": form,
                                                          "title": _("学期校历")})


@ui_action(api="dudao_planner_api_add_semester_day")
@login_required
def semester_detail(request, pk):
    semester = get_for_user_or_404(Semester, request.user, "view", pk=pk)
    can_change = Semester.objects.for_user(request.user, "change").filter(pk=pk).exists()
    form = SemesterDayForm(request.POST or None) if can_change else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.semester_day_add(actor=request.user, semester=semester, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("已保存"))
                return redirect("planner:semester_detail", pk)
    return render(request, "planner/semester_detail.html", {
        "semester": semester, "days": semester.days.all(), "form": form, "title": semester.name,
        "plans": Plan.objects.for_user(request.user, "view").filter(semester=semester)},
        status=400 if request.method == "POST" else 200)


# ---- plans -----------------------------------------------------------------------------------
@ui_action(api="dudao_planner_api_create_plan")
@login_required
def plan_list(request):
    _need(request.user, "planner.view_plan")
    can_add = bool(regions_in_scope(request.user, "planner.add_plan"))
    form = PlanForm(request.POST or None, user=request.user) if can_add else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                plan = services.plan_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("已创建计划草稿，请生成计划"))
                return redirect(plan)
    plans = Plan.objects.for_user(request.user, "view").select_related("semester", "office")
    return render(request, "planner/plan_list.html", {"plans": plans, "form": form, "title": _("督导计划")})


def _plan(request, pk, action="view"):
    return get_for_user_or_404(Plan.objects.select_related("semester", "office", "region", "leaving"),
                               request.user, action, pk=pk)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def plan_page(request, plan, *, status=200, move_form=None, replan_form=None):
    zone_id, inspector_id = _int(request.GET.get("zone")), _int(request.GET.get("inspector"))
    visits = list(selectors.visits_of(plan, zone_id=zone_id, inspector_id=inspector_id))
    can_change = plan.status == PlanStatus.DRAFT and WORKFLOW.may(request.user, plan, "change")
    can_replan = plan.status == PlanStatus.PUBLISHED and WORKFLOW.may(request.user, plan, "change")
    team_ids = PlanVisit.inspectors.through.objects.filter(planvisit__plan=plan).values("inspector_id")
    ctx = {
        "plan": plan, "title": plan.title, "weeks": selectors.by_week(visits), "total": len(visits),
        "zones": Zone.objects.filter(region=plan.region).order_by("name"),
        "inspectors": Inspector.objects.filter(pk__in=team_ids).order_by("name", "id"),
        "zone_id": zone_id, "inspector_id": inspector_id, "can_change": can_change,
        "transitions": WORKFLOW.available(request.user, plan),
        "move_form": move_form or MoveForm(), "replan_form": replan_form or (ReplanForm(plan=plan)
                                                                             if can_replan else None),
        "events": PlanEvent.objects.filter(plan=plan).select_related("actor"),
        "unannounced": sum(1 for v in visits if v.unannounced),
    }
    return render(request, "planner/plan_detail.html", ctx, status=status)


@login_required
def plan_detail(request, pk):
    return plan_page(request, _plan(request, pk))


def _back(plan, request):
    return redirect(plan.get_absolute_url() + ("?" + request.GET.urlencode() if request.GET else ""))


def _errors(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


@ui_action(api="dudao_planner_api_generate_plan")
@login_required
@require_POST
def plan_generate(request, pk):
    plan = _plan(request, pk, "change")
    try:
        plan = services.plan_generate(actor=request.user, plan=plan)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        if plan.conflicts:
            messages.warning(request, _("未能满足全部法定底线：%(c)s") % {"c": "；".join(plan.conflicts[:5])})
        else:
            messages.success(request, _("已生成计划（%(s)s，用时%(t)s秒）") % {"s": plan.get_solve_status_display(),
                                                                         "t": plan.seconds})
    return redirect(plan)


@ui_action(api="dudao_planner_api_publish_plan")
@login_required
@require_POST
def plan_publish(request, pk):
    plan = _plan(request, pk, "change")
    try:
        services.plan_publish(actor=request.user, plan=plan, note=request.POST.get("note", ""))
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("计划已发布：督学的日程和学校的待接受督导已更新"))
    return redirect(plan)


@ui_action(api="dudao_planner_api_replan")
@login_required
@require_POST
def plan_replan(request, pk):
    plan = _plan(request, pk, "change")
    form = ReplanForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            new = services.plan_replan(actor=request.user, plan=plan, inspector=form.cleaned_data["inspector"],
                                       from_date=form.cleaned_data["from_date"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已生成调整后的计划草稿：只调整了该督学的督导安排，请核对后发布"))
            return redirect(new)
    return plan_page(request, plan, status=400, replan_form=form)


def _visit(request, pk):
    visit = get_for_user_or_404(PlanVisit.objects.select_related("plan", "school"), request.user, "change", pk=pk)
    if not Plan.objects.for_user(request.user, "change").filter(pk=visit.plan_id).exists():
        raise Http404
    return visit


@ui_action(api="dudao_planner_api_move_visit")
@login_required
@require_POST
def visit_move(request, pk):
    visit = _visit(request, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.visit_move(actor=request.user, visit=visit, date=form.cleaned_data["date"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已调整并锁定该督导安排"))
            return redirect(visit.get_absolute_url())
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, _("%(s)s %(d)s：%(e)s") % {"s": visit.school.name, "d": visit.date, "e": error})
    return plan_page(request, visit.plan, status=400, move_form=form)


@ui_action(api="dudao_planner_api_lock_visit")
@login_required
@require_POST
def visit_lock(request, pk):
    visit = _visit(request, pk)
    form = LockForm(request.POST)
    form.is_valid()
    try:
        services.visit_lock(actor=request.user, visit=visit, locked=form.cleaned_data.get("locked", False))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(visit.get_absolute_url())


# ---- reading the plan: progress, export, print ------------------------------------------------
@login_required
def plan_progress(request, pk):
    plan = _plan(request, pk)
    rows = selectors.progress(plan, timezone.localdate())
    return render(request, "planner/progress.html", {"plan": plan, "rows": rows, "title": _("计划执行进度"),
                                                     "today": timezone.localdate()})


@login_required
def plan_export(request, pk):
    plan = _plan(request, pk)
    response = HttpResponse(export.plan_workbook(plan),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename=\"plan-{plan.pk}.xlsx\""
    return response


@login_required
def plan_print(request, pk):
    """A print-friendly plan: per zone (``?zone=``), per inspector (``?inspector=``) or the whole plan."""
    plan = _plan(request, pk)
    zone_id, inspector_id = _int(request.GET.get("zone")), _int(request.GET.get("inspector"))
    visits = list(selectors.visits_of(plan, zone_id=zone_id, inspector_id=inspector_id))
    heading = plan.title
    if zone_id:
        zone = Zone.objects.filter(pk=zone_id, region=plan.region).first()
        heading += " · " + (zone.name if zone else "")
    if inspector_id:
        inspector = Inspector.objects.filter(pk=inspector_id).first()
        heading += " · " + (inspector.name if inspector else "")
    return render(request, "planner/plan_print.html", {"plan": plan, "heading": heading, "title": heading,
                                                       "zones": selectors.by_zone(visits), "total": len(visits)})


# ---- an inspector's calendar ------------------------------------------------------------------
@login_required
def my_schedule(request):
    """我的日程: this week's and the upcoming visits of the user's inspector profiles (published plans)."""
    today = timezone.localdate()
    try:
        day = datetime.date.fromisoformat(request.GET.get("week", "")) if request.GET.get("week") else today
    except ValueError:
        day = today
    ctx = selectors.my_schedule(request.user, day)
    ctx["previous_week"] = ctx["monday"] - datetime.timedelta(days=7)
    ctx["next_week"] = ctx["monday"] + datetime.timedelta(days=7)
    ctx["current"] = ctx["monday"] <= today <= ctx["sunday"]
    feeds = [(i, services.calendar_for(i).feed_token) for i in selectors.inspectors_of(request.user)]
    ctx.update({"today": today, "feeds": feeds, "title": _("我的日程")})
    return render(request, "planner/my_schedule.html", ctx)


def inspector_feed(request, token):
    """The .ics feed of one inspector's visits (the secret token is the credential; 暗访 included,
    marked, as the inspector goes there)."""
    cal = get_object_or_404(InspectorCalendar.objects.select_related("inspector"), feed_token=token)
    since = timezone.localdate() - datetime.timedelta(days=60)
    text = ics.feed(cal.inspector, selectors.inspector_visits(cal.inspector, since), host=request.get_host())
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = "inline; filename=\"dudao.ics\""
    response["Cache-Control"] = "private, max-age=900"
    return response
