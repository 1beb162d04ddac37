"""The publication of a good-practice case (典型经验, E6) as a small state machine on the workflow
kernel (``dudao.common.workflow``):

    draft → published (publish: the office; the case goes to the portal when ``publishable``)
    published → draft (withdraw: the office, with a reason; the draft may be edited again)

Scope through ``GoodPracticeCase.objects.for_user(actor, "publish")``; each transition appends a
``GoodPracticeEvent``. Nothing else assigns ``GoodPracticeCase.status``."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.workflow import Transition, Workflow

from .choices import GoodPracticeStatus
from .models import GoodPracticeCase, GoodPracticeEvent

S = GoodPracticeStatus
PUBLISH = "publish"


def _guard_withdraw(case, step):
    return None if step.note else {"note": _("请写明撤回理由")}


def _set_published(case, step):
    case.published_at, case.published_by = timezone.now(), step.actor


def _set_withdrawn(case, step):
    case.published_at, case.published_by = None, None


WORKFLOW = Workflow(model=GoodPracticeCase, history=GoodPracticeEvent, subject="case",
                    denied=gettext_lazy("无权发布或撤回该典型经验"), transitions=[
    Transition("publish", gettext_lazy("发布"), (S.DRAFT,), S.PUBLISHED, PUBLISH,
               writes=("published_at", "published_by"), effect=_set_published),
    Transition("withdraw", gettext_lazy("撤回"), (S.PUBLISHED,), S.DRAFT, PUBLISH, _guard_withdraw,
               writes=("published_at", "published_by"), effect=_set_withdrawn),
])
TRANSITIONS = WORKFLOW.transitions

#: Labels of history lines that are not transitions.
EVENT_LABELS = {"create": gettext_lazy("创建"), "edit": gettext_lazy("修改")}


def may(actor, case: GoodPracticeCase, action: str) -> bool:
    return GoodPracticeCase.objects.for_user(actor, action).filter(pk=case.pk).exists()


def available(actor, case: GoodPracticeCase) -> list[Transition]:
    return WORKFLOW.available(actor, case)


def case_log(*, case, action, actor=None, note="", from_status="", to_status="") -> GoodPracticeEvent:
    """Append one line to the case's history (creation and edits; transitions log themselves)."""
    return WORKFLOW.log(case, action, actor=actor, note=note, from_status=from_status, to_status=to_status)


def apply(*, actor, case: GoodPracticeCase, name: str, note: str = "") -> GoodPracticeCase:
    return WORKFLOW.apply(actor=actor, obj=case, name=name, note=note)


@transaction.atomic
def case_publish(*, actor, case: GoodPracticeCase, note: str = "") -> GoodPracticeCase:
    """发布 a draft case."""
    return apply(actor=actor, case=case, name="publish", note=note)


@transaction.atomic
def case_withdraw(*, actor, case: GoodPracticeCase, note: str = "") -> GoodPracticeCase:
    """撤回 a published case to draft (a reason is required)."""
    return apply(actor=actor, case=case, name="withdraw", note=note)


SERVICES = {"publish": case_publish, "withdraw": case_withdraw}
