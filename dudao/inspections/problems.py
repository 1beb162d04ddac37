"""Problems found by a task's team or on a regular visit (C1, E11). A problem is recorded once and is
the problem-ledger item from that moment (``ledger.LedgerItem``): a task's problems are drafts
(待下达) until the task's opinion letter issues them (条例 Arts. 21–22); a visit's problem is issued
to the school at once.

The ledger sits above this app, so this app never imports it: the ledger registers its recorder
here at start-up (``LedgerConfig.ready``), and pages read a task's, target's or visit's problems
through the reverse relation ``ledger_items`` (``obj.ledger_items.for_user(user, "view")``)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

from .choices import TaskStatus

#: Task states in which its team records (and edits) problems; they are drafts until the letter.
RECORDING_STATES = (TaskStatus.ON_SITE, TaskStatus.PRELIMINARY_OPINION, TaskStatus.OBJECTION_WINDOW)
#: Task states before the opinion letter: the task's problems are not yet binding on the unit.
BEFORE_LETTER = (TaskStatus.DRAFT, TaskStatus.NOTIFIED, TaskStatus.SELF_EVALUATION, *RECORDING_STATES)

_recorder: Callable | None = None


def register(recorder: Callable) -> None:
    """``recorder(*, actor, target=None, visit=None, **fields)`` records one problem (the ledger's
    ``problem_record``)."""
    global _recorder
    _recorder = recorder


def record(*, actor, target=None, visit=None, **fields):
    """Record a problem found at a task's ``target`` (a draft) or on a ``visit`` (issued at once), in
    the caller's transaction; returns the ledger item."""
    if _recorder is None:
        raise ImproperlyConfigured("no problem recorder registered (is dudao.ledger installed?)")
    return _recorder(actor=actor, target=target, visit=visit, **fields)
