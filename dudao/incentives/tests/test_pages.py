"""Incentives pages through the test client (E6): forms with Chinese errors, the publication buttons,
exemptions by state and ending one early, the green results page and the menu."""

import datetime

import pytest
from django.utils import timezone

from dudao.incentives import services, workflows
from dudao.incentives.models import Commendation, GoodPracticeCase
from dudao.inspections.models import SupervisionExemption
from dudao.testing.incentives_factories import green_result, incentives_world
from dudao.testing.matrix import ui_client

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def world(tree):
    w = incentives_world(tree)
    w["green"] = green_result(w["office"], w["unit"], title="南岸区课后服务绿色督导")
    return w


def test_commendation_form_prefilled_from_a_green_result(world):
    admin = ui_client(world["admin"])
    page = admin.get(f"/incentives/commendations/new/?target={world['green'].pk}").content.decode()
    assert f'<option value="{world["green"].pk}" selected>' in page
    data = {"office": world["office"].pk, "level": "honour", "subject_kind": "unit", "unit": world["unit"].pk,
            "title": "课后服务表彰", "issued_on": TODAY.isoformat(), "basis_kind": "other", "basis_text": ""}
    page = admin.post("/incentives/commendations/new/", data).content.decode()
    assert "请写明先进事迹" in page and not Commendation.objects.exists()
    r = admin.post("/incentives/commendations/new/", {**data, "basis_kind": "green_result",
                                                       "basis_target": world["green"].pk})
    c = Commendation.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/incentives/commendations/{c.pk}/"
    page = ui_client(world["leader"]).get(r["Location"]).content.decode()
    assert "课后服务表彰" in page and "南岸区课后服务绿色督导" in page and "表彰" in page
    listing = ui_client(world["leader"]).get("/incentives/commendations/").content.decode()
    assert "课后服务表彰" in listing and "/incentives/commendations/new/" not in listing
    assert ui_client(world["leader"]).get("/incentives/commendations/new/").status_code == 403


def test_case_pages_publish_and_withdraw(world):
    admin = ui_client(world["admin"])
    r = admin.post("/incentives/cases/new/", {"source_target": world["green"].pk, "title": "一校一案",
                                              "summary": "统筹安排", "publishable": "on"})
    case = GoodPracticeCase.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/incentives/cases/{case.pk}/"
    page = admin.get(r["Location"]).content.decode()
    assert "发布" in page and f"/incentives/cases/{case.pk}/publish/" in page and "修改" in page
    r = admin.post(f"/incentives/cases/{case.pk}/edit/", {"title": "一校一案（修订）", "summary": "统筹安排"})
    assert r.status_code == 302 and GoodPracticeCase.objects.get().publishable is False
    admin.post(f"/incentives/cases/{case.pk}/publish/", {"note": ""})
    assert GoodPracticeCase.objects.get().status == "published"
    page = admin.get(f"/incentives/cases/{case.pk}/", follow=True).content.decode()
    assert f"/incentives/cases/{case.pk}/withdraw/" in page and f"/incentives/cases/{case.pk}/edit/" not in page
    page = admin.post(f"/incentives/cases/{case.pk}/withdraw/", {"note": ""}, follow=True).content.decode()
    assert "请写明撤回理由" in page and GoodPracticeCase.objects.get().status == "published"
    admin.post(f"/incentives/cases/{case.pk}/withdraw/", {"note": "需补充数据"})
    assert GoodPracticeCase.objects.get().status == "draft"
    assert admin.post(f"/incentives/cases/{case.pk}/bogus/").status_code == 404
    leader = ui_client(world["leader"])
    assert "/publish/" not in leader.get(f"/incentives/cases/{case.pk}/").content.decode()
    assert leader.post(f"/incentives/cases/{case.pk}/publish/").status_code == 403
    assert leader.get(f"/incentives/cases/{case.pk}/edit/").status_code == 404
    assert ui_client(world["sibling"]).get(f"/incentives/cases/{case.pk}/").status_code == 404
    page = admin.post("/incentives/cases/new/", {"source_target": world["green"].pk, "title": "", "summary": ""})
    assert page.status_code == 200 and GoodPracticeCase.objects.count() == 1


