"""Views of the ledger (E11): summary by unit / region / inspector / category / source / age with
Excel export, the shared filters (page and API), the overdue list, a unit's dossier across modules,
and the home-page cards — each through its real entry point, each scoped."""

import datetime
import io
import re

import openpyxl
import pytest
from django.utils import timezone

from dudao.accountability.models import Interview
from dudao.accounts.roles import RoleCode
from dudao.inspectors.models import Posting
from dudao.ledger import workflows
from dudao.ledger.models import LedgerItem
from dudao.testing.factories import user_with_role
from dudao.testing.ledger_factories import advance, item, ledger_world
from dudao.testing.matrix import api_client, ui_client
from dudao.testing.schools_factories import inspector, school

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


@pytest.fixture
def world(tree):
    w = ledger_world(tree)
    today = _today()
    w["sibling_region"] = tree["ddk"]
    w["town_school"] = school(tree["nanan_town"], name="铜元局街道台账小学")
    w["inspector_row"] = inspector(w["office"], name="王督学")
    Posting.objects.create(inspector=w["inspector_row"], school=w["unit"], region_path=w["unit"].region_path,
                           start_date=today - datetime.timedelta(days=400))
    # unit: 1 overdue (issued), 1 in time (in progress), 1 reported, 1 closed + its rebound
    w["late"] = item(w, description="逾期的问题", deadline=today + datetime.timedelta(days=30))
    LedgerItem.objects.filter(pk=w["late"].pk).update(deadline=today - datetime.timedelta(days=5))
    w["running"] = advance(w, item(w, description="整改中的问题", category="teaching",
                                   deadline=today + datetime.timedelta(days=30)), "in_progress")
    w["reported"] = advance(w, item(w, description="已报结果的问题", deadline=today + datetime.timedelta(days=30)),
                            "reported")
    closed = advance(w, item(w, description="已销号的问题", deadline=today + datetime.timedelta(days=30)), "closed")
    w["rebound"] = workflows.item_rebound(actor=w["admin"], item=closed, description="问题反弹",
                                          requirement="再次整改", deadline=today + datetime.timedelta(days=20),
                                          method="sampling")
    # an old open problem at the township school (age bucket > 180 days)
    w["old"] = item(w, description="陈年老问题", deadline=today + datetime.timedelta(days=10))
    LedgerItem.objects.filter(pk=w["old"].pk).update(
        unit=w["town_school"], region_path=w["town_school"].region_path, source="hotline",
        created_at=timezone.now() - datetime.timedelta(days=200))
    return w


def _counts(rows, label):
    return next(r for r in rows if r["label"] == label)["counts"]


def test_summary_by_unit_counts_every_stage(world):
    r = api_client(world["leader"]).get("/api/v1/ledger/summary", {"by": "unit"})
    assert r.status_code == 200, r.content
    data = r.json()
    unit = _counts(data["rows"], "南岸区台账测试学校")
    assert unit == {"total": 5, "open": 4, "owed": 3, "overdue": 1, "awaiting_recheck": 1, "closed": 1,
                    "rebounds": 1}
    assert _counts(data["rows"], "铜元局街道台账小学")["total"] == 1
    assert data["totals"]["total"] == 6
    row = next(r for r in data["rows"] if r["label"] == "南岸区台账测试学校")
    assert row["closure_rate"] == 20.0 and row["filters"] == {"unit_id": world["unit"].pk}


def test_summary_by_region_splits_the_county(world):
    rows = api_client(world["leader"]).get("/api/v1/ledger/summary", {"by": "region"}).json()["rows"]
    # the leader's scope is 南岸区: its township is a row, the school placed on the county itself is 本级
    assert _counts(rows, "铜元局街道")["total"] == 1
    assert _counts(rows, "南岸区本级")["total"] == 5
    # from the city, 南岸区 is one row
    rows = api_client(world["parent"]).get("/api/v1/ledger/summary", {"by": "region"}).json()["rows"]
    assert _counts(rows, "南岸区")["total"] == 6 and "大渡口区" not in [r["label"] for r in rows]


def test_summary_by_inspector_category_source_age(world):
    client = api_client(world["leader"])
    rows = client.get("/api/v1/ledger/summary", {"by": "inspector"}).json()["rows"]
    assert _counts(rows, "王督学")["total"] == 5 and _counts(rows, "未挂牌")["total"] == 1
    rows = client.get("/api/v1/ledger/summary", {"by": "category"}).json()["rows"]
    assert _counts(rows, "教育教学")["total"] == 1
    rows = client.get("/api/v1/ledger/summary", {"by": "source"}).json()["rows"]
    assert _counts(rows, "12345热线")["total"] == 1
    rows = client.get("/api/v1/ledger/summary", {"by": "age"}).json()["rows"]
    assert _counts(rows, "180天以上")["total"] == 1
    assert _counts(rows, "30天以内")["total"] == 4  # late, running, reported, rebound
    assert _counts(rows, "已销号")["total"] == 1
    assert client.get("/api/v1/ledger/summary", {"by": "colour"}).status_code == 422


