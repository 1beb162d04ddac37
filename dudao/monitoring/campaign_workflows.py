"""The state machines of creation campaigns and kindergarten conduct rounds, on the workflow kernel
(``dudao.common.workflow``; discovered by the kernel tests as a ``*workflows`` module).

**Campaign** (``CAMPAIGN_WORKFLOW``, standards §5.5): 县级自评 → 市级复核 → 省级评估 → 国家认定 →
已通过国家认定, and 撤销 after 认定 when the annual monitoring slides. Each pass needs at least one
evidence file on the milestone being passed (the self-evaluation report counts for the county's)
and sets the milestone's actual date; each level above may return the campaign to the county's
self-evaluation with a reason (重做). Who acts: the county office (``change`` on the campaign),
the office of the region above the county (``review``: 市级复核) and of the province (``assess``:
省级评估, recording the national 认定 and a 撤销). A county office holds no right on its own
region's parent, so it can never pass its own review.

The 优质均衡 precondition (passed 基本均衡 认定 at least ``campaigns.balance_basis_years`` years
before, 教督〔2017〕6号) is checked when the county submits its self-evaluation.

**Round** (``ROUND_WORKFLOW``, C6, 教督〔2017〕7号): 园所自评 → 县级全覆盖评估 (every kindergarten's
self-evaluation in) → 市级抽查 (every kindergarten evaluated by the county; the city's sample is
drawn on entry, deterministically) → 已完成 (every sampled kindergarten checked); the city may
return the round to the county."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.scoping import region_in_scope
from dudao.common.workflow import Transition, Workflow

from .campaign_choices import CampaignKind, CampaignStatus, RoundStatus, Stage
from .campaign_models import Campaign, CampaignEvent, CampaignMilestone, ProgrammeRound, RoundEvent

S = CampaignStatus
R = RoundStatus
CHANGE, REVIEW, ASSESS = "change", "review", "assess"

#: The milestone a transition passes.
PASSES = {"self_evaluate": Stage.COUNTY, "city_pass": Stage.CITY, "province_pass": Stage.PROVINCE,
          "recognise": Stage.NATIONAL}


def upper_region(region, permission: str):
    """The region whose office holds ``review`` (the county's parent) or ``assess`` (its province)."""
    if permission == REVIEW:
        return region.parent
    ancestors = region.ancestors()
    return ancestors[0] if ancestors else None


def _campaign_scope(actor, campaign, permission: str) -> bool:
    if permission not in (REVIEW, ASSESS):
        return Campaign.objects.for_user(actor, permission).filter(pk=campaign.pk).exists()
    target = upper_region(campaign.region, permission)
    return target is not None and region_in_scope(actor, f"monitoring.{permission}_campaign", target)


def basis_problem(campaign, year: int) -> str | None:
    """Why a 优质均衡 campaign may not apply in ``year`` (None: the precondition holds)."""
    if campaign.kind != CampaignKind.BALANCE:
        return None
    from dudao.regionsettings.registry import SPECS
    from dudao.regionsettings.services import get_setting

    need = get_setting(campaign.region, "campaigns.balance_basis_years")
    article = SPECS["campaigns.balance_basis_years"].article
    if not campaign.basis_year:
        return _("请先填写通过基本均衡国家认定的年度（%(a)s）") % {"a": article}
    if year - campaign.basis_year < need:
        return _("通过基本均衡国家认定（%(b)s年）未满%(n)s年，%(y)s年不能申报优质均衡（%(a)s）") % {
            "b": campaign.basis_year, "n": need, "y": year, "a": str(article)}
    return None


def _milestone(campaign, stage) -> CampaignMilestone:
    return CampaignMilestone.objects.get(campaign=campaign, stage=stage)


def _has_evidence(campaign, stage) -> bool:
    from dudao.attachments.services import for_owner

    return for_owner(_milestone(campaign, stage)).exists()


def _guard_pass(campaign, step):
    stage = PASSES[step.transition.name]
    if step.transition.name == "self_evaluate":
        problem = basis_problem(campaign, step.today.year)
        if problem:
            return problem
    if not _has_evidence(campaign, stage):
        return _("请先上传“%(s)s”环节的佐证材料（县级自评可生成自评报告）") % {"s": Stage(stage).label}
    return None


def _guard_reason(campaign, step):
    if not step.note:
        return {"note": _("请填写理由")}
    return None


def _revoke(campaign, step):
    campaign.revoked_reason = step.note


def _mark_passed(campaign, step):
    """Hook: the passed milestone gets its actual date and the note as its conclusion."""
    milestone = _milestone(campaign, PASSES[step.transition.name])
    milestone.actual_on = step.today
    milestone.conclusion = step.note or milestone.conclusion
    milestone.save(update_fields=["actual_on", "conclusion"])


def _reopen(campaign, step):
    """Hook: a return sends the campaign back to the county: the milestones are open again."""
    CampaignMilestone.objects.filter(campaign=campaign).update(actual_on=None)


T = Transition
CAMPAIGN_WORKFLOW = Workflow(model=Campaign, history=CampaignEvent, subject="campaign", scope=_campaign_scope,
                             denied=gettext_lazy("无权办理该创建环节"), transitions=[
    T("self_evaluate", gettext_lazy("完成县级自评，报市级复核"), (S.COUNTY,), S.CITY, CHANGE, guard=_guard_pass),
    T("city_pass", gettext_lazy("市级复核通过，报省级评估"), (S.CITY,), S.PROVINCE, REVIEW, guard=_guard_pass),
    T("city_return", gettext_lazy("市级复核退回重做"), (S.CITY,), S.COUNTY, REVIEW, guard=_guard_reason),
    T("province_pass", gettext_lazy("省级评估通过，申请国家认定"), (S.PROVINCE,), S.NATIONAL, ASSESS, guard=_guard_pass),
    T("province_return", gettext_lazy("省级评估退回重做"), (S.PROVINCE,), S.COUNTY, ASSESS, guard=_guard_reason),
    T("recognise", gettext_lazy("登记国家认定"), (S.NATIONAL,), S.RECOGNISED, ASSESS, guard=_guard_pass),
    T("national_return", gettext_lazy("国家认定未通过，退回重做"), (S.NATIONAL,), S.COUNTY, ASSESS,
      guard=_guard_reason),
    T("revoke", gettext_lazy("撤销（年度监测下滑）"), (S.RECOGNISED,), S.REVOKED, ASSESS, guard=_guard_reason,
      writes=("revoked_reason",), effect=_revoke),
])
for _name in PASSES:
    CAMPAIGN_WORKFLOW.connect(_name, _mark_passed)
for _name in ("city_return", "province_return", "national_return"):
    CAMPAIGN_WORKFLOW.connect(_name, _reopen)
CAMPAIGN_SERVICES = CAMPAIGN_WORKFLOW.services("campaign")


# ---- kindergarten conduct rounds -------------------------------------------------------------
def _round_scope(actor, rnd, permission: str) -> bool:
    if permission != REVIEW:
        return ProgrammeRound.objects.for_user(actor, permission).filter(pk=rnd.pk).exists()
    parent = rnd.region.parent
    return parent is not None and region_in_scope(actor, "monitoring.review_programmeround", parent)


def _guard_county(rnd, step):
    missing = rnd.evaluations.filter(self_on__isnull=True).count()
    if not missing:
        return None
    if not rnd.collection_round_id:
        return _("尚未开启园所自评填报，还有%(n)s所幼儿园未完成自评") % {"n": missing}
    from .campaigns import self_progress

    p = self_progress(rnd)
    return _("还有%(n)s所幼儿园的自评未经县级审核通过（已提交待审核%(s)s所，退回%(r)s所，未提交%(d)s所）") % {
        "n": missing, "s": p["submitted"] - p["approved"], "r": p["returned"], "d": p["draft"]}


def _guard_city(rnd, step):
    missing = rnd.evaluations.filter(county_on__isnull=True).count()
    if missing:
        return _("还有%(n)s所幼儿园未完成县级评估（全覆盖）") % {"n": missing}
    if not rnd.evaluations.exists():
        return _("本轮没有幼儿园")
    return None


def _guard_close(rnd, step):
    missing = rnd.evaluations.filter(sampled=True, city_on__isnull=True).count()
    if missing:
        return _("还有%(n)s所抽中的幼儿园未完成市级抽查") % {"n": missing}
    return None


def _percent(rnd, step):
    from dudao.regionsettings.services import get_setting

    rnd.sample_percent = get_setting(rnd.region, "programmes.city_spot_check_percent")
    step.event_data["sample_percent"] = rnd.sample_percent


def _draw(rnd, step):
    """Hook: the city's sample, drawn when the county hands the round up."""
    from .campaigns import draw_sample

    draw_sample(rnd)


ROUND_WORKFLOW = Workflow(model=ProgrammeRound, history=RoundEvent, subject="round", scope=_round_scope,
                          denied=gettext_lazy("无权办理该评估轮次"), transitions=[
    T("start_county", gettext_lazy("自评结束，开始县级全覆盖评估"), (R.SELF,), R.COUNTY, CHANGE, guard=_guard_county),
    T("submit_city", gettext_lazy("县级评估完成，报市级抽查"), (R.COUNTY,), R.CITY, CHANGE, guard=_guard_city,
      writes=("sample_percent",), effect=_percent),
    T("city_return", gettext_lazy("市级退回县级重新评估"), (R.CITY,), R.COUNTY, REVIEW, guard=_guard_reason),
    T("close", gettext_lazy("市级抽查完成"), (R.CITY,), R.CLOSED, REVIEW, guard=_guard_close),
])
ROUND_WORKFLOW.connect("submit_city", _draw)
ROUND_SERVICES = ROUND_WORKFLOW.services("round")


# ---- the kindergartens' self-evaluation: the county's approval of a submission records it ---------
def record_self_evaluations(rnd, submissions, *, actor=None, today=None) -> int:
    """Record, on the evaluations of ``rnd`` (in 园所自评), the self-evaluation of each kindergarten
    whose submission in ``submissions`` the county approved: the date and the form's
    ``self_conclusion``. Returns how many were recorded."""
    from django.utils import timezone

    from .campaign_choices import Conclusion
    from .models import DataValue

    subs = {s.unit_id: s for s in submissions}
    if not subs or rnd.status != R.SELF:
        return 0
    conclusions = dict(DataValue.objects.filter(submission__in=list(subs.values()), element__code="self_conclusion",
                                                section="").values_list("submission__unit_id", "text"))
    done = 0
    for evaluation in rnd.evaluations.filter(kindergarten_id__in=list(subs)).select_related("kindergarten"):
        conclusion = conclusions.get(evaluation.kindergarten_id, "")
        evaluation.self_on = today or timezone.localdate()
        evaluation.self_conclusion = conclusion if conclusion in Conclusion.values else ""
        evaluation.save(update_fields=["self_on", "self_conclusion"])
        label = Conclusion(evaluation.self_conclusion).label if evaluation.self_conclusion else "—"
        ROUND_WORKFLOW.log(rnd, "evaluate", actor=actor, note=f"{evaluation.kindergarten.name}：{label}",
                           data={"evaluation": evaluation.pk, "level": "self",
                                 "submission": subs[evaluation.kindergarten_id].pk})
        done += 1
    return done


def _linked_rounds(submission):
    return ProgrammeRound.objects.select_for_update().filter(collection_round_id=submission.round_id, status=R.SELF)


def _self_evaluated(submission, step):
    """Hook on the submission's ``approve``: the kindergarten's self-evaluation is recorded."""
    for rnd in _linked_rounds(submission):
        record_self_evaluations(rnd, [submission], actor=step.actor, today=step.today)


def _self_reopened(submission, step):
    """Hook on the submission's ``reopen``: while the round is in 园所自评, the record is taken back."""
    for rnd in _linked_rounds(submission):
        changed = rnd.evaluations.filter(kindergarten_id=submission.unit_id, self_on__isnull=False)
        for evaluation in changed.select_related("kindergarten"):
            ROUND_WORKFLOW.log(rnd, "self_reopen", actor=step.actor, note=evaluation.kindergarten.name,
                               data={"evaluation": evaluation.pk, "submission": submission.pk})
        changed.update(self_on=None, self_conclusion="")


def _connect_submission_hooks():
    from .workflows import SUBMISSION

    SUBMISSION.connect("approve", _self_evaluated)
    SUBMISSION.connect("reopen", _self_reopened)


_connect_submission_hooks()
