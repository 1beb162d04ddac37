"""Services and selectors of creation campaigns and monitoring programmes (B4, G1, C6): writes are
``<entity>_<verb>(*, actor, ...)``, one transaction, scope checked; status changes only through
``campaign_workflows``. The self-evaluation report is ``campaign_report.report_generate``."""

from __future__ import annotations

import datetime
import hashlib
import math

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.common.scoping import region_in_scope
from dudao.orgs.choices import UnitKind
from dudao.regions.choices import RegionLevel

from .campaign_choices import (
    STAGE_ORDER,
    CampaignKind,
    CampaignStatus,
    Conclusion,
    ProgrammeKind,
    RoundStatus,
)
from .campaign_indices import county_gap
from .campaign_models import (
    Campaign,
    CampaignMilestone,
    CampaignTask,
    Programme,
    ProgrammeRound,
    RoundEvaluation,
)
from .campaign_workflows import (
    CAMPAIGN_WORKFLOW,
    ROUND_WORKFLOW,
    basis_problem,
)
from .choices import SubmissionStatus
from .models import Submission

MIN_YEAR, MAX_YEAR = 2000, 2100


def _may(actor, model, action: str, obj) -> None:
    if actor is not None and not model.objects.for_user(actor, action).filter(pk=obj.pk).exists():
        raise PermissionDenied(_("无权操作"))


def _county(region, field: str = "region"):
    if region is None or region.level != RegionLevel.COUNTY:
        raise ValidationError({field: _("创建和评估以县（区）为单位，请选择县级行政区划")})


# ---- campaigns ------------------------------------------------------------------------------------
@transaction.atomic
def campaign_create(*, actor, kind: str, region, target_year: int, basis_year: int | None = None, plan: str = "",
                    planned: dict | None = None) -> Campaign:
    """A county's creation plan with its four milestones (``planned``: {stage: date})."""
    if actor is not None and not region_in_scope(actor, "monitoring.add_campaign", region):
        raise PermissionDenied(_("无权在该区域制定创建计划"))
    _county(region)
    if kind not in CampaignKind.values:
        raise ValidationError({"kind": _("未知的创建类型")})
    if not MIN_YEAR <= int(target_year) <= MAX_YEAR:
        raise ValidationError({"target_year": _("目标年度不正确")})
    if basis_year is not None and not MIN_YEAR - 20 <= int(basis_year) <= int(target_year):
        raise ValidationError({"basis_year": _("基本均衡认定年度不正确")})
    campaign = Campaign(kind=kind, region=region, region_path=region.path, target_year=target_year,
                        basis_year=basis_year if kind == CampaignKind.BALANCE else None, plan=(plan or "").strip(),
                        created_by=actor)
    problem = basis_problem(campaign, int(target_year))  # the target year must be a year the county may apply
    if problem:
        raise ValidationError({"basis_year": problem})
    campaign.full_clean(exclude=["created_by"], validate_constraints=False)
    if Campaign.objects.filter(kind=kind, region=region).exclude(status=CampaignStatus.REVOKED).exists():
        raise ValidationError({"kind": _("该县（区）已有同类创建计划")})
    try:
        with transaction.atomic():
            campaign.save()
    except IntegrityError as exc:
        raise ValidationError({"kind": _("该县（区）已有同类创建计划")}) from exc
    planned = planned or {}
    CampaignMilestone.objects.bulk_create([
        CampaignMilestone(campaign=campaign, region_path=campaign.region_path, stage=stage,
                          planned_on=planned.get(stage)) for stage in STAGE_ORDER])
    CAMPAIGN_WORKFLOW.log(campaign, "create", actor=actor, note=campaign.plan[:500])
    return campaign


@transaction.atomic
def milestone_plan(*, actor, milestone: CampaignMilestone, planned_on: datetime.date | None) -> CampaignMilestone:
    _may(actor, Campaign, "change", milestone.campaign)
    milestone.planned_on = planned_on
    milestone.save(update_fields=["planned_on"])
    CAMPAIGN_WORKFLOW.log(milestone.campaign, "plan", actor=actor,
                          data={"stage": milestone.stage, "planned_on": planned_on.isoformat() if planned_on else None})
    return milestone


@transaction.atomic
def task_add(*, actor, campaign: Campaign, title: str, owner: str, deadline: datetime.date,
             note: str = "") -> CampaignTask:
    _may(actor, Campaign, "change", campaign)
    if campaign.status in (CampaignStatus.RECOGNISED, CampaignStatus.REVOKED):
        raise ValidationError({"title": _("创建已结束，不能再布置任务")})
    task = CampaignTask(campaign=campaign, region_path=campaign.region_path, title=(title or "").strip(),
                        owner=(owner or "").strip(), deadline=deadline, note=(note or "").strip())
    task.full_clean()
    task.save()
    CAMPAIGN_WORKFLOW.log(campaign, "task", actor=actor, note=f"{task.owner}：{task.title}", data={"task": task.pk})
    return task


