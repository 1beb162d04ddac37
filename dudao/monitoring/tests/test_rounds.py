"""Rounds through the real entry points: opening assigns one submission per unit of the kinds (a
per-学段 form only to schools running one of its 学段, each with its own 学段), the grid is prefilled
from 学籍, the Excel round trip (template → upload; bad cells named by sheet, row and column and
nothing written; a locked unit refused), completeness counts by region, and one-click reminders
landing in the units' inbox once a day."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from dudao.accounts.roles import RoleCode
from dudao.audit.chain import verify
from dudao.audit.models import AuditEntry
from dudao.ledger.models import Notification
from dudao.ledger.notices import notifications_for
from dudao.monitoring import services
from dudao.monitoring.models import DataValue, Submission, SubmissionEvent
from dudao.orgs.choices import UnitKind
from dudao.schools.models import SchoolProfile
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import api_client, ui_client
from dudao.testing.monitoring_factories import (
    fill_good,
    filled_template,
    monitoring_world,
    small_round,
    value,
)
from dudao.testing.schools_factories import school

API = "/api/v1/monitoring"
pytestmark = pytest.mark.django_db


@pytest.fixture
def w(tree):
    return monitoring_world(tree)


def test_opening_a_round_assigns_the_schools_running_its_sections(w, tree):
    special = school(tree["nanan"], name="南岸区特殊教育学校")
    SchoolProfile.objects.filter(unit=special).update(stage="special")
    junior = school(tree["nanan"], name="南岸区茶园初级中学")
    SchoolProfile.objects.filter(unit=junior).update(stage="junior")
    rnd = services.round_open(actor=None, collection=w["balance"], year=2026, region=tree["nanan"],
                              deadline=w["round"].deadline)
    got = {s.unit.name: s.sections for s in Submission.objects.filter(round=rnd).select_related("unit")}
    assert got == {"南岸区玛瑙学校": ["primary", "junior"], "南岸区天台岗小学": ["primary"],
                   "南岸区茶园初级中学": ["junior"]}  # no kindergarten, no special school, nothing in 大渡口区


def test_opening_twice_is_refused_and_needs_the_region_in_scope(w, tree):
    client = api_client(w["county"])
    body = {"collection_id": w["balance"].pk, "year": 2025, "region_code": "500108", "deadline": "2025-12-31"}
    response = client.post(f"{API}/rounds", data=body, content_type="application/json")
    assert response.status_code == 422 and "已发起" in str(response.json())
    response = client.post(f"{API}/rounds", data={**body, "region_code": "500104", "year": 2026},
                           content_type="application/json")
    assert response.status_code == 422


def test_the_grid_is_prefilled_from_enrolment(w):
    response = ui_client(w["unit_user"]).get(f"/monitoring/submissions/{w['sub'].pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="cell-students/primary" value="600"' in html
    assert 'name="cell-classes/junior" value="9"' in html
    assert "学籍预填" in html
    values = api_client(w["unit_user"]).get(f"{API}/submissions/{w['sub'].pk}/values").json()
    assert {"element": "students", "section": "junior", "number": "400", "text": "", "prefilled": True} in [
        {**v, "number": str(int(float(v["number"])))} for v in values]


def test_the_fill_in_page_saves_and_shows_errors_per_cell(w):
    client = ui_client(w["unit_user"])
    url = f"/monitoring/submissions/{w['sub'].pk}/values/"
    response = client.post(url, {"cell-students/primary": "600", "cell-sports_area/primary": "很大",
                                 "cell-classes/primary": "-1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "应为数字" in html and "不能小于0" in html and 'value="很大"' in html
    assert not DataValue.objects.filter(submission=w["sub"]).exists()
    response = client.post(url, {"cell-students/primary": "600", "cell-sports_area/primary": "5000"})
    assert response.status_code == 302
    assert value(w["sub"], "sports_area", "primary") == 5000
    # 保存并上报 with cells missing: saved, not submitted, every missing cell marked
    response = client.post(url, {"cell-students/primary": "600", "submit": "1"})
    assert response.status_code == 200 and "必填" in response.content.decode()
    assert Submission.objects.get(pk=w["sub"].pk).status == "draft"


def test_excel_round_trip_for_a_unit(w):
    sub = w["sub"]
    client = api_client(w["unit_user"])
    response = client.get(f"{API}/submissions/{sub.pk}/template")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]][:4] == ["单位编号", "单位名称", "学段", "在校生数（人）"]
    assert [(r[2], r[3]) for r in ws.iter_rows(min_row=2, values_only=True)] == [("小学", 600), ("初中", 400)]
    assert "待核实" in [c.value for c in wb["填写说明"][1]]
    good = {"体育运动场馆面积（m²）": 5000, "在校生数（人）": 610}
    data = filled_template(sub.round, [sub], {(w["school"].pk, "小学"): good})
    response = client.post(f"{API}/submissions/{sub.pk}/import", {"file": SimpleUploadedFile("a.xlsx", data)})
    assert response.status_code == 200, response.content
    assert value(sub, "students", "primary") == 610 and value(sub, "students", "junior") == 400
    # one history line for the submission (bulk-inserted) with its audit entry, the chain intact
    event = SubmissionEvent.objects.get(submission=sub, action="import")
    assert event.actor == w["unit_user"] and event.data["changed"] == DataValue.objects.filter(submission=sub).count()
    entry = AuditEntry.objects.get(object_type="monitoring.submissionevent", object_id=str(event.pk))
    assert entry.action == "create" and entry.after["action"] == "import"
    assert verify(AuditEntry.objects.all()).ok
    assert DataValue.objects.get(submission=sub, element__code="students", section="primary").updated_by == w["unit_user"]


def test_excel_upload_with_bad_cells_writes_nothing_and_names_sheet_row_column(w):
    sub = w["sub"]
    fill_good(sub, actor=w["unit_user"])
    rows = {(w["school"].pk, "小学"): {"在校生数（人）": "六百", "体育运动场馆面积（m²）": 6000},
            (w["school"].pk, "初中"): {"美术专任教师数（人）": 1.5}}
    data = filled_template(sub.round, [sub], rows)
    response = api_client(w["unit_user"]).post(f"{API}/submissions/{sub.pk}/import",
                                               {"file": SimpleUploadedFile("a.xlsx", data)})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "import_rejected"
    errors = {(e["row"], e["field"]): e["message"] for e in body["errors"]}
    assert errors[(2, "在校生数（人）")].startswith("工作表“填报数据”第2行“在校生数（人）”：应为数字")
    assert errors[(3, "美术专任教师数（人）")].endswith("应为整数")
    assert value(sub, "sports_area", "primary") == 5000  # the good cell of the bad file was not written


def test_an_office_fills_a_round_by_excel_and_a_locked_unit_is_refused(w, tree):
    fill_good(w["sub"], actor=w["unit_user"])
    services.submission_submit(actor=w["unit_user"], submission=w["sub"])
    services.submission_approve(actor=w["county"], submission=w["sub"])
    primary = Submission.objects.get(round=w["round"], unit=w["primary"])
    client = api_client(w["county"])
    wb = load_workbook(io.BytesIO(client.get(f"{API}/rounds/{w['round'].pk}/template").content))
    assert [r[1] for r in wb.worksheets[0].iter_rows(min_row=2, values_only=True)] == [
        "南岸区天台岗小学", "南岸区玛瑙学校", "南岸区玛瑙学校"]
    subs = [primary, w["sub"]]
    rows = {(w["primary"].pk, "小学"): {"在校生数（人）": 480},
            (w["school"].pk, "小学"): {"在校生数（人）": 999}}
    data = filled_template(w["round"], subs, rows)
    response = client.post(f"{API}/rounds/{w['round'].pk}/import", {"file": SimpleUploadedFile("r.xlsx", data)})
    assert response.status_code == 422
    assert "锁定" in str(response.json()["errors"])
    assert value(primary, "students", "primary") is None  # all or nothing
    data = filled_template(w["round"], subs, {(w["primary"].pk, "小学"): {"在校生数（人）": 480}})
    response = client.post(f"{API}/rounds/{w['round'].pk}/import", {"file": SimpleUploadedFile("r.xlsx", data)})
    assert response.status_code == 200, response.content
    assert value(primary, "students", "primary") == 480
    assert value(w["sub"], "students", "primary") == 600  # unchanged rows of a locked unit are accepted as they are


def test_a_refusal_in_a_late_chunk_leaves_nothing_written(w, monkeypatch):
    """The upload is checked and written a chunk at a time (memory stays flat); a row refused in a
    later chunk rolls back what the earlier chunks had already written, history and audit included."""
    from dudao.monitoring import excel

    fill_good(w["sub"], actor=w["unit_user"])
    services.submission_submit(actor=w["unit_user"], submission=w["sub"])
    services.submission_approve(actor=w["county"], submission=w["sub"])
    primary = Submission.objects.get(round=w["round"], unit=w["primary"])
    monkeypatch.setattr(excel, "CHUNK_ROWS", 1)
    written = []
    real = excel.values_write_many

    def spy(**kw):
        written.append(sorted(kw["values"]))
        out = real(**kw)
        written.append(value(primary, "students", "primary"))  # seen inside the import's transaction
        return out

    monkeypatch.setattr(excel, "values_write_many", spy)
    audit = AuditEntry.objects.filter(object_type__startswith="monitoring.")
    events, entries = SubmissionEvent.objects.count(), audit.count()
    rows = {(w["primary"].pk, "小学"): {"在校生数（人）": 480},  # row 2: the first chunk, written
            (w["school"].pk, "初中"): {"在校生数（人）": 999}}  # row 4: a locked unit's change, refused
    data = filled_template(w["round"], [primary, w["sub"]], rows)
    response = api_client(w["county"]).post(f"{API}/rounds/{w['round'].pk}/import",
                                             {"file": SimpleUploadedFile("r.xlsx", data)})
    assert response.status_code == 422
    assert [(e["row"], "锁定" in e["message"]) for e in response.json()["errors"]] == [(4, True)]
    assert written[:2] == [[primary.pk], 480]  # the first chunk had been written before row 4 was read
    assert value(primary, "students", "primary") is None  # … and was rolled back with the file
    assert SubmissionEvent.objects.count() == events and audit.count() == entries


def test_a_unit_cannot_upload_into_another_units_rows(w):
    primary = Submission.objects.get(round=w["round"], unit=w["primary"])
    data = filled_template(w["round"], [primary], {(w["primary"].pk, "小学"): {"在校生数（人）": 1}})
    response = api_client(w["unit_user"]).post(f"{API}/submissions/{w['sub'].pk}/import",
                                               {"file": SimpleUploadedFile("x.xlsx", data)})
    assert response.status_code == 422 and "不在本次填报范围" in str(response.json())
    assert value(primary, "students", "primary") is None


def test_completeness_counts_by_child_region_and_lists_who_has_not_submitted(tree):
    rnd = small_round(tree, units=3)
    town_school = school(tree["nanan_town"], name="铜元局小学")
    # a school registered after the round was opened (placed in a township) joins it
    Submission.objects.create(round=rnd, unit=town_school, region_path=town_school.region_path)
    subs = list(Submission.objects.filter(round=rnd).exclude(unit=town_school).order_by("pk"))
    services.values_save(actor=None, submission=subs[0], values={("students", ""): 10, ("area", ""): 50})
    services.submission_submit(actor=None, submission=subs[0])
    county = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    body = api_client(county).get(f"{API}/rounds/{rnd.pk}/completeness").json()
    assert body["region_code"] == "500108"
    rows = {r["region_code"]: (r["total"], r["done"]) for r in body["rows"]}
    assert rows == {"500108": (3, 1), "500108001": (1, 0)}
    assert (body["total"]["total"], body["total"]["done"], body["total"]["counts"]) == (4, 1, {"draft": 3, "submitted": 1})
    assert {u["unit_name"] for u in body["not_submitted"]} == {"矩阵填报学校1", "矩阵填报学校2", "铜元局小学"}
    # the page and its export
    page = ui_client(county).get(f"/monitoring/rounds/{rnd.pk}/")
    assert page.status_code == 200 and "铜元局小学" in page.content.decode()
    export = ui_client(county).get(f"/monitoring/rounds/{rnd.pk}/?export=completeness")
    rows = list(load_workbook(io.BytesIO(b"".join(export.streaming_content))).worksheets[0].values)
    assert rows[0][:4] == ("区域", "应填报", "已上报", "上报率（%）") and rows[-1][:3] == ("合计", 4, 1)
    values = ui_client(county).get(f"/monitoring/rounds/{rnd.pk}/?export=values")
    rows = list(load_workbook(io.BytesIO(b"".join(values.streaming_content))).worksheets[0].values)
    assert rows[1][0] == subs[0].unit.name and 10 in rows[1]


def test_one_click_reminders_reach_the_units_that_have_not_submitted_once_a_day(tree):
    rnd = small_round(tree, units=2)
    subs = list(Submission.objects.filter(round=rnd).order_by("pk"))
    services.values_save(actor=None, submission=subs[0], values={("students", ""): 10, ("area", ""): 50})
    services.submission_submit(actor=None, submission=subs[0])
    county = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    response = api_client(county).post(f"{API}/rounds/{rnd.pk}/reminders", data={}, content_type="application/json")
    assert response.json() == {"reminded": 1}
    assert api_client(county).post(f"{API}/rounds/{rnd.pk}/reminders", data={},
                                   content_type="application/json").json() == {"reminded": 0}
    note = Notification.objects.get(recipient_unit=subs[1].unit)
    assert note.item is None and note.url == f"/monitoring/submissions/{subs[1].pk}/" and "填报" in note.message
    respondent = user_with_role(RoleCode.UNIT_RESPONDENT, unit=subs[1].unit)
    assert list(notifications_for(respondent)) == [note]
    inbox = ui_client(respondent).get("/ledger/notifications/").content.decode()
    assert f"/monitoring/submissions/{subs[1].pk}/" in inbox
    assert SubmissionEvent.objects.filter(submission=subs[1], action="remind").exists()
    # a unit user may not send reminders; nor may another district
    other = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"])
    assert api_client(respondent).post(f"{API}/rounds/{rnd.pk}/reminders", data={},
                                       content_type="application/json").status_code in (403, 404)
    assert api_client(other).post(f"{API}/rounds/{rnd.pk}/reminders", data={},
                                  content_type="application/json").status_code == 404


def test_the_home_page_shows_open_submissions_and_reviews(w):
    html = ui_client(w["unit_user"]).get("/").content.decode()
    assert "待填报" in html
    fill_good(w["sub"], actor=w["unit_user"])
    services.submission_submit(actor=w["unit_user"], submission=w["sub"])
    html = ui_client(w["county"]).get("/").content.decode()
    assert "待审核填报" in html


def test_a_kindergarten_form_takes_choices_by_label_and_booleans(w, tree):
    rnd = services.round_open(actor=None, collection=w["preschool"], year=2025, region=tree["nanan"],
                              deadline=w["round"].deadline)
    sub = Submission.objects.get(round=rnd)
    assert sub.unit.kind == UnitKind.KINDERGARTEN and sub.sections == []
    respondent = user_with_role(RoleCode.UNIT_RESPONDENT, unit=sub.unit)
    response = api_client(respondent).put(f"{API}/submissions/{sub.pk}/values", content_type="application/json",
                                          data={"values": {"inclusive_status/": "普惠性民办园", "principal_licensed/": "是",
                                                           "children/": 120}})
    assert response.status_code == 200
    stored = services.stored_values(sub)
    assert stored[("inclusive_status", "")] == (None, "inclusive_private")
    assert stored[("principal_licensed", "")][0] == 1
    response = api_client(respondent).put(f"{API}/submissions/{sub.pk}/values", content_type="application/json",
                                          data={"values": {"inclusive_status/": "民办"}})
    assert response.status_code == 422 and "公办园" in response.json()["errors"][0]["message"]
