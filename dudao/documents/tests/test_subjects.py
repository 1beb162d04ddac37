"""Documents belong to their subject and reach their addressee (issue 11, item 4): a 整改通知书 issued
from a ledger item is filled from the item, listed on the item page and delivered to the school's
inbox (and no other school's); over the API too, with errors naming the field."""

import datetime

from dudao.documents.fieldforms import post_data
from dudao.documents.models import DocumentDelivery, IssuedDocument
from dudao.ledger.document_subjects import issue_rectification_notice
from dudao.regionsettings.services import region_setting_set
from dudao.testing.ledger_factories import item, ledger_world
from dudao.testing.matrix import api_client

NOTICE = "rectification_notice"


def _issue_url(it):
    return f"/documents/for/ledger.ledgeritem/{it.pk}/{NOTICE}/"


def test_notice_from_item_reaches_the_school_inbox(client, tree):
    world = ledger_world(tree)
    it = item(world, description="学校食堂未落实陪餐制度", requirement="建立并落实校领导陪餐制度")
    client.force_login(world["admin"])
    page = client.get(it.get_absolute_url()).content.decode()
    assert "下达整改通知书" in page and _issue_url(it) in page

    form = client.get(_issue_url(it))
    html = form.content.decode()
    assert form.status_code == 200 and "JSON" not in html
    fields = form.context["fields"]
    assert fields.initial["recipient"] == world["unit"].name
    assert fields.initial["problems"] == ["学校食堂未落实陪餐制度"]
    assert fields.initial["requirements"] == ["建立并落实校领导陪餐制度"]
    assert fields.initial["deadline"] == it.deadline
    assert world["unit"].name in html  # 签发后送达

    data = post_data(NOTICE, {**fields.initial, "contact": "何晓燕"})
    data["problems"] += "\n食品留样记录不全"
    response = client.post(_issue_url(it), {**data, "action": "issue"})
    assert response.status_code == 302, response.content.decode()[:2000]
    doc = IssuedDocument.objects.get()
    assert doc.related == it and doc.issued_by == world["admin"] and doc.number_text
    assert doc.context["problems"] == ["学校食堂未落实陪餐制度", "食品留样记录不全"]
    assert doc.context["contact"] == "何晓燕"
    assert list(doc.deliveries.values_list("unit", flat=True)) == [world["unit"].pk]

    # the item page lists it, with its files
    page = client.get(it.get_absolute_url()).content.decode()
    assert doc.number_text in page and f"/documents/{doc.pk}/download/docx/" in page
    assert f"/documents/{doc.pk}/download/pdf/" in page
    # the office's 已发文书 and the document page show the delivery
    assert doc.number_text in client.get("/documents/").content.decode()
    assert "未读" in client.get(doc.get_absolute_url()).content.decode()

    # the school's respondent: unread in the inbox, on the home page; reads it by opening it
    school = client.__class__()
    school.force_login(world["respondent"])
    inbox = school.get("/documents/inbox/").content.decode()
    assert doc.title in inbox and "未读" in inbox
    home = school.get("/").content.decode()
    assert "未读文书" in home
    assert school.get(f"/documents/{doc.pk}/download/docx/").status_code == 200
    assert school.get(doc.get_absolute_url()).status_code == 200
    delivery = DocumentDelivery.objects.get(document=doc)
    assert delivery.read_at is not None and delivery.read_by == world["respondent"]
    assert "未读" not in school.get("/documents/inbox/?unread=1").content.decode().split("只看未读", 1)[1]

    # another school sees nothing of it
    other = client.__class__()
    other.force_login(world["other_respondent"])
    assert doc.title not in other.get("/documents/inbox/").content.decode()
    assert other.get(doc.get_absolute_url()).status_code == 404
    assert other.get(f"/documents/{doc.pk}/download/docx/").status_code == 404
    assert other.post(f"/documents/{doc.pk}/read/").status_code == 404


def test_subject_form_bad_date_is_a_chinese_field_error(client, tree):
    world = ledger_world(tree)
    it = item(world)
    client.force_login(world["admin"])
    fields = client.get(_issue_url(it)).context["fields"]
    data = post_data(NOTICE, fields.initial)
    data["deadline"] = "2026-02-30"
    response = client.post(_issue_url(it), {**data, "action": "issue"})
    assert response.status_code == 200
    assert response.context["fields"].errors["deadline"] == ["日期格式应为 YYYY-MM-DD"]
    assert "JSON" not in response.content.decode()
    assert not IssuedDocument.objects.exists()


def test_only_the_office_may_issue_from_the_item(client, tree):
    world = ledger_world(tree)
    it = item(world)
    for user in (world["respondent"], world["inspector"], world["sibling"]):
        client.force_login(user)
        assert client.get(_issue_url(it)).status_code in (403, 404)
        assert client.post(_issue_url(it), {"action": "issue"}).status_code in (403, 404)
        assert "下达整改通知书" not in client.get(it.get_absolute_url()).content.decode()
    assert not IssuedDocument.objects.exists()


