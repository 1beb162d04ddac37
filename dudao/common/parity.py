"""Every UI action has an API twin (spine item 6): a page that accepts POST declares, next to its
view, the OpenAPI ``operationId`` of the API operation that does the same through the same
service — or, rarely, why it has none. ``tests/test_ui_api_parity.py`` enumerates every URL of the
UI whose view accepts POST and fails when one declares neither, or names an operation the API
does not have.

    @ui_action(api="dudao_inspections_api_add_target")
    @login_required
    @require_POST
    def task_target_add(request, pk): ...

A page with several forms (told apart by a ``form`` field) maps each of them::

    @ui_action(api={"scores": "dudao_inspections_api_record_scores", "review": ...})

An exemption says why: ``@ui_action(exempt="session login page; the API signs in with POST /auth/token")``;
a twin still to be built is ``exempt="TODO(spine): …"`` so it can be found. Both together declare
the twins of some forms of a page and why the others have none.

Works on function views (any decorator order: ``functools.wraps`` copies the attribute) and on
class-based views (decorate the class)."""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable

ATTRIBUTE = "api_twins"


def ui_action(api: str | list | tuple | dict | None = None, *, exempt: str | None = None) -> Callable:
    """Declare the API twin(s) of a POST view (``api``), or the reason it has none (``exempt``)."""
    if api is None and exempt is None:
        raise TypeError("ui_action needs api= or exempt=")
    if exempt is not None and not exempt.strip():
        raise TypeError("ui_action(exempt=…) needs a reason")
    if isinstance(api, str):
        twins = {"": api}
    elif isinstance(api, list | tuple):
        twins = {str(i): op for i, op in enumerate(api)}
    elif isinstance(api, dict):
        twins = dict(api)
    else:
        twins = {}
    declaration = {"twins": twins, "exempt": exempt}

    def decorate(view):
        setattr(view, ATTRIBUTE, declaration)
        return view

    return decorate


def declaration(callback) -> dict | None:
    """The ``ui_action`` declaration of a URL pattern's callback (function or ``as_view()``)."""
    found = getattr(callback, ATTRIBUTE, None)
    if found is None and getattr(callback, "view_class", None) is not None:
        found = getattr(callback.view_class, ATTRIBUTE, None)
    return found


# ---- which views accept POST -------------------------------------------------------------------
_MARKERS = ("request.POST", "request.FILES", "request.method")


def _methods(callback) -> list | None:
    """The method list of ``require_http_methods`` / ``require_POST`` anywhere in the wrap chain."""
    layer = callback
    while layer is not None:
        try:
            names = inspect.getclosurevars(layer).nonlocals
        except (TypeError, ValueError):
            names = {}
        if "request_method_list" in names:
            return list(names["request_method_list"])
        layer = getattr(layer, "__wrapped__", None)
    return None


def _referenced(fn) -> list:
    """Project functions ``fn`` calls by name (``helper(...)`` or ``module.helper(...)``)."""
    out = []
    code = getattr(fn, "__code__", None)
    if code is None:
        return out
    g = getattr(fn, "__globals__", {})
    for name in code.co_names:
        obj = g.get(name)
        if isinstance(obj, types.ModuleType) and obj.__name__.startswith("dudao."):
            out += [getattr(obj, n) for n in code.co_names if inspect.isfunction(getattr(obj, n, None))]
        elif inspect.isfunction(obj) and obj.__module__.startswith("dudao."):
            out.append(obj)
    return out


def _reads_post(fn, depth: int = 3, seen=None) -> bool:
    seen = seen if seen is not None else set()
    fn = inspect.unwrap(fn)
    if fn in seen or not inspect.isfunction(fn):
        return False
    seen.add(fn)
    try:
        source = inspect.getsource(fn)
    except (OSError, TypeError):
        return False
    if any(m in source for m in _MARKERS):
        return True
    return depth > 0 and any(_reads_post(f, depth - 1, seen) for f in _referenced(fn))


def accepts_post(callback) -> bool:
    """Whether a URL pattern's view takes POST: a method restriction that names POST, a class with
    ``post``, or a function (or a project helper it calls) that reads ``request.POST``,
    ``request.FILES`` or ``request.method``."""
    methods = _methods(callback)
    if methods is not None:
        return "POST" in methods
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post")
    return _reads_post(callback)
