"""From a supervision task's page: the 督导意见书 per target (once the opinion letter is due) and the
督导报告 (once formed), filled from the task's data, linked to it and delivered to the target units."""

from dudao.documents.fieldforms import post_data
from dudao.documents.models import IssuedDocument
from dudao.testing.matrix import api_client
from dudao.testing.portal_factories import portal_world, reported_task


def test_opinion_letter_per_target_from_the_task_page(client, tree):
    world = portal_world(tree)
    task = reported_task(world, report=False)
    target = task.targets.get()
    client.force_login(world["admin"])
    page = client.get(f"{task.get_absolute_url()}?tab=documents").content.decode()
    url = f"/documents/for/inspections.tasktarget/{target.pk}/opinion_letter/"
    assert url in page and "签发督导报告" not in page  # the report is not formed yet
    form = client.get(url)
    initial = form.context["fields"].initial
    assert initial["recipient"] == world["unit"].name and initial["inspection_name"] == task.title
    assert initial["problems"] == ["课后服务收费标准未公示"]
    response = client.post(url, {**post_data("opinion_letter", initial), "action": "issue"})
    assert response.status_code == 302, response.content.decode()[:2000]
    doc = IssuedDocument.objects.get()
    assert doc.related == target and doc.deliveries.get().unit == world["unit"]
    page = client.get(f"{task.get_absolute_url()}?tab=documents").content.decode()
    assert doc.number_text in page and f"/documents/{doc.pk}/download/docx/" in page
    client.force_login(world["respondent"])
    assert doc.title in client.get("/documents/inbox/").content.decode()


def test_report_from_the_task_over_the_api(tree):
    world = portal_world(tree)
    task = reported_task(world)
    office = api_client(world["admin"])
    url = f"/api/v1/documents/subjects/inspections.supervisiontask/{task.pk}/report"
    draft = office.get(url).json()
    assert draft["fields"]["title"].startswith(task.title) and draft["recipients"] == [world["unit"].name]
    bad = office.post(url, {"fields": {"sections": [{"heading": ""}]}}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"].startswith("fields.sections")
    ok = office.post(url, {"fields": {"recipients": "南岸区人民政府"}}, content_type="application/json")
    assert ok.status_code == 201, ok.content
    doc = IssuedDocument.objects.get(pk=ok.json()["id"])
    assert doc.related == task and doc.context["recipients"] == "南岸区人民政府"
    assert [d.unit for d in doc.deliveries.all()] == [world["unit"]]
    # a unit may not issue
    assert api_client(world["respondent"]).post(url, {}, content_type="application/json").status_code in (403, 404)
