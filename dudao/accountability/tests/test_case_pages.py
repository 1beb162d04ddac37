"""Accountability pages through the test client (E7–E9, 问责办法; 条例 Art. 26): the case list with
its filters and export, the case page with its facts, warning, history and only the forms its user
may submit; opening a case (from a ledger problem, from an inspector); 约谈 and 通报; the situation
catalogue; and a browser-like walk from 立案 to 移交."""

import io
import re

import openpyxl
import pytest

from dudao.accountability import services as accountability
from dudao.accountability.models import AccountabilityCase, Circular, Interview, TriggerSituation
from dudao.schools.models import SchoolProfile
from dudao.testing.case_factories import D, advance_case, case_world, open_case, situation, today
from dudao.testing.ledger_factories import item
from dudao.testing.matrix import ui_client
from dudao.testing.schools_factories import inspector, school

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    return case_world(tree)


def page(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def checked(html, name):
    """Values of the checked checkboxes (or selected options) named ``name``."""
    boxes = re.findall(rf'<input type="checkbox" name="{name}" value="(\w+)"[^>]*?( checked)?>', html)
    return {v for v, on in boxes if on}


def xlsx_rows(response):
    return list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)


# ---- the list ------------------------------------------------------------------------------------
def test_case_list_filters_and_export(world, tree):
    closing = open_case(world, title="调查时限将到的案件", days_ago=55)
    passed = open_case(world, title="调查时限已过的案件", days_ago=70)
    decided = advance_case(world, open_case(world, title="已决定的案件"), "decided")
    off = world["office"]
    insp_case = open_case(world, unit=off, title="督学违纪案件", subject_kind="inspector",
                          inspector=inspector(off, name="某督学"), situations=[situation("I01")])
    client = ui_client(world["leader"])

    def titles(query):
        html = page(client.get("/ledger/cases/", query))
        return {c.title for c in (closing, passed, decided, insp_case) if c.title in html}

    assert titles({}) == {"调查时限将到的案件", "调查时限已过的案件", "已决定的案件", "督学违纪案件"}
    assert titles({"status": "decided"}) == {"已决定的案件"}
    assert titles({"subject_kind": "inspector"}) == {"督学违纪案件"}
    assert titles({"window": "closing"}) == {"调查时限将到的案件", "调查时限已过的案件"}
    assert titles({"window": "passed"}) == {"调查时限已过的案件"}
    assert titles({"region": "500108001"}) == set()
    assert titles({"q": "督学"}) == {"督学违纪案件"}
    html = page(client.get("/ledger/cases/", {"region": "510000"}))
    assert "找不到该行政区划" in html
    rows = xlsx_rows(client.get("/ledger/cases/", {"window": "closing", "export": "xlsx"}))
    assert rows[0][0] == "案由" and {r[0] for r in rows[1:]} == {"调查时限已过的案件", "调查时限将到的案件"}
    assert any("已超期" in str(v) for r in rows[1:] for v in r)
    # out of scope: nothing; the leader sees no 新增 button, the office does
    assert "调查时限将到的案件" not in page(ui_client(world["sibling"]).get("/ledger/cases/"))
    assert "/ledger/cases/new/" not in page(client.get("/ledger/cases/"))
    assert "/ledger/cases/new/" in page(ui_client(world["admin"]).get("/ledger/cases/"))


def test_menu_lists_the_accountability_pages(world):
    html = page(ui_client(world["leader"]).get("/ledger/cases/"))
    for text in ("问责案件", "约谈记录", "督导通报", "问责情形"):
        assert text in html
    html = page(ui_client(world["respondent"]).get("/ledger/"))
    assert "/ledger/cases/" not in html


# ---- the case page -------------------------------------------------------------------------------
def test_case_page_facts_warning_and_forms_by_role(world):
    it = item(world, description="食堂陪餐制度未落实")
    case = open_case(world, days_ago=55, ledger_items=[it])
    html = page(ui_client(world["admin"]).get(f"/ledger/cases/{case.pk}/"))
    deadline = accountability.investigation_deadline(case)
    for text in ("未根据督导意见书整改并报告", "食堂陪餐制度未落实", "还剩5天",
                 f"{deadline.year}年{deadline.month}月{deadline.day}日", "立案",
                 'name="form" value="form_group"', "登记约谈"):
        assert text in html, text
    assert 'value="notify"' not in html
    # read-only leader: the page, no forms; a respondent and a sibling: not found
    html = page(ui_client(world["leader"]).get(f"/ledger/cases/{case.pk}/"))
    assert "未根据督导意见书整改并报告" in html and 'name="form"' not in html and "登记约谈" not in html
    assert ui_client(world["respondent"]).get(f"/ledger/cases/{case.pk}/").status_code == 404
    assert ui_client(world["sibling"]).get(f"/ledger/cases/{case.pk}/").status_code == 404
    late = open_case(world, days_ago=61)
    assert "不能再组成工作组" in page(ui_client(world["admin"]).get(f"/ledger/cases/{late.pk}/"))


