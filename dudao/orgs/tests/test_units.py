"""Unit registry: validation at the edge, filters (region with descendants, kind, name, pinyin),
Excel export, committees."""

import io
import json

import pytest
from django.test import Client
from openpyxl import load_workbook

from dudao.accounts.roles import RoleCode
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import MemberUnit, Unit
from dudao.testing.factories import UnitFactory, credit_code, user_with_role
from dudao.testing.matrix import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(tree):
    return user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])


def create(client, **body):
    return client.post("/api/v1/units", json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"kind": "school", "name": "甲", "region_code": "500108", "credit_code": "12500108000001230A"},
         "credit_code", "校验位"),
        ({"kind": "school", "name": "甲", "region_code": "500108", "credit_code": "123"}, "credit_code", "18位"),
        ({"kind": "school", "name": "甲", "region_code": "500108", "colour": "red"}, "colour", "不允许的字段"),
        ({"kind": "castle", "name": "甲", "region_code": "500108"}, "kind", "取值不在允许范围内"),
        ({"kind": "school", "region_code": "500108"}, "name", "必填项"),
        ({"kind": "school", "name": "甲", "region_code": "999999"}, "region_code", "不存在或无权访问"),
        ({"kind": "school", "name": "甲", "region_code": "500104"}, "region_code", "不存在或无权访问"),
    ],
)
def test_bad_unit_input_is_a_clear_error_naming_the_field(office, body, field, message):
    r = create(api_client(office), **body)
    assert r.status_code == 422, r.content
    errors = r.json()["errors"]
    assert any(e["field"] == field and message in e["message"] for e in errors), errors
    assert not Unit.objects.exists()


def test_duplicate_credit_code_is_refused(office):
    code = credit_code()
    client = api_client(office)
    assert create(client, kind="school", name="甲校", region_code="500108", credit_code=code).status_code == 201
    r = create(client, kind="school", name="乙校", region_code="500108", credit_code=code)
    assert r.status_code == 422
    assert Unit.objects.count() == 1


def test_malformed_json_and_oversized_body(office):
    client = api_client(office)
    r = client.post("/api/v1/units", "{not json", content_type="application/json")
    assert r.status_code in (400, 422) and r.json()["code"] in ("validation_error", "bad_request")
    big = json.dumps({"kind": "school", "name": "甲", "region_code": "500108", "description": "x" * (10 * 1024 * 1024)})
    r = client.post("/api/v1/units", big, content_type="application/json")
    assert r.status_code == 413 and r.json() == {"code": "payload_too_large", "message": "请求体过大"}
    assert not Unit.objects.exists()


def test_ui_form_shows_credit_code_error_in_chinese(office):
    client = Client()
    client.force_login(office)
    r = client.post("/units/add/", {"kind": "school", "name": "甲", "region": "500108", "credit_code": "ABC",
                                    "is_active": "on"})
    assert r.status_code == 200 and "统一社会信用代码应为18位" in r.content.decode()
    assert not Unit.objects.exists()


