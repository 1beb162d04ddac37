"""A visit's photos and a task's files are attachments with no public URL: ``/files/<id>/`` serves
them to whoever may view the owner, and nobody else (another district: 404; anonymous: the login
page); the pages link there. The inspector's photo and certificates: ``dudao/inspectors/tests/
test_files.py``; a portal publication's files: ``dudao/portal/tests/test_files.py``."""

import datetime
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dudao.accounts.roles import RoleCode
from dudao.attachments.models import Attachment
from dudao.inspections import services
from dudao.testing import file_factories as ff
from dudao.testing.factories import user_with_role
from dudao.testing.inspections_factories import post, setting, special_task
from dudao.testing.matrix import ui_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    w = setting(tree)
    w["posting"] = post(w["inspectors"][0], w["schools"][0])
    w["sibling"] = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"])
    w["parent"] = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"])
    return w


def _denied(world, url):
    assert ui_client(world["sibling"]).get(url).status_code == 404
    r = Client().get(url)
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_visit_photos(world):
    visit = services.visit_record(actor=world["inspectors"][0].user, school=world["schools"][0],
                                  visited_on=datetime.date.today(), duration_minutes=60, methods=["lesson"],
                                  photos=[ff.photo("camera.png")])
    photo = Attachment.objects.get(object_id=visit.pk, purpose="visit_photo")
    url = f"/files/{photo.pk}/"
    for user in (world["inspectors"][0].user, world["admin"], world["parent"]):
        r = ui_client(user).get(url)
        assert r.status_code == 200 and r["Content-Type"] == "image/png" and r["X-Content-Type-Options"] == "nosniff"
    _denied(world, url)
    page = ui_client(world["admin"]).get(visit.get_absolute_url()).content.decode()
    assert url in page and "/media/" not in page


def test_task_files(world):
    task = special_task(world)
    row = services.task_file_add(actor=None, task=task, kind="evidence", caption="自评材料",
                                 file=SimpleUploadedFile("evidence.pdf", ff.PDF))
    url = f"/files/{row.pk}/"
    r = ui_client(world["admin"]).get(url)
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment;")
    _denied(world, url)
    page = ui_client(world["admin"]).get(task.get_absolute_url() + "?tab=on_site").content.decode()
    assert url in page and "自评材料" in page and "/media/" not in page


def test_behind_nginx_the_checked_download_hands_the_file_to_nginx(world, settings):
    """With DUDAO_X_ACCEL_PREFIX (deploy/nginx/dudao.conf) the view still checks the user, then
    answers with X-Accel-Redirect and no body; the names and the protective headers stay."""
    settings.DUDAO_X_ACCEL_PREFIX = "/protected/"
    task = special_task(world)
    row = services.task_file_add(actor=None, task=task, kind="evidence", caption="自评材料",
                                 file=SimpleUploadedFile("自评 报告.pdf", ff.PDF))
    url = f"/files/{row.pk}/"
    r = ui_client(world["admin"]).get(url)
    assert r.status_code == 200 and r.content == b""
    assert r["X-Accel-Redirect"] == "/protected/" + quote(row.file.name)
    assert r["Content-Type"] == "application/pdf" and r["X-Content-Type-Options"] == "nosniff"
    assert r["Content-Disposition"].startswith("attachment;") and "filename*=utf-8''" in r["Content-Disposition"]
    _denied(world, url)  # no header for whoever may not see it
    assert "X-Accel-Redirect" not in ui_client(world["sibling"]).get(url)
    row.file.storage.delete(row.file.name)
    assert ui_client(world["admin"]).get(url).status_code == 404  # a lost file is a 404, not nginx's
