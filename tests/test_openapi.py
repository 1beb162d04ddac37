"""The OpenAPI 3 schema at /api/v1/openapi.json describes the real responses: every response in
this scenario is validated against the schema declared for its path, method and status."""

import json

import jsonschema
import pytest
from django.test import Client

from dudao.accounts.roles import RoleCode
from dudao.orgs.choices import UnitKind
from dudao.testing.factories import PASSWORD, UnitFactory, UserFactory, user_with_role
from dudao.testing.matrix import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def spec():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _match(spec, path):
    """The path's template; a literal segment beats a parameter (``/regions/import``, ``/regions/{code}``)."""
    found = []
    for template in spec["paths"]:
        a, b = path.strip("/").split("/"), template.strip("/").split("/")
        if len(a) == len(b) and all(y.startswith("{") or x == y for x, y in zip(a, b, strict=True)):
            found.append(template)
    if not found:
        raise AssertionError(f"{path} is not in the OpenAPI schema")
    return min(found, key=lambda t: t.count("{"))


def validate(spec, method, url, response):
    path = url.split("?")[0]
    operation = spec["paths"][_match(spec, path)][method]
    declared = operation["responses"].get(str(response.status_code))
    assert declared, f"{method.upper()} {path} answered {response.status_code}, not declared"
    content = declared.get("content", {}).get("application/json")
    if response.status_code == 204:
        assert not response.content
        return
    assert content, f"{method.upper()} {path} {response.status_code} has no JSON schema"
    schema = dict(content["schema"], components=spec["components"])
    jsonschema.validate(json.loads(response.content), schema, cls=jsonschema.Draft202012Validator)


def test_spec_is_openapi_3(spec):
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/units" in spec["paths"] and "/api/v1/auth/token" in spec["paths"]
    assert spec["components"]["securitySchemes"]


def test_real_responses_match_the_schema(spec, tree):
    office = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"])
    admin = user_with_role(RoleCode.SYSTEM_ADMIN)
    sec = user_with_role(RoleCode.SECURITY_ADMIN)
    committee = UnitFactory(region=tree["nanan"], kind=UnitKind.COMMITTEE)
    school = UnitFactory(region=tree["nanan_town"])
    target = UserFactory(unit=school)
    calls = [
        (office, "get", "/api/v1/units?q=cs", None),
        (office, "get", f"/api/v1/units/{school.pk}", None),
        (office, "post", "/api/v1/units", {"kind": "school", "name": "模式校", "region_code": "500108"}),
        (office, "post", "/api/v1/units", {"kind": "school", "name": "", "region_code": "500108"}),
        (office, "patch", f"/api/v1/units/{school.pk}", {"phone": "023-12345678"}),
        (office, "get", "/api/v1/units/999999", None),
        (office, "get", f"/api/v1/units/{committee.pk}/committee-members", None),
        (office, "get", f"/api/v1/units/{committee.pk}/member-units", None),
        (office, "get", "/api/v1/regions?level=3", None),
        (office, "get", "/api/v1/regions/500108", None),
        (office, "get", "/api/v1/regions/500108/subtree", None),
        (admin, "post", "/api/v1/regions", {"code": "500108005", "name": "龙门浩街道", "parent_code": "500108"}),
        (admin, "patch", "/api/v1/regions/500108005", {"name": "龙门浩街道办"}),
        (admin, "get", "/api/v1/users", None),
        (admin, "get", f"/api/v1/users/{target.pk}", None),
        (admin, "post", "/api/v1/users", {"username": "oas", "real_name": "模式", "password": "Abcdef1!x",
                                          "unit_id": school.pk}),
        (admin, "post", f"/api/v1/users/{target.pk}/password", {"password": "Newpass1!x"}),
        (sec, "post", f"/api/v1/users/{target.pk}/unlock", None),
        (sec, "post", "/api/v1/role-assignments", {"user_id": target.pk, "role": "inspector",
                                                   "region_code": "500108"}),
        (sec, "get", f"/api/v1/users/{target.pk}/roles", None),
        (office, "get", "/api/v1/auth/me", None),
        (office, "get", "/api/v1/tokens", None),
        (office, "post", "/api/v1/tokens", {"name": "脚本"}),
        (office, "delete", f"/api/v1/units/{school.pk}", None),  # 422: the unit still has accounts
        (office, "delete", f"/api/v1/units/{committee.pk}", None),
        (None, "get", "/api/v1/units", None),
    ]
    seen = set()
    for user, method, url, body in calls:
        client = api_client(user)
        if body is None:
            response = getattr(client, method)(url)
        else:
            response = getattr(client, method)(url, json.dumps(body), content_type="application/json")
        validate(spec, method, url, response)
        seen.add(response.status_code)
    assert {200, 201, 204, 401, 404, 422} <= seen


def test_token_endpoint_matches_schema(spec):
    user = UserFactory()
    r = Client().post("/api/v1/auth/token", {"username": user.username, "password": PASSWORD},
                      content_type="application/json")
    assert r.status_code == 200
    validate(spec, "post", "/api/v1/auth/token", r)
    r = Client().post("/api/v1/auth/token", {"username": user.username, "password": "x"},
                      content_type="application/json")
    assert r.status_code == 401
    validate(spec, "post", "/api/v1/auth/token", r)


def test_docs_page_is_served_without_cdn():
    page = Client().get("/api/v1/docs").content.decode()
    assert "swagger" in page.lower()
    assert "cdn" not in page.lower() and "unpkg" not in page.lower()


def test_file_twins_match_the_schema(spec, tree):
    """The multipart twins of the import and template pages answer as declared, refusals included."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dudao.documents.tests.test_templates import GOOD
    from dudao.testing.documents_factories import office

    admin = api_client(user_with_role(RoleCode.SYSTEM_ADMIN))
    clerk = api_client(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]))
    nanan = office(tree["nanan"])
    calls = [
        (admin, "/api/v1/regions/import", {"file": SimpleUploadedFile("r.csv", "code,name\n500108002,花园路街道\n".encode())}),
        (admin, "/api/v1/regions/import", {"file": SimpleUploadedFile("r.csv", "code,name\n50010X,坏\n".encode())}),
        (clerk, "/api/v1/corps/imports/training", {"file": SimpleUploadedFile("t.xlsx", b"not excel")}),
        (clerk, "/api/v1/documents/templates", {"office_id": nanan.pk, "kind": "rectification_notice",
                                                "file": SimpleUploadedFile("t.docx", GOOD)}),
        (clerk, "/api/v1/documents/templates", {"office_id": nanan.pk, "kind": "rectification_notice",
                                                "file": SimpleUploadedFile("t.doc", GOOD)}),
    ]
    seen = []
    for client, url, body in calls:
        response = client.post(url, body)
        validate(spec, "post", url, response)
        seen.append(response.status_code)
    assert seen == [200, 422, 422, 201, 422]
    r = clerk.put(f"/api/v1/documents/offices/{nanan.pk}/profile",
                  json.dumps({"number_prefix": "南教督", "issuing_mark": "南岸区督导室文件"}), content_type="application/json")
    assert r.status_code == 200
    validate(spec, "put", f"/api/v1/documents/offices/{nanan.pk}/profile", r)