@transaction.atomic
def task_done(*, actor, task: CampaignTask, done_on: datetime.date | None = None) -> CampaignTask:
    _may(actor, Campaign, "change", task.campaign)
    if task.done_on:
        raise ValidationError({"done_on": _("该任务已完成")})
    task.done_on = done_on or timezone.localdate()
    task.save(update_fields=["done_on"])
    CAMPAIGN_WORKFLOW.log(task.campaign, "task_done", actor=actor, note=task.title, data={"task": task.pk})
    return task


def campaign_gap(campaign: Campaign, year: int | None = None):
    """The live gap: each failing indicator and school, from the indices of ``year`` (default:
    the last full year)."""
    return county_gap(campaign.kind, campaign.region, year or timezone.localdate().year - 1)


def campaign_board(user):
    """The city view: every county campaign in scope with its stage, overdue tasks and milestones."""
    today = timezone.localdate()
    rows = []
    qs = Campaign.objects.for_user(user, "view").select_related("region").prefetch_related("milestones", "tasks")
    for c in qs:
        current = next((m for m in c.milestones.all() if m.stage == c.status), None)
        rows.append({"campaign": c, "milestone": current,
                     "late": bool(current and current.planned_on and current.planned_on < today and not current.actual_on),
                     "open_tasks": sum(1 for t in c.tasks.all() if not t.done_on),
                     "overdue_tasks": sum(1 for t in c.tasks.all() if not t.done_on and t.deadline < today)})
    return rows


# ---- programmes -----------------------------------------------------------------------------------
@transaction.atomic
def programme_create(*, actor, name: str, kind: str, region, cycle_years: int | None = None, collection=None,
                     framework=None, description: str = "") -> Programme:
    if actor is not None and not region_in_scope(actor, "monitoring.add_programme", region):
        raise PermissionDenied(_("无权在该区域设立监测项目"))
    if kind not in ProgrammeKind.values:
        raise ValidationError({"kind": _("未知的监测项目类型")})
    if cycle_years is None:
        cycle_years = kindergarten_cycle(region) if kind == ProgrammeKind.KINDERGARTEN_CONDUCT else 1
    if kind == ProgrammeKind.KINDERGARTEN_CONDUCT and cycle_years > kindergarten_cycle(region):
        from dudao.regionsettings.registry import SPECS

        raise ValidationError({"cycle_years": _("幼儿园办园行为督导评估周期不得超过%(n)s年（%(a)s）") % {
            "n": kindergarten_cycle(region), "a": SPECS["programmes.kindergarten_cycle_years"].article}})
    programme = Programme(name=(name or "").strip(), kind=kind, region=region, region_path=region.path,
                          cycle_years=cycle_years, collection=collection, framework=framework,
                          description=(description or "").strip())
    programme.full_clean()
    programme.save()
    return programme


def kindergarten_cycle(region) -> int:
    """The region's 幼儿园办园行为督导评估 cycle in years (教督〔2017〕7号: 3–5)."""
    from dudao.regionsettings.services import get_setting

    return int(get_setting(region, "programmes.kindergarten_cycle_years"))


def kindergartens(region):
    from dudao.orgs.models import Unit

    return Unit.objects.filter(kind=UnitKind.KINDERGARTEN, is_active=True,
                               region_path__startswith=region.path).order_by("region_path", "name", "id")


@transaction.atomic
def round_create(*, actor, programme: Programme, region, year: int, collection_round=None,
                 note: str = "") -> ProgrammeRound:
    """A year's round of a programme in a county: one evaluation row per kindergarten of the county
    (licensed or not: 教督〔2017〕7号 covers every kindergarten serving ages 3–6)."""
    _may(actor, Programme, "change", programme)
    if actor is not None and not region_in_scope(actor, "monitoring.add_programmeround", region):
        raise PermissionDenied(_("无权在该区域启动评估轮次"))
    _county(region)
    if not region.path.startswith(programme.region_path):
        raise ValidationError({"region": _("县（区）不在监测项目的组织区域内")})
    if not MIN_YEAR <= int(year) <= MAX_YEAR:
        raise ValidationError({"year": _("年度不正确")})
    if ProgrammeRound.objects.filter(programme=programme, region=region, year=year).exists():
        raise ValidationError({"year": _("该县（区）本年度已有评估轮次")})
    rnd = ProgrammeRound.objects.create(programme=programme, region=region, region_path=region.path, year=year,
                                        note=(note or "").strip())
    units = list(kindergartens(region)) if programme.kind == ProgrammeKind.KINDERGARTEN_CONDUCT else []
    RoundEvaluation.objects.bulk_create([RoundEvaluation(round=rnd, kindergarten=u, region_path=u.region_path)
                                         for u in units])
    ROUND_WORKFLOW.log(rnd, "create", actor=actor, data={"kindergartens": len(units)})
    if programme.kind == ProgrammeKind.KINDERGARTEN_CONDUCT:
        rnd = self_evaluation_open(actor=actor, round=rnd, collection_round=collection_round)
    elif collection_round is not None:
        rnd.collection_round = collection_round
        rnd.save(update_fields=["collection_round"])
    return rnd


