"""The state machines of the app, on the one kernel (``dudao.common.workflow``):

- a measure: 推进中 → 已完成 (the office, with the completion note) → 推进中 (重新打开);
- a reform project (I3): 已申报 → 已立项 / 不予立项 (the office) → 已结项 (the office); while 已立项
  the office and inspectors add 过程督导 notes (``PROJECT_WORKFLOW.log(…, "progress")``);
- a school charter (I4): 待备案 → 已备案 (备案, the county office) or 已退回 → 待备案 (the school
  submits the revised charter again).
Only these transitions assign ``status``."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.workflow import Transition, Workflow

from .choices import CharterStatus, MeasureStatus, ProjectStatus
from .models import CharterEvent, Measure, MeasureEvent, ProjectEvent, ReformProject, SchoolCharter

T = Transition
M, P, C = MeasureStatus, ProjectStatus, CharterStatus


def _needs_note(message):
    def guard(obj, step):
        return {"note": message} if not step.note else None

    return guard


def _complete(measure, step):
    measure.completed_on = step.today
    measure.conclusion = step.note


def _reopen(measure, step):
    measure.completed_on = None


MEASURE_WORKFLOW = Workflow(
    model=Measure,
    history=MeasureEvent,
    subject="measure",
    transitions=[
        T(
            "complete",
            gettext_lazy("确认完成"),
            (M.IN_PROGRESS,),
            M.COMPLETED,
            permission="change",
            guard=_needs_note(gettext_lazy("请填写完成情况")),
            writes=("completed_on", "conclusion"),
            effect=_complete,
        ),
        T(
            "reopen",
            gettext_lazy("重新打开"),
            (M.COMPLETED,),
            M.IN_PROGRESS,
            permission="change",
            guard=_needs_note(gettext_lazy("请填写重新打开的原因")),
            writes=("completed_on",),
            effect=_reopen,
        ),
    ],
)
measure_complete = MEASURE_WORKFLOW.service("complete", "measure")
measure_reopen = MEASURE_WORKFLOW.service("reopen", "measure")


def _decision(project, step):
    project.decision_note = step.note


def _conclude(project, step):
    project.conclusion = step.note


def _has_progress(project, step):
    if not ProjectEvent.objects.filter(project=project, action="progress").exists():
        return _("结项前至少应有一次过程督导记录")
    if not step.note:
        return {"note": _("请填写结项意见")}
    return None


PROJECT_WORKFLOW = Workflow(
    model=ReformProject,
    history=ProjectEvent,
    subject="project",
    transitions=[
        T(
            "approve",
            gettext_lazy("立项"),
            (P.APPLIED,),
            P.APPROVED,
            permission="approve",
            writes=("decision_note",),
            effect=_decision,
        ),
        T(
            "reject",
            gettext_lazy("不予立项"),
            (P.APPLIED,),
            P.REJECTED,
            permission="approve",
            guard=_needs_note(gettext_lazy("请填写不予立项的理由")),
            writes=("decision_note",),
            effect=_decision,
        ),
        T(
            "complete",
            gettext_lazy("结项"),
            (P.APPROVED,),
            P.COMPLETED,
            permission="approve",
            guard=_has_progress,
            writes=("conclusion",),
            effect=_conclude,
        ),
    ],
)
SERVICES = PROJECT_WORKFLOW.services("project")
project_approve = SERVICES["approve"]
project_reject = SERVICES["reject"]
project_complete = SERVICES["complete"]


def _filed(charter, step):
    charter.filed_on = step.today
    charter.review_note = step.note


def _returned(charter, step):
    charter.review_note = step.note


CHARTER_WORKFLOW = Workflow(
    model=SchoolCharter,
    history=CharterEvent,
    subject="charter",
    transitions=[
        T(
            "file",
            gettext_lazy("备案"),
            (C.SUBMITTED,),
            C.FILED,
            permission="file",
            writes=("filed_on", "review_note"),
            effect=_filed,
        ),
        T(
            "return",
            gettext_lazy("退回修改"),
            (C.SUBMITTED,),
            C.RETURNED,
            permission="file",
            guard=_needs_note(gettext_lazy("请填写退回意见")),
            writes=("review_note",),
            effect=_returned,
        ),
        T(
            "resubmit",
            gettext_lazy("重新报送"),
            (C.RETURNED,),
            C.SUBMITTED,
            permission="submit",
            offered=lambda c: False,
        ),  # the school's resubmission goes with a new file (services.charter_resubmit)
    ],
)
charter_file = CHARTER_WORKFLOW.service("file", "charter")
charter_return = CHARTER_WORKFLOW.service("return", "charter")
