"""Every UI action has an API twin (spine item 6).

Every URL of the UI (``dudao.urls``) whose view accepts POST must declare, next to the view, the
OpenAPI ``operationId`` of its API twin with ``dudao.common.parity.ui_action`` — or an exemption
with its reason. Twins still to be built are exemptions whose reason starts with ``TODO(spine)``;
``test_todo_twins_are_few`` keeps their number from growing."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from dudao.common.parity import accepts_post, declaration

#: Views outside the project that cannot carry a declaration.
EXTERNAL = {
    "set_language": "Django's language switch: a browser preference, not a business action",
}
#: The most ``TODO(spine)`` exemptions allowed; lower it as twins are built.
MAX_TODO = 0


def _routes(patterns=None, prefix="", namespace=None):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace if not namespace else f"{namespace}:{p.namespace}" if p.namespace else namespace
            if ns == "api":
                continue
            yield from _routes(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
            yield "/" + prefix + str(p.pattern), name, p.callback


def _operation_ids() -> set:
    from dudao.api import api

    schema = api.get_openapi_schema()
    return {op["operationId"] for ops in schema["paths"].values() for op in ops.values()}


def _post_routes():
    return [(route, name, cb) for route, name, cb in _routes() if accepts_post(cb)]


def test_the_detector_finds_known_post_pages():
    """The enumeration can fail: it sees a decorated POST view, a form page that branches on the
    method through a helper, and a GET-only page is not taken for a POST one."""
    names = {name for _route, name, _cb in _post_routes()}
    assert {"inspections:task_transition", "inspections:target_detail", "accountability:case_create",
            "accounts:login", "orgs:unit_add"} <= names
    assert "inspections:task_board" not in names and "ui:home" not in names


def test_every_ui_post_route_has_an_api_twin():
    operations = _operation_ids()
    missing, unknown, unexplained = [], [], []
    for route, name, callback in _post_routes():
        found = declaration(callback)
        if found is None:
            if name not in EXTERNAL:
                missing.append(f"{name} {route}")
            continue
        if found["exempt"] is not None and len(found["exempt"].strip()) < 10:
            unexplained.append(name)
        unknown += [f"{name} → {op}" for op in found["twins"].values() if op not in operations]
    assert not missing, f"UI POST routes without an API twin (declare @ui_action next to the view): {missing}"
    assert not unknown, f"UI POST routes naming an API operation that does not exist: {unknown}"
    assert not unexplained, f"exemptions without a reason: {unexplained}"


def test_todo_twins_are_few():
    todo = sorted(name for _route, name, cb in _post_routes()
                  if (d := declaration(cb)) and (d["exempt"] or "").startswith("TODO(spine)"))
    assert len(todo) <= MAX_TODO, todo


@pytest.mark.parametrize("twin", ["dudao_inspections_api_procedure_record_objection_on_behalf",
                                  "dudao_inspections_api_procedure_review_self_evaluation",
                                  "dudao_inspections_api_procedure_add_opinion",
                                  "dudao_inspections_api_procedure_delete_opinion",
                                  "dudao_inspections_api_procedure_write_evaluation",
                                  "dudao_inspections_api_procedure_upload_task_file",
                                  "dudao_inspections_api_procedure_write_report_summary"])
def test_the_procedure_pages_declare_their_twins(twin):
    """The supervision procedure's pages name the operations added for them (spine item 6)."""
    declared = {op for _route, _name, cb in _post_routes() if (d := declaration(cb)) for op in d["twins"].values()}
    assert twin in declared
