"""The one workflow kernel: every state machine of the platform is a ``Workflow`` of declarative
``Transition`` rows, and every status change goes through ``Workflow.apply``.

A transition names its source states, its target, the permission (an *action* of the one scoping
primitive, ``Model.objects.for_user(actor, action)``) the actor needs on the row, a guard, the
fields it writes and an effect that writes them. ``apply`` runs the same steps for every machine:

1. lock the row (``select_for_update``);
2. check scope through ``for_user`` (``actor=None`` is the system itself);
3. check the source state, then the guard (``guard(obj, step)`` returns ``None``, a message or a
   ``{field: message}`` dict — a ``ValidationError`` in the user's language);
4. run the effect (it may only assign the transition's ``writes``), set the status, save with
   ``update_fields``;
5. append one history row (``dudao.common.history.HistoryEvent`` shape: action, actor, note, time,
   from/to status, data);
6. run the hooks that other apps connected to the transition (same transaction — e.g. the ledger
   makes a task's problems binding when its opinion letter is issued) and queue notifications with
   ``transaction.on_commit``.

The kernel is model-free: it knows the model, its history model and the history's foreign key by
the ``Workflow`` declaration. See docs/decisions/0003-workflow-kernel.md for why this and not
django-fsm-2."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DENIED = gettext_lazy("无权办理该事项")


@dataclass(frozen=True)
class Transition:
    """One row of a state machine's table."""

    name: str
    label: Any
    source: tuple[str, ...]
    target: str
    #: The action the actor needs on the row, as in ``Model.objects.for_user(actor, permission)``.
    permission: str = "change"
    #: ``guard(obj, step) -> None | str | dict``: why the transition may not run now.
    guard: Callable | None = None
    #: The fields the effect assigns (saved with ``update_fields`` together with the status).
    writes: tuple[str, ...] = ()
    #: ``effect(obj, step)``: assigns ``writes`` from ``step.data``; may add to ``step.event_data``.
    effect: Callable | None = None
    #: ``offered(obj) -> bool``: whether the UI offers the transition at all in this object's shape
    #: (e.g. 开始自评 only for tasks that require a self-evaluation).
    offered: Callable | None = None