def test_filters_region_descendants_kind_name_and_pinyin(tree, office):
    a = UnitFactory(region=tree["nanan_town"], name="南岸区开心幼儿园", kind=UnitKind.KINDERGARTEN)
    b = UnitFactory(region=tree["nanan"], name="重庆市南岸区珊瑚实验小学")
    client = api_client(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"]))

    def ids(**params):
        return {i["id"] for i in client.get("/api/v1/units", params).json()["items"]}

    assert ids(region_code="500108") == {a.pk, b.pk}
    assert ids(region_code="500108", descendants="false") == {b.pk}
    assert ids(kind="kindergarten") == {a.pk}
    assert ids(q="nakx") == {a.pk}  # initials, 区 omitted
    assert ids(q="naqshsy") == {b.pk}  # initials
    assert ids(q="shanhu") == {b.pk}  # full pinyin
    assert ids(q="珊瑚") == {b.pk}
    ui = Client()
    ui.force_login(office)
    page = ui.get("/units/", {"q": "nakx"}).content.decode()
    assert "南岸区开心幼儿园" in page and "珊瑚实验小学" not in page


def test_list_is_paginated_as_items_and_count(office, tree):
    for i in range(3):
        UnitFactory(region=tree["nanan"], name=f"分页学校{i}")
    body = api_client(office).get("/api/v1/units", {"limit": 2}).json()
    assert body["count"] == 3 and len(body["items"]) == 2


def test_excel_export_of_filtered_list(office, tree):
    UnitFactory(region=tree["nanan"], name="导出甲校")
    UnitFactory(region=tree["nanan"], name="导出乙园", kind=UnitKind.KINDERGARTEN)
    UnitFactory(region=tree["ddk"], name="邻区学校")
    client = Client()
    client.force_login(office)
    r = client.get("/units/", {"kind": "school", "export": "xlsx"})
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(b"".join(r.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("名称", "类型", "行政区划")
    assert [row[0] for row in rows[1:]] == ["导出甲校"]


def test_delete_refused_while_unit_has_members(tree, office):
    committee = UnitFactory(region=tree["nanan"], kind=UnitKind.COMMITTEE)
    dept = UnitFactory(region=tree["nanan"], kind=UnitKind.DEPARTMENT)
    MemberUnit.objects.create(committee=committee, unit=dept)
    r = api_client(office).delete(f"/api/v1/units/{dept.pk}")
    assert r.status_code == 422 and "不能删除" in r.json()["message"]
    assert Unit.objects.filter(pk=dept.pk).exists()


def test_committee_members_and_member_units_in_the_ui(tree, office):
    committee = UnitFactory(region=tree["nanan"], kind=UnitKind.COMMITTEE, name="南岸区人民政府教育督导委员会")
    dept = UnitFactory(region=tree["nanan"], kind=UnitKind.DEPARTMENT, name="南岸区财政局")
    client = Client()
    client.force_login(office)
    r = client.post(committee.get_absolute_url(), {"form": "member", "m-name": "王某", "m-post": "director",
                                                   "m-title": "副区长", "m-sort_order": "1"})
    assert r.status_code == 302
    r = client.post(committee.get_absolute_url(), {"form": "member_unit", "u-unit": dept.pk, "u-liaison_name": "李某",
                                                   "u-liaison_mobile": "13900000000", "u-duties": "经费保障"})
    assert r.status_code == 302
    page = client.get(committee.get_absolute_url()).content.decode()
    assert "王某" in page and "主任" in page and "南岸区财政局" in page and "李某" in page
    r = client.post(committee.get_absolute_url(), {"form": "member_unit", "u-unit": dept.pk, "u-liaison_name": "张某"})
    assert "已是本委员会成员单位" in r.content.decode()
    assert MemberUnit.objects.filter(committee=committee).count() == 1
    api = api_client(office).get(f"/api/v1/units/{committee.pk}/member-units").json()
    assert api[0]["unit_name"] == "南岸区财政局" and api[0]["liaison_name"] == "李某"


def test_committee_members_and_member_units_over_the_api(tree, office):
    committee = UnitFactory(region=tree["nanan"], kind=UnitKind.COMMITTEE, name="南岸区人民政府教育督导委员会")
    dept = UnitFactory(region=tree["nanan"], kind=UnitKind.DEPARTMENT, name="南岸区财政局")
    api = api_client(office)
    url = f"/api/v1/units/{committee.pk}"
    member = api.post(f"{url}/committee-members", {"name": "王某", "post": "director", "title": "副区长"},
                      content_type="application/json")
    assert member.status_code == 201 and member.json()["post"] == "director"
    assert api.post(f"{url}/committee-members", {"name": "赵某", "post": "king"},
                    content_type="application/json").status_code == 422
    body = {"unit_id": dept.pk, "liaison_name": "李某", "liaison_mobile": "13900000000"}
    created = api.post(f"{url}/member-units", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["unit_name"] == "南岸区财政局"
    twice = api.post(f"{url}/member-units", body, content_type="application/json")
    assert twice.status_code == 422 and "已是本委员会成员单位" in twice.content.decode()
    assert api.delete(f"/api/v1/units/member-units/{created.json()['id']}").status_code == 204
    assert api.delete(f"/api/v1/units/committee-members/{member.json()['id']}").status_code == 204
    assert not MemberUnit.objects.filter(committee=committee).exists()


def test_home_counts_only_the_users_scope(tree):
    UnitFactory(region=tree["nanan"], kind=UnitKind.SCHOOL)
    UnitFactory(region=tree["nanan"], kind=UnitKind.SCHOOL)
    UnitFactory(region=tree["ddk"], kind=UnitKind.SCHOOL)
    client = Client()
    client.force_login(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]))
    cards = client.get("/").context["cards"]
    assert next(c for c in cards if c["label"] == "学校")["count"] == 2


def test_region_page_counts_the_units_in_scope_by_kind(tree):
    """The region page's unit card comes from this app (regions imports none above it)."""
    UnitFactory(region=tree["nanan_town"], kind=UnitKind.SCHOOL)
    UnitFactory(region=tree["nanan"], kind=UnitKind.SCHOOL)
    UnitFactory(region=tree["nanan"], kind=UnitKind.KINDERGARTEN)
    UnitFactory(region=tree["ddk"], kind=UnitKind.SCHOOL)
    client = Client()
    client.force_login(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]))
    counts = client.get("/regions/500108/").context["unit_counts"]
    assert sorted((c["label"], c["n"]) for c in counts) == sorted(
        [(UnitKind.SCHOOL.label, 2), (UnitKind.KINDERGARTEN.label, 1)])
    assert client.get("/regions/500000/").status_code == 404  # above the office's region


@pytest.mark.parametrize("url", ["/units/", "/api/v1/units"])
def test_list_query_count_does_not_grow_with_rows(tree, office, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(office)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    UnitFactory.create_batch(3, region=tree["nanan"])
    queries()  # the first request of a session also stores its last-seen time
    few = queries()
    UnitFactory.create_batch(30, region=tree["nanan_town"])
    assert queries() == few
