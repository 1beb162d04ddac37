"""Issue 17, "No 500s": input the schemas did not bound answered 500. Each case here answered 500
(or an HTML page under /api/v1/) before its fix; the controls are generic (common.schemas,
common.middleware, the API's exception handlers), so the checks walk the whole OpenAPI document.
docs/security.md ("No 500s") maps each control to its code."""

import datetime
import enum
import typing

import pytest
from django.test import Client
from pydantic import BaseModel

from dudao.accounts.roles import RoleCode
from dudao.orgs.models import Unit
from dudao.testing import schools_factories as sf
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import api_client, ui_client

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def spec():
    from dudao.api import api

    return api.get_openapi_schema()


def _operations(spec, method=None):
    for path, ops in spec["paths"].items():
        for verb, op in ops.items():
            if method is None or verb == method:
                yield path, verb, op


def _inputs(spec):
    """Every scalar of every request: (where, schema) for parameters and body properties."""
    comps = spec["components"]["schemas"]

    def walk(schema, where, seen=()):
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                yield from walk(comps[name], f"{where}→{name}", (*seen, name))
            return
        for key in ("anyOf", "oneOf", "allOf"):
            for sub in schema.get(key, []):
                yield from walk(sub, where, seen)
        for prop, sub in schema.get("properties", {}).items():
            yield from walk(sub, f"{where}.{prop}", seen)
        if "items" in schema:
            yield from walk(schema["items"], f"{where}[]", seen)
        if schema.get("type") in ("integer", "string", "number"):
            yield where, schema

    for path, verb, op in _operations(spec):
        for param in op.get("parameters", []):
            yield from walk(param["schema"], f"{verb.upper()} {path} {param['in']}:{param['name']}")
        for content in op.get("requestBody", {}).get("content", {}).values():
            yield from walk(content["schema"], f"{verb.upper()} {path} body")


def test_every_integer_input_is_bounded(spec):
    """``offset=9223372036854775808``, ``year=0``, ``months=-99999999``, ``unit_id=0``: an integer the
    OpenAPI leaves open reaches the database or the calendar. All of them carry both bounds."""
    open_ints = [where for where, s in _inputs(spec)
                 if s["type"] == "integer" and ("minimum" not in s or "maximum" not in s)]
    assert not open_ints, open_ints


@pytest.fixture
def office(tree):
    return user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"])


def _list_paths(spec):
    return [path for path, _verb, op in _operations(spec, "get")
            if any(p["name"] == "offset" for p in op.get("parameters", [])) and "{" not in path]


@pytest.mark.parametrize("query", ["offset=9223372036854775808", "offset=-1", "limit=0", "limit=100000"])
def test_out_of_range_pagination_is_a_422_on_every_list(spec, office, query):
    client = api_client(office)
    paths = _list_paths(spec)
    assert len(paths) > 20
    for path in paths:
        response = client.get(f"{path}?{query}")
        assert response.status_code == 422, (path, response.status_code)
        assert response.json()["code"] == "validation_error"


@pytest.mark.parametrize("url", [
    "/api/v1/inspections/plans?year=0",
    "/api/v1/corps/training/under-minimum?region_code=500108&year=0",
    "/api/v1/schools/principals-due?region_code=500108&months=-99999999",
    "/api/v1/corps/postings?school_id=0",
    "/api/v1/ledger/items?unit_id=0",
    "/api/v1/units/9223372036854775808",
    "/api/v1/frameworks/versions/compare?left=0&right=1",
])
def test_out_of_range_numbers_are_a_422(office, url):
    response = api_client(office).get(url)
    assert response.status_code == 422, (url, response.status_code, response.content[:300])
    assert response.json()["code"] == "validation_error"


def test_id_zero_in_a_body_is_a_422_not_none(office):
    response = api_client(office).post("/api/v1/corps/sessions", {
        "office_id": 0, "number": 1, "start_date": "2024-01-01"}, content_type="application/json")
    assert response.status_code == 422, response.content
    assert response.json()["errors"] == [{"field": "office_id", "message": "数值过小"}]


