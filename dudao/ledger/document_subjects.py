"""The ledger's document subjects (see ``dudao.documents.subjects``): a ledger item is the subject of
its 整改通知书, a 督办 of its 督办通知; both are delivered to the item's unit.

``issue_rectification_notice`` is the call for other parts of the platform (a visit problem
recorded, a task's problems made binding): it issues the item's 整改通知书 in the caller's
transaction."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from dudao.documents.choices import DocumentKind
from dudao.documents.subjects import SubjectSpec

from .models import LedgerItem, SupervisionOrder


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def notice_context(item: LedgerItem, today) -> dict:
    """整改通知书 data filled from the item: the unit, the problem, the requirement, the deadline."""
    source = item.source_reference or (item.task.title if item.task_id else str(item.get_source_display()))
    return {"signed_on": today.isoformat(), "recipient": item.unit.name, "inspection_name": source[:200],
            "problems": _lines(item.description) or [item.description],
            "requirements": _lines(item.requirement), "deadline": item.deadline.isoformat(),
            "contact": "", "phone": ""}


def item_office(item: LedgerItem):
    from .deadlines import office_for

    return office_for(item.unit.region)


def _may_change(actor, item) -> bool:
    from .workflows import may

    return may(actor, item, "change")


SUBJECTS = [
    SubjectSpec(
        model=LedgerItem,
        kinds={DocumentKind.RECTIFICATION_NOTICE: notice_context},
        office=item_office,
        recipients=lambda item, kind, context: [item.unit],
        related=lambda item: list(item.orders.all()),
        may_issue=_may_change,
        labels={DocumentKind.RECTIFICATION_NOTICE: gettext_lazy("下达整改通知书")},
    ),
    SubjectSpec(
        model=SupervisionOrder,
        kinds={},  # issued by ``workflows.order_issue`` from the order's own data
        office=lambda order: order.office,
        recipients=lambda order, kind, context: [order.item.unit],
    ),
]


def issue_rectification_notice(*, actor, item: LedgerItem, automatic: bool = False, **overrides):
    """下达整改通知书 for ``item``: filled from the item (``overrides`` replace named fields), linked
    to it and delivered to its unit; returns the ``IssuedDocument``.

    ``actor=None`` is the system. With ``automatic=True`` (a problem just recorded by, e.g., an
    inspector on a visit) the region setting ``ledger.auto_notice`` decides: off → nothing is
    issued (returns None); on → issued in the actor's name if the actor may sign documents for the
    item's office, otherwise in the office's name by the system (签发人 empty)."""
    from dudao.common.scoping import region_in_scope
    from dudao.documents.services import document_issue_for
    from dudao.regionsettings.services import get_setting

    if automatic:
        if not int(get_setting(item.unit.region, "ledger.auto_notice")):
            return None
        office = item_office(item)
        if actor is not None and (office is None or not region_in_scope(actor, "documents.add_issueddocument",
                                                                        office.region)
                                  or not _may_change(actor, item)):
            actor = None
    return document_issue_for(actor=actor, subject=item, kind=DocumentKind.RECTIFICATION_NOTICE,
                              overrides=overrides)