def test_exemption_pages(world):
    admin = ui_client(world["admin"])
    page = admin.get(f"/incentives/exemptions/new/?target={world['green'].pk}").content.decode()
    assert "免除督导须有依据" in page and "regular" not in page
    data = {"unit": world["unit"].pk, "task_kinds": ["comprehensive", "special"], "valid_from": TODAY.isoformat(),
            "valid_to": (TODAY + datetime.timedelta(days=90)).isoformat(), "reason": "督导结果优秀"}
    page = admin.post("/incentives/exemptions/new/", data).content.decode()
    assert "免除督导须有依据" in page and not SupervisionExemption.objects.exists()
    r = admin.post("/incentives/exemptions/new/", {**data, "basis_target": world["green"].pk})
    ex = SupervisionExemption.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/incentives/exemptions/{ex.pk}/"
    assert set(ex.task_kinds) == {"special", "comprehensive"}
    page = admin.get(r["Location"]).content.decode()
    assert "生效中" in page and "南岸区课后服务绿色督导" in page and "提前结束" in page
    leader = ui_client(world["leader"])
    assert "提前结束免除督导" not in leader.get(r["Location"]).content.decode()
    assert "南岸区激励测试学校" in leader.get("/incentives/exemptions/?state=current").content.decode()
    assert "南岸区激励测试学校" not in leader.get("/incentives/exemptions/?state=expired").content.decode()
    page = admin.post(f"/incentives/exemptions/{ex.pk}/end/", {"reason": ""}).content.decode()
    assert "invalid-feedback" in page and SupervisionExemption.objects.get().valid_to == ex.valid_to
    page = admin.post(f"/incentives/exemptions/{ex.pk}/end/", {"reason": "x", "last_day": ex.valid_to.isoformat()})
    assert "须早于原截止日期" in page.content.decode()
    r = admin.post(f"/incentives/exemptions/{ex.pk}/end/", {"reason": "发生安全事故",
                                                           "last_day": TODAY.isoformat()})
    assert r.status_code == 302 and SupervisionExemption.objects.get().valid_to == TODAY
    assert "已提前结束" in admin.get(r["Location"]).content.decode()
    assert leader.post(f"/incentives/exemptions/{ex.pk}/end/", {"reason": "x"}).status_code == 403
    assert ui_client(world["sibling"]).get(f"/incentives/exemptions/{ex.pk}/").status_code == 404


def test_green_results_page_and_menu(world):
    green_result(world["office"], world["other_unit"], colour="yellow", title="黄色结果任务")
    admin = ui_client(world["admin"])
    page = admin.get("/incentives/green-results/").content.decode()
    assert "南岸区课后服务绿色督导" in page and "黄色结果任务" not in page
    assert f"/incentives/cases/new/?target={world['green'].pk}" in page
    assert "/incentives/cases/new/" not in ui_client(world["leader"]).get("/incentives/green-results/").content.decode()
    home = admin.get("/").content.decode()
    for text in ("激励", "/incentives/commendations/", "/incentives/cases/", "/incentives/exemptions/",
                 "/ledger/followups/"):
        assert text in home


def test_published_case_list_filter(world):
    case = services.case_create(actor=None, source_target=world["green"], title="已发布的经验", summary="摘要")
    workflows.case_publish(actor=None, case=case)
    services.case_create(actor=None, source_target=world["green"], title="草稿经验", summary="摘要")
    page = ui_client(world["leader"]).get("/incentives/cases/", {"status": "published"}).content.decode()
    assert "已发布的经验" in page and "草稿经验" not in page


def test_case_history_reads_as_words(world):
    case = services.case_create(actor=world["admin"], source_target=world["green"], title="历史记录测试",
                                summary="摘要")
    workflows.case_publish(actor=world["admin"], case=case)
    page = ui_client(world["leader"]).get(f"/incentives/cases/{case.pk}/").content.decode()
    history = page[page.index("<tbody>", page.rindex("<table")):]
    assert "<td>创建</td>" in history and "<td>发布</td>" in history and "<td>create</td>" not in history
