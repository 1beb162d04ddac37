"""The portal API through HTTP (E2, E4, E9): a report draft with its issued document attached as a
redacted copy; edits; the transitions and the caller's available ones; a unit's statement; errors."""

import io

import docx
import pytest

from dudao.attachments.services import for_owner
from dudao.inspections.documents import task_documents_issue
from dudao.portal.models import Publication
from dudao.portal.sources import docx_text
from dudao.testing.matrix import api_client
from dudao.testing.portal_factories import RESPONSIBLE, closed_item, portal_world, reported_task

pytestmark = pytest.mark.django_db
API = "/api/v1/portal"


@pytest.fixture
def world(tree):
    return portal_world(tree)


def post(client, url, data=None):
    return client.post(url, data=data or {}, content_type="application/json")


def test_report_with_its_document_redacted_then_published(world):
    task = reported_task(world)
    [doc] = task_documents_issue(actor=None, task=task, kind="report")
    original = docx_text(doc.docx_file.open("rb").read())
    assert RESPONSIBLE in original and "13912345678" in original  # the issued report names them…
    office = api_client(world["admin"])
    r = post(office, f"{API}/publications", {"kind": "report", "task_id": task.pk})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "draft" and body["available"] == ["publish"] and body["public_url"] is None
    [att] = body["attachments"]
    assert att["redacted"] and att["cleared"]
    pub = Publication.objects.get(pk=body["id"])
    assert pub.document == doc
    copy = docx_text(for_owner(pub).get().file.open("rb").read())
    assert RESPONSIBLE not in copy and "13912345678" not in copy and "李某" in copy  # …the public copy does not
    docx.Document(io.BytesIO(for_owner(pub).get().file.open("rb").read()))  # still a valid .docx
    r = office.patch(f"{API}/publications/{pub.pk}", data={"title": "南岸区课后服务专项督导报告",
                                                           "body": f"{RESPONSIBLE}：13912345678"},
                     content_type="application/json")
    assert r.status_code == 200 and r.json()["body"] == "李某：139****5678"
    r = post(office, f"{API}/publications/{pub.pk}/transitions/publish")
    assert r.status_code == 200 and r.json()["status"] == "published" and r.json()["available"] == ["withdraw"]
    assert r.json()["public_url"] == f"/public/publications/{pub.pk}/"
    assert [e["action"] for e in r.json()["events"]] == ["create", "edit", "publish"]
    r = post(office, f"{API}/publications/{pub.pk}/transitions/withdraw")
    assert r.status_code == 422 and "note" in r.content.decode()


def test_errors(world, tree):
    office = api_client(world["admin"])
    it = closed_item(world)
    assert post(office, f"{API}/publications", {"kind": "rectification"}).status_code == 422
    r = post(office, f"{API}/publications", {"kind": "rectification", "ledger_item_id": 999999})
    assert r.status_code == 422 and "ledger_item_id" in r.content.decode()
    r = post(office, f"{API}/publications", {"kind": "statement", "ledger_item_id": it.pk})
    assert r.status_code == 422
    r = post(office, f"{API}/publications", {"kind": "rectification", "ledger_item_id": it.pk, "bogus": 1})
    assert r.status_code == 422
    sibling = api_client(world["sibling"])
    r = post(sibling, f"{API}/publications", {"kind": "rectification", "ledger_item_id": it.pk})
    assert r.status_code == 422 and "ledger_item_id" in r.content.decode()
    pub_id = post(office, f"{API}/publications", {"kind": "rectification", "ledger_item_id": it.pk}).json()["id"]
    assert post(office, f"{API}/publications/{pub_id}/transitions/nope").status_code == 404
    assert post(api_client(world["leader"]), f"{API}/publications/{pub_id}/transitions/publish").status_code == 403
    assert post(sibling, f"{API}/publications/{pub_id}/transitions/publish").status_code == 404
    assert api_client(world["sibling"]).get(f"{API}/publications/{pub_id}").status_code == 404


def test_unit_statement_by_api(world):
    unit = api_client(world["respondent"])
    r = post(unit, f"{API}/statements", {"unit_id": world["unit"].pk, "title": "整改情况说明",
                                         "body": "已整改，联系电话13812345678"})
    assert r.status_code == 201 and "138****5678" in r.json()["body"] and r.json()["available"] == ["submit"]
    pub_id = r.json()["id"]
    r = post(unit, f"{API}/publications/{pub_id}/transitions/submit")
    assert r.status_code == 200 and r.json()["status"] == "submitted" and r.json()["available"] == []
    assert post(unit, f"{API}/publications/{pub_id}/transitions/approve").status_code == 403
    office = api_client(world["admin"])
    assert office.get(f"{API}/publications/{pub_id}").json()["available"] == ["approve", "return"]
    r = post(office, f"{API}/publications/{pub_id}/transitions/return", {"note": "请补充整改成效"})
    assert r.json()["status"] == "returned" and r.json()["review_note"] == "请补充整改成效"
    assert unit.get(f"{API}/publications", data={"status": "returned"}).json()["count"] == 1
    other = api_client(world["other_respondent"])
    r = post(other, f"{API}/statements", {"unit_id": world["unit"].pk, "title": "t", "body": "b"})
    assert r.status_code in (403, 422)
    assert other.get(f"{API}/publications/{pub_id}").status_code == 404
