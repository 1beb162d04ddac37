"""The ledger item page's forms through the test client (E4, E11–E13): each rectification
transition, extension request and decision, rebound, routing, a department's action and issuing
a 督办 — the allowed path, a role without the right gets no form and 403/404 on POST, bad input
keeps the user's data and shows the Chinese error, and out-of-scope users see nothing."""

import datetime
import re

import pytest
from django.utils import timezone

from dudao.ledger import deadlines, routing
from dudao.ledger.models import DepartmentAction, ExtensionRequest, LedgerItem
from dudao.testing.ledger_factories import advance, item, routing_world
from dudao.testing.matrix import ui_client

pytestmark = pytest.mark.django_db
D = datetime.timedelta


def today():
    return timezone.localdate()


@pytest.fixture
def world(tree):
    return routing_world(tree)


def forms_on(client, it) -> set[str]:
    """The POST targets of the forms the user sees on the item's page."""
    r = client.get(f"/ledger/{it.pk}/")
    assert r.status_code == 200
    return set(re.findall(r'<form method="post" action="(/ledger/[^"]+)"', r.content.decode()))


def status(it):
    return LedgerItem.objects.get(pk=it.pk).status


def test_every_transition_is_a_form_for_the_right_user(world):
    it = item(world)
    url = f"/ledger/{it.pk}/transitions/"
    respondent, admin, inspector = (ui_client(world[k]) for k in ("respondent", "admin", "inspector"))
    steps = [  # (client, transition, data, next status)
        (respondent, "submit_plan", {"submit_plan-plan": "分三步整改"}, "plan_submitted"),
        (admin, "accept_plan", {"accept_plan-note": "同意"}, "in_progress"),
        (respondent, "report", {"report-report": "已整改", "report-evidence": "照片3张"}, "reported"),
        (inspector, "begin_recheck", {"begin_recheck-method": "unannounced"}, "rechecking"),
        (admin, "return", {"return-conclusion": "未整改到位", "return-deadline": (today() + D(days=10)).isoformat()},
         "in_progress"),
        (respondent, "report", {"report-report": "已再次整改", "report-evidence": "照片"}, "reported"),
        (admin, "begin_recheck", {"begin_recheck-method": "on_site"}, "rechecking"),
        (admin, "close", {"close-conclusion": "整改到位，予以销号"}, "closed"),
    ]
    for client, name, data, target in steps:
        others = [c for c in (respondent, admin, inspector, ui_client(world["leader"])) if c is not client]
        assert f"{url}{name}/" in forms_on(client, it), name
        for other in others:
            if name == "begin_recheck":  # offices and inspectors both re-check
                continue
            assert f"{url}{name}/" not in forms_on(other, it), name
        r = client.post(f"{url}{name}/", data, follow=True)
        assert r.redirect_chain[-1][0] == f"/ledger/{it.pk}/" and status(it) == target, name
        assert "已办理" in r.content.decode()
    page = ui_client(world["leader"]).get(f"/ledger/{it.pk}/").content.decode()
    for text in ("报送整改方案", "同意整改方案", "开始复查", "退回继续整改", "销号", "整改到位，予以销号", "暗访"):
        assert text in page
    it.refresh_from_db()
    assert it.deadline == today() + D(days=10) and it.recheck_method == "on_site"


def test_a_role_without_the_right_gets_403_or_404(world):
    it = advance(world, item(world), "plan_submitted")
    url = f"/ledger/{it.pk}/transitions/accept_plan/"
    assert ui_client(world["leader"]).post(url).status_code == 403
    assert ui_client(world["respondent"]).post(url).status_code == 403
    assert ui_client(world["inspector"]).post(url).status_code == 403
    for who in ("other_respondent", "sibling", "housing_user"):
        assert ui_client(world[who]).post(url).status_code == 404
        assert ui_client(world[who]).get(f"/ledger/{it.pk}/").status_code == 404
    assert ui_client(world["admin"]).post(f"/ledger/{it.pk}/transitions/nope/").status_code == 404
    assert ui_client(world["admin"]).get(url).status_code == 405
    assert status(it) == "plan_submitted"
    assert ui_client(world["parent"]).post(url).status_code == 302 and status(it) == "in_progress"


