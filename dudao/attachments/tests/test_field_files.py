"""The plain FileFields of other apps (an inspector's photo and training certificate) have no public
URL: ``/files/field/<code>/<pk>/`` serves them to whoever may view the inspector, and nobody else;
the pages link there. A visit's photos and a task's files are attachments (``/files/<id>/``)."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dudao.accounts.roles import RoleCode
from dudao.attachments.models import Attachment
from dudao.inspections import services
from dudao.inspectors.models import TrainingRecord
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
    assert ui_client(world["admin"]).get("/files/field/visit_photo/1/").status_code == 404


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
    assert ui_client(world["admin"]).get("/files/field/task_file/1/").status_code == 404


def test_training_certificate(world):
    insp = world["inspectors"][0]
    record = TrainingRecord.objects.create(inspector=insp, course="岗前培训", kind="centralised", hours=8,
                                           date=datetime.date(2025, 5, 1))
    url = f"/files/field/training_certificate/{record.pk}/"
    assert ui_client(world["admin"]).get(url).status_code == 404  # no certificate uploaded
    record.certificate.save("cert.pdf", ContentFile(ff.PDF))
    assert ui_client(world["admin"]).get(url).status_code == 200
    _denied(world, url)
    assert url in ui_client(world["admin"]).get(insp.get_absolute_url()).content.decode()


def test_inspector_photo_link_on_the_edit_form(world):
    insp = world["inspectors"][0]
    insp.photo.save("face.png", ContentFile(ff.png_bytes()))
    url = f"/files/field/inspector_photo/{insp.pk}/"
    page = ui_client(world["admin"]).get(f"/inspectors/{insp.pk}/edit/").content.decode()
    assert f'href="{url}"' in page and "/media/" not in page
    r = ui_client(world["admin"]).get(url)
    assert r.status_code == 200 and r["Content-Type"] == "image/png"
    _denied(world, url)