def test_summary_is_scoped(world):
    data = api_client(world["sibling"]).get("/api/v1/ledger/summary", {"by": "unit"}).json()
    assert data["rows"] == [] and data["totals"]["total"] == 0
    data = api_client(world["respondent"]).get("/api/v1/ledger/summary", {"by": "unit"}).json()
    assert [r["label"] for r in data["rows"]] == ["南岸区台账测试学校"]


def test_api_item_filters(world):
    client = api_client(world["leader"])

    def ids(**params):
        r = client.get("/api/v1/ledger/items", params)
        assert r.status_code == 200, r.content
        return {row["id"] for row in r.json()["items"]}

    assert ids(overdue=True) == {world["late"].pk}
    assert ids(stage="awaiting_recheck") == {world["reported"].pk}
    assert ids(rebound=True) == {world["rebound"].pk}
    assert ids(region_id=world["town_school"].region_id) == {world["old"].pk}
    assert ids(inspector_id=world["inspector_row"].pk) == set(
        LedgerItem.objects.filter(unit=world["unit"]).values_list("pk", flat=True))
    assert ids(age="gt180") == {world["old"].pk}
    assert ids(source="hotline", severity="minor") == {world["old"].pk}
    # a region outside the caller's scope is refused, naming the parameter
    r = client.get("/api/v1/ledger/items", {"region_id": world["sibling_region"].pk})
    assert r.status_code == 422 and "region_id" in r.content.decode()
    assert client.get("/api/v1/ledger/items", {"age": "forever"}).status_code == 422


