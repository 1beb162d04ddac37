"""Pages of creation campaigns (B4) and monitoring programmes (G1, C6): the city's board of every
county's campaign and stage, a campaign's page (milestones with dates and evidence, the live gap
from the indices, tasks, the self-evaluation report, history, the transitions offered), programmes
with the cycle's coverage, and a round's page (each kindergarten's self-evaluation, county
evaluation and the city's spot-check). Every POST declares its API twin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dudao.attachments.services import attachment_add, for_owner
from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404, user_has_perm

from . import campaigns as services
from .campaign_choices import ProgrammeKind, RoundStatus
from .campaign_files import may_add
from .campaign_forms import (
    CampaignForm,
    EvaluationForm,
    EvidenceForm,
    MilestonePlanForm,
    NoteTransitionForm,
    ProgrammeForm,
    ReportForm,
    RoundForm,
    TaskForm,
)
from .campaign_models import (
    Campaign,
    CampaignEvent,
    CampaignMilestone,
    CampaignTask,
    Programme,
    ProgrammeRound,
    RoundEvaluation,
    RoundEvent,
)
from .campaign_report import report_generate
from .campaign_workflows import CAMPAIGN_WORKFLOW, ROUND_WORKFLOW
from .choices import SubmissionStatus

API = "dudao_monitoring_campaign_api_"


def _campaign(request, pk, action="view"):
    return get_for_user_or_404(Campaign.objects.select_related("region"), request.user, action, pk=pk)


@login_required
def campaign_list(request):
    """The city view: every county's campaign in scope, its stage and whether it is late."""
    if not user_has_perm(request.user, "monitoring.view_campaign"):
        raise PermissionDenied
    return render(request, "monitoring/campaigns/campaign_list.html", {
        "title": _("创建计划"), "rows": services.campaign_board(request.user),
        "can_add": user_has_perm(request.user, "monitoring.add_campaign")})


@ui_action(api=API + "create_campaign")
@login_required
def campaign_new(request):
    if not user_has_perm(request.user, "monitoring.add_campaign"):
        raise PermissionDenied
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已制定创建计划"))
            return redirect(campaign)
    return render(request, "generic/form.html", {"form": form, "title": _("制定创建计划"),
                                                 "cancel_url": "/monitoring/campaigns/"})


def campaign_page(request, campaign, *, transition_form=None, status=200):
    transitions = CAMPAIGN_WORKFLOW.available(request.user, campaign)
    if transition_form is None and transitions:
        transition_form = NoteTransitionForm(transitions=transitions)
    milestones = []
    can_change = Campaign.objects.for_user(request.user, "change").filter(pk=campaign.pk).exists()
    for m in CampaignMilestone.objects.filter(campaign=campaign):
        milestones.append({"m": m, "files": list(for_owner(m)), "can_upload": may_add(request.user, m, "evidence"),
                           "current": m.stage == campaign.status})
    year = request.GET.get("year")
    gap = services.campaign_gap(campaign, int(year) if year and year.isdigit() and 2000 <= int(year) <= 2100 else None)
    return render(request, "monitoring/campaigns/campaign_detail.html", {
        "title": str(campaign), "campaign": campaign, "milestones": milestones, "gap": gap,
        "tasks": CampaignTask.objects.filter(campaign=campaign), "today": timezone.localdate(),
        "events": CampaignEvent.objects.filter(campaign=campaign).select_related("actor"),
        "form": transition_form, "can_change": can_change, "task_form": TaskForm(), "plan_form": MilestonePlanForm(),
        "evidence_form": EvidenceForm(), "report_form": ReportForm(),
        "can_report": any(x["can_upload"] and x["m"].stage == "county" for x in milestones)}, status=status)


