"""A target's result colour (E10 三色) as other apps need to hear of it: red means 问责. Apps above
this one (accountability) register a hook from their ``AppConfig.ready``; this app never imports
them. ``colour_set`` runs the hooks inside the caller's transaction, after the target is saved."""

from __future__ import annotations

from collections.abc import Callable

#: ``hook(*, target, previous, actor)``: called when a target's colour changes.
COLOUR_HOOKS: list[Callable] = []


def register(hook: Callable) -> None:
    if hook not in COLOUR_HOOKS:
        COLOUR_HOOKS.append(hook)


def colour_set(target, previous: str, actor=None) -> None:
    """Tell the hooks that ``target.colour`` (saved) changed from ``previous``."""
    if (target.colour or "") == (previous or ""):
        return
    for hook in COLOUR_HOOKS:
        hook(target=target, previous=previous or "", actor=actor)
