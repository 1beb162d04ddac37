"""Two small machines on the workflow kernel (``dudao.common.workflow``):

Research topics (课题, H4)::

    proposed → ongoing (approve: 立项)     ongoing → concluded (conclude: 结题, with a summary)
    proposed | ongoing → terminated (terminate, with a reason)

Entries of a selection of cases and papers (评选, S4 #14)::

    submitted → shortlisted (shortlist)   submitted → not_selected (reject)
    shortlisted → selected (select)       shortlisted → not_selected (reject)

The office holds both (``change`` on topics, ``review`` on entries); each step appends a history
row. Nothing else assigns the statuses."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from dudao.common.workflow import Transition, Workflow

from .choices import EntryStatus, TopicStatus
from .models import EntryEvent, ResearchTopic, SelectionEntry, TopicEvent

T, E = TopicStatus, EntryStatus


def _need_note(message):
    def guard(obj, step):
        return None if step.note else {"note": message}

    return guard


TOPIC_WORKFLOW = Workflow(model=ResearchTopic, history=TopicEvent, subject="topic",
                          denied=gettext_lazy("无权办理该课题"), transitions=[
    Transition("approve", gettext_lazy("立项"), (T.PROPOSED,), T.ONGOING, "change"),
    Transition("conclude", gettext_lazy("结题"), (T.ONGOING,), T.CONCLUDED, "change",
               _need_note(gettext_lazy("请填写结题成果摘要"))),
    Transition("terminate", gettext_lazy("终止"), (T.PROPOSED, T.ONGOING), T.TERMINATED, "change",
               _need_note(gettext_lazy("请写明终止理由"))),
])
TOPIC_SERVICES = TOPIC_WORKFLOW.services("topic")

ENTRY_WORKFLOW = Workflow(model=SelectionEntry, history=EntryEvent, subject="entry",
                          denied=gettext_lazy("无权评审该作品"), transitions=[
    Transition("shortlist", gettext_lazy("入围"), (E.SUBMITTED,), E.SHORTLISTED, "review"),
    Transition("select", gettext_lazy("入选"), (E.SHORTLISTED,), E.SELECTED, "review"),
    Transition("reject", gettext_lazy("未入选"), (E.SUBMITTED, E.SHORTLISTED), E.NOT_SELECTED, "review"),
])
ENTRY_SERVICES = ENTRY_WORKFLOW.services("entry")

EVENT_LABELS = {"create": gettext_lazy("登记")}

__all__ = ["ENTRY_SERVICES", "ENTRY_WORKFLOW", "EVENT_LABELS", "TOPIC_SERVICES", "TOPIC_WORKFLOW"]