def test_control_characters_in_any_text_filter_are_a_422(spec, office):
    """``%00`` in a text filter is a 500 on PostgreSQL (it refuses NUL in text): refused at the
    edge for every string query parameter of every GET operation, on every database."""
    client = api_client(office)
    checked = 0
    for path, _verb, op in _operations(spec, "get"):
        if "{" in path:
            continue
        for param in op.get("parameters", []):
            schema = param["schema"]
            if param["in"] == "query" and (schema.get("type") == "string" or any(
                    s.get("type") == "string" for s in schema.get("anyOf", []))):
                response = client.get(path, {param["name"]: "a\x00b"})
                assert response.status_code == 422, (path, param["name"], response.status_code)
                assert response.json()["errors"] == [{"field": param["name"], "message": "不得包含控制字符"}]
                checked += 1
    assert checked > 20


def test_control_characters_in_a_body_or_a_page_filter_are_refused(tree, office):
    response = api_client(office).post("/api/v1/units", {
        "kind": "school", "name": "控制\x1f字符", "region_code": "500108"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "name", "message": "不得包含控制字符"}]
    page = ui_client(office).get("/units/", {"q": "a\x00"})
    assert page.status_code == 400
    assert "请求有误" in page.content.decode()


def test_a_date_is_an_iso_string_never_a_number(tree, office):
    """JSON ``0`` became 1970-01-01."""
    office_unit = sf.office(tree["nanan"])
    client = api_client(office)
    for value in (0, 1700000000, True, "2024-01-01T08:00:00"):
        response = client.post("/api/v1/corps/sessions", {
            "office_id": office_unit.pk, "number": 1, "start_date": value}, content_type="application/json")
        assert response.status_code == 422, (value, response.content)
        assert response.json()["errors"] == [{"field": "start_date", "message": "日期格式应为 YYYY-MM-DD"}]
    response = client.get("/api/v1/ledger/interviews?since=0")
    assert response.status_code == 422


def test_unparseable_json_is_the_422_envelope(office):
    response = api_client(office).post("/api/v1/units", b"{not json", content_type="application/json")
    assert response.status_code == 422
    assert response.json() == {"code": "validation_error", "message": "JSON 格式错误",
                               "errors": [{"field": "__all__", "message": "JSON 格式错误"}]}


