"""Field sets shared by the API schemas of several apps. Each app still names its own schema
classes (the OpenAPI components are named after them, ``tests/test_api_schema_names.py``) and
builds them from these."""

import datetime

from ninja import Schema
from pydantic import ConfigDict, Field


class StrictSchema(Schema):
    """Input schemas refuse unknown fields, so a typo is an error rather than silently ignored."""

    model_config = ConfigDict(extra="forbid")


class ErrorItem(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    code: str
    message: str
    errors: list[ErrorItem] | None = None


class HistoryLineFields(Schema):
    """One line of an object's history: the action, the status it moved from and to, who, why, when."""

    action: str
    from_status: str
    to_status: str
    actor_id: int | None = None
    note: str
    created_at: datetime.datetime


class NoteFields(Schema):
    """The optional note of a workflow step (a reason where the step needs one)."""

    note: str = Field("", max_length=2000)


class ImportErrorItem(Schema):
    """One error of a refused file import: the column (or ``file``), the message naming the row,
    and the row (line) number — ``None`` for the file as a whole."""

    field: str
    message: str
    row: int | None = None


class ImportErrorOut(Schema):
    """A refused file import (all or nothing: no row was written): every error with its row."""

    code: str
    message: str
    errors: list[ImportErrorItem] | None = None