@dataclass
class Step:
    """What a guard, an effect and a hook see of one ``apply``."""

    workflow: Workflow
    transition: Transition
    actor: Any
    data: dict
    note: str
    today: datetime.date
    from_status: str = ""
    event_data: dict = field(default_factory=dict)
    event: Any = None
    _after_commit: list = field(default_factory=list)

    def on_commit(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` (a notification, a mail) once the transaction commits."""
        self._after_commit.append(fn)


def _as_errors(problem) -> dict:
    if isinstance(problem, dict):
        return problem
    return {"status": str(problem)}


def _jsonable(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


class Workflow:
    """A state machine over ``model.<status_field>`` with history rows in ``history``.

    ``subject`` is the keyword the generated services take (``item=``, ``task=`` …) and the history
    model's foreign key to the object. ``scope(actor, obj, permission) -> bool`` replaces the
    default check (``model.objects.for_user(actor, permission)``) for machines whose right is held
    elsewhere (e.g. on the object's office region)."""

    def __init__(self, *, model, history, subject: str, transitions: list[Transition], status_field: str = "status",
                 denied=None, touch: tuple[str, ...] = ("updated_at",),
                 scope: Callable | None = None, event_data_keys: tuple[str, ...] = ()):
        self.model = model
        self.history = history
        self.subject = subject
        self.status_field = status_field
        self.denied = denied or DENIED
        self.touch = tuple(f for f in touch if _has_field(model, f))
        self.scope = scope
        self.event_data_keys = event_data_keys
        self.transitions: dict[str, Transition] = {}
        for t in transitions:
            if t.name in self.transitions:
                raise ImproperlyConfigured(f"duplicate transition {t.name} on {model.__name__}")
            self.transitions[t.name] = t
        self._hooks: dict[str, list[Callable]] = {}

    # ---- reading -------------------------------------------------------------------------------
    def __getitem__(self, name: str) -> Transition:
        return self.transitions[name]

    def labels(self) -> dict:
        return {name: t.label for name, t in self.transitions.items()}

    def may(self, actor, obj, permission: str) -> bool:
        """May ``actor`` exercise ``permission`` on ``obj``? ``actor=None`` is the system."""
        if actor is None:
            return True
        if self.scope is not None:
            return bool(self.scope(actor, obj, permission))
        return self.model.objects.for_user(actor, permission).filter(pk=obj.pk).exists()

    def available(self, actor, obj) -> list[Transition]:
        """Transitions whose source matches, which are offered for the object and whose permission
        the actor holds (guards are checked on submit, so a refusal is explained, not hidden)."""
        status = getattr(obj, self.status_field)
        out, checked = [], {}
        for t in self.transitions.values():
            if status not in t.source or (t.offered is not None and not t.offered(obj)):
                continue
            if t.permission not in checked:
                checked[t.permission] = self.may(actor, obj, t.permission)
            if checked[t.permission]:
                out.append(t)
        return out

    # ---- hooks ---------------------------------------------------------------------------------
    def connect(self, name: str, hook: Callable) -> None:
        """Run ``hook(obj, step)`` inside the transaction after transition ``name`` (for apps that
        sit above this one and must act in the same transaction)."""
        if name not in self.transitions:
            raise ImproperlyConfigured(f"no transition {name} on {self.model.__name__}")
        if hook not in self._hooks.setdefault(name, []):
            self._hooks[name].append(hook)

    # ---- writing -------------------------------------------------------------------------------
    def lock(self, obj):
        return self.model.objects.select_for_update(of=("self",)).get(pk=obj.pk)

    def check(self, actor, obj, permission: str, message=None) -> None:
        if not self.may(actor, obj, permission):
            raise PermissionDenied(str(message or self.denied))

    def log(self, obj, action: str, *, actor=None, note: str = "", data: dict | None = None,
            from_status: str = "", to_status: str = ""):
        """Append one history row to ``obj`` (transitions and the machine's other events)."""
        return self.history.objects.create(**{self.subject: obj}, action=action, actor=actor, note=note or "",
                                           data=data or {}, from_status=from_status, to_status=to_status)

    def apply(self, *, actor, obj, name: str, data: dict | None = None, note: str = "",
              today: datetime.date | None = None):
        """Run transition ``name`` on ``obj``; returns the saved, locked row."""
        if name not in self.transitions:
            raise ValidationError({"transition": _("未知的操作：%(n)s") % {"n": name}})
        t = self.transitions[name]
        with transaction.atomic():
            obj = self.lock(obj)
            self.check(actor, obj, t.permission)
            status = getattr(obj, self.status_field)
            if status not in t.source:
                display = getattr(obj, f"get_{self.status_field}_display")()
                raise ValidationError({"status": _("当前状态为“%(s)s”，不能%(t)s") % {"s": display, "t": t.label}})
            step = Step(workflow=self, transition=t, actor=actor, data=dict(data or {}), note=(note or "").strip(),
                        today=today or timezone.localdate(), from_status=status)
            if t.guard is not None:
                problem = t.guard(obj, step)
                if problem:
                    raise ValidationError(_as_errors(problem))
            if t.effect is not None:
                t.effect(obj, step)
            setattr(obj, self.status_field, t.target)
            obj.save(update_fields=[self.status_field, *t.writes, *self.touch])
            for key in self.event_data_keys:
                if key in step.data and key not in step.event_data and step.data[key] not in (None, ""):
                    step.event_data[key] = _jsonable(step.data[key])
            step.event = self.log(obj, name, actor=actor, note=step.note, data=step.event_data,
                                  from_status=status, to_status=t.target)
            for hook in self._hooks.get(name, ()):
                hook(obj, step)
            for fn in step._after_commit:
                transaction.on_commit(fn)
        return obj

    def service(self, name: str, prefix: str) -> Callable:
        """The service function of one transition: ``<prefix>_<name>(*, actor, <subject>, note, today, **data)``."""
        subject = self.subject

        def run(*, actor, note: str = "", today: datetime.date | None = None, **kwargs):
            obj = kwargs.pop(subject)
            return self.apply(actor=actor, obj=obj, name=name, data=kwargs, note=note, today=today)

        run.__name__ = f"{prefix}_{name}"
        run.__qualname__ = run.__name__
        run.__doc__ = f"Transition “{self.transitions[name].label}” ({self.model.__name__})."
        return run

    def services(self, prefix: str) -> dict[str, Callable]:
        return {name: self.service(name, prefix) for name in self.transitions}


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True