def test_action_forms_refuse_forbidden_out_of_scope_bad_input_and_illegal_state(world):
    case = open_case(world)
    url = f"/ledger/cases/{case.pk}/"
    assert ui_client(world["leader"]).post(url, {"form": "form_group", "form_group-group_members": "组"}
                                           ).status_code == 403
    assert ui_client(world["sibling"]).post(url, {"form": "form_group", "form_group-group_members": "组"}
                                            ).status_code == 404
    admin = ui_client(world["admin"])
    assert admin.post(url, {"form": "nope"}).status_code == 404
    # illegal state: a decision on a case just opened
    html = page(admin.post(url, {"form": "decide", "decide-basis": "第七条",
                                 "decide-effective_date": today().isoformat()}))
    assert "当前状态为“已立案”，不能作出问责决定" in html and "第七条" in html
    # bad input: the error in Chinese, nothing written
    html = page(admin.post(url, {"form": "form_group", "form_group-group_members": "  "}))
    assert "这个字段是必填项" in html
    assert AccountabilityCase.objects.get(pk=case.pk).status == "opened"
    assert list(case.events.values_list("action", flat=True)) == ["open"]
    late = open_case(world, days_ago=61)
    html = page(admin.post(f"/ledger/cases/{late.pk}/", {"form": "form_group", "form_group-group_members": "区督导室"}))
    assert "督导工作结束已超过60天" in html and "区督导室" in html
    case = advance_case(world, case, "heard")
    # an ordinary member is not offered as approver; 处分 is a person's measure, not a school's
    html = page(admin.get(url))
    assert "李副主任" in html and "张主任" in html and "王成员" not in html and 'value="disciplinary"' not in html
    html = page(admin.post(url, {"form": "approve", "approve-approver": world["member"].pk,
                                 "approve-measures": ["public_criticism"]}))
    assert "该选择不在可用的选项中" in html and checked(html, "approve-measures") == {"public_criticism"}
    html = page(admin.post(url, {"form": "approve", "approve-approver": world["deputy"].pk,
                                 "approve-measures": ["disciplinary"]}))
    assert "disciplinary 不在可用的选项中" in html
    assert AccountabilityCase.objects.get(pk=case.pk).status == "heard"


def test_full_walk_opened_to_referred_through_http(world):
    """A 民办 school: its case may decide 吊销办学许可证, referred to the approving authority."""
    SchoolProfile.objects.filter(unit=world["unit"]).update(ownership="private")
    earlier = advance_case(world, open_case(world, title="前一次问责"), "decided")
    it = item(world, description="课后服务集体补课")
    admin = ui_client(world["admin"])
    # 发起问责 from the ledger problem's page
    html = page(admin.get(f"/ledger/{it.pk}/"))
    assert f"/ledger/cases/new/?item={it.pk}" in html
    assert f"/ledger/cases/new/?item={it.pk}" not in page(ui_client(world["leader"]).get(f"/ledger/{it.pk}/"))
    html = page(admin.get("/ledger/cases/new/", {"item": it.pk}))
    assert world["unit"].name in html and checked(html, "ledger_items") == {str(it.pk)}
    r = admin.post("/ledger/cases/new/", {
        "unit": world["unit"].pk, "subject_kind": "school", "title": "集体补课经督办仍未整改",
        "supervision_end": (today() - D(days=20)).isoformat(), "situations": [situation().pk],
        "ledger_items": [it.pk]})
    assert r.status_code == 302
    case = AccountabilityCase.objects.get(title="集体补课经督办仍未整改")
    assert r["Location"] == f"/ledger/cases/{case.pk}/" and list(case.ledger_items.all()) == [it]
    url = r["Location"]
    steps = [
        {"form": "form_group", "form_group-group_members": "区督导室、区教委基础教育科"},
        {"form": "notify", "notify-facts": "课后服务时段安排学科集体补课，经督办仍未整改"},
        {"form": "hear", "hear-statement": "学校承认事实"},
        {"form": "approve", "approve-approver": world["deputy"].pk,
         "approve-measures": ["public_criticism", "revoke_licence"]},
        {"form": "decide", "decide-basis": "《教育督导问责办法》第七条", "decide-effective_date": today().isoformat()},
        {"form": "refer_approval", "refer_approval-authority": "南岸区教育委员会",
         "refer_approval-referred_on": today().isoformat()},
    ]
    for data in steps:
        assert f'value="{data["form"]}"' in page(admin.get(url)), data["form"]
        r = admin.post(url, data)
        assert r.status_code == 302, (data["form"], r.content.decode()[-3000:])
    case.refresh_from_db()
    assert (case.status, case.approval_authority, case.approval_referred_on, case.aggravated) == (
        "decided", "南岸区教育委员会", today(), True)
    assert case.approved_by == world["deputy"] and case.measures == ["public_criticism", "revoke_licence"]
    html = page(admin.get(url))
    for text in ("立案", "组成调查认定工作组", "书面告知认定事实", "听取陈述申辩", "报主任或副主任审定", "作出问责决定",
                 "移送审批机关处理", "从重处理", "一年内被教育督导问责两次及以上", "南岸区教育委员会", "李副主任",
                 "公开批评", "吊销办学许可证"):
        assert text in html, text
    assert 'name="form"' not in html  # nothing left to do
    assert earlier.pk != case.pk


