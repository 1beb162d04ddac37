"""The publication of a good-practice case (典型经验, E6) as a small state machine:

    draft → published (publish: the office; the case goes to the portal when ``publishable``)
    published → draft (withdraw: the office, with a reason; the draft may be edited again)

One service per transition: row lock, scope (``GoodPracticeCase.objects.for_user(actor,
"publish")``), source state, guard, event row. Nothing else assigns ``GoodPracticeCase.status``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import CaseStatus
from .models import GoodPracticeCase, GoodPracticeEvent

S = CaseStatus
PUBLISH = "publish"


def _guard_withdraw(case, note):
    return None if (note or "").strip() else {"note": _("请写明撤回理由")}


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    source: tuple[str, ...]
    target: str
    action: str
    guard: Callable | None = None


TRANSITIONS: dict[str, Transition] = {t.name: t for t in [
    Transition("publish", gettext_lazy("发布"), (S.DRAFT,), S.PUBLISHED, PUBLISH),
    Transition("withdraw", gettext_lazy("撤回"), (S.PUBLISHED,), S.DRAFT, PUBLISH, _guard_withdraw),
]}

#: Labels of history lines that are not transitions.
EVENT_LABELS = {"create": gettext_lazy("创建"), "edit": gettext_lazy("修改")}


def may(actor, case: GoodPracticeCase, action: str) -> bool:
    return GoodPracticeCase.objects.for_user(actor, action).filter(pk=case.pk).exists()


def available(actor, case: GoodPracticeCase) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if case.status in t.source and may(actor, case, t.action)]


def case_log(*, case, action, actor=None, note="", from_status="", to_status="") -> GoodPracticeEvent:
    """Append one line to the case's history."""
    return GoodPracticeEvent.objects.create(case=case, action=action, actor=actor, note=note,
                                            from_status=from_status, to_status=to_status)


def apply(*, actor, case: GoodPracticeCase, name: str, note: str = "") -> GoodPracticeCase:
    t = TRANSITIONS[name]
    case = GoodPracticeCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
    if actor is not None and not may(actor, case, t.action):
        raise PermissionDenied(_("无权发布或撤回该典型经验"))
    if case.status not in t.source:
        raise ValidationError({"status": _("当前状态为“%(s)s”，不能%(t)s") % {"s": case.get_status_display(),
                                                                            "t": t.label}})
    if t.guard is not None:
        problem = t.guard(case, note)
        if problem:
            raise ValidationError(problem)
    source = case.status
    case.status = t.target
    if t.target == S.PUBLISHED:
        case.published_at = timezone.now()
        case.published_by = actor
    else:
        case.published_at = None
        case.published_by = None
    case.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    case_log(case=case, action=name, actor=actor, note=(note or "").strip(), from_status=source, to_status=t.target)
    return case


@transaction.atomic
def case_publish(*, actor, case: GoodPracticeCase, note: str = "") -> GoodPracticeCase:
    """发布 a draft case."""
    return apply(actor=actor, case=case, name="publish", note=note)


@transaction.atomic
def case_withdraw(*, actor, case: GoodPracticeCase, note: str = "") -> GoodPracticeCase:
    """撤回 a published case to draft (a reason is required)."""
    return apply(actor=actor, case=case, name="withdraw", note=note)


SERVICES = {"publish": case_publish, "withdraw": case_withdraw}