def test_summary_page_table_links_and_export(world):
    client = ui_client(world["leader"])
    page = client.get("/ledger/summary/", {"by": "unit"}).content.decode()
    assert "南岸区台账测试学校" in page and "ledger-chart" in page and "echarts.min.js" in page
    assert f"/ledger/?unit={world['unit'].pk}&amp;overdue=on" in page
    # the overdue count's link lists exactly the overdue item
    listed = client.get("/ledger/", {"unit": world["unit"].pk, "overdue": "on"}).content.decode()
    assert "逾期的问题" in listed and "整改中的问题" not in listed
    r = client.get("/ledger/summary/", {"by": "unit", "export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content))).active.values)
    assert rows[0][:2] == ("单位", "问题总数")
    unit_row = next(row for row in rows if row[0] == "南岸区台账测试学校")
    assert unit_row[1:8] == (5, 4, 3, 1, 1, 1, 1)
    assert rows[-1][0] == "合计" and rows[-1][1] == 6
    # filters apply to the summary too
    page = client.get("/ledger/summary/", {"by": "unit", "source": "hotline"}).content.decode()
    assert "铜元局街道台账小学" in page and "南岸区台账测试学校" not in page
    assert client.get("/ledger/summary/", {"by": "nonsense"}).status_code == 404


def test_list_page_filters_by_inspector_region_age_and_stage(world):
    client = ui_client(world["leader"])

    def listed(**params):
        page = client.get("/ledger/", params).content.decode()
        return {d for d in ("逾期的问题", "整改中的问题", "已报结果的问题", "已销号的问题", "问题反弹", "陈年老问题")
                if d in page}

    assert listed(inspector=world["inspector_row"].pk) == {"逾期的问题", "整改中的问题", "已报结果的问题",
                                                          "已销号的问题", "问题反弹"}
    assert listed(region=world["town_school"].region_id) == {"陈年老问题"}
    assert listed(age="gt180") == {"陈年老问题"}
    assert listed(stage="owed") == {"逾期的问题", "整改中的问题", "问题反弹", "陈年老问题"}
    # a region outside the scope is a form error, not a wider list
    page = client.get("/ledger/", {"region": world["sibling_region"].pk}).content.decode()
    assert "陈年老问题" in page  # the filter is ignored …
    assert "text-danger" in page  # … and the field says why


def test_overdue_list(world):
    page = ui_client(world["admin"]).get("/ledger/overdue/").content.decode()
    assert "逾期的问题" in page and "整改中的问题" not in page and "陈年老问题" not in page
    assert "逾期的问题" not in ui_client(world["sibling"]).get("/ledger/overdue/").content.decode()


def test_unit_dossier_across_modules(world):
    Interview.objects.create(unit=world["unit"], region_path=world["unit"].region_path, held_on=_today(),
                             participants="督导室主任", leaders_present="校长", content="就食堂问题约谈校长")
    client = ui_client(world["leader"])
    r = client.get(f"/ledger/units/{world['unit'].pk}/")
    assert r.status_code == 200
    page = r.content.decode()
    for text in ("逾期的问题", "问题反弹", "就食堂问题约谈校长", "问题台账", "约谈"):
        assert text in page
    assert "陈年老问题" not in page  # another unit's problem
    data = api_client(world["leader"]).get(f"/api/v1/ledger/units/{world['unit'].pk}/dossier").json()
    assert data["ledger"]["total"] == 5 and {e["module"] for e in data["entries"]} >= {"问题台账", "约谈"}
    # out of scope: the sibling office and another unit's respondent see nothing
    assert ui_client(world["sibling"]).get(f"/ledger/units/{world['unit'].pk}/").status_code == 404
    assert ui_client(world["other_respondent"]).get(f"/ledger/units/{world['unit'].pk}/").status_code == 404


def _card(page, label):
    match = re.search(re.escape(label) + r'</div><div class="display-6[^"]*">([\d,]+)<', page)
    assert match, label
    return int(match.group(1).replace(",", ""))


def test_home_cards_count_the_users_ledger(world):
    page = ui_client(world["admin"]).get("/").content.decode()
    assert "/ledger/overdue/" in page
    assert (_card(page, "未销号问题"), _card(page, "逾期未整改"), _card(page, "待复查"), _card(page, "问题反弹")) \
        == (5, 1, 1, 1)
    # a unit respondent sees its own unit's counts (the township school's problem is not its own)
    page = ui_client(world["respondent"]).get("/").content.decode()
    assert _card(page, "未销号问题") == 4
    # the sibling office sees zero; a user without ledger rights sees no ledger section
    assert _card(ui_client(world["sibling"]).get("/").content.decode(), "未销号问题") == 0
    nobody = user_with_role(RoleCode.AUDIT_ADMIN)
    assert "未销号问题" not in ui_client(nobody).get("/").content.decode()


def test_notification_inbox_page_and_api(tree):
    from dudao.ledger.deadlines import ledger_daily
    from dudao.testing.ledger_factories import TODAY

    w = ledger_world(tree)
    it = item(w, description="七日内到期的问题", deadline=TODAY + datetime.timedelta(days=7))
    assert ledger_daily(today=TODAY)["reminders"] == 1
    # the respondent sees the reminder (and the new problem's message); the other unit's respondent does not
    page = ui_client(w["respondent"]).get("/ledger/notifications/").content.decode()
    assert "2 条未读" in page and f"/ledger/{it.pk}/" in page
    assert "七日内到期" not in ui_client(w["other_respondent"]).get("/ledger/notifications/").content.decode()
    # overdue → the 督办 message goes to the 南岸区 office (a unit): its office users see it
    ledger_daily(today=it.deadline + datetime.timedelta(days=1))
    office_inbox = api_client(w["admin"]).get("/api/v1/ledger/notifications").json()["items"]
    assert [n["kind"] for n in office_inbox] == ["supervision"]
    assert api_client(w["sibling"]).get("/api/v1/ledger/notifications").json()["items"] == []
    # marking read: through the page for the respondent, through the API for the office
    r = ui_client(w["respondent"]).post("/ledger/notifications/")
    assert r.status_code == 302
    assert "条未读" not in ui_client(w["respondent"]).get("/ledger/notifications/").content.decode()
    client = api_client(w["admin"])
    assert client.post("/api/v1/ledger/notifications/read", {"ids": [office_inbox[0]["id"]]},
                       content_type="application/json").json() == {"marked": 1}
    assert client.get("/api/v1/ledger/notifications", {"unread": True}).json()["items"] == []
    assert client.post("/api/v1/ledger/notifications/read", {"idz": []},
                       content_type="application/json").status_code == 422


def test_dossier_and_home_include_incentives_and_portal(tree):
    """Other apps contribute to the dossier (``<app>/dossier.py``) and the home page (``home.py``)."""
    from dudao.incentives import services as incentive_services
    from dudao.incentives.choices import CommendationLevel
    from dudao.portal import services as portal_services

    w = ledger_world(tree)
    commendation = incentive_services.commendation_create(
        actor=w["admin"], office=w["office"], level=CommendationLevel.values[0], subject_kind="unit",
        unit=w["unit"], title="依法办学示范校", basis_kind="other", basis_text="连续三年督导结果为绿色",
        issued_on=_today())
    statement = portal_services.statement_create(actor=w["respondent"], unit=w["unit"], title="整改情况说明",
                                                 body="已全部整改到位。")
    page = ui_client(w["leader"]).get(f"/ledger/units/{w['unit'].pk}/").content.decode()
    assert commendation.title in page and "表彰表扬" in page and "整改情况说明" in page
    # the sibling office sees neither
    assert ui_client(w["sibling"]).get(f"/ledger/units/{w['unit'].pk}/").status_code == 404
    # the office's home: the statement once submitted waits for approval
    from dudao.portal import workflows as portal_workflows

    portal_workflows.statement_submit(actor=w["respondent"], publication=statement)
    page = ui_client(w["admin"]).get("/").content.decode()
    assert _card(page, "整改说明待审核") == 1
    assert "整改说明待审核" not in ui_client(w["respondent"]).get("/").content.decode()
