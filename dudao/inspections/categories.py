"""Reads of the problem categories (问题类别): the active choices of a region — the national set,
its ancestors' and its own (``categories_for``) — the check every problem's category goes through
(``category_error``) and the labels lists, reports and exports show (``category_label``).

Labels are cached per process: a code's name never changes (a category is added or deactivated,
not renamed), the cache is dropped whenever a category is saved and reloaded on an unknown code."""

from __future__ import annotations

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _

from .models import ProblemCategory

_LABELS: dict[str, str] = {}


def _ancestor_paths(region) -> list[str]:
    parts = region.path.strip("/").split("/")
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def categories_for(region, *, active: bool = True, below: bool = False):
    """The categories a problem in ``region`` may take: the national ones, those of the regions above
    and the region's own (``below=True`` adds those of the regions under it: a filter over a subtree).
    ``region=None``: the national set. Ordered national first, then down the tree, each by ``order``."""
    q = Q(region__isnull=True)
    if region is not None:
        q |= Q(region_path__in=_ancestor_paths(region))
        if below:
            q |= Q(region_path__startswith=region.path)
    qs = ProblemCategory.objects.filter(q)
    if active:
        qs = qs.filter(is_active=True)
    return qs.order_by("region_path", "order", "id")


def category_choices(region, *, blank: str | None = None, below: bool = False, active: bool = True,
                     keep: str = "") -> list[tuple]:
    """``(code, name)`` choices for a form in ``region``; ``blank`` puts a first empty choice
    (e.g. "请选择"); ``keep`` adds a current value that is no longer offered (an inactive category);
    ``active=False`` (filters over recorded problems) offers the inactive ones too."""
    rows = list(categories_for(region, below=below, active=active).values_list("code", "name"))
    if keep and keep not in {code for code, _name in rows}:
        rows.append((keep, category_label(keep)))
    return ([("", blank)] if blank is not None else []) + rows


def category_error(code: str, region) -> str | None:
    """Why ``code`` is not an active category of ``region`` (a Chinese message), or None."""
    if not code:
        return _("请选择问题类别")
    if not categories_for(region).filter(code=code).exists():
        if ProblemCategory.objects.filter(code=code).exists():
            return _("问题类别“%(c)s”在%(r)s不可用") % {"c": category_label(code),
                                                      "r": region.name if region else _("全国")}
        return _("未知的问题类别：%(c)s") % {"c": code}
    return None


def category_labels() -> dict[str, str]:
    """Every code's name (inactive and every region's included)."""
    if not _LABELS:
        _LABELS.update(ProblemCategory.objects.values_list("code", "name"))
    return _LABELS


def category_label(code: str) -> str:
    """The name of ``code`` (the code itself when unknown)."""
    if not code:
        return ""
    labels = category_labels()
    if code not in labels:
        _LABELS.clear()
        labels = category_labels()
    return labels.get(code, code)


def _forget(**_kwargs):
    _LABELS.clear()


post_save.connect(_forget, sender=ProblemCategory, dispatch_uid="problemcategory_labels")
post_delete.connect(_forget, sender=ProblemCategory, dispatch_uid="problemcategory_labels_delete")


def ensure_national() -> None:
    """Put the national set back where migration data is gone (transactional tests start from a
    flushed database); a no-op when it is there."""
    import importlib

    national = importlib.import_module("dudao.inspections.migrations.0010_problem_categories").NATIONAL
    if ProblemCategory.objects.filter(region__isnull=True).count() >= len(national):
        return
    for order, (code, name, basis) in enumerate(national, start=1):
        ProblemCategory.objects.get_or_create(code=code, defaults={"name": name, "basis": basis, "order": order * 10})