def test_api_notice_inbox_and_read(tree):
    world = ledger_world(tree)
    it = item(world)
    office = api_client(world["admin"])
    url = f"/api/v1/ledger/items/{it.pk}/notice"

    bad = office.post(url, {"deadline": "2026-13-01"}, content_type="application/json")
    assert bad.status_code == 422
    assert {"field": "deadline", "message": "日期格式应为 YYYY-MM-DD"} in bad.json()["errors"]
    empty = office.post(url, {"problems": []}, content_type="application/json")
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "problems"
    assert "至少需要一项" in empty.json()["errors"][0]["message"]
    assert not IssuedDocument.objects.exists()

    draft = office.get(f"/api/v1/documents/subjects/ledger.ledgeritem/{it.pk}/{NOTICE}")
    assert draft.status_code == 200 and draft.json()["recipients"] == [world["unit"].name]
    assert draft.json()["fields"]["problems"] == [it.description]

    ok = office.post(url, {"requirements": ["一周内建立陪餐制度", "每月报送陪餐记录"]}, content_type="application/json")
    assert ok.status_code == 201, ok.content
    body = ok.json()
    assert body["related_type"] == "ledger.ledgeritem" and body["related_id"] == str(it.pk)
    assert body["context"]["requirements"] == ["一周内建立陪餐制度", "每月报送陪餐记录"]
    listed = office.get(f"/api/v1/documents?related_type=ledger.ledgeritem&related_id={it.pk}").json()
    assert [d["id"] for d in listed["items"]] == [body["id"]]

    school = api_client(world["respondent"])
    inbox = school.get("/api/v1/documents/inbox?unread=true").json()
    assert [d["document"]["id"] for d in inbox["items"]] == [body["id"]]
    assert inbox["items"][0]["unit_name"] == world["unit"].name and inbox["items"][0]["read_at"] is None
    assert school.get(f"/api/v1/documents/{body['id']}/docx").status_code == 200
    read = school.post(f"/api/v1/documents/{body['id']}/read", {}, content_type="application/json")
    assert read.status_code == 200 and read.json()["marked"] == 1
    assert school.get("/api/v1/documents/inbox?unread=true").json()["items"] == []

    other = api_client(world["other_respondent"])
    assert other.get("/api/v1/documents/inbox").json()["items"] == []
    assert other.post(f"/api/v1/documents/{body['id']}/read", {}, content_type="application/json").status_code == 404
    assert other.get(f"/api/v1/documents/{body['id']}").status_code == 404


def test_api_standalone_issue_names_the_bad_field_in_chinese(tree):
    from dudao.documents.samples import sample
    from dudao.testing.documents_factories import office as make_office
    from dudao.testing.factories import user_with_role

    office = make_office(tree["nanan"])
    client = api_client(user_with_role("office_admin", region=tree["nanan"]))
    context = {**sample(NOTICE), "deadline": "下周"}
    response = client.post("/api/v1/documents", {"kind": NOTICE, "office_id": office.pk, "context": context},
                           content_type="application/json")
    assert response.status_code == 422
    assert {"field": "context.deadline", "message": "整改期限：日期格式应为 YYYY-MM-DD"} in response.json()["errors"]


def test_issue_rectification_notice_for_a_recorded_problem(tree):
    world = ledger_world(tree)
    it = item(world)
    # an inspector recording a problem may not sign documents: the office's notice is issued by the system
    doc = issue_rectification_notice(actor=world["inspector"], item=it, automatic=True)
    assert doc.issued_by is None and doc.related == it
    assert doc.deliveries.get().unit == world["unit"]
    # the office's own call signs it
    second = issue_rectification_notice(actor=world["admin"], item=it, automatic=True,
                                        deadline=it.deadline + datetime.timedelta(days=5))
    assert second.issued_by == world["admin"]
    assert second.context["deadline"] == (it.deadline + datetime.timedelta(days=5)).isoformat()
    # the region may switch the automatic notice off
    region_setting_set(actor=None, region=world["region"], key="ledger.auto_notice", value=0)
    assert issue_rectification_notice(actor=world["inspector"], item=item(world), automatic=True) is None


def test_supervision_notice_of_an_order_is_delivered_and_shown_on_the_item(client, tree):
    from dudao.ledger.choices import OrderStatus
    from dudao.ledger.models import SupervisionOrder
    from dudao.ledger.workflows import order_issue

    world = ledger_world(tree)
    it = item(world)
    order = SupervisionOrder.objects.create(item=it, level=1, office=world["office"], region_path=it.region_path,
                                            overdue_deadline=it.deadline, created_on=it.deadline,
                                            new_deadline=datetime.date.today() + datetime.timedelta(days=15))
    order = order_issue(actor=world["admin"], order=order)
    assert order.status == OrderStatus.ISSUED
    assert order.document.deliveries.get().unit == world["unit"]
    client.force_login(world["admin"])
    assert f"/documents/{order.document.pk}/download/docx/" in client.get(it.get_absolute_url()).content.decode()
    client.force_login(world["respondent"])
    assert order.document.title in client.get("/documents/inbox/").content.decode()


def test_standalone_issue_is_delivered_to_the_named_unit_of_the_office_region(client, tree):
    from dudao.documents.samples import sample
    from dudao.testing.schools_factories import school

    world = ledger_world(tree)
    far = school(tree["ddk"], name="大渡口区同名测试学校")
    client.force_login(world["admin"])
    for name in (world["unit"].name, far.name):
        data = post_data(NOTICE, {**sample(NOTICE), "recipient": name})
        assert client.post(f"/documents/issue/{NOTICE}/", {"office": world["office"].pk, **data,
                                                            "action": "issue"}).status_code == 302
    near_doc, far_doc = IssuedDocument.objects.order_by("pk")
    assert [d.unit for d in near_doc.deliveries.all()] == [world["unit"]]
    assert not far_doc.deliveries.exists()  # another county's school is not the office's to serve
