"""A department's self-check against its 督政清单 on the workflow kernel (``dudao.common.workflow``):

    draft → submitted            submit   (the department: its unit users or its liaison)
    returned → submitted         submit   (resubmitted after the office's return)
    submitted → verified         verify   (the office of the department's region or above)
    submitted → returned         return_  (the office, with its reason)

Submitting needs every item answered and a summary; returning needs a reason. Each transition appends
a ``SelfCheckEvent``. Nothing else assigns ``SelfCheck.status``."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.workflow import Transition, Workflow

from .choices import SelfCheckStatus
from .models import SelfCheck, SelfCheckEvent

S = SelfCheckStatus
SUBMIT, VERIFY = "submit", "verify"


def _guard_submit(check, step):
    errors = {}
    if not check.summary.strip():
        errors["summary"] = _("请填写自查报告")
    missing = [a.item.number for a in check.answers.select_related("item") if not a.result]
    if missing:
        errors["answers"] = _("以下事项尚未填写落实情况：%(n)s") % {"n": "、".join(str(n) for n in missing)}
    return errors or None


def _guard_return(check, step):
    return None if step.note.strip() else {"note": _("请写明退回理由")}


def _set_submitted(check, step):
    check.submitted_at = timezone.now()


def _set_verified(check, step):
    check.verified_at, check.verified_by = timezone.now(), step.actor


def _set_returned(check, step):
    check.return_reason = step.note.strip()


WORKFLOW = Workflow(
    model=SelfCheck,
    history=SelfCheckEvent,
    subject="self_check",
    denied=gettext_lazy("无权办理该自查"),
    transitions=[
        Transition(
            "submit",
            gettext_lazy("提交"),
            (S.DRAFT, S.RETURNED),
            S.SUBMITTED,
            SUBMIT,
            _guard_submit,
            writes=("submitted_at",),
            effect=_set_submitted,
        ),
        Transition(
            "verify",
            gettext_lazy("核实通过"),
            (S.SUBMITTED,),
            S.VERIFIED,
            VERIFY,
            writes=("verified_at", "verified_by"),
            effect=_set_verified,
        ),
        Transition(
            "return",
            gettext_lazy("退回修改"),
            (S.SUBMITTED,),
            S.RETURNED,
            VERIFY,
            _guard_return,
            writes=("return_reason",),
            effect=_set_returned,
        ),
    ],
)
TRANSITIONS = WORKFLOW.transitions
SERVICES = WORKFLOW.services("self_check")

#: Labels of history lines that are not transitions.
EVENT_LABELS = {
    "create": gettext_lazy("创建"),
    "answer": gettext_lazy("填写自查"),
    "evidence": gettext_lazy("上传佐证材料"),
}


def log(check, action: str, *, actor=None, note: str = "", **data) -> SelfCheckEvent:
    return WORKFLOW.log(check, action, actor=actor, note=note, data=data)
