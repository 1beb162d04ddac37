"""The public portal (E2, E4, E9), without login: only published items are listed and readable,
by region and kind with pagination; the text carries no personal data; attachments only when the
item is published and the file was cleared; pages work on a phone (viewport, no wide tables)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dudao.attachments.services import attachment_add, for_owner
from dudao.portal import services, workflows
from dudao.portal.public_views import PER_PAGE
from dudao.testing.portal_factories import (
    PERSON,
    RESPONSIBLE,
    closed_item,
    decided_case,
    portal_world,
    reported_task,
)
from dudao.testing.schools_factories import school

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    return portal_world(tree)


def published(world, **kw):
    pub = services.publication_create(actor=world["admin"], kind="rectification", ledger_item=closed_item(world, **kw))
    return workflows.publication_publish(actor=world["admin"], publication=pub)


def test_only_published_items_are_listed_and_readable(world, tree):
    shown = published(world, description="食堂陪餐制度未落实")
    case = services.publication_create(actor=world["admin"], kind="accountability", case=decided_case(world, tree))
    withdrawn = published(world, description="已撤回的问题")
    workflows.publication_withdraw(actor=world["admin"], publication=withdrawn, note="更正")
    submitted = services.statement_create(actor=world["respondent"], unit=world["unit"], title="待审核的整改情况说明",
                                          body="已整改")
    workflows.statement_submit(actor=world["respondent"], publication=submitted)
    client = Client()  # anonymous
    r = client.get("/public/")
    page = r.content.decode()
    assert r.status_code == 200 and shown.title in page
    for hidden in (case.title, withdrawn.title, submitted.title):
        assert hidden not in page
    assert client.get(f"/public/publications/{shown.pk}/").status_code == 200
    for pub in (case, withdrawn, submitted):
        assert client.get(f"/public/publications/{pub.pk}/").status_code == 404
    assert client.get("/public/publications/999999/").status_code == 404
    workflows.statement_approve(actor=world["admin"], publication=submitted)
    assert client.get(f"/public/publications/{submitted.pk}/").status_code == 200
    assert submitted.title in client.get("/public/").content.decode()


def test_public_pages_carry_no_personal_data(world, tree):
    task = reported_task(world)
    report = services.publication_create(actor=world["admin"], kind="report", task=task)
    case = services.publication_create(actor=world["admin"], kind="accountability", case=decided_case(world, tree))
    rect = published(world)
    pages = []
    for pub in (report, case):
        workflows.publication_publish(actor=world["admin"], publication=pub)
    client = Client()
    for pub in (report, case, rect):
        r = client.get(f"/public/publications/{pub.pk}/")
        assert r.status_code == 200
        pages.append(r.content.decode())
    pages.append(client.get("/public/").content.decode())
    assert "督导报告概述：总体良好" in pages[0] and "欧阳某" in pages[1] and "李某（139****5678）反映" in pages[2]
    for page in pages:
        for secret in (RESPONSIBLE, PERSON, "13912345678", "500108198001011234"):
            assert secret not in page
        assert 'name="viewport"' in page and "<table" not in page


def _closed_at(unit, description):
    from dudao.ledger import services as ledger_services
    from dudao.ledger import workflows as lw

    it = ledger_services.ledger_item_create(actor=None, unit=unit, source="media", description=description,
                                            category="safety", requirement="整改", deadline=datetime.date(2030, 1, 1))
    it = lw.item_submit_plan(actor=None, item=it, plan="方案")
    it = lw.item_accept_plan(actor=None, item=it)
    it = lw.item_report(actor=None, item=it, report="已整改", evidence="照片")
    it = lw.item_begin_recheck(actor=None, item=it, method="sampling")
    return lw.item_close(actor=None, item=it, conclusion="到位")


def test_filters_by_region_and_kind_with_pagination(world, tree):
    for n in range(PER_PAGE + 3):
        published(world, description=f"南岸区问题{n:02d}")
    far = school(tree["ddk"], name="大渡口区学校")
    pub = services.publication_create(actor=None, kind="rectification", ledger_item=_closed_at(far, "大渡口区的问题"))
    workflows.publication_publish(actor=None, publication=pub)
    client = Client()
    first = client.get("/public/").content.decode()
    assert "第 1 / 2 页" in first and "大渡口区的问题" in first  # newest first
    second = client.get("/public/", {"page": 2}).content.decode()
    assert "南岸区问题00" in second and "南岸区问题00" not in first
    nanan = client.get("/public/", {"region": world["region"].code}).content.decode()
    assert "大渡口区的问题" not in nanan and "南岸区问题" in nanan
    ddk_page = client.get("/public/", {"region": tree["ddk"].code}).content.decode()
    assert "大渡口区的问题" in ddk_page and "南岸区问题" not in ddk_page
    # the region filter offers the regions with something published, and their ancestors
    assert f'value="{tree["cq"].code}"' in first and f'value="{tree["nanan_town"].code}"' not in first
    assert "暂无公开信息" in client.get("/public/", {"kind": "report"}).content.decode()
    assert "大渡口区的问题" in client.get("/public/", {"kind": "rectification"}).content.decode()
    assert client.get("/public/", {"kind": "bogus", "page": "x", "region": "nope"}).status_code == 200


def test_attachments_only_when_published_and_cleared(world):
    pub = services.publication_create(actor=world["admin"], kind="rectification", ledger_item=closed_item(world))
    att = services.attachment_add(actor=world["admin"], publication=pub, confirmed=True,
                                  upload=SimpleUploadedFile("整改照片.pdf", b"%PDF-1.4 photo"))
    client = Client()
    url = f"/public/publications/{pub.pk}/files/{att.pk}/"
    assert client.get(url).status_code == 404  # draft
    workflows.publication_publish(actor=world["admin"], publication=pub)
    pending = attachment_add(actor=None, owner=pub, purpose="public",  # e.g. added by hand, not confirmed
                             file=SimpleUploadedFile("未核对.pdf", b"%PDF-1.4 other"), data={"redacted": False})
    r = client.get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"%PDF-1.4 photo"
    assert client.get(f"/public/publications/{pub.pk}/files/{pending.pk}/").status_code == 404
    page = client.get(f"/public/publications/{pub.pk}/").content.decode()
    assert "整改照片.pdf" in page and "未核对.pdf" not in page
    assert client.get(f"/public/publications/{pub.pk + 1000}/files/{att.pk}/").status_code == 404


def test_attachment_names_are_redacted_and_contents_checked(world):
    """The file name is public (the list and the download): a phone number or a listed name in
    it is masked; a file whose contents do not match its extension is refused in Chinese."""

    from dudao.testing.matrix import ui_client

    pub = services.publication_create(actor=world["admin"], kind="rectification", ledger_item=closed_item(world))
    office = ui_client(world["admin"])
    for name, data in (("伪装.pdf", b"MZ\x90\x00 not a pdf"), ("截图.png", b"<html>"), ("照片.jpg", b"GIF89a")):
        r = office.post(f"/portal/{pub.pk}/", {"form": "attach", "confirmed": "on",
                                               "file": SimpleUploadedFile(name, data)})
        assert r.status_code == 200 and "文件内容与扩展名不符" in r.content.decode(), name
    assert for_owner(pub).count() == 0
    name = f"{RESPONSIBLE}家长来信13812345678.pdf"
    r = office.post(f"/portal/{pub.pk}/", {"form": "attach", "confirmed": "on",
                                           "file": SimpleUploadedFile(name, b"%PDF-1.4 x")})
    assert r.status_code == 302
    att = for_owner(pub).get()
    assert att.name == "李某家长来信138****5678.pdf"
    long = SimpleUploadedFile("说明" * 150 + ".pdf", b"%PDF-1.4 x")
    assert office.post(f"/portal/{pub.pk}/", {"form": "attach", "confirmed": "on", "file": long}).status_code == 302
    assert for_owner(pub).order_by("-id").first().name.endswith(".pdf")
    workflows.publication_publish(actor=world["admin"], publication=pub)
    client = Client()
    page = client.get(f"/public/publications/{pub.pk}/").content.decode()
    download = client.get(f"/public/publications/{pub.pk}/files/{att.pk}/")
    assert download.status_code == 200
    for secret in (RESPONSIBLE, "13812345678"):
        assert secret not in page and secret not in download["Content-Disposition"]
