"""The two machines of the committee app on the workflow kernel (``dudao.common.workflow``):

* a meeting: planned → held (its attendance recorded) → minutes approved (纪要已审定, the minutes
  written);
* a decision's action: open → reported done (the owner's completion report) → accepted, or
  returned (with the reason) and reported again.

Nothing else assigns ``Meeting.status`` or ``Action.status``."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.workflow import Transition, Workflow

from .choices import CommitteeActionStatus as A
from .choices import MeetingStatus as M
from .choices import Presence
from .models import Action, ActionEvent, ActionReport, Meeting, MeetingEvent


def _guard_hold(meeting, step):
    if meeting.held_on > step.today:
        return {"held_on": _("会议日期（%(d)s）尚未到，不能登记为已召开") % {"d": meeting.held_on}}
    if not meeting.attendances.exclude(presence=Presence.ABSENT).exists():
        return {"attendance": _("请先登记成员单位出席情况")}
    return None


def _guard_approve(meeting, step):
    if not (meeting.minutes or "").strip():
        return {"minutes": _("请先记录会议纪要")}
    return None


T = Transition
MEETING_WORKFLOW = Workflow(model=Meeting, history=MeetingEvent, subject="meeting",
                            denied=gettext_lazy("无权办理该会议"), transitions=[
    T("hold", gettext_lazy("登记会议已召开"), (M.PLANNED,), M.HELD, guard=_guard_hold),
    T("approve_minutes", gettext_lazy("审定会议纪要"), (M.HELD,), M.APPROVED, guard=_guard_approve),
])
MEETING_SERVICES = MEETING_WORKFLOW.services("meeting")
meeting_hold = MEETING_SERVICES["hold"]
meeting_approve_minutes = MEETING_SERVICES["approve_minutes"]


def _guard_report(action, step):
    return None if step.note else {"note": _("请填写办结情况")}


def _set_reported(action, step):
    action.reported_at = timezone.now()


def _save_final_report(action, step):
    """Hook of ``report_done``: the completion report is a progress report marked final (its
    evidence files are attached to it)."""
    ActionReport.objects.create(action_row=action, text=step.note, final=True, reported_by=step.actor)


def _guard_return(action, step):
    return None if step.note else {"note": _("请写明退回理由")}


def _set_accepted(action, step):
    action.accepted_at, action.overdue = timezone.now(), False


ACTION_WORKFLOW = Workflow(model=Action, history=ActionEvent, subject="action_row",
                           denied=gettext_lazy("无权办理该落实事项"), transitions=[
    T("report_done", gettext_lazy("报送办结"), (A.OPEN, A.RETURNED), A.REPORTED, permission="report",
      guard=_guard_report, writes=("reported_at",), effect=_set_reported),
    T("accept", gettext_lazy("确认办结"), (A.REPORTED,), A.ACCEPTED, permission="accept",
      writes=("accepted_at", "overdue"), effect=_set_accepted),
    T("return", gettext_lazy("退回继续办理"), (A.REPORTED,), A.RETURNED, permission="accept", guard=_guard_return),
])
ACTION_WORKFLOW.connect("report_done", _save_final_report)
ACTION_SERVICES = ACTION_WORKFLOW.services("action")
