"""Problem categories (问题类别) as region-extendable data: the national set, a region's own categories
inherited down the tree, their page and API, and every problem's category checked against its
unit's region (issue 16 item 5)."""

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dudao.accounts.roles import RoleCode
from dudao.inspections import services, workflows
from dudao.inspections.categories import categories_for, category_label
from dudao.inspections.models import ProblemCategory
from dudao.ledger.models import LedgerItem
from dudao.testing.factories import user_with_role
from dudao.testing.inspections_factories import setting, special_task
from dudao.testing.ledger_factories import item, ledger_world
from dudao.testing.matrix import api_client, ui_client
from dudao.testing.schools_factories import school

from .helpers import advance

pytestmark = pytest.mark.django_db
API = "/api/v1/inspections/categories"
FORMER = {"moral", "teaching", "physical", "arts", "labour", "safety", "management", "framework"}
DEADLINE = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _codes(response):
    return [c["code"] for c in response.json()]


def test_the_national_set_keeps_the_former_codes_and_adds_the_focus_areas(tree):
    national = dict(ProblemCategory.objects.filter(region__isnull=True).values_list("code", "name"))
    assert FORMER <= set(national)
    assert {"party", "research", "ethics", "resources", "fees", "admissions", "burden"} <= set(national)
    assert national["safety"] == "安全稳定" and national["party"] == "党建及党建带团建队建"
    assert all(c.basis for c in ProblemCategory.objects.filter(region__isnull=True))


def test_a_region_category_is_inherited_down_the_tree_not_sideways(tree):
    admin = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    response = _post(api_client(admin), API, {"region_code": "500108", "name": "课后服务", "basis": "南岸区工作要点"})
    assert response.status_code == 201, response.content
    code = response.json()["code"]
    assert code.startswith("500108-") and response.json()["region_code"] == "500108"
    assert code in categories_for(tree["nanan"]).values_list("code", flat=True)
    assert code in categories_for(tree["nanan_town"]).values_list("code", flat=True)  # the township below
    assert code not in categories_for(tree["ddk"]).values_list("code", flat=True)  # the sibling
    assert code not in categories_for(tree["cq"]).values_list("code", flat=True)  # the city above
    # the API lists the categories of the region the caller picks
    town = api_client(user_with_role(RoleCode.INSPECTOR, region=tree["nanan_town"]))
    assert code in _codes(town.get(API, {"region_code": "500108001"}))
    sibling = api_client(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]))
    listed = _codes(sibling.get(API, {"region_code": "500104"}))
    assert code not in listed and "safety" in listed
    assert sibling.get(API, {"region_code": "500108"}).status_code == 404
    # the same name again, or a national one, is refused
    again = _post(api_client(admin), API, {"region_code": "500108", "name": "课后服务"})
    assert again.status_code == 422 and "同名" in again.content.decode()
    national = _post(api_client(admin), API, {"region_code": "500108", "name": "安全稳定"})
    assert national.status_code == 422
    # a sibling office cannot add to 南岸区
    assert _post(sibling, API, {"region_code": "500108", "name": "越权类别"}).status_code == 422
    assert not ProblemCategory.objects.filter(name="越权类别").exists()


