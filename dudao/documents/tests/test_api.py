"""/api/v1/documents: list, detail, files, issue, void, batches, kinds — scoped like the pages."""

import pytest

from dudao.accounts.roles import RoleCode
from dudao.documents.models import IssuedDocument
from dudao.documents.samples import sample
from dudao.documents.services import document_issue
from dudao.testing.factories import UserFactory, user_with_role

from .docx_inspect import open_docx


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def issued(nanan_office):
    return document_issue(actor=None, office=nanan_office, kind="opinion_letter", context=sample("opinion_letter"),
                          related=nanan_office)


def test_issue_list_detail_and_download(client, nanan_office, nanan_admin):
    login(client, nanan_admin)
    response = client.post("/api/v1/documents", {
        "kind": "supervision_notice", "office_id": nanan_office.pk, "context": sample("supervision_notice"),
        "related": {"type": "orgs.unit", "id": str(nanan_office.pk)}}, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == "南岸教督〔2025〕1号" and body["kind_label"] == "督办通知"
    assert body["related_type"] == "orgs.unit" and body["context"]["recipient"] == "重庆市南岸区珊瑚实验小学"
    listing = client.get(f"/api/v1/documents?related_type=orgs.unit&related_id={nanan_office.pk}").json()
    assert listing["count"] == 1 and listing["items"][0]["id"] == body["id"]
    docx = client.get(body["docx_url"])
    assert docx.status_code == 200
    assert "南岸教督〔2025〕1号" in [p.text for p in open_docx(b"".join(docx.streaming_content)).paragraphs]


def test_issue_validation_error_names_the_field(client, nanan_office, nanan_admin):
    data = sample("rectification_notice")
    del data["deadline"]
    response = login(client, nanan_admin).post("/api/v1/documents", {
        "kind": "rectification_notice", "office_id": nanan_office.pk, "context": data},
        content_type="application/json")
    assert response.status_code == 422
    assert {"field": "context.deadline", "message": "整改期限：必填项"} in response.json()["errors"]
    assert not IssuedDocument.objects.exists()


def test_void_number(client, issued, nanan_admin):
    response = login(client, nanan_admin).post(f"/api/v1/documents/numbers/{issued.number.pk}/void",
                                               {"reason": "重发"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "voided"
    again = client.post(f"/api/v1/documents/numbers/{issued.number.pk}/void", {"reason": "重发"},
                        content_type="application/json")
    assert again.status_code == 422


def test_kinds_publish_their_schema(client, nanan_admin):
    kinds = login(client, nanan_admin).get("/api/v1/documents/kinds").json()
    assert len(kinds) == 15
    rect = next(k for k in kinds if k["kind"] == "rectification_notice")
    assert "problems" in rect["context_schema"]["required"]


def test_batch_via_api(client, nanan_office, nanan_admin, django_capture_on_commit_callbacks):
    items = [sample("rectification_notice"), {"label": "坏数据", "signed_on": "2025-05-06"}]
    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, nanan_admin).post("/api/v1/documents/batches", {
            "kind": "rectification_notice", "office_id": nanan_office.pk, "items": items},
            content_type="application/json")
    assert response.status_code == 201
    batch = client.get(f"/api/v1/documents/batches/{response.json()['id']}").json()
    assert batch["status"] == "done" and batch["failed"] == 1 and batch["errors"][0]["name"] == "坏数据"
    assert client.get(batch["zip_url"]).status_code == 200


@pytest.mark.parametrize(("who", "status"), [
    ("anonymous", 401), ("no_role", 404), ("in_scope", 200), ("sibling", 404), ("parent", 200)])
def test_detail_permission_matrix(client, tree, issued, who, status):
    users = {"no_role": UserFactory,
             "in_scope": lambda: user_with_role(RoleCode.INSPECTOR, region=tree["nanan"]),
             "sibling": lambda: user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]),
             "parent": lambda: user_with_role(RoleCode.LEADER, region=tree["cq"])}
    if who != "anonymous":
        login(client, users[who]())
    assert client.get(f"/api/v1/documents/{issued.pk}").status_code == status
    assert client.get(f"/api/v1/documents/{issued.pk}/docx").status_code == status
    if status == 200:
        assert client.get("/api/v1/documents").json()["count"] == 1
    elif who != "anonymous":
        assert client.get("/api/v1/documents").json()["count"] == 0


@pytest.mark.parametrize("who", ["no_role", "sibling", "inspector"])
def test_issue_forbidden_outside_scope(client, tree, nanan_office, who):
    user = {"no_role": UserFactory, "sibling": lambda: user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]),
            "inspector": lambda: user_with_role(RoleCode.INSPECTOR, region=tree["nanan"])}[who]()
    response = login(client, user).post("/api/v1/documents", {
        "kind": "report", "office_id": nanan_office.pk, "context": sample("report")}, content_type="application/json")
    assert response.status_code in (403, 404)
    assert not IssuedDocument.objects.exists()