# ---- the kindergartens' self-evaluation (C6): a linked collection round ---------------------------
SELF_EVALUATION = "kindergarten_self_evaluation"
#: Submission states counted as "submitted" (handed in, whatever the review said since) and "approved".
_SUBMITTED = (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED, SubmissionStatus.ACCEPTED)
_APPROVED = (SubmissionStatus.APPROVED, SubmissionStatus.ACCEPTED)


def self_evaluation_collection(programme: Programme, region):
    """The form the kindergartens fill: the programme's collection when it is one for kindergartens,
    else the shipped 园所自评表 published at the root above ``region``."""
    from .models import Collection
    from .services import load_shipped

    if programme.collection is not None and UnitKind.KINDERGARTEN in (programme.collection.unit_kinds or []):
        return programme.collection
    root = "/" + region.path.strip("/").split("/")[0] + "/"

    def find():
        return (Collection.objects.filter(code=SELF_EVALUATION, status="published", region_path=root)
                .order_by("-version").first())

    found = find()
    if found is None:
        load_shipped()
        found = find()
    return found


@transaction.atomic
def self_evaluation_open(*, actor, round: ProgrammeRound, collection_round=None,
                         deadline: datetime.date | None = None):
    """Link the kindergarten conduct round to the collection round in which each kindergarten fills
    and submits its self-evaluation (opened now for the county and year, one submission per
    kindergarten, unless ``collection_round`` — or an open round of the same form — is given). The
    county reviews the submissions with the collection workflow; an approval records the self-
    evaluation here (``campaign_workflows._self_evaluated``)."""
    from . import services as collections
    from .models import CollectionRound

    rnd = ProgrammeRound.objects.select_for_update().select_related("programme", "region").get(pk=round.pk)
    _may(actor, ProgrammeRound, "change", rnd)
    if rnd.programme.kind != ProgrammeKind.KINDERGARTEN_CONDUCT:
        raise ValidationError({"collection_round": _("只有幼儿园办园行为督导评估有园所自评填报")})
    if rnd.collection_round_id:
        raise ValidationError({"collection_round": _("本轮已开启园所自评填报")})
    if rnd.status != RoundStatus.SELF:
        raise ValidationError({"collection_round": _("园所自评阶段已结束")})
    if collection_round is None:
        collection = self_evaluation_collection(rnd.programme, rnd.region)
        if collection is None:
            raise ValidationError({"collection_round": _("找不到园所自评表，请先加载内置采集表")})
        collection_round = CollectionRound.objects.filter(collection=collection, year=rnd.year,
                                                          region=rnd.region).first()
        if collection_round is None:
            collection_round = collections.round_open(
                actor=actor, collection=collection, year=rnd.year, region=rnd.region,
                deadline=deadline or timezone.localdate() + datetime.timedelta(days=30))
    elif (collection_round.region_id != rnd.region_id or collection_round.year != rnd.year
          or UnitKind.KINDERGARTEN not in (collection_round.collection.unit_kinds or [])):
        raise ValidationError({"collection_round": _("自评填报轮次须为本县（区）本年度由幼儿园填报的采集表")})
    rnd.collection_round = collection_round
    rnd.save(update_fields=["collection_round"])
    ROUND_WORKFLOW.log(rnd, "self_open", actor=actor, data={"collection_round": collection_round.pk})
    from .campaign_workflows import record_self_evaluations

    record_self_evaluations(rnd, Submission.objects.filter(round=collection_round, status__in=_APPROVED))
    return rnd


def self_progress(rnd: ProgrammeRound) -> dict:
    """The kindergartens' self-evaluation in the linked collection round: how many kindergartens,
    how many submitted (handed in and not returned), approved by the county, returned, still in
    draft, and recorded in the round; ``statuses`` maps kindergarten id → (submission id, status)."""
    units = list(rnd.evaluations.values_list("kindergarten_id", "self_on"))
    out = {"opened": rnd.collection_round_id is not None, "collection_round_id": rnd.collection_round_id,
           "total": len(units), "submitted": 0, "approved": 0, "returned": 0, "draft": 0,
           "recorded": sum(1 for _k, on in units if on), "statuses": {}}
    if not rnd.collection_round_id:
        return out
    for pk, unit_id, status in Submission.objects.filter(
            round_id=rnd.collection_round_id, unit_id__in=[k for k, _on in units]).values_list("pk", "unit_id", "status"):
        out["statuses"][unit_id] = (pk, status)
        out["submitted"] += status in _SUBMITTED
        out["approved"] += status in _APPROVED
        out["returned"] += status == SubmissionStatus.RETURNED
    out["draft"] = out["total"] - out["submitted"] - out["returned"]
    return out


