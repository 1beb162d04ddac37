"""``get_<field>_display()`` without re-translating every choice on every call.

Django's ``Model._get_FIELD_display`` builds ``dict(make_hashable(field.flatchoices))`` on each call,
and hashing the lazy labels translates *all* of a field's choices: a list of 50 units showing their
kind ran ~400 gettext calls, a quarter of the API list's CPU (issue 18 item 2, docs/performance.md).
Here the table value → label is built once per field and active language. Fields whose choices are a
callable (evaluated anew by Django) keep Django's own path."""

from collections.abc import Callable

from django.db.models import Model
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

_tables: dict[tuple[int, str | None], dict] = {}
_django_display: Callable = Model._get_FIELD_display


def _fixed_choices(field) -> bool:
    return isinstance(field.choices, (list, tuple))


def _get_FIELD_display(self, field):
    if not _fixed_choices(field):
        return _django_display(self, field)
    key = (id(field), get_language())
    table = _tables.get(key)
    if table is None:
        table = {make_hashable(k): force_str(v, strings_only=True) for k, v in field.flatchoices}
        _tables[key] = table
    value = getattr(self, field.attname)
    return force_str(table.get(make_hashable(value), value), strings_only=True)


def install() -> None:
    """Rebind every model's ``get_<field>_display`` that Django made (a ``partialmethod`` of its own
    ``_get_FIELD_display``, bound when the class was created); a model's own override stays."""
    from functools import partialmethod

    from django.apps import apps

    Model._get_FIELD_display = _get_FIELD_display
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            name = f"get_{getattr(field, 'name', '')}_display"
            bound = model.__dict__.get(name)
            if isinstance(bound, partialmethod) and bound.func is _django_display:
                setattr(model, name, partialmethod(_get_FIELD_display, field=field))
