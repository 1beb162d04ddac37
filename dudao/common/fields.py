"""Model fields shared by every app, and the one rule that keeps copied region paths in step.

Where a copied path comes from
------------------------------
Every model with a :class:`RegionPathField` declares, in one class attribute, where its path is
copied from::

    region_path_source = "unit"               # the path of the row its ``unit`` foreign key names
    region_path_source = ("unit", "region")   # the unit's when there is one, the region's otherwise
    region_path_source = ORIGIN               # the region tree itself (``regions.Region.path``)

A source is the name of a foreign key (or generic foreign key) to a row that has a path of its own:
a region, a unit, or another row that copies one (a 督办 order copies its ledger item's path, which
copies its unit's). Alternatives are tried in order; the first one set wins. When a model has a
``region`` foreign key besides its path and the path comes from a unit, the ``region`` is a copy
too and moves with it.

Moving a row re-scopes everything that copies its path, whatever the app
(:func:`rescope_followers`, called by ``orgs.services.unit_update``); moving a region rewrites the
prefix of every copied path below it (:func:`rewrite_path_prefix`, called by
``regions.services.region_update``). Both are bulk UPDATEs, one or two per table, inside the
caller's transaction. ``tests/test_scope_follows_unit.py`` fails when a model with a path field
declares no source.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr

ORIGIN = "origin"


class RegionPathField(models.CharField):
    """A materialised region path (``/500000/500108/``) or a copy of one.

    On PostgreSQL the column uses the "C" collation, so one ordinary b-tree index serves both the
    scoping predicate ``LIKE '/500000/500108/%'`` (as a range) and ``ORDER BY path`` — a page of a
    province's 15,000 units is read in index order instead of sorting or scanning the table. Other
    databases keep their default (byte-wise on SQLite).
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)

    def db_parameters(self, connection):
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params


# --- The registry: which models copy a path, and from where ----------------------------------------

def path_field(model) -> RegionPathField | None:
    """The model's region path column, or None."""
    return next((f for f in model._meta.concrete_fields if isinstance(f, RegionPathField)), None)


def path_models() -> list:
    """Every installed model with a region path column."""
    from django.apps import apps

    return [m for m in apps.get_models() if path_field(m) is not None]


def path_sources(model) -> tuple[str, ...]:
    """The declared sources of ``model``'s path (``()`` for the origin), checked against its fields."""
    declared = getattr(model, "region_path_source", None)
    if declared is None:
        raise ImproperlyConfigured(f"{model._meta.label} has a RegionPathField but no region_path_source")
    if declared == ORIGIN:
        return ()
    names = (declared,) if isinstance(declared, str) else tuple(declared)
    for name in names:
        field = _source_field(model, name)
        if isinstance(field, models.ForeignKey) and path_field(field.related_model) is None:
            raise ImproperlyConfigured(f"{model._meta.label}.region_path_source: {name} points to a model without a path")
    return names


def _source_field(model, name):
    from django.contrib.contenttypes.fields import GenericForeignKey

    try:
        field = model._meta.get_field(name)
    except Exception as exc:
        raise ImproperlyConfigured(f"{model._meta.label}.region_path_source: no field {name!r}") from exc
    if not isinstance(field, models.ForeignKey | GenericForeignKey):
        raise ImproperlyConfigured(f"{model._meta.label}.region_path_source: {name} is not a foreign key")
    return field


def follows(model, root_model, root_pk, _depth: int = 0) -> Q | None:
    """A filter on ``model`` for the rows whose path is copied — directly or along a chain of
    copies — from the ``root_model`` row ``root_pk``; None when no row of ``model`` can be."""
    from django.contrib.contenttypes.fields import GenericForeignKey
    from django.contrib.contenttypes.models import ContentType

    if _depth > 6:  # a chain of copies this long is a declaration error (a cycle)
        raise ImproperlyConfigured(f"{model._meta.label}.region_path_source: the chain of copies does not end")
    result, earlier = None, Q()
    for name in path_sources(model):
        field = _source_field(model, name)
        if isinstance(field, GenericForeignKey):
            term = None
            for target in path_models():
                if target is model:  # a generic owner is never a row of the same table
                    continue
                sub = Q(pk=root_pk) if target is root_model else follows(target, root_model, root_pk, _depth + 1)
                if sub is None:
                    continue
                one = Q(**{field.ct_field: ContentType.objects.get_for_model(target),
                           f"{field.fk_field}__in": target._base_manager.filter(sub).values("pk")})
                term = one if term is None else term | one
            unset = Q(**{f"{field.fk_field}__isnull": True})
        else:
            target = field.related_model
            if target is root_model:
                term = Q(**{field.attname: root_pk})
            else:
                sub = follows(target, root_model, root_pk, _depth + 1)
                term = None if sub is None else Q(**{f"{field.attname}__in": target._base_manager.filter(sub).values("pk")})
            unset = Q(**{f"{field.attname}__isnull": True})
        if term is not None:
            term = earlier & term
            result = term if result is None else result | term
        earlier &= unset
    return result


def _region_copy(model, root) -> dict:
    """``{"region_id": …}`` when ``model`` keeps a ``region`` foreign key next to a path copied from
    ``root`` (a unit placed in that region)."""
    root_region = getattr(type(root), "region", None)
    if root_region is None or not hasattr(root_region, "field"):
        return {}
    try:
        field = model._meta.get_field("region")
    except Exception:
        return {}
    if isinstance(field, models.ForeignKey) and field.related_model is root_region.field.related_model:
        return {field.attname: getattr(root, root_region.field.attname)}
    return {}


def rescope_followers(root) -> dict[str, int]:
    """After ``root`` (a unit, or any row with a path) got a new path: give every row that copies
    it — whatever the app, along chains of copies — the new path (and region), one UPDATE per
    table. Returns the number of rows updated per model label. Call it inside the transaction that
    changed ``root``."""
    root_model = type(root)
    new_path = getattr(root, path_field(root_model).attname)
    counts = {}
    for model in path_models():
        if model is root_model:
            continue
        q = follows(model, root_model, root.pk)
        if q is None:
            continue
        values = {path_field(model).attname: new_path, **_region_copy(model, root)}
        counts[model._meta.label] = model._base_manager.filter(q).update(**values)
    return counts


def rewrite_path_prefix(old_prefix: str, new_prefix: str, *, exclude=()) -> dict[str, int]:
    """A region moved: every path below ``old_prefix`` now starts with ``new_prefix`` — the tree's
    own and every copy, whatever the app; one UPDATE per table."""
    counts = {}
    for model in path_models():
        if model in exclude:
            continue
        name = path_field(model).attname
        counts[model._meta.label] = model._base_manager.filter(**{f"{name}__startswith": old_prefix}).update(
            **{name: Concat(Value(new_prefix), Substr(name, len(old_prefix) + 1))})
    return counts
