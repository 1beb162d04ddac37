"""A complaint's state machine, on the workflow kernel (``dudao.common.workflow``): 未处理 → 已处理,
by one of three ways — 受理 (accepted into the problem ledger, ``services.complaint_accept``), 不予受理
(dismissed with a reason the complainant reads, ``services.complaint_dismiss``) or 办结 (handled
without the ledger: a complaint about an inspector, a question answered) — and 重新处理 (reopen) of
a complaint handled without a triage. History in ``ComplaintEvent``; its creation (public page or
the office's registration) is logged with ``WORKFLOW.log``. Scope through ``for_user(actor,
"change")``. Only these transitions assign ``status``."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.workflow import Transition, Workflow

from .choices import ComplaintStatus
from .models import Complaint, ComplaintEvent, ComplaintTriage

S = ComplaintStatus


def _triaged(complaint) -> bool:
    return ComplaintTriage.objects.filter(complaint=complaint).exists()


def _note(complaint, step):
    complaint.handled_note = step.note


def _guard_reopen(complaint, step):
    if _triaged(complaint):
        return _("已受理或不予受理的举报投诉不能重新处理")
    return None


def _never(complaint) -> bool:
    """Triage transitions have their own forms (accept/dismiss) and are not offered as buttons."""
    return False


T = Transition
#: 未处理 → 已处理 (受理 / 不予受理 / 办结), 已处理 → 未处理 (重新处理, only without a triage).
WORKFLOW = Workflow(model=Complaint, history=ComplaintEvent, subject="complaint", event_data_keys=("ledger_item",),
                    transitions=[
    T("handle", gettext_lazy("办结"), (S.NEW,), S.HANDLED, writes=("handled_note",), effect=_note),
    T("reopen", gettext_lazy("重新处理"), (S.HANDLED,), S.NEW, guard=_guard_reopen, writes=("handled_note",),
      effect=_note, offered=lambda c: not _triaged(c)),
    T("accept", gettext_lazy("受理，纳入问题台账"), (S.NEW,), S.HANDLED, writes=("handled_note",), effect=_note,
      offered=_never),
    T("dismiss", gettext_lazy("不予受理"), (S.NEW,), S.HANDLED, writes=("handled_note",), effect=_note,
      offered=_never),
])
SERVICES = WORKFLOW.services("complaint")
complaint_handle_transition = SERVICES["handle"]
complaint_reopen = SERVICES["reopen"]
