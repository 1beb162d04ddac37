"""The expense claim's review on the workflow kernel (``dudao.common.workflow``):

    submitted → approved  (approve: the office; posts the claim to the year's 督导评估 budget line)
    submitted → returned  (return: the office, with a reason)
    returned  → submitted (resubmit: the office recomputes the lines from the visits and task days
                           recorded by then and submits again)

Scope through ``ExpenseClaim.objects.for_user(actor, "approve" | "change")``; each step appends a
``ClaimEvent``. Nothing else assigns ``ExpenseClaim.status``."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.workflow import Transition, Workflow

from .choices import ClaimStatus
from .models import ClaimEvent, ExpenseClaim

S = ClaimStatus
APPROVE, CHANGE = "approve", "change"


def _guard_return(claim, step):
    return None if step.note else {"note": _("请写明退回理由")}


def _set_approved(claim, step):
    claim.approved_at, claim.approved_by = timezone.now(), step.actor


def _clear_approved(claim, step):
    claim.approved_at, claim.approved_by = None, None


WORKFLOW = Workflow(model=ExpenseClaim, history=ClaimEvent, subject="claim",
                    denied=gettext_lazy("无权审核该经费申报"), transitions=[
    Transition("approve", gettext_lazy("审核通过"), (S.SUBMITTED,), S.APPROVED, APPROVE,
               writes=("approved_at", "approved_by"), effect=_set_approved),
    Transition("return", gettext_lazy("退回"), (S.SUBMITTED,), S.RETURNED, APPROVE, _guard_return,
               writes=("approved_at", "approved_by"), effect=_clear_approved),
    Transition("resubmit", gettext_lazy("重新计算并提交"), (S.RETURNED,), S.SUBMITTED, CHANGE),
])
TRANSITIONS = WORKFLOW.transitions
SERVICES = WORKFLOW.services("claim")

#: Labels of history lines that are not transitions.
EVENT_LABELS = {"create": gettext_lazy("计算并提交"), "recompute": gettext_lazy("重新计算")}


def available(actor, claim):
    return WORKFLOW.available(actor, claim)


def connect_hooks() -> None:
    """Called from ``FinanceConfig.ready``: resubmitting recomputes the lines, approving posts the
    claim to the budget (both in the transition's transaction)."""
    from . import services

    WORKFLOW.connect("resubmit", services.recompute_on_resubmit)
    WORKFLOW.connect("approve", services.post_to_budget)
