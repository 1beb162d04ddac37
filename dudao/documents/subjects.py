"""What a document is about (its *subject*: a ledger item, a 督办, a supervision task or target …)
and how the subject fills it.

The documents module sits below the apps whose rows are subjects, so it never imports them: an
app declares its subjects in ``<app>/document_subjects.py`` as ``SUBJECTS = [SubjectSpec(...)]``
(discovered on first use, like ``home.py``). A spec says, for its model,

- ``kinds``: ``{kind: builder}`` — ``builder(obj, today) -> dict`` is the kind's data filled from
  the subject (unit name, problems, requirements, deadline, task title, findings, dates …);
- ``office(obj)``: the issuing office (an ``orgs.Unit`` of kind office);
- ``recipients(obj, kind, context)``: the units the issued document is delivered to (收文);
- ``related(obj)``: further subjects whose documents also show on this subject's page (an item's
  督办, a task's targets).

``services.document_issue_for`` issues a kind for a subject from the builder's data plus the
clerk's edits; ``services.document_issue`` delivers a document linked to a registered subject to
that subject's recipients."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _none(obj):
    return []


@dataclass(frozen=True)
class SubjectSpec:
    model: type
    kinds: dict[str, Callable]
    office: Callable
    recipients: Callable
    related: Callable = _none
    #: ``may_issue(actor, obj) -> bool``: an extra check on the subject (besides the office's
    #: ``documents.add_issueddocument``), e.g. that the actor may change the ledger item.
    may_issue: Callable | None = None
    #: ``offered(obj, kind) -> bool``: whether the kind may be issued now (e.g. the report once
    #: the task has formed it); not offered → no button, and the page refuses.
    offered: Callable | None = None
    #: The button label of each kind on the subject's page (default “签发<kind>”).
    labels: dict = field(default_factory=dict)


_REGISTRY: dict[type, SubjectSpec] | None = None


def registry() -> dict[type, SubjectSpec]:
    global _REGISTRY
    if _REGISTRY is None:
        import importlib

        from django.apps import apps

        found: dict[type, SubjectSpec] = {}
        for config in apps.get_app_configs():
            if not config.name.startswith("dudao."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.document_subjects")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.document_subjects":
                    raise
                continue
            for spec in getattr(module, "SUBJECTS", ()):
                found[spec.model] = spec
        _REGISTRY = found
    return _REGISTRY


def spec_for(obj) -> SubjectSpec | None:
    if obj is None:
        return None
    return registry().get(type(obj)._meta.concrete_model)


def kinds_for(obj) -> list[str]:
    """The kinds that may be issued about ``obj`` now."""
    spec = spec_for(obj)
    if spec is None:
        return []
    return [k for k in spec.kinds if spec.offered is None or spec.offered(obj, k)]


def draft_context(obj, kind: str, today: datetime.date | None = None) -> dict:
    """The kind's data filled from ``obj`` (what the clerk's form starts from)."""
    from django.utils import timezone

    spec = spec_for(obj)
    if spec is None or kind not in spec.kinds:
        raise ValidationError({"kind": _("该对象不能签发此类文书")})
    if spec.offered is not None and not spec.offered(obj, kind):
        raise ValidationError({"kind": _("该事项当前不能签发此类文书")})
    return spec.kinds[kind](obj, today or timezone.localdate())


def related_subjects(obj) -> list:
    spec = spec_for(obj)
    return list(spec.related(obj)) if spec else []
