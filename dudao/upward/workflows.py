"""The state machines of the app, on the one kernel (``dudao.common.workflow``):

- ``WORKFLOW`` — an upper-level evaluation: 已部署 → 成员单位自查中 (the county office, once it has
  split the indicators) → 已报送上级 (every unit's part accepted; the package is compiled in the same
  transaction) → 上级已评估反馈 (the office above, with its conclusion); the office above may return
  a submitted package (退回补充).
- ``ASSIGNMENT`` — one indicator's self-check, a sub-record whose lines go to the evaluation's
  history: 待自查/已退回 → 已提交 (the member unit) → 已审核 or 已退回 (the county office, with reasons).
- ``FILING`` — 备案: 待确认 → 已确认备案 / 已退回 (the office above), 已退回 → 待确认 (报备 again).

The county's side is held on the evaluation's region (``upward.change_upperevaluation``), the office
above's on the region's parent (``upward.review_upperevaluation``), never the county's own."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.scoping import region_in_scope
from dudao.common.workflow import Transition, Workflow

from .choices import AssignmentStatus, EvaluationStatus, UpwardFilingStatus
from .models import EvaluationEvent, Filing, FilingEvent, IndicatorAssignment, UpperEvaluation

E, A, F = EvaluationStatus, AssignmentStatus, UpwardFilingStatus
T = Transition


def evaluation_scope(actor, evaluation, permission) -> bool:
    """``review``: the office above the evaluated region; otherwise the evaluated region's office."""
    if permission == "review":
        parent = evaluation.region.parent
        return parent is not None and region_in_scope(actor, "upward.review_upperevaluation", parent)
    return region_in_scope(actor, f"upward.{permission}_upperevaluation", evaluation.region)


def _guard_start(ev, step):
    return None if ev.assignments.exists() else {"assignments": _("请先将指标分解到成员单位")}


def _guard_submit(ev, step):
    waiting = ev.assignments.exclude(status=A.ACCEPTED).select_related("unit")
    if waiting.exists():
        names = "、".join(sorted({a.unit.name for a in waiting}))
        return {"assignments": _("以下成员单位的自查尚未审核通过：%(u)s") % {"u": names}}
    return None


def _submitted(ev, step):
    ev.submitted_at = timezone.now()


def _guard_review(ev, step):
    return None if (step.data.get("conclusion") or "").strip() else {"conclusion": _("请填写评估意见")}


def _reviewed(ev, step):
    ev.conclusion = step.data["conclusion"].strip()
    ev.grade = (step.data.get("grade") or "").strip()[:32]
    ev.reviewed_at = timezone.now()


def _guard_note(obj, step):
    return None if step.note else {"note": _("请写明退回理由")}


WORKFLOW = Workflow(
    model=UpperEvaluation,
    history=EvaluationEvent,
    subject="evaluation",
    scope=evaluation_scope,
    denied=gettext_lazy("无权办理该上级评估"),
    transitions=[
        T("start", gettext_lazy("下发成员单位自查"), (E.ANNOUNCED,), E.SELF_CHECK, "change", _guard_start),
        T(
            "submit",
            gettext_lazy("汇编报送上级"),
            (E.SELF_CHECK,),
            E.SUBMITTED,
            "change",
            _guard_submit,
            ("submitted_at",),
            _submitted,
        ),
        T(
            "return_package",
            gettext_lazy("退回补充材料"),
            (E.SUBMITTED,),
            E.SELF_CHECK,
            "review",
            _guard_note,
        ),
        T(
            "review",
            gettext_lazy("评估反馈"),
            (E.SUBMITTED,),
            E.REVIEWED,
            "review",
            _guard_review,
            ("conclusion", "grade", "reviewed_at"),
            _reviewed,
        ),
    ],
)
EVALUATION_SERVICES = WORKFLOW.services("evaluation")


def _assignment_scope(actor, assignment, permission) -> bool:
    """``respond``: the member unit's own users; ``change`` (审核, 退回): the county's office."""
    if permission == "respond":
        return IndicatorAssignment.objects.for_user(actor, "respond").filter(pk=assignment.pk).exists()
    return evaluation_scope(actor, assignment.evaluation, "change")


