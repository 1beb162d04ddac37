"""公布督导报告 creates the report's portal entry in the same transaction (issue 11, item 4): a
redacted draft for review by default, published at once when the region's
``portal.report_publish_mode`` is 1; a report already on the portal is not duplicated."""

import pytest
from django.core.exceptions import ValidationError

from dudao.attachments.services import for_owner
from dudao.inspections.choices import TaskStatus
from dudao.inspections.documents import task_documents_issue
from dudao.inspections.workflows import WORKFLOW
from dudao.portal import files, hooks
from dudao.portal.models import Publication
from dudao.regionsettings.services import region_setting_set
from dudao.testing.matrix import api_client
from dudao.testing.portal_factories import RESPONSIBLE, portal_world, reported_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    return portal_world(tree)


def _publish(client, task):
    return client.post(f"/inspections/{task.pk}/transitions/publish/", {"note": ""})


def test_publishing_the_task_creates_a_redacted_draft(client, world):
    task = reported_task(world)
    task_documents_issue(actor=world["admin"], task=task, kind="report")
    client.force_login(world["admin"])
    assert _publish(client, task).status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.PUBLISHED
    pub = Publication.objects.get(task=task, kind="report")
    assert pub.status == "draft" and pub.created_by == world["admin"]
    assert RESPONSIBLE not in pub.body and files.redacted(for_owner(pub).get())
    # the office reviews and publishes it from the portal
    assert "待公开草稿" in client.get("/").content.decode()


def test_immediate_mode_publishes_at_once(client, world):
    region_setting_set(actor=None, region=world["region"], key="portal.report_publish_mode", value=1)
    task = reported_task(world)
    client.force_login(world["admin"])
    assert _publish(client, task).status_code == 302
    pub = Publication.objects.get(task=task, kind="report")
    assert pub.status == "published" and pub.published_at is not None and pub.published_by == world["admin"]


@pytest.mark.parametrize("mode", [0, 1])
def test_publishing_from_the_portal_does_not_duplicate(world, mode):
    from dudao.portal import services, workflows

    region_setting_set(actor=None, region=world["region"], key="portal.report_publish_mode", value=mode)
    task = reported_task(world)
    pub = services.publication_create(actor=world["admin"], kind="report", task=task)
    workflows.publication_publish(actor=world["admin"], publication=pub)
    assert list(Publication.objects.filter(task=task).values_list("pk", "status")) == [(pub.pk, "published")]
    assert list(pub.events.values_list("action", flat=True)) == ["create", "publish"]


def test_entry_and_publish_share_one_transaction(client, world, monkeypatch):
    """If the portal entry cannot be made, the report is not published either."""
    task = reported_task(world)

    def refuse(*args, **kwargs):
        raise ValidationError({"source": "门户暂不可用"})

    monkeypatch.setattr("dudao.portal.services.publication_create", refuse)
    client.force_login(world["admin"])
    _publish(client, task)
    task.refresh_from_db()
    assert task.status == TaskStatus.REPORT
    assert not Publication.objects.filter(task=task).exists()
    assert hooks.on_task_publish in WORKFLOW._hooks["publish"]


def test_api_publish_creates_the_entry(world):
    task = reported_task(world)
    response = api_client(world["admin"]).post(f"/api/v1/inspections/tasks/{task.pk}/transitions/publish",
                                               {"note": ""}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert Publication.objects.filter(task=task, kind="report", status="draft").exists()