def test_a_region_deactivates_its_own_but_not_the_national_ones(tree):
    admin = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    own = services.problem_category_create(actor=admin, region=tree["nanan"], name="课后服务")
    client = api_client(admin)
    off = _post(client, f"{API}/{own.pk}/deactivate", {})
    assert off.status_code == 200 and off.json()["is_active"] is False
    assert own.code not in _codes(client.get(API, {"region_code": "500108"}))
    assert own.code in _codes(client.get(API, {"region_code": "500108", "include_inactive": True}))
    assert _post(client, f"{API}/{own.pk}/activate", {}).json()["is_active"] is True
    safety = ProblemCategory.objects.get(code="safety")
    refused = _post(client, f"{API}/{safety.pk}/deactivate", {})
    assert refused.status_code == 422 and "国家问题类别不能停用" in refused.content.decode()
    safety.refresh_from_db()
    assert safety.is_active
    with pytest.raises(ValidationError, match="国家问题类别"):
        services.problem_category_set_active(actor=None, category=safety, is_active=False)
    # the township below may use it, not switch it off
    town_admin = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan_town"])
    assert _post(api_client(town_admin), f"{API}/{own.pk}/deactivate", {}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.problem_category_set_active(actor=town_admin, category=own, is_active=False)


def test_the_page_lists_adds_and_deactivates(tree):
    admin = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    client = ui_client(admin)
    home = client.get("/").content.decode()
    assert "/inspections/categories/" in home  # the menu entry
    page = client.get("/inspections/categories/?region=500108").content.decode()
    assert "安全稳定" in page and "党建及党建带团建队建" in page
    response = client.post("/inspections/categories/?region=500108", {"form": "add", "name": "校园周边环境",
                                                                       "basis": "南岸区文件"})
    assert response.status_code == 302
    own = ProblemCategory.objects.get(name="校园周边环境", region=tree["nanan"])
    assert "校园周边环境" in client.get("/inspections/categories/?region=500108").content.decode()
    client.post("/inspections/categories/?region=500108", {"form": "deactivate", "category": own.pk})
    own.refresh_from_db()
    assert not own.is_active
    safety = ProblemCategory.objects.get(code="safety")
    assert client.post("/inspections/categories/?region=500108",
                       {"form": "deactivate", "category": safety.pk}).status_code == 404
    # the 领导 reads, does not add
    leader = ui_client(user_with_role(RoleCode.LEADER, region=tree["nanan"]))
    assert "校园周边环境" in leader.get("/inspections/categories/?region=500108").content.decode()
    assert leader.post("/inspections/categories/?region=500108", {"form": "add", "name": "领导添加"}).status_code == 403
    assert not ProblemCategory.objects.filter(name="领导添加").exists()


def test_a_problem_takes_a_category_of_its_units_region(tree):
    world = ledger_world(tree)
    own = services.problem_category_create(actor=world["admin"], region=tree["nanan"], name="课后服务")
    client = api_client(world["admin"])
    body = {"unit_id": world["unit"].pk, "source": "monitoring", "description": "课后服务收费未公示",
            "category": own.code, "requirement": "公示收费标准", "deadline": DEADLINE}
    response = _post(client, "/api/v1/ledger/items", body)
    assert response.status_code == 201, response.content
    assert response.json()["category_label"] == "课后服务"
    # a 大渡口区 school cannot take 南岸区's category
    ddk_school = school(tree["ddk"], name="大渡口区测试学校")
    parent = api_client(world["parent"])
    refused = _post(parent, "/api/v1/ledger/items", {**body, "unit_id": ddk_school.pk})
    assert refused.status_code == 422 and "课后服务" in refused.content.decode() \
        and "大渡口区" in refused.content.decode()
    unknown = _post(client, "/api/v1/ledger/items", {**body, "category": "nonsense"})
    assert unknown.status_code == 422 and "未知的问题类别" in unknown.content.decode()
    # a deactivated category is no longer offered nor accepted; the recorded item keeps it
    services.problem_category_set_active(actor=world["admin"], category=own, is_active=False)
    off = _post(client, "/api/v1/ledger/items", body)
    assert off.status_code == 422 and "不可用" in off.content.decode()
    recorded = LedgerItem.objects.get(description="课后服务收费未公示")
    assert recorded.category_label == "课后服务"
    detail = ui_client(world["admin"]).get(recorded.get_absolute_url()).content.decode()
    assert "课后服务" in detail


def test_labels_in_lists_and_exports_come_from_the_data(tree):
    world = ledger_world(tree)
    own = services.problem_category_create(actor=world["admin"], region=tree["nanan"], name="校车安全")
    item(world, category=own.code, description="校车未按规定年检")
    item(world, category="safety", description="消防通道堵塞")
    client = ui_client(world["admin"])
    listing = client.get("/ledger/").content.decode()
    assert "校车安全" in listing and own.code in listing  # the filter offers it
    export = client.get("/ledger/?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    assert "校车安全" in {cell for row in sheet.iter_rows(values_only=True) for cell in row}
    summary = api_client(world["admin"]).get("/api/v1/ledger/summary", {"by": "category"}).json()
    labels = {row["label"] for row in summary["rows"]}
    assert {"校车安全", "安全稳定"} <= labels
    items = api_client(world["admin"]).get("/api/v1/ledger/items", {"category": own.code}).json()["items"]
    assert [i["category_label"] for i in items] == ["校车安全"]
    assert category_label("nonsense") == "nonsense"


def test_the_problem_forms_have_no_default_category(tree):
    world = setting(tree)
    own = services.problem_category_create(actor=world["admin"], region=tree["nanan"], name="课后服务")
    task = advance(special_task(world), "start_on_site")
    workflows.task_start_on_site(actor=None, task=task)
    target = task.targets.order_by("id").first()
    client = ui_client(world["admin"])
    page = client.get(f"/inspections/targets/{target.pk}/").content.decode()
    select = page[page.index('name="category"'):]
    select = select[:select.index("</select>")]
    assert '<option value="" selected>请选择</option>' in select
    assert f'value="{own.code}"' in select and 'value="safety"' in select
    assert "selected" not in select.replace('<option value="" selected>', "")
    # posting the form without a category records nothing
    body = {"form": "problem", "description": "收费未公示", "requirement": "公示", "deadline": DEADLINE,
            "severity": "minor", "routing": "small"}
    client.post(f"/inspections/targets/{target.pk}/", body)
    assert not LedgerItem.objects.filter(description="收费未公示").exists()
    client.post(f"/inspections/targets/{target.pk}/", {**body, "category": own.code})
    assert LedgerItem.objects.get(description="收费未公示").category == own.code
    # the API takes the code, validated by the service
    api = api_client(world["admin"])
    bad = _post(api, f"/api/v1/inspections/targets/{target.pk}/problems",
                {"description": "作业过多", "category": "", "requirement": "减负", "deadline": DEADLINE})
    assert bad.status_code == 422 and "请选择问题类别" in bad.content.decode()
    ok = _post(api, f"/api/v1/inspections/targets/{target.pk}/problems",
               {"description": "作业过多", "category": "burden", "requirement": "减负", "deadline": DEADLINE})
    assert ok.status_code == 201 and ok.json()["category_label"] == "课业负担（双减）"
