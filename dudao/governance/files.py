"""Evidence of a self-check (``dudao.attachments``, owner type ``governance.answer``): the files a
department attaches to its answer to one checklist item (佐证材料), while it may fill the self-check
in (draft or returned). The generic upload API (``POST /api/v1/attachments``) and the self-check page
both add them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from dudao.attachments import registry

from .models import SelfCheckAnswer

PURPOSES = {"evidence": gettext_lazy("佐证材料")}


def may_add(user, answer: SelfCheckAnswer, purpose: str) -> bool:
    from .services import may_fill

    return may_fill(user, answer.self_check)


def register() -> None:
    """Called from ``GovernanceConfig.ready``."""
    registry.register(
        registry.OwnerType(
            code="governance.answer",
            model=SelfCheckAnswer,
            purposes=PURPOSES,
            may_add=may_add,
            step_key=lambda a: a.self_check.status,
        )
    )