def test_bad_input_keeps_the_data_and_shows_the_error(world):
    it = advance(world, item(world), "in_progress")
    client = ui_client(world["respondent"])
    r = client.post(f"/ledger/{it.pk}/transitions/report/", {"report-report": "已在校门口公示", "report-evidence": " "})
    page = r.content.decode()
    assert r.status_code == 200 and "请提供整改佐证材料" in page and "已在校门口公示" in page
    assert status(it) == "in_progress"
    it = advance(world, it, "rechecking")
    admin = ui_client(world["admin"])
    r = admin.post(f"/ledger/{it.pk}/transitions/return/", {"return-conclusion": "公示内容不全",
                                                             "return-deadline": (today() - D(days=1)).isoformat()})
    page = r.content.decode()
    assert "请给出晚于今天的新整改期限" in page and "公示内容不全" in page and status(it) == "rechecking"
    r = admin.post(f"/ledger/{it.pk}/transitions/return/", {"return-conclusion": "x", "return-deadline": "明天"})
    assert r.status_code == 200 and status(it) == "rechecking" and "invalid-feedback" in r.content.decode()
    # a transition the state does not allow: the service's message on the page, nothing written
    r = admin.post(f"/ledger/{it.pk}/transitions/accept_plan/", {})
    assert r.status_code == 200 and "不能同意整改方案" in r.content.decode() and status(it) == "rechecking"


def test_extension_request_and_decisions(world):
    it = advance(world, item(world), "plan_submitted")
    LedgerItem.objects.filter(pk=it.pk).update(deadline=today() + D(days=5))
    respondent, admin = ui_client(world["respondent"]), ui_client(world["admin"])
    request_url = f"/ledger/{it.pk}/extensions/"
    assert request_url in forms_on(respondent, it) and request_url not in forms_on(admin, it)
    r = respondent.post(request_url, {"extension-requested_deadline": (today() + D(days=2)).isoformat(),
                                      "extension-reason": "施工队排期"})
    assert "申请的期限须晚于现有整改期限" in r.content.decode() and "施工队排期" in r.content.decode()
    assert not ExtensionRequest.objects.exists()
    assert ui_client(world["leader"]).post(request_url, {"extension-reason": "x"}).status_code == 403
    assert ui_client(world["other_respondent"]).post(request_url, {}).status_code == 404
    wanted = today() + D(days=20)
    r = respondent.post(request_url, {"extension-requested_deadline": wanted.isoformat(),
                                      "extension-reason": "施工队排期"})
    assert r.status_code == 302
    ext = ExtensionRequest.objects.get()
    approve, refuse = f"/ledger/extensions/{ext.pk}/approve/", f"/ledger/extensions/{ext.pk}/refuse/"
    assert request_url not in forms_on(respondent, it)  # one pending request at a time
    assert approve not in forms_on(respondent, it) and approve in forms_on(admin, it)
    assert respondent.post(approve).status_code == 403
    assert ui_client(world["leader"]).post(approve).status_code == 403
    assert ui_client(world["sibling"]).post(approve).status_code == 404
    assert admin.post(f"/ledger/extensions/{ext.pk}/maybe/").status_code == 404
    r = admin.post(refuse, {f"decide{ext.pk}-note": ""})
    assert "请写明不同意的理由" in r.content.decode()
    r = admin.post(approve, {f"decide{ext.pk}-note": "同意延期"}, follow=True)
    assert "已同意延期" in r.content.decode()
    it.refresh_from_db()
    ext.refresh_from_db()
    assert it.deadline == wanted and ext.status == "approved" and ext.decided_by == world["admin"]
    assert [e for e in it.events.values_list("action", flat=True) if e.startswith("extension")] == [
        "extension_request", "extension_approve"]
    # a second request, refused with a reason
    respondent.post(request_url, {"extension-requested_deadline": (wanted + D(days=5)).isoformat(),
                                  "extension-reason": "再延"})
    ext2 = ExtensionRequest.objects.get(status="pending")
    assert admin.post(f"/ledger/extensions/{ext2.pk}/refuse/", {f"decide{ext2.pk}-note": "理由不充分"}).status_code == 302
    ext2.refresh_from_db()
    assert ext2.status == "refused" and LedgerItem.objects.get(pk=it.pk).deadline == wanted


