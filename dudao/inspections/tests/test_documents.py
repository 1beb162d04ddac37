"""公文 from a task: the HTML preview holds the task's data; issuing goes through the documents
module with its typed contexts (one per target for notice and opinions, one report)."""

import pytest

from dudao.documents.models import IssuedDocument
from dudao.inspections import documents, workflows
from dudao.testing.inspections_factories import setting, special_task

from .helpers import advance

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(tree):
    w = setting(tree)
    task = advance(special_task(w), "submit_report")
    workflows.task_submit_report(actor=None, task=task)
    task.refresh_from_db()
    return w, task


@pytest.mark.parametrize("kind", list(documents.KINDS))
def test_contexts_validate_against_the_documents_module(reported, kind):
    from dudao.documents.kinds import parse_context

    _w, task = reported
    targets = list(task.targets.all()) if kind in documents.PER_TARGET else [None]
    for target in targets:
        context = parse_context(documents.DOCUMENT_KIND[kind], documents.issue_context(task, kind, target))
        assert context is not None


def test_office_issues_the_opinion_letters_from_the_preview(reported, client):
    w, task = reported
    client.force_login(w["admin"])
    preview = client.get(f"/inspections/{task.pk}/documents/letter/").content.decode()
    assert "签发（Word/PDF）" in preview and "南岸区测试学校1" in preview
    response = client.post(f"/inspections/{task.pk}/documents/letter/issue/")
    assert response.status_code == 302
    docs = IssuedDocument.objects.filter(kind="opinion_letter", object_id=str(task.pk))
    assert docs.count() == 3 and docs.first().docx_file
    assert "督导意见书" in client.get(f"/inspections/{task.pk}/documents/letter/").content.decode()
    client.post(f"/inspections/{task.pk}/documents/report/issue/")
    assert IssuedDocument.objects.filter(kind="report", object_id=str(task.pk)).count() == 1