@ui_action(api=API + "run_campaign_transition")
@login_required
def campaign_detail(request, pk):
    campaign = _campaign(request, pk)
    if request.method != "POST":
        return campaign_page(request, campaign)
    transitions = CAMPAIGN_WORKFLOW.available(request.user, campaign)
    if not transitions:
        raise PermissionDenied
    form = NoteTransitionForm(request.POST, transitions=transitions)
    if form.is_valid():
        try:
            CAMPAIGN_WORKFLOW.apply(actor=request.user, obj=campaign, name=form.cleaned_data["transition"],
                                    note=form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已保存"))
            return redirect(campaign)
    return campaign_page(request, campaign, transition_form=form, status=400)


def _back(request, campaign, form):
    for errors in form.errors.values():
        for e in errors:
            messages.error(request, e)
    return redirect(campaign)


@ui_action(api=API + "add_campaign_task")
@login_required
@require_POST
def campaign_task_add(request, pk):
    campaign = _campaign(request, pk, "change")
    form = TaskForm(request.POST)
    if form.is_valid():
        try:
            services.task_add(actor=request.user, campaign=campaign, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已布置任务"))
    return _back(request, campaign, form)


@ui_action(api=API + "finish_campaign_task")
@login_required
@require_POST
def campaign_task_done(request, pk, task_pk):
    campaign = _campaign(request, pk, "change")
    task = get_object_or_404(CampaignTask, campaign=campaign, pk=task_pk)
    try:
        services.task_done(actor=request.user, task=task)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect(campaign)


@ui_action(api=API + "plan_milestone")
@login_required
@require_POST
def milestone_plan(request, pk, stage):
    campaign = _campaign(request, pk, "change")
    milestone = get_object_or_404(CampaignMilestone, campaign=campaign, stage=stage)
    form = MilestonePlanForm(request.POST)
    if form.is_valid():
        services.milestone_plan(actor=request.user, milestone=milestone, planned_on=form.cleaned_data["planned_on"])
        messages.success(request, _("已保存"))
    return _back(request, campaign, form)


@ui_action(api="dudao_attachments_api_upload")
@login_required
@require_POST
def milestone_upload(request, pk, stage):
    campaign = _campaign(request, pk)
    milestone = get_object_or_404(CampaignMilestone, campaign=campaign, stage=stage)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment_add(actor=request.user, owner=milestone, purpose="evidence", file=form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已上传佐证材料"))
    return _back(request, campaign, form)


@ui_action(api=API + "generate_campaign_report")
@login_required
@require_POST
def campaign_report(request, pk):
    campaign = _campaign(request, pk)
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            report_generate(actor=request.user, campaign=campaign, year=form.cleaned_data["year"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已生成县级自评报告"))
    return _back(request, campaign, form)


# ---- programmes -----------------------------------------------------------------------------------
@login_required
def programme_list(request):
    if not user_has_perm(request.user, "monitoring.view_programme"):
        raise PermissionDenied
    programmes = Programme.objects.for_user(request.user, "view").select_related("region")
    rounds = ProgrammeRound.objects.for_user(request.user, "view").select_related("programme", "region")[:200]
    return render(request, "monitoring/campaigns/programme_list.html", {
        "title": _("监测项目"), "programmes": programmes, "rounds": rounds,
        "can_add": user_has_perm(request.user, "monitoring.add_programme")})


@ui_action(api=API + "create_programme")
@login_required
def programme_new(request):
    if not user_has_perm(request.user, "monitoring.add_programme"):
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已设立监测项目"))
            return redirect(programme)
    return render(request, "generic/form.html", {"form": form, "title": _("设立监测项目"),
                                                 "cancel_url": "/monitoring/programmes/"})


@ui_action(api=API + "create_programme_round")
@login_required
def programme_detail(request, pk):
    programme = get_for_user_or_404(Programme.objects.select_related("region"), request.user, "view", pk=pk)
    can_change = Programme.objects.for_user(request.user, "change").filter(pk=pk).exists()
    form = RoundForm(request.POST or None, user=request.user, programme=programme) if can_change else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                rnd = services.round_create(actor=request.user, programme=programme, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("已启动评估轮次"))
                return redirect(rnd)
    rounds = list(ProgrammeRound.objects.for_user(request.user, "view").filter(programme=programme)
                  .select_related("region"))
    coverage = services.coverage(programme, programme.region) \
        if programme.kind == ProgrammeKind.KINDERGARTEN_CONDUCT else None
    if coverage is not None:
        for r in rounds:
            r.progress = services.self_progress(r)
    return render(request, "monitoring/campaigns/programme_detail.html", {
        "title": programme.name, "programme": programme, "rounds": rounds, "form": form, "coverage": coverage},
        status=400 if request.method == "POST" else 200)


def _round(request, pk):
    return get_for_user_or_404(ProgrammeRound.objects.select_related("programme", "region"), request.user, "view", pk=pk)


def round_page(request, rnd, *, transition_form=None, status=200):
    transitions = ROUND_WORKFLOW.available(request.user, rnd)
    if transition_form is None and transitions:
        transition_form = NoteTransitionForm(transitions=transitions)
    can_record = {level: ROUND_WORKFLOW.may(request.user, rnd, perm) and rnd.status == st
                  for level, (st, perm, _f) in services.LEVELS.items()}
    progress = services.self_progress(rnd)
    evaluations = list(RoundEvaluation.objects.filter(round=rnd).select_related("kindergarten"))
    for e in evaluations:
        e.self_submission_id, e.self_status = progress["statuses"].get(e.kindergarten_id, (None, ""))
        e.self_status_label = SubmissionStatus(e.self_status).label if e.self_status else ""
    kindergarten_conduct = rnd.programme.kind == ProgrammeKind.KINDERGARTEN_CONDUCT
    return render(request, "monitoring/campaigns/round_detail.html", {
        "title": str(rnd), "round": rnd, "form": transition_form, "evaluations": evaluations, "progress": progress,
        "can_open_self": kindergarten_conduct and not progress["opened"] and rnd.status == RoundStatus.SELF
        and ROUND_WORKFLOW.may(request.user, rnd, "change"),
        "events": RoundEvent.objects.filter(round=rnd).select_related("actor"),
        "can_record": can_record, "record_any": any(can_record.values()), "evaluation_form": EvaluationForm()},
        status=status)


@ui_action(api=API + "open_round_self_evaluation")
@login_required
@require_POST
def round_self_evaluation(request, pk):
    """开启园所自评填报: the kindergartens' collection round, opened for the county and year."""
    rnd = _round(request, pk)
    try:
        services.self_evaluation_open(actor=request.user, round=rnd)
    except ValidationError as exc:
        for e in exc.messages:
            messages.error(request, e)
    else:
        messages.success(request, _("已开启园所自评填报，各幼儿园可在“数据填报”中填写并提交"))
    return redirect(rnd)


@ui_action(api=API + "run_round_transition")
@login_required
def round_detail(request, pk):
    rnd = _round(request, pk)
    if request.method != "POST":
        return round_page(request, rnd)
    transitions = ROUND_WORKFLOW.available(request.user, rnd)
    if not transitions:
        raise PermissionDenied
    form = NoteTransitionForm(request.POST, transitions=transitions)
    if form.is_valid():
        try:
            ROUND_WORKFLOW.apply(actor=request.user, obj=rnd, name=form.cleaned_data["transition"],
                                 note=form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已保存"))
            return redirect(rnd)
    return round_page(request, rnd, transition_form=form, status=400)


@ui_action(api=API + "record_round_evaluation")
@login_required
@require_POST
def evaluation_record(request, pk):
    evaluation = get_for_user_or_404(RoundEvaluation.objects.select_related("kindergarten", "round"), request.user,
                                     "view", pk=pk)
    form = EvaluationForm(request.POST)
    if form.is_valid():
        try:
            services.evaluation_record(actor=request.user, evaluation=evaluation, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已记录"))
    for errors in form.errors.values():
        for e in errors:
            messages.error(request, e)
    return redirect(evaluation.round)