# ---- opening a case ------------------------------------------------------------------------------
def test_open_case_chooses_the_unit_first_and_keeps_bad_input(world):
    admin = ui_client(world["admin"])
    html = page(admin.get("/ledger/cases/new/"))
    assert "下一步" in html and world["unit"].name in html
    html = page(admin.get("/ledger/cases/new/", {"unit": world["unit"].pk}))
    assert "S03" in html and 'name="situations"' in html
    r = admin.post("/ledger/cases/new/", {"unit": world["unit"].pk, "subject_kind": "school", "title": "保留的案由",
                                          "supervision_end": (today() + D(days=3)).isoformat(),
                                          "situations": [situation("I01").pk]})
    html = page(r)
    assert "保留的案由" in html and "请填写已结束的督导工作日期" in html and "所选问责情形不适用于该对象或本省" in html
    html = page(admin.post("/ledger/cases/new/", {"unit": world["unit"].pk, "subject_kind": "person",
                                                  "title": "个人问责", "supervision_end": today().isoformat(),
                                                  "situations": [situation("P01").pk]}))
    assert "请填写被问责人" in html
    html = page(admin.post("/ledger/cases/new/", {"unit": world["unit"].pk, "subject_kind": "school", "title": ""}))
    assert "这个字段是必填项" in html
    assert not AccountabilityCase.objects.exists()


def test_open_case_forbidden_and_out_of_scope(world, tree):
    data = {"unit": world["unit"].pk, "subject_kind": "school", "title": "越权立案",
            "supervision_end": today().isoformat(), "situations": [situation().pk]}
    assert ui_client(world["leader"]).get("/ledger/cases/new/").status_code == 403
    assert ui_client(world["respondent"]).post("/ledger/cases/new/", data).status_code == 403
    assert ui_client(world["sibling"]).post("/ledger/cases/new/", data).status_code == 404
    other = school(tree["ddk"], name="大渡口区学校")
    assert ui_client(world["admin"]).get("/ledger/cases/new/", {"unit": other.pk}).status_code == 404
    assert ui_client(world["admin"]).get("/ledger/cases/new/", {"item": 999999}).status_code == 404
    assert not AccountabilityCase.objects.exists()


def test_inspector_misconduct_from_the_inspector_page(world):
    off = world["office"]
    insp = inspector(off, name="违纪督学")
    admin = ui_client(world["admin"])
    assert f"/ledger/cases/new/?inspector={insp.pk}" in page(admin.get(f"/inspectors/{insp.pk}/"))
    assert "/ledger/cases/new/" not in page(ui_client(world["leader"]).get(f"/inspectors/{insp.pk}/"))
    html = page(admin.get("/ledger/cases/new/", {"inspector": insp.pk}))
    assert 'value="inspector" selected' in html and "违纪督学" in html and "玩忽职守" in html
    data = {"unit": off.pk, "subject_kind": "inspector", "title": "玩忽职守贻误督导",
            "supervision_end": today().isoformat(), "situations": [situation("I01").pk]}
    assert "请选择督学" in page(admin.post("/ledger/cases/new/", data))
    r = admin.post("/ledger/cases/new/", {**data, "inspector": insp.pk})
    assert r.status_code == 302
    case = AccountabilityCase.objects.get()
    assert (case.subject_kind, case.inspector, case.person_name) == ("inspector", insp, "违纪督学")
    html = page(admin.get(f"/ledger/cases/{case.pk}/"))
    assert "违纪督学" in html