#: level → (round status in which it is recorded, permission, the fields it writes)
LEVELS = {
    "county": (RoundStatus.COUNTY, "change", ("county_on", "county_conclusion", "county_note")),
    "city": (RoundStatus.CITY, "review", ("city_on", "city_conclusion", "city_note")),
}


@transaction.atomic
def evaluation_record(*, actor, evaluation: RoundEvaluation, level: str, conclusion: str, note: str = "",
                      on: datetime.date | None = None) -> RoundEvaluation:
    """Record the county's evaluation or the city's spot-check of a kindergarten (its self-evaluation
    is its own submission in the linked collection round: ``self_evaluation_open``)."""
    if level == "self":
        raise ValidationError({"level": _("园所自评由幼儿园在自评填报中提交，经县级审核通过后自动记录")})
    if level not in LEVELS:
        raise ValidationError({"level": _("未知的评估环节")})
    status, permission, fields = LEVELS[level]
    rnd = ProgrammeRound.objects.select_for_update().get(pk=evaluation.round_id)
    if actor is not None and not ROUND_WORKFLOW.may(actor, rnd, permission):
        raise PermissionDenied(_("无权记录该环节的评估结果"))
    if rnd.status != status:
        raise ValidationError({"level": _("当前阶段为“%(s)s”，不能记录该环节") % {"s": rnd.get_status_display()}})
    if conclusion not in Conclusion.values:
        raise ValidationError({"conclusion": _("请选择评估结论")})
    if level == "city" and not evaluation.sampled:
        raise ValidationError({"level": _("该幼儿园未被抽中，市级不需抽查")})
    values = [on or timezone.localdate(), conclusion, (note or "").strip()]
    for name, value in zip(fields, values, strict=False):
        setattr(evaluation, name, value)
    evaluation.save(update_fields=list(fields))
    ROUND_WORKFLOW.log(rnd, "evaluate", actor=actor, note=f"{evaluation.kindergarten.name}：{Conclusion(conclusion).label}",
                       data={"evaluation": evaluation.pk, "level": level})
    return evaluation


def sample_order_key(rnd: ProgrammeRound, evaluation: RoundEvaluation) -> str:
    """The deterministic draw: kindergartens ordered by SHA-256 of round and unit id."""
    return hashlib.sha256(f"{rnd.pk}:{evaluation.kindergarten_id}".encode()).hexdigest()


def sample_size(total: int, percent: int) -> int:
    return min(total, max(1, math.ceil(total * percent / 100))) if total else 0


def draw_sample(rnd: ProgrammeRound) -> list[int]:
    """The city's spot-check sample: ``sample_percent`` % of the round's kindergartens (at least
    one), the same kindergartens every time for the same round (no random state)."""
    evaluations = list(rnd.evaluations.all())
    chosen = sorted(evaluations, key=lambda e: sample_order_key(rnd, e))[:sample_size(len(evaluations),
                                                                                       rnd.sample_percent or 0)]
    ids = [e.pk for e in chosen]
    rnd.evaluations.exclude(pk__in=ids).update(sampled=False)
    rnd.evaluations.filter(pk__in=ids).update(sampled=True)
    ROUND_WORKFLOW.log(rnd, "sample", data={"sampled": [e.kindergarten_id for e in chosen],
                                            "percent": rnd.sample_percent})
    return [e.kindergarten_id for e in chosen]


def coverage(programme: Programme, region, today: datetime.date | None = None) -> dict:
    """The cycle's coverage in a county: which kindergartens have no county evaluation in a round of
    the last ``cycle`` years (教督〔2017〕7号: each at least once per cycle)."""
    today = today or timezone.localdate()
    cycle = kindergarten_cycle(region) if programme.kind == ProgrammeKind.KINDERGARTEN_CONDUCT \
        else programme.cycle_years
    first = today.year - cycle + 1
    evaluated = set(RoundEvaluation.objects.filter(
        round__programme__kind=programme.kind, round__region__path__startswith=region.path,
        round__year__gte=first, county_on__isnull=False).values_list("kindergarten_id", flat=True))
    units = list(kindergartens(region))
    missing = [u for u in units if u.pk not in evaluated]
    return {"cycle": cycle, "first_year": first, "last_year": today.year, "total": len(units),
            "evaluated": len(units) - len(missing), "missing": missing}