@pytest.mark.parametrize("method, url, status", [
    ("get", "/api/v1/no-such-thing", 404),
    ("get", "/api/v1/units/abc", 404),
    ("get", "/api/v1/units/1.5", 404),
    ("delete", "/api/v1/regions", 405),
])
def test_unknown_paths_and_methods_answer_the_json_envelope(office, method, url, status):
    response = getattr(api_client(office), method)(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message"} and body["message"]


def test_an_unhandled_api_error_is_the_json_envelope(office, monkeypatch):
    from dudao.orgs import selectors

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("dudao.orgs.api.unit_filter", boom)
    client = api_client(office)
    client.raise_request_exception = False
    response = client.get("/api/v1/units")
    assert response.status_code == 500 and response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "server_error" and "请求号" in response.json()["message"]
    assert selectors.unit_filter is not boom


def _school_with_posting(tree):
    from dudao.inspectors.postings import posting_create

    school = sf.school(tree["nanan"], students=300, name="有挂牌的学校")
    inspector = sf.inspector(sf.office(tree["nanan"], name="删除测试督导室"))
    posting_create(actor=None, inspector=inspector, school=school, start_date=datetime.date(2024, 9, 1))
    return school


def test_deleting_a_unit_still_referred_to_is_refused_naming_what_refers(tree):
    admin = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"])
    school = _school_with_posting(tree)
    response = api_client(admin).delete(f"/api/v1/units/{school.pk}")
    assert response.status_code == 422, response.content
    message = response.json()["message"]
    assert "督学挂牌" in message or "挂牌" in message, message
    assert "不能删除" in message
    page = ui_client(admin).post(f"/units/{school.pk}/delete/")
    assert page.status_code == 200
    assert message in page.content.decode()
    assert Unit.objects.filter(pk=school.pk).exists()


def test_protected_error_anywhere_is_a_409_envelope(tree, office, monkeypatch):
    """Any other delete that still has references answers 409 naming them (the global handler)."""
    from django.db.models import ProtectedError

    def refuse(*, actor, unit):
        raise ProtectedError("still referred to", [Unit(name="甲")])

    monkeypatch.setattr("dudao.orgs.services.unit_delete", refuse)
    unit = sf.school(tree["nanan"], name="被引用的学校")
    response = api_client(office).delete(f"/api/v1/units/{unit.pk}")
    assert response.status_code == 409
    assert response.json()["code"] == "conflict" and "单位 1 条" in response.json()["message"]
    page = ui_client(office).post(f"/units/{unit.pk}/delete/")
    assert page.status_code == 409 and "单位 1 条" in page.content.decode()


# --- Error pages in the user's language ------------------------------------------------------------

@pytest.mark.parametrize("language, text", [("zh-hans", "页面不存在"), ("en", "Page not found")])
def test_404_page_in_the_users_language(db, language, text):
    client = Client()
    client.cookies["django_language"] = language
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert text in response.content.decode()


@pytest.mark.parametrize("view, text", [("server_error", "服务器内部错误"), ("permission_denied", "无权访问"),
                                         ("bad_request", "请求有误"), ("page_not_found", "页面不存在")])
def test_error_pages_are_chinese(db, view, text):
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory
    from django.utils import translation
    from django.views import defaults

    request = RequestFactory().get("/")
    handler = getattr(defaults, view)
    with translation.override("zh-hans"):
        response = handler(request) if view == "server_error" else handler(request, PermissionDenied())
    assert text in response.content.decode()


def test_csrf_failure_page_is_chinese(office):
    client = Client(enforce_csrf_checks=True)
    client.force_login(office)
    response = client.post("/accounts/logout/")
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


def test_favicon_is_served():
    response = Client().get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content])[:4] == b"\x00\x00\x01\x00"


# --- The OpenAPI is true ---------------------------------------------------------------------------

def _enums_behind(annotation, found):
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        found.add(annotation)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in found:
            found.add(annotation)
            for field in annotation.model_fields.values():
                _enums_behind(field.annotation, found)
    for arg in typing.get_args(annotation):
        _enums_behind(arg, found)


def test_every_enum_component_has_the_values_the_endpoints_validate(spec):
    """An enum component is named after its class: two apps' ``SubjectKind`` overwrote each other, so
    ``POST /ledger/cases`` documented the commendations' values. Every enum an operation validates
    against (input or output) has its own component with exactly its values."""
    from dudao.api import api

    found: set = set()
    for _prefix, router in api._routers:
        for view in router.path_operations.values():
            for operation in view.operations:
                for model in operation.signature.models:
                    _enums_behind(model, found)
                for response in operation.response_models.values():
                    _enums_behind(response, found)
    enums = [e for e in found if isinstance(e, type) and issubclass(e, enum.Enum)]
    assert len(enums) > 20
    by_name: dict[str, set] = {}
    for e in enums:
        by_name.setdefault(e.__name__, set()).add(e)
    assert not {n: c for n, c in by_name.items() if len(c) > 1}
    components = spec["components"]["schemas"]
    for e in enums:
        assert e.__name__ in components, e
        assert components[e.__name__]["enum"] == [m.value for m in e], e


def test_ledger_case_accepts_the_documented_subject_kinds(spec):
    documented = spec["components"]["schemas"]["SubjectKind"]["enum"]
    assert "government" in documented and "unit" not in documented
