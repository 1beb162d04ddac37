"""Output schemas of the ledger API shared by ``api`` (an item's detail lists them) and
``api_items`` (their own endpoints): extension requests, department actions, 督办 orders; and
``call_renamed``, which the API modules use to report a service's errors under the request's names."""

import datetime

from django.core.exceptions import ValidationError
from ninja import Schema

from dudao.common.schemas import Id


def call_renamed(fn, renames: dict, **kwargs):
    """Run a service; its errors name the request's fields (e.g. ``situations`` → ``situation_ids``)."""
    try:
        return fn(**kwargs)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError({renames.get(k, k): v for k, v in exc.error_dict.items()}) from exc


class ExtensionOut(Schema):
    id: int
    item_id: Id
    requested_deadline: datetime.date
    reason: str
    status: str
    requested_by_id: Id | None = None
    decided_by_id: Id | None = None
    decision_note: str
    created_at: datetime.datetime
    decided_at: datetime.datetime | None = None


class ActionOut(Schema):
    id: int
    item_id: Id
    kind: str
    department_id: Id
    department_name: str
    task: str
    deadline: datetime.date
    status: str
    result: str
    done_at: datetime.datetime | None = None
    done_by_id: Id | None = None

    @staticmethod
    def resolve_department_name(obj):
        return obj.department.name


class OrderOut(Schema):
    id: int
    item_id: Id
    level: int
    office_id: Id
    office_name: str
    status: str
    overdue_deadline: datetime.date
    new_deadline: datetime.date
    escalated_to_ids: list[Id]
    document_id: Id | None = None
    document_number: str
    created_on: datetime.date
    issued_by_id: Id | None = None
    issued_at: datetime.datetime | None = None

    @staticmethod
    def resolve_office_name(obj):
        return obj.office.name

    @staticmethod
    def resolve_escalated_to_ids(obj):
        return sorted(u.pk for u in obj.escalated_to.all())

    @staticmethod
    def resolve_document_number(obj):
        return obj.document.number_text if obj.document_id else ""