def test_rebound(world):
    closed = advance(world, item(world), "closed")
    url = f"/ledger/{closed.pk}/rebound/"
    inspector = ui_client(world["inspector"])
    assert url in forms_on(inspector, closed) and url in forms_on(ui_client(world["admin"]), closed)
    assert url not in forms_on(ui_client(world["respondent"]), closed)
    assert ui_client(world["respondent"]).post(url, {}).status_code == 403
    assert ui_client(world["sibling"]).post(url, {}).status_code == 404
    r = inspector.post(url, {"rebound-method": "", "rebound-description": "陪餐记录再次中断",
                             "rebound-requirement": "", "rebound-deadline": ""})
    page = r.content.decode()
    assert "请选择复查方式" in page and "请填写整改要求" in page and "陪餐记录再次中断" in page
    assert not LedgerItem.objects.filter(rebound_of=closed).exists()
    r = inspector.post(url, {"rebound-method": "unannounced", "rebound-description": "陪餐记录再次中断",
                             "rebound-requirement": "恢复陪餐制度",
                             "rebound-deadline": (today() + D(days=15)).isoformat()}, follow=True)
    new = LedgerItem.objects.get(rebound_of=closed)
    assert new.status == "issued" and "已登记问题反弹" in r.content.decode()
    assert f"/ledger/{new.pk}/" in r.content.decode()
    assert url not in forms_on(inspector, closed)  # one open rebound at a time
    assert url not in forms_on(inspector, advance(world, item(world), "reported"))  # only closed items


def test_routing_and_department_actions(world):
    it = item(world)
    url = f"/ledger/{it.pk}/route/"
    admin = ui_client(world["admin"])
    assert url in forms_on(admin, it)
    for who in ("respondent", "inspector", "leader"):
        assert url not in forms_on(ui_client(world[who]), it)
    assert ui_client(world["respondent"]).post(url, {"route-routing": "hard"}).status_code == 403
    assert ui_client(world["respondent"]).post(url, {"route-routing": "bogus"}).status_code == 403  # input unread
    page = admin.get(f"/ledger/{it.pk}/").content.decode()
    assert "南岸区住房城乡建委" in page and "大渡口区某局" not in page  # only departments of the region
    later = (today() + D(days=20)).isoformat()
    r = admin.post(url, {"route-routing": "major", "route-task": "校门口交通整治", "route-dispute": "on"})
    page = r.content.decode()
    assert "大事须写明联动部门" in page and "教育纠纷须指定调解站" in page and "校门口交通整治" in page
    r = admin.post(url, {"route-routing": "major", "route-departments": [world["far"].pk], "route-task": "x",
                         "route-action_deadline": later})
    assert r.status_code == 200 and not DepartmentAction.objects.exists()
    r = admin.post(url, {"route-routing": "major", "route-departments": [world["housing"].pk],
                         "route-task": "校门口交通整治", "route-action_deadline": later, "route-dispute": "on",
                         "route-mediation_unit": world["station"].pk})
    assert r.status_code == 302 and LedgerItem.objects.get(pk=it.pk).routing == "major"
    housing_action = DepartmentAction.objects.get(department=world["housing"])
    station_action = DepartmentAction.objects.get(department=world["station"], kind="mediation")
    # the department's user: its actions on /ledger/actions/, not the item page
    dept = ui_client(world["housing_user"])
    listing = dept.get("/ledger/actions/").content.decode()
    assert "校门口交通整治" in listing and f"/ledger/actions/{housing_action.pk}/complete/" in listing
    assert f"/ledger/actions/{station_action.pk}/complete/" not in listing
    assert dept.get(f"/ledger/{it.pk}/").status_code == 404
    assert dept.post(f"/ledger/actions/{station_action.pk}/complete/", {}).status_code == 404
    assert ui_client(world["leader"]).post(f"/ledger/actions/{housing_action.pk}/complete/", {}).status_code == 403
    key = f"action{housing_action.pk}"
    r = dept.post(f"/ledger/actions/{housing_action.pk}/complete/", {f"{key}-result": ""})
    assert r.status_code == 200 and "请填写办理结果" in r.content.decode()
    r = dept.post(f"/ledger/actions/{housing_action.pk}/complete/", {f"{key}-result": "已设置减速带"})
    assert r.status_code == 302 and r["Location"] == "/ledger/actions/"
    housing_action.refresh_from_db()
    assert housing_action.status == "done" and housing_action.done_by == world["housing_user"]
    assert "已设置减速带" in dept.get("/ledger/actions/?status=done").content.decode()
    # the office completes the station's action from the item page
    skey = f"action{station_action.pk}"
    assert f"/ledger/actions/{station_action.pk}/complete/" in forms_on(admin, it)
    r = admin.post(f"/ledger/actions/{station_action.pk}/complete/", {f"{skey}-result": "", "return": "item"})
    assert "请填写办理结果" in r.content.decode() and "三事分流与联动办理" in r.content.decode()
    r = admin.post(f"/ledger/actions/{station_action.pk}/complete/", {f"{skey}-result": "调解成功", "return": "item"})
    assert r["Location"] == f"/ledger/{it.pk}/"
    assert list(it.events.values_list("action", flat=True)) == ["issue", "route", "action_done", "action_done"]
    assert routing.may_route(world["admin"], advance(world, item(world), "closed")) is False


