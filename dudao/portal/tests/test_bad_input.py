"""Malformed requests on every portal page and API operation: missing fields, wrong types, ids of
other regions, huge strings, bad files — a Chinese error (a form error or 4xx), never a 500, and
nothing written."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dudao.portal import services
from dudao.portal.models import Publication, PublicationEvent
from dudao.testing.matrix import api_client, ui_client
from dudao.testing.portal_factories import closed_item, portal_world

pytestmark = pytest.mark.django_db
HUGE = "很长" * 30000


@pytest.fixture
def world(tree):
    w = portal_world(tree)
    w["pub"] = services.publication_create(actor=w["admin"], kind="rectification", ledger_item=closed_item(w))
    return w


def _counts():
    return Publication.objects.count(), PublicationEvent.objects.count()


def test_pages_answer_bad_input_without_a_500(world):
    pk = world["pub"].pk
    office, unit, anon = ui_client(world["admin"]), ui_client(world["respondent"]), Client()
    before = _counts()
    for url in ("/portal/?kind=nope&status=nope&page=abc&q=" + "x" * 3000, "/portal/?page=-1",
                "/public/?region=nope&kind=nope&page=abc", "/public/?region=" + "1" * 500 + "&page=99999",
                "/public/publications/99999/", "/portal/attachments/99999/"):
        assert (office if url.startswith("/portal") else anon).get(url).status_code in (200, 404), url
    posts = [
        (office, "/portal/new/", {}), (office, "/portal/new/", {"source": "item:abc"}),
        (office, "/portal/new/", {"source": "case:999999"}), (office, "/portal/new/", {"source": "taskunit:1"}),
        (office, "/portal/new/", {"source": HUGE}),
        (office, f"/portal/{pk}/", {"form": "edit"}), (office, f"/portal/{pk}/", {"form": "edit", "title": HUGE,
                                                                                  "body": "x"}),
        (office, f"/portal/{pk}/", {"form": "attach"}),
        (office, f"/portal/{pk}/", {"form": "attach", "file": SimpleUploadedFile("a.exe", b"MZ")}),
        (office, f"/portal/{pk}/", {"form": "attach", "file": SimpleUploadedFile("空.pdf", b"")}),
        (office, f"/portal/{pk}/", {"form": "attach", "file": SimpleUploadedFile("坏.docx", b"PK\x03\x04broken")}),
        (office, f"/portal/{pk}/", {"form": "nope"}),
        (office, f"/portal/{pk}/transitions/withdraw/", {"t-note": HUGE}),
        (office, "/portal/attachments/99999/delete/", {}),
        (unit, "/portal/statements/new/", {}), (unit, "/portal/statements/new/", {"unit": "abc", "title": "t",
                                                                                  "body": "b"}),
        (unit, "/portal/statements/new/", {"unit": world["unit"].pk, "task": "999999", "title": HUGE, "body": "b"}),
        (anon, "/public/", {}),
    ]
    for client, url, data in posts:
        r = client.post(url, data)
        assert r.status_code in (200, 302, 403, 404, 405), (url, data, r.status_code)
        if r.status_code == 200:
            assert "text/html" in r["Content-Type"]
    assert _counts() == before


def test_a_too_long_note_is_named_as_such(world):
    from dudao.portal import workflows

    pub = workflows.publication_publish(actor=world["admin"], publication=world["pub"])
    r = ui_client(world["admin"]).post(f"/portal/{pub.pk}/transitions/withdraw/", {"t-note": HUGE}, follow=True)
    page = r.content.decode()
    assert "说明：" in page and "不超过 2000" in page and "请写明理由" not in page
    assert Publication.objects.get(pk=pub.pk).status == "published"


@pytest.mark.parametrize("method, url, body", [
    ("post", "/api/v1/portal/publications", {}),
    ("post", "/api/v1/portal/publications", {"kind": "report"}),
    ("post", "/api/v1/portal/publications", {"kind": "nope", "task_id": 1}),
    ("post", "/api/v1/portal/publications", {"kind": "report", "task_id": "abc"}),
    ("post", "/api/v1/portal/publications", {"kind": "rectification", "ledger_item_id": 999999}),
    ("post", "/api/v1/portal/publications", {"kind": "accountability", "case_id": 999999, "extra": 1}),
    ("post", "/api/v1/portal/statements", {"unit_id": 999999, "title": "t", "body": "b"}),
    ("post", "/api/v1/portal/statements", {"unit_id": "x", "title": HUGE, "body": "b"}),
    ("patch", "/api/v1/portal/publications/{pk}", {"title": HUGE, "body": "b"}),
    ("patch", "/api/v1/portal/publications/{pk}", {"title": "", "body": ""}),
    ("patch", "/api/v1/portal/publications/{pk}", {"title": 1}),
    ("post", "/api/v1/portal/publications/{pk}/transitions/withdraw", {"note": ["x"]}),
    ("post", "/api/v1/portal/publications/{pk}/transitions/publish", {"note": HUGE}),
    ("post", "/api/v1/portal/publications/{pk}/transitions/nope", {}),
    ("get", "/api/v1/portal/publications?kind=nope&limit=abc", None),
])
def test_api_answers_bad_input_with_4xx(world, method, url, body):
    client = api_client(world["admin"])
    before = _counts()
    url = url.format(pk=world["pub"].pk)
    kwargs = {"content_type": "application/json", "data": json.dumps(body)} if body is not None else {}
    r = getattr(client, method)(url, **kwargs)
    assert 400 <= r.status_code < 500 and r.status_code != 405, r.content
    assert _counts() == before


def test_api_refuses_a_malformed_json_body(world):
    r = api_client(world["admin"]).post("/api/v1/portal/publications", data="{not json",
                                        content_type="application/json")
    assert 400 <= r.status_code < 500