def max_score(indicator):
    """The most a self-assessed score of ``indicator`` may be (its 满分, or its best level), or None."""
    if indicator.max_points is not None:
        return indicator.max_points
    points = [
        lv.get("points")
        for lv in indicator.levels or []
        if isinstance(lv, dict) and lv.get("points") is not None
    ]
    return max(Decimal(str(p)) for p in points) if points else None


def _guard_self_check(a, step):
    if a.evaluation.status != E.SELF_CHECK:
        return _("县级督导室下发自查后才能提交")
    if not (step.data.get("answer") or "").strip():
        return {"answer": _("请填写自查情况")}
    score = step.data.get("score")
    top = max_score(a.indicator)
    if score is not None and (score < 0 or (top is not None and score > top)):
        return {"score": _("自评分须在0至%(m)s之间") % {"m": top}}
    return None


def _self_checked(a, step):
    a.answer = step.data["answer"].strip()
    a.score = step.data.get("score")
    a.submitted_at = timezone.now()
    a.late = step.today > a.deadline
    if a.late:
        step.event_data["late"] = True


def _guard_office_review(a, step):
    if a.evaluation.status != E.SELF_CHECK:
        return _("评估材料已报送，不能再审核或退回")
    return None


def _guard_return(a, step):
    return _guard_office_review(a, step) or _guard_note(a, step)


def _returned(a, step):
    a.return_reason = step.note


ASSIGNMENT = Workflow(
    model=IndicatorAssignment,
    history=EvaluationEvent,
    subject="assignment",
    history_owner="evaluation",
    scope=_assignment_scope,
    denied=gettext_lazy("无权办理该项自查"),
    transitions=[
        T(
            "submit",
            gettext_lazy("提交自查"),
            (A.PENDING, A.RETURNED),
            A.SUBMITTED,
            "respond",
            _guard_self_check,
            ("answer", "score", "submitted_at", "late"),
            _self_checked,
        ),
        T("accept", gettext_lazy("审核通过"), (A.SUBMITTED,), A.ACCEPTED, "change", _guard_office_review),
        T(
            "return",
            gettext_lazy("退回成员单位"),
            (A.SUBMITTED, A.ACCEPTED),
            A.RETURNED,
            "change",
            _guard_return,
            ("return_reason",),
            _returned,
        ),
    ],
)
ASSIGNMENT_SERVICES = ASSIGNMENT.services("assignment")


def filing_scope(actor, filing, permission) -> bool:
    """``acknowledge`` (确认, 退回): the office of the region above; otherwise the filing office's."""
    if permission == "acknowledge":
        return region_in_scope(actor, "upward.acknowledge_filing", filing.to_region)
    return region_in_scope(actor, f"upward.{permission}_filing", filing.region)


def _acknowledged(f, step):
    f.acknowledged_at, f.acknowledged_by = timezone.now(), step.actor


def _filing_returned(f, step):
    f.return_reason = step.note


ACK_DAYS = "upward.filing_ack_days"


def acknowledgement_due(to_region, today):
    """The day by which the office of ``to_region`` should acknowledge a filing made ``today``."""
    import datetime

    from dudao.regionsettings.services import get_setting

    return today + datetime.timedelta(days=int(get_setting(to_region, ACK_DAYS)))


def _refiled(f, step):
    f.filed_at = timezone.now()
    f.due_on = acknowledgement_due(f.to_region, step.today)


FILING = Workflow(
    model=Filing,
    history=FilingEvent,
    subject="filing",
    scope=filing_scope,
    denied=gettext_lazy("无权办理该备案"),
    transitions=[
        T(
            "acknowledge",
            gettext_lazy("确认备案"),
            (F.FILED,),
            F.ACKNOWLEDGED,
            "acknowledge",
            writes=("acknowledged_at", "acknowledged_by"),
            effect=_acknowledged,
        ),
        T(
            "return",
            gettext_lazy("退回"),
            (F.FILED,),
            F.RETURNED,
            "acknowledge",
            _guard_note,
            ("return_reason",),
            _filing_returned,
        ),
        T(
            "refile",
            gettext_lazy("重新报备"),
            (F.RETURNED,),
            F.FILED,
            "change",
            writes=("filed_at", "due_on"),
            effect=_refiled,
        ),
    ],
)
FILING_SERVICES = FILING.services("filing")