def overdue_with_draft(world, days=3):
    it = advance(world, item(world), "plan_submitted")
    it = advance(world, it, "in_progress")
    LedgerItem.objects.filter(pk=it.pk).update(deadline=today() - D(days=days))
    deadlines.escalate_overdue(today())
    return it, it.orders.get(level=1)


def test_issue_a_drafted_supervision_order(world):
    it, order = overdue_with_draft(world)
    url = f"/ledger/orders/{order.pk}/issue/"
    admin = ui_client(world["admin"])
    assert url in forms_on(admin, it)
    for who in ("respondent", "inspector", "leader"):
        assert url not in forms_on(ui_client(world[who]), it)
        assert ui_client(world[who]).post(url).status_code == 404
    assert ui_client(world["sibling"]).post(url).status_code == 404
    r = admin.post(url, {f"order{order.pk}-requirements": "一周内完成公示\n报送整改报告"}, follow=True)
    page = r.content.decode()
    order.refresh_from_db()
    assert order.status == "issued" and order.document is not None and "已签发督办通知" in page
    assert f'href="/documents/{order.document_id}/"' in page
    assert order.document.context["requirements"] == ["一周内完成公示", "报送整改报告"]
    it.refresh_from_db()
    assert it.deadline == order.new_deadline and it.events.filter(action="supervision_issued").exists()
    assert url not in forms_on(admin, it)
    # the 督办通知 is delivered to the school: it sees the 督办 and may open the document
    school_page = ui_client(world["respondent"]).get(f"/ledger/{it.pk}/").content.decode()
    assert "第1级督办" in school_page and f'href="/documents/{order.document_id}/"' in school_page
    assert order.document.deliveries.get().unit == world["unit"]
    r = admin.post(url)
    assert r.status_code == 200 and "不能签发督办通知" in r.content.decode()


def test_a_level_two_order_is_issued_by_the_office_above(world):
    it, order = overdue_with_draft(world)
    ui_client(world["admin"]).post(f"/ledger/orders/{order.pk}/issue/")
    LedgerItem.objects.filter(pk=it.pk).update(deadline=today() - D(days=1))
    from dudao.testing.schools_factories import office

    office(world["region"].parent)
    deadlines.escalate_overdue(today())
    second = it.orders.get(level=2)
    url = f"/ledger/orders/{second.pk}/issue/"
    assert url not in forms_on(ui_client(world["admin"]), it)
    assert ui_client(world["admin"]).post(url).status_code == 403
    assert url in forms_on(ui_client(world["parent"]), it)


def test_action_list_scope(world):
    it = item(world)
    routing.item_route(actor=None, item=it, routing="major", departments=[world["housing"]], task="矩阵外事项",
                       action_deadline=today() + D(days=5))
    assert "矩阵外事项" in ui_client(world["admin"]).get("/ledger/actions/").content.decode()
    assert "矩阵外事项" in ui_client(world["leader"]).get("/ledger/actions/").content.decode()
    for who in ("station_user", "respondent", "sibling"):
        assert "矩阵外事项" not in ui_client(world[who]).get("/ledger/actions/").content.decode()
