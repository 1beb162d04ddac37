"""A control character in a document's data is refused with the field named (422), never a 500
while Word (XML 1.0) renders it (issue 17, "No 500s")."""

import pytest
from django.core.exceptions import ValidationError

from dudao.documents.kinds import parse_context
from dudao.documents.models import IssuedDocument
from dudao.documents.samples import sample

from .test_api import login

pytestmark = pytest.mark.django_db


def test_parse_context_refuses_a_control_character_naming_the_field():
    with pytest.raises(ValidationError) as caught:
        parse_context("supervision_notice", dict(sample("supervision_notice"), recipient="珊瑚\x07小学"))
    assert "不得包含控制字符" in str(caught.value.message_dict["context.recipient"])


def test_issuing_with_a_control_character_answers_422(client, nanan_office, nanan_admin):
    context = dict(sample("supervision_notice"), recipient="珊瑚\x0b小学")
    response = login(client, nanan_admin).post("/api/v1/documents", {
        "kind": "supervision_notice", "office_id": nanan_office.pk, "context": context},
        content_type="application/json")
    assert response.status_code == 422, response.content
    assert response.json()["errors"][0]["message"] == "不得包含控制字符"
    assert not IssuedDocument.objects.exists()
