"""Field sets shared by the API schemas of several apps. Each app still names its own schema
classes (the OpenAPI components are named after them, ``tests/test_api_schema_names.py``) and
builds them from these."""

import datetime
import re
from typing import Annotated, Any, get_args

from ninja import Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import BeforeValidator, ConfigDict, Field, field_validator

# --- Bounded input types (the "No 500s" controls, docs/security.md) ---------------------------------

# C0 control characters except tab, line feed and carriage return, and DEL: PostgreSQL refuses NUL
# in text, Word (XML 1.0) refuses the rest, and no person types them.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_CHARS_MESSAGE = "不得包含控制字符"
MAX_ID = 2**63 - 1  # a 64-bit signed primary key (SQLite INTEGER, PostgreSQL bigint)


def has_control_chars(value: str) -> bool:
    return bool(CONTROL_CHARS.search(value))


def reject_control_chars(value: Any) -> Any:
    """Raise ``ValueError`` if ``value`` (a string, or strings nested in lists/dicts) holds a control
    character; used by every input schema and by the query-string guard."""
    if isinstance(value, str):
        if has_control_chars(value):
            raise ValueError(CONTROL_CHARS_MESSAGE)
    elif isinstance(value, list | tuple | set):
        for item in value:
            reject_control_chars(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            reject_control_chars(key)
            reject_control_chars(item)
    return value


def _iso_date_only(value: Any) -> Any:
    """A date is an ISO string (``YYYY-MM-DD``) or a date, never a number (JSON ``0`` would be
    1970-01-01) nor a datetime string."""
    if isinstance(value, datetime.datetime):
        raise ValueError("日期格式应为 YYYY-MM-DD")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    raise ValueError("日期格式应为 YYYY-MM-DD")


def _iso_datetime_only(value: Any) -> Any:
    if isinstance(value, datetime.datetime) or (isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}", value)):
        return value
    raise ValueError("时间格式应为 ISO 8601（YYYY-MM-DDTHH:MM:SS）")


# A date or time given in a request: ISO strings only.
StrictDate = Annotated[datetime.date, BeforeValidator(_iso_date_only)]
StrictDateTime = Annotated[datetime.datetime, BeforeValidator(_iso_datetime_only)]
# A primary key given in a request (path, query or body): 1 … 2⁶³−1, so 0 is not "none" and a huge
# number is a validation error, not an overflow in the database driver.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Year = Annotated[int, Field(ge=1900, le=2100)]
# A text filter or free text in a query string: no control characters (``%00``).
SafeStr = Annotated[str, BeforeValidator(reject_control_chars)]


class BoundedPagination(LimitOffsetPagination):
    """``?limit=&offset=`` with both bounded: ``offset=9223372036854775808`` is a 422, not an
    overflow in the database driver. Every list endpoint uses this class."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=500, description="每页条数（1–500）")
        offset: int = Field(0, ge=0, le=10**9, description="跳过的条数")


class StrictSchema(Schema):
    """Input schemas refuse unknown fields, so a typo is an error rather than silently ignored, and
    refuse control characters in any string (``\x00`` … — PostgreSQL rejects NUL, Word the rest)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _dates_are_iso_strings(cls, value, info):
        kind = _date_kind(cls.model_fields[info.field_name].annotation)
        if kind is datetime.datetime and value is not None:
            _iso_datetime_only(value)
        elif kind is datetime.date and value is not None:
            _iso_date_only(value)
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_chars(cls, value):
        return reject_control_chars(value)


def _date_kind(annotation) -> type | None:
    """``datetime.datetime`` or ``datetime.date`` if the field holds one (``X | None``,
    ``Annotated[X, …]``), else ``None``."""
    if annotation in (datetime.datetime, datetime.date):
        return annotation
    for arg in get_args(annotation):
        if kind := _date_kind(arg):
            return kind
    return None


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
