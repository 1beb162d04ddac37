"""A plan's state machine on the workflow kernel: 草稿 → 已发布 (publish: every legal floor placed)
→ 已被替代 (superseded, by the system when a later plan of the same semester is published). The
plan's other history lines (created, generated, a visit moved or locked, re-planned) go through
``WORKFLOW.log``. Scope is ``Plan.objects.for_user``. Only these transitions assign ``status``."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.workflow import Transition, Workflow

from .choices import PlanStatus, SolveStatus
from .models import Plan, PlanEvent

S = PlanStatus


def _guard_publish(plan, step):
    if not plan.visits.exists():
        return _("计划还没有任何督导安排，请先生成计划")
    if plan.solve_status == SolveStatus.INFEASIBLE:
        return _("计划未满足全部法定底线，不能发布：请先处理冲突后重新生成")
    return None


def _published(plan, step):
    plan.published_at = timezone.now()


WORKFLOW = Workflow(model=Plan, history=PlanEvent, subject="plan", denied=gettext_lazy("无权办理该督导计划"),
                    transitions=[
    Transition("publish", gettext_lazy("发布"), (S.DRAFT,), S.PUBLISHED, "change", _guard_publish,
               ("published_at",), _published),
    Transition("supersede", gettext_lazy("被新计划替代"), (S.PUBLISHED,), S.SUPERSEDED, "change",
               offered=lambda plan: False),
])
