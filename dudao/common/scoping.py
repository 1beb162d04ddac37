"""The one scoping primitive: ``Model.objects.for_user(user, action)``.

A user's role assignments become a single SQL predicate on the region tree:
- an assignment on a region *with* descendants → ``<path> LIKE '<region.path>%'`` (indexed prefix);
- an assignment on a region only → ``<region> = id``;
- an assignment on a unit → ``<unit> = id``;
- an assignment with neither (system-wide) → no restriction.
``user=None`` is the system itself (management commands, jobs): no restriction.
Assignments that do not grant the requested permission contribute nothing. No ids of scoped rows
are ever collected in Python.

The primitive is model-free: it lives in ``dudao.common`` and learns where a user's assignments
come from and what a role grants from ``configure()``, which the accounts app calls when it is
ready (``AccountsConfig.ready``). Regions are read by ``apps.get_model`` (no import upward).
"""

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.http import Http404

ALL = object()

_source: dict = {"assignments": None, "grants": None}


def configure(*, assignments, grants) -> None:
    """``assignments(user) -> list`` of assignment rows (``role``, ``region_id``/``region``,
    ``unit_id``, ``recursive``); ``grants(role, perm) -> bool``."""
    _source["assignments"] = assignments
    _source["grants"] = grants


def _grants(role: str, perm: str) -> bool:
    return _source["grants"](role, perm)


def user_assignments(user) -> list:
    """The user's role assignments, loaded once per user object (i.e. once per request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_dudao_assignments", None)
    if cached is None:
        cached = list(_source["assignments"](user))
        user._dudao_assignments = cached
    return cached


def user_roles(user) -> set[str]:
    return {a.role for a in user_assignments(user)}


def user_has_perm(user, perm: str) -> bool:
    """Does any of the user's assignments grant ``perm`` (somewhere)?"""
    return any(_grants(a.role, perm) for a in user_assignments(user))


def scope_predicate(user, perm: str, lookups: dict):
    """``ALL``, ``None`` (nothing) or a ``Q`` for the rows ``user`` may ``perm``.

    ``lookups`` names the model's fields: ``path`` (materialised region path, e.g.
    ``region_path`` or ``unit__region_path``), ``region`` (region id) and ``unit`` (unit id);
    a missing lookup means that kind of assignment grants nothing on this model.
    """
    if user is None:  # the system itself (management commands, scheduled jobs)
        return ALL
    q = None
    for a in user_assignments(user):
        if not _grants(a.role, perm):
            continue
        if a.region_id is None and a.unit_id is None:
            return ALL
        if a.unit_id is not None:
            lookup = lookups.get("unit")
            term = Q(**{lookup: a.unit_id}) if lookup else None
        elif a.recursive and lookups.get("path"):
            term = Q(**{f"{lookups['path']}__startswith": a.region.path})
        else:
            lookup = lookups.get("region")
            term = Q(**{lookup: a.region_id}) if lookup else None
        if term is not None:
            q = term if q is None else q | term
    return q


class ScopedQuerySet(models.QuerySet):
    """Base queryset for every scoped model. Subclasses set ``scope_lookups``."""

    scope_lookups: dict = {"path": "region_path", "region": "region_id", "unit": "unit_id"}

    def for_user(self, user, action: str = "view"):
        meta = self.model._meta
        perm = f"{meta.app_label}.{action}_{meta.model_name}"
        predicate = scope_predicate(user, perm, self.scope_lookups)
        if predicate is ALL:
            return self.all()
        if predicate is None:
            return self.none()
        return self.filter(predicate)


def get_for_user_or_404(queryset_or_model, user, action: str = "view", **lookup):
    """Fetch one row within the user's scope. Missing, malformed and forbidden look the same."""
    qs = queryset_or_model
    if isinstance(qs, type) and issubclass(qs, models.Model):
        qs = qs.objects.all()
    try:
        return qs.for_user(user, action).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def get_for_user_or_invalid(queryset_or_model, user, field: str, action: str = "view", **lookup):
    """Like ``get_for_user_or_404`` for references in a request (a filter or a foreign key given by
    code): an unknown or invisible reference is a validation error on ``field``."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    try:
        return get_for_user_or_404(queryset_or_model, user, action, **lookup)
    except Http404 as exc:
        raise ValidationError({field: _("不存在或无权访问")}) from exc


def region_in_scope(user, perm: str, region) -> bool:
    """May ``user`` exercise ``perm`` on rows placed in ``region``? (e.g. create a unit there)."""
    Region = apps.get_model("regions", "Region")
    predicate = scope_predicate(user, perm, {"path": "path", "region": "id"})
    if predicate is ALL:
        return True
    if predicate is None or region is None:
        return False
    return Region.objects.filter(pk=region.pk).filter(predicate).exists()


def regions_in_scope(user, perm: str):
    """Regions where ``user`` may exercise ``perm`` (form choices for 'place this in region…')."""
    Region = apps.get_model("regions", "Region")
    predicate = scope_predicate(user, perm, {"path": "path", "region": "id"})
    if predicate is ALL:
        return Region.objects.all()
    if predicate is None:
        return Region.objects.none()
    return Region.objects.filter(predicate)
