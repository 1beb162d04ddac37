"""Files of the app (``dudao.attachments``): a progress report's evidence (``measures.report``,
added only with the report by ``services.report_add``) and a school's charter
(``measures.charter``, added only by ``services.charter_submit`` / ``charter_resubmit``)."""

from django.utils.translation import gettext_lazy

from dudao.attachments import registry

from .models import ProgressReport, SchoolCharter


def _never(user, owner, purpose) -> bool:
    return False


def register() -> None:
    """Called from ``MeasuresConfig.ready``."""
    registry.register(
        registry.OwnerType(
            code="measures.report",
            model=ProgressReport,
            purposes={"evidence": gettext_lazy("佐证材料")},
            may_add=_never,
            generic_writes=False,
        )
    )
    registry.register(
        registry.OwnerType(
            code="measures.charter",
            model=SchoolCharter,
            purposes={"charter": gettext_lazy("章程文本")},
            may_add=_never,
            generic_writes=False,
            step_key=lambda c: c.status,
        )
    )
