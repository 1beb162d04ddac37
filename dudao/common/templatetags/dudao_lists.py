"""Template filters of the lists (model-free): a cell's value and a row's tone.

- ``{{ value|cell }}``: a date (or date-time) never wraps mid-word ("2026年11月26\\n日"): it is
  shown in a ``text-nowrap`` span; other values as they are.
- ``{{ obj|row_tone:today }}``: ``row-overdue`` for a record past its deadline and still open,
  ``row-due-soon`` for one due within a week — read from the record's ``row_tone(today)`` when it
  has one, else from ``deadline`` + ``is_open``/``is_overdue`` attributes when present.
"""

import datetime

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.html import format_html

register = template.Library()

DUE_SOON_DAYS = 7


@register.filter
def cell(value):
    if isinstance(value, datetime.datetime):
        return format_html('<span class="text-date">{}</span>', date_filter(timezone.localtime(value)
                                                                           if timezone.is_aware(value) else value,
                                                                           "Y-m-d H:i"))
    if isinstance(value, datetime.date):
        return format_html('<span class="text-date">{}</span>', date_filter(value))
    return "" if value is None else value


@register.filter
def row_tone(obj, today=None):
    today = today or timezone.localdate()
    tone = getattr(obj, "row_tone", None)
    if callable(tone):
        return tone(today) or ""
    overdue = getattr(obj, "is_overdue", None)
    if overdue is True:
        return "row-overdue"
    deadline = getattr(obj, "deadline", None)
    is_open = getattr(obj, "is_open", None)
    if not isinstance(deadline, datetime.date) or is_open is not True:
        return ""
    if deadline < today:
        return "row-overdue"
    if (deadline - today).days <= DUE_SOON_DAYS:
        return "row-due-soon"
    return ""