# ---- 约谈 and 通报 --------------------------------------------------------------------------------
def test_interview_pages_write_the_item_history(world):
    it = item(world, description="作业总量超标")
    case = open_case(world, ledger_items=[it])
    admin = ui_client(world["admin"])
    html = page(admin.get("/ledger/interviews/new/", {"case": case.pk}))
    assert "作业总量超标" in html and checked(html, "ledger_items") == {str(it.pk)}
    data = {"unit": world["unit"].pk, "held_on": today().isoformat(), "participants": "督导室主任",
            "leaders_present": "", "content": "整改严重滞后", "filed_with": "区委、区政府，区教委",
            "ledger_items": [it.pk], "case": case.pk}
    html = page(admin.post("/ledger/interviews/new/", data))
    assert "这个字段是必填项" in html and "整改严重滞后" in html and not Interview.objects.exists()
    r = admin.post("/ledger/interviews/new/", {**data, "leaders_present": "校长、书记"})
    assert r.status_code == 302
    rec = Interview.objects.get()
    assert rec.filed_with == ["区委", "区政府", "区教委"] and rec.case == case
    assert "interview" in it.events.values_list("action", flat=True)
    html = page(ui_client(world["leader"]).get(rec.get_absolute_url()))
    for text in ("校长、书记", "区委、区政府、区教委", "作业总量超标", case.title):
        assert text in html
    assert "整改严重滞后" in page(ui_client(world["leader"]).get("/ledger/interviews/", {"q": world["unit"].name[:4]}))
    assert "整改严重滞后" not in page(ui_client(world["leader"]).get(
        "/ledger/interviews/", {"since": (today() + D(days=1)).isoformat()}))
    assert "整改严重滞后" not in page(ui_client(world["sibling"]).get("/ledger/interviews/"))
    assert ui_client(world["sibling"]).get(rec.get_absolute_url()).status_code == 404
    assert ui_client(world["leader"]).post("/ledger/interviews/new/", data).status_code == 403
    assert ui_client(world["sibling"]).post("/ledger/interviews/new/", data).status_code == 404
    assert "整改严重滞后" in page(admin.get(case.get_absolute_url()))


def test_circular_pages(world):
    it = item(world)
    admin = ui_client(world["admin"])
    html = page(admin.get("/ledger/circulars/new/", {"item": it.pk}))
    assert "对领导班子评优评先、提拔任用的建议" in html
    data = {"unit": world["unit"].pk, "issued_on": today().isoformat(), "content": "通报批评整改不力",
            "recommendation": " ", "ledger_items": [it.pk]}
    html = page(admin.post("/ledger/circulars/new/", data))
    assert "通报批评整改不力" in html and not Circular.objects.exists()
    r = admin.post("/ledger/circulars/new/", {**data, "recommendation": "一年内不得评优评先"})
    assert r.status_code == 302
    rec = Circular.objects.get()
    assert list(it.events.values_list("action", flat=True))[-1] == "circular"
    assert "一年内不得评优评先" in page(ui_client(world["leader"]).get(rec.get_absolute_url()))
    rows = xlsx_rows(ui_client(world["leader"]).get("/ledger/circulars/", {"export": "xlsx"}))
    assert rows[1][2] == "通报批评整改不力"
    assert ui_client(world["respondent"]).get(rec.get_absolute_url()).status_code == 404


# ---- the catalogue -------------------------------------------------------------------------------
def test_situation_catalogue_and_province_additions(world, tree):
    TriggerSituation.objects.create(code="SC01", subject="school", title="四川增补情形", region=tree["sc"])
    leader = ui_client(world["leader"])
    html = page(leader.get("/ledger/cases/situations/"))
    assert "未根据督导意见书整改并报告" in html and "四川增补情形" not in html and 'name="code"' not in html
    assert "四川增补情形" in page(leader.get("/ledger/cases/situations/", {"province": "510000"}))
    # a district office may read, not add
    assert 'name="code"' not in page(ui_client(world["admin"]).get("/ledger/cases/situations/"))
    add = {"province": "500000", "code": "CQ01", "subject": "school", "title": "违规补课屡禁不止", "basis": "重庆细则"}
    assert ui_client(world["admin"]).post("/ledger/cases/situations/", add).status_code == 403
    assert ui_client(world["respondent"]).get("/ledger/cases/situations/").status_code == 403
    province_office = ui_client(world["parent"])
    assert 'name="code"' in page(province_office.get("/ledger/cases/situations/"))
    html = page(province_office.post("/ledger/cases/situations/", {**add, "code": "S03"}))
    assert "编号已存在" in html and "违规补课屡禁不止" in html
    assert province_office.post("/ledger/cases/situations/", {**add, "province": "510000"}).status_code == 403
    r = province_office.post("/ledger/cases/situations/", add)
    assert r.status_code == 302 and r["Location"].endswith("?province=500000")
    assert "违规补课屡禁不止" in page(leader.get("/ledger/cases/situations/"))
    assert "违规补课屡禁不止" in page(ui_client(world["admin"]).get("/ledger/cases/new/", {"unit": world["unit"].pk}))
