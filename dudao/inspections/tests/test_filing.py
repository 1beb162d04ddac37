"""条例 Art. 23: a county office's report is filed (备案) with the office one level up, which sees it in
its list and acknowledges it; over the pages and the API alike. Archiving needs the filing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dudao.accounts.roles import RoleCode
from dudao.inspections import workflows
from dudao.inspections.choices import FilingStatus, TaskStatus
from dudao.inspections.models import TaskEvent
from dudao.testing.factories import user_with_role
from dudao.testing.inspections_factories import setting, special_task
from dudao.testing.matrix import api_client

from .helpers import advance, prepare

pytestmark = pytest.mark.django_db
API = "/api/v1/inspections"


@pytest.fixture
def world(tree):
    w = setting(tree)
    w["city"] = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"])
    w["other_district"] = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"])
    return w


def test_a_report_is_filed_and_the_office_above_acknowledges_it(world, client):
    task = workflows.task_publish(actor=None, task=advance(special_task(world), "publish"))
    assert task.status == TaskStatus.PUBLISHED and task.filing_status == FilingStatus.NONE
    with pytest.raises(ValidationError) as refused:
        workflows.task_archive(actor=world["admin"], task=task)
    assert "第二十三条" in str(refused.value)

    client.force_login(world["admin"])
    assert client.post(f"/inspections/{task.pk}/transitions/file_report/").status_code == 302
    task.refresh_from_db()
    assert task.filing_status == FilingStatus.FILED and task.filed_at is not None
    # the county cannot acknowledge its own filing; a sibling district cannot either
    for user in (world["admin"], world["other_district"]):
        with pytest.raises(PermissionDenied):
            workflows.task_acknowledge_filing(actor=user, task=task)

    client.force_login(world["city"])
    home = client.get("/").content.decode()
    assert "待确认的下级督导报告备案" in home
    listing = client.get("/inspections/filings/").content.decode()
    assert task.title in listing
    response = client.post(f"/inspections/{task.pk}/transitions/acknowledge_filing/", {"next": "filings"})
    assert response.status_code == 302 and response.url.endswith("/inspections/filings/")
    task.refresh_from_db()
    assert task.filing_status == FilingStatus.ACKNOWLEDGED and task.filing_acknowledged_by == world["city"]
    assert task.title not in client.get("/inspections/filings/").content.decode()
    assert task.title in client.get("/inspections/filings/?status=acknowledged").content.decode()
    actions = list(TaskEvent.objects.filter(task=task).values_list("action", "to_status"))
    assert ("file_report", "filed") in actions and ("acknowledge_filing", "acknowledged") in actions
    workflows.task_archive(actor=world["admin"], task=task)


def test_filing_over_the_api(world):
    task = advance(special_task(world), "submit_report")
    county, city = api_client(world["admin"]), api_client(world["city"])
    early = county.post(f"{API}/tasks/{task.pk}/transitions/file_report", {}, content_type="application/json")
    assert early.status_code == 422 and "督导报告形成后" in early.content.decode()
    prepare(task, "submit_report")
    workflows.task_submit_report(actor=None, task=task)
    body = county.post(f"{API}/tasks/{task.pk}/transitions/file_report", {}, content_type="application/json").json()
    assert body["filing_status"] == "filed" and "acknowledge_filing" not in body["transitions"]
    listed = city.get(f"{API}/filings").json()
    assert [t["id"] for t in listed["items"]] == [task.pk]
    assert api_client(world["other_district"]).get(f"{API}/filings").json()["items"] == []
    assert county.get(f"{API}/filings").json()["items"] == []  # its own filings are not its to confirm
    ok = city.post(f"{API}/tasks/{task.pk}/transitions/acknowledge_filing", {}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["filing_status"] == "acknowledged"
    assert city.get(f"{API}/filings?status=acknowledged").json()["items"][0]["id"] == task.pk
