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

A *sub-record* (an extension request, a 督办 order, a department's action of a ledger item) has
its own small machine but no history table of its own: its lines belong in its owner's history,
where people read them. ``Workflow(..., history_owner="item")`` says so: ``history_owner`` names
the sub-record's foreign key to its owner and the history model's foreign key of the same name.
Then ``apply`` locks the owner row first, then the sub-record (so owner and sub-record
transitions queue in one order, and guards and effects see a locked ``obj.<owner>``), and ``log``
writes the row on the owner (``LedgerEvent(item=ext.item, …)``) in the same shape, with the
sub-record's primary key in ``data[subject]`` and its own states in ``data["from_status"]`` /
``data["to_status"]`` (the columns hold the owner's states, which a sub-record step does not
change). The row's ``action`` is ``Transition.action``, by default ``<subject>_<name>``
(``extension_approve``) so it never collides with the owner's own transitions; the owner's history
labels it from ``Workflow.event_labels()``. Scope is the sub-record's ``for_user`` unless the
machine passes ``scope=`` (e.g. the right on the owner). Work on the owner row (an approved
extension moves the item's deadline) is a hook connected to the transition: same transaction,
after the history row.

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

from . import bulk

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
    #: The history row's ``action`` code; default the name (``<subject>_<name>`` on a sub-record's
    #: machine, whose rows share the owner's history). Set it to keep a code users already have.
    action: str = ""


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
    elsewhere (e.g. on the object's office region).

    ``history_owner`` (a sub-record's machine): the model's foreign key to the owner whose history
    table (``history``, with a foreign key of the same name) receives the rows; ``subject`` is then
    the service keyword and the ``data`` key of the sub-record's primary key."""

    def __init__(self, *, model, history, subject: str, transitions: list[Transition], status_field: str = "status",
                 denied=None, touch: tuple[str, ...] = ("updated_at",),
                 scope: Callable | None = None, event_data_keys: tuple[str, ...] = (),
                 history_owner: str | None = None):
        self.model = model
        self.history = history
        self.subject = subject
        self.history_owner = history_owner
        if history_owner is not None and not _same_owner(model, history, history_owner):
            raise ImproperlyConfigured(f"{model.__name__}.{history_owner} and {history.__name__}.{history_owner} "
                                       "must be foreign keys to the same owner")
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

    def action_of(self, t: Transition) -> str:
        """The ``action`` code of the history row ``t`` writes."""
        if t.action:
            return t.action
        return f"{self.subject}_{t.name}" if self.history_owner else t.name

    def event_labels(self) -> dict:
        """{history action code: label} of the transitions (for an owner's ``transition_labels``)."""
        return {self.action_of(t): t.label for t in self.transitions.values()}

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
        """The row, locked (``select_for_update``); a sub-record's owner is locked first."""
        if self.history_owner is None:
            return self.model.objects.select_for_update(of=("self",)).get(pk=obj.pk)
        field = self.model._meta.get_field(self.history_owner)
        owner = field.related_model.objects.select_for_update(of=("self",)).get(pk=getattr(obj, field.attname))
        locked = self.model.objects.select_for_update(of=("self",)).get(pk=obj.pk)
        setattr(locked, self.history_owner, owner)
        return locked

    def check(self, actor, obj, permission: str, message=None) -> None:
        if not self.may(actor, obj, permission):
            raise PermissionDenied(str(message or self.denied))

    def log(self, obj, action: str, *, actor=None, note: str = "", data: dict | None = None,
            from_status: str = "", to_status: str = ""):
        """Append one history row to ``obj`` (transitions and the machine's other events); a
        sub-record's row goes to its owner's history, naming the sub-record in ``data``."""
        if self.history_owner is not None:
            data = {self.subject: obj.pk, **(data or {})}
            data.update({k: v for k, v in (("from_status", from_status), ("to_status", to_status)) if v})
            return self.history.objects.create(**{self.history_owner: getattr(obj, self.history_owner)},
                                               action=action, actor=actor, note=note or "", data=data)
        return self.history.objects.create(**{self.subject: obj}, action=action, actor=actor, note=note or "",
                                           data=data or {}, from_status=from_status, to_status=to_status)

    def log_many(self, entries, action: str, *, actor=None, note: str = "") -> list:
        """``log`` for many objects at once (an import's one line per record it changed):
        ``entries`` is ``[(obj, data)]``; the rows are bulk-inserted and announced to
        ``common.bulk`` (the audit log records each as ``log``'s ``post_save`` would)."""
        if self.history_owner is not None:
            rows = [self.history(**{self.history_owner: getattr(obj, self.history_owner)}, action=action,
                                 actor=actor, note=note or "", data={self.subject: obj.pk, **(data or {})})
                    for obj, data in entries]
        else:
            rows = [self.history(**{self.subject: obj}, action=action, actor=actor, note=note or "", data=data or {})
                    for obj, data in entries]
        rows = self.history.objects.bulk_create(rows, batch_size=1000)
        bulk.created(self.history, rows)
        return rows

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
            step.event = self.log(obj, self.action_of(t), actor=actor, note=step.note, data=step.event_data,
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


def _same_owner(model, history, name: str) -> bool:
    """Are ``model.<name>`` and ``history.<name>`` foreign keys to the same model?"""
    if not (_has_field(model, name) and _has_field(history, name)):
        return False
    owner, fk = model._meta.get_field(name), history._meta.get_field(name)
    return bool(owner.many_to_one and fk.many_to_one and fk.related_model is owner.related_model)
