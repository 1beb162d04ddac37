"""Pages end to end through HTTP, with the permission matrix: anonymous, no role, in scope,
sibling region, parent region."""

import datetime
import io

import pytest
from django.urls import reverse

from dudao.accounts.roles import RoleCode
from dudao.audit.models import AuditAction, AuditEntry
from dudao.inspectors import workflows
from dudao.inspectors.models import Inspector, Posting
from dudao.inspectors.postings import posting_create
from dudao.schools.services import principal_appoint, zone_create
from dudao.testing import schools_factories as sf
from dudao.testing.factories import PASSWORD, UserFactory, user_with_role

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 9, 1)


@pytest.fixture
def world(tree):
    office = sf.office(tree["nanan"])
    school = sf.school(tree["nanan_town"], students=800)
    spare = sf.school(tree["nanan"])
    insp = sf.inspector(office, name="杨志强", id_number="500108198001011234")
    posting = posting_create(actor=None, inspector=insp, school=school, start_date=DAY)
    session = workflows.term_session_create(actor=None, office=office, number=8, start_date=datetime.date(2024, 1, 1))
    appointment = workflows.appointment_recommend(actor=None, inspector=insp, session=session)
    zone = zone_create(actor=None, region=tree["nanan"], name="第一责任区", host_school=school)
    tenure = principal_appoint(actor=None, school=school, name="李校长", start_date=datetime.date(2021, 9, 1),
                               planned_end_date=datetime.date(2026, 3, 1))
    return {"tree": tree, "office": office, "school": school, "spare": spare, "insp": insp, "posting": posting,
            "session": session, "appointment": appointment, "zone": zone, "tenure": tenure}


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def users(tree):
    return {
        "in_scope": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]),
        "parent": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"]),
        "sibling": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]),
        "no_role": UserFactory(),
    }


LIST_PAGES = ["schools:school_list", "schools:zone_list", "schools:group_list", "schools:principals_due",
              "inspectors:inspector_list", "inspectors:session_list", "inspectors:posting_list",
              "inspectors:coverage", "inspectors:training_list", "inspectors:training_under",
              "regionsettings:settings"]


def detail_urls(w):
    return [
        reverse("schools:school_detail", args=[w["school"].pk]),
        reverse("schools:school_profile_edit", args=[w["school"].pk]),
        reverse("schools:zone_detail", args=[w["zone"].pk]),
        reverse("inspectors:inspector_detail", args=[w["insp"].pk]),
        reverse("inspectors:inspector_edit", args=[w["insp"].pk]),
        reverse("inspectors:inspector_exit", args=[w["insp"].pk]),
        reverse("inspectors:posting_change", args=[w["posting"].pk, "replace"]),
        reverse("inspectors:posting_change", args=[w["posting"].pk, "end"]),
    ]


ADD_PAGES = ["schools:zone_add", "schools:group_add", "inspectors:inspector_add", "inspectors:session_add",
             "inspectors:posting_add"]


def test_anonymous_is_sent_to_login(client, world):
    for name in LIST_PAGES + ADD_PAGES:
        r = client.get(reverse(name))
        assert r.status_code == 302 and "/login" in r["Location"], name
    for url in detail_urls(world):
        assert client.get(url).status_code == 302, url


def test_in_scope_and_parent_office_see_every_page(client, world):
    u = users(world["tree"])
    for who in ("in_scope", "parent"):
        login(client, u[who])
        for name in LIST_PAGES + ADD_PAGES:
            r = client.get(reverse(name))
            assert r.status_code == 200, (who, name)
        for url in detail_urls(world):
            assert client.get(url).status_code == 200, (who, url)
        assert "杨志强" in client.get(reverse("inspectors:inspector_list")).content.decode()
        client.logout()


def test_sibling_region_gets_404_and_empty_lists(client, world):
    login(client, users(world["tree"])["sibling"])
    for url in detail_urls(world):
        assert client.get(url).status_code == 404, url
    for name in ("inspectors:inspector_list", "schools:school_list", "inspectors:posting_list"):
        html = client.get(reverse(name)).content.decode()
        assert "杨志强" not in html and world["school"].name not in html, name


def test_no_role_is_forbidden_or_sees_nothing(client, world):
    login(client, users(world["tree"])["no_role"])
    for url in detail_urls(world):
        assert client.get(url).status_code == 404, url
    for name in ADD_PAGES + ["inspectors:coverage", "inspectors:training_under", "regionsettings:settings"]:
        assert client.get(reverse(name)).status_code == 403, name
    assert "杨志强" not in client.get(reverse("inspectors:inspector_list")).content.decode()


def test_inspector_role_reads_but_cannot_write(client, world):
    reader = user_with_role(RoleCode.INSPECTOR, region=world["tree"]["nanan"])
    login(client, reader)
    assert client.get(reverse("inspectors:inspector_detail", args=[world["insp"].pk])).status_code == 200
    assert client.get(reverse("inspectors:inspector_edit", args=[world["insp"].pk])).status_code == 404
    assert client.get(reverse("inspectors:posting_add")).status_code == 403
    r = client.post(reverse("inspectors:inspector_detail", args=[world["insp"].pk]),
                    {"form": "training", "training-course": "x", "training-kind": "centralised",
                     "training-hours": "8", "training-date": "2025-01-01"})
    assert r.status_code == 403


def test_coverage_page_and_posting_through_the_browser(client, world):
    admin = users(world["tree"])["in_scope"]
    login(client, admin)
    r = client.get(reverse("inspectors:coverage") + "?region=500108")
    assert r.status_code == 200 and "50.0%" in r.content.decode() and world["spare"].name in r.content.decode()
    r = client.post(reverse("inspectors:posting_add"), {"school": world["spare"].pk, "inspector": world["insp"].pk,
                                                        "start_date": "2025-09-02"})
    assert r.status_code == 302
    assert "100.0%" in client.get(reverse("inspectors:coverage") + "?region=500108").content.decode()


def test_recusal_override_through_the_browser_is_audited(client, world):
    admin = users(world["tree"])["in_scope"]
    login(client, admin)
    other = sf.inspector(world["office"], employer=world["spare"])
    data = {"school": world["spare"].pk, "inspector": other.pk, "start_date": "2025-09-02"}
    r = client.post(reverse("inspectors:posting_add"), data)
    assert r.status_code == 200 and "需回避" in r.content.decode()
    data["override_reason"] = "经室务会研究同意临时安排"
    assert client.post(reverse("inspectors:posting_add"), data).status_code == 302
    assert AuditEntry.objects.filter(action=AuditAction.OVERRIDE, actor=admin).exists()


def test_appointment_workflow_and_exit_through_the_browser(client, world):
    admin = users(world["tree"])["in_scope"]
    login(client, admin)
    a = world["appointment"]
    for step in ("review", "publicise"):
        client.post(reverse("inspectors:appointment_transition", args=[a.pk, step]), {"t-on_date": "2024-01-05"})
    client.post(reverse("inspectors:appointment_transition", args=[a.pk, "appoint"]), {"t-card_number": "NA-8-001"})
    a.refresh_from_db()
    assert a.status == "appointed" and a.card_number == "NA-8-001"
    r = client.post(reverse("inspectors:inspector_exit", args=[world["insp"].pk]),
                    {"reason": "own_request", "on_date": "2026-01-10"})
    assert r.status_code == 200 and world["school"].name in r.content.decode()
    assert not Posting.objects.filter(inspector=world["insp"], end_date__isnull=True).exists()


def test_inspector_add_and_training_via_pages(client, world):
    login(client, users(world["tree"])["in_scope"])
    r = client.post(reverse("inspectors:inspector_add"), {
        "office": world["office"].pk, "name": "新督学", "kind": "part_time", "focus": "school",
        "expertise": ["preschool", "compulsory"], "education": "college", "years_in_education": "5"})
    assert r.status_code == 302
    new = Inspector.objects.get(name="新督学")
    assert new.expertise == ["preschool", "compulsory"] and new.region_path == world["office"].region_path
    assert "学历低于大学本科" in client.get(new.get_absolute_url()).content.decode()
    r = client.post(new.get_absolute_url(), {"form": "training", "training-course": "岗前培训", "training-kind": "centralised",
                                             "training-hours": "16", "training-date": "2025-08-01",
                                             "training-pre_service": "on"})
    assert r.status_code == 302 and new.trainings.get().pre_service


def test_import_page_bad_file_changes_nothing_and_offers_error_report(client, world):
    from openpyxl import Workbook

    login(client, users(world["tree"])["in_scope"])
    assert client.get(reverse("inspectors:import_template", args=["training"])).status_code == 200
    wb = Workbook()
    wb.active.append(["督学姓名*", "培训名称*", "培训方式*", "学时*", "培训日期*"])
    wb.active.append(["杨志强", "年度培训", "集中培训", 20, "2025-03-01"])
    wb.active.append(["杨志强", "年度培训", "面授", "abc", "2025-13-01"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "t.xlsx"
    before = world["insp"].trainings.count()
    r = client.post(reverse("inspectors:import", args=["training"]), {"file": buf})
    html = r.content.decode()
    assert r.status_code == 200 and "未导入任何数据" in html and "培训方式" in html
    assert world["insp"].trainings.count() == before
    token = r.context["report_token"]
    assert client.get(reverse("inspectors:import_errors", args=[token])).status_code == 200
    client.logout()
    login(client, users(world["tree"])["parent"])
    assert client.get(reverse("inspectors:import_errors", args=[token])).status_code == 404


def test_exports(client, world):
    login(client, users(world["tree"])["in_scope"])
    for name in ("schools:school_list", "inspectors:inspector_list", "inspectors:posting_list",
                 "inspectors:training_list"):
        r = client.get(reverse(name) + "?export=xlsx")
        assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml"), name


def test_settings_page_shows_sources_and_office_sets_value(client, world):
    login(client, users(world["tree"])["in_scope"])
    html = client.get(reverse("regionsettings:settings") + "?region=500108").content.decode()
    assert "挂牌督导办法" in html and "《教育督导条例》第六条" in html
    client.post(reverse("regionsettings:settings") + "?region=500108",
                {"key": "posting.max_schools_per_inspector", "value": "4", "source": "南岸区2025要点"})
    from dudao.regionsettings.services import get_setting

    assert get_setting(world["tree"]["nanan_town"], "posting.max_schools_per_inspector") == 4
    client.logout()
    login(client, users(world["tree"])["sibling"])
    r = client.post(reverse("regionsettings:settings") + "?region=500108",
                    {"key": "posting.max_schools_per_inspector", "value": "9"})
    assert r.status_code == 404
    assert get_setting(world["tree"]["nanan_town"], "posting.max_schools_per_inspector") == 4


def _xlsx(rows):
    from openpyxl import Workbook

    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "upload.xlsx"
    return buf


def test_done_when_office_loads_excel_posts_reaches_full_coverage_and_prints(client, tree):
    """The issue's acceptance path, in the browser: import schools and inspectors, post, 100 %, sign, QR."""
    import re

    office = sf.office(tree["ddk"])
    admin = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"])
    login(client, admin)
    schools = _xlsx([["学校名称*", "类型*", "区划代码*", "学校标识码*", "学段*", "学年", "小学在校生数"],
                     ["大渡口导入小学", "学校", "500104001", "3150104001", "小学", "2025-2026", 600],
                     ["大渡口导入幼儿园", "幼儿园", "500104", "3150104002", "幼儿园", "", None]])
    assert client.post(reverse("inspectors:import", args=["schools"]), {"file": schools}).status_code == 302
    inspectors = _xlsx([["姓名*", "类别*", "公开联系电话"], ["罗督学", "兼职督学", "023-68880001"]])
    r = client.post(reverse("inspectors:import", args=["inspectors"]), {"file": inspectors, "office": office.pk})
    assert r.status_code == 302
    training = _xlsx([["督学姓名*", "培训名称*", "培训方式*", "学时*", "培训日期*", "岗前培训"],
                      ["罗督学", "岗前培训", "集中培训", 16, "2025-08-01", "是"]])
    assert client.post(reverse("inspectors:import", args=["training"]), {"file": training}).status_code == 302
    assert "0.0%" in client.get(reverse("inspectors:coverage") + "?region=500104").content.decode()
    insp = Inspector.objects.get(name="罗督学")
    from dudao.orgs.models import Unit

    for unit in Unit.objects.filter(name__startswith="大渡口导入"):
        r = client.post(reverse("inspectors:posting_add"), {"school": unit.pk, "inspector": insp.pk,
                                                            "start_date": "2025-09-01"})
        assert r.status_code == 302
    assert "100.0%" in client.get(reverse("inspectors:coverage") + "?region=500104").content.decode()
    client.logout()
    sign = client.get(reverse("public:sign", args=["3150104001"])).content.decode()
    qr_target = reverse("public:school", args=["3150104001"])
    assert "罗督学" in sign and "<svg" in sign
    page = client.get(qr_target + "?src=qr")
    assert page.status_code == 200 and "023-68880001" in page.content.decode()
    assert re.search(r"<svg", page.content.decode())


def test_school_respondent_reports_enrolment_on_the_school_page(client, world):
    respondent = user_with_role(RoleCode.UNIT_RESPONDENT, unit=world["school"])
    login(client, respondent)
    url = reverse("schools:school_detail", args=[world["school"].pk])
    r = client.post(url, {"form": "enrolment", "e-school_year": "2025-2026", "e-section": "primary",
                          "e-students": "2001", "e-classes": "40"})
    assert r.status_code == 302
    from dudao.schools.selectors import enrolment_total

    assert enrolment_total(world["school"]) == 2001
    assert client.get(reverse("schools:school_detail", args=[world["spare"].pk])).status_code == 404
    r = client.post(url, {"form": "principal", "p-name": "x", "p-start_date": "2025-01-01",
                          "p-planned_end_date": "2028-01-01"})
    assert r.status_code == 403


def test_school_export_can_be_imported_again_unchanged(client, world):
    from dudao.schools.models import SchoolProfile

    login(client, users(world["tree"])["in_scope"])
    r = client.get(reverse("schools:school_list") + "?export=xlsx")
    data = io.BytesIO(b"".join(r.streaming_content))
    data.name = "export.xlsx"
    before = sorted(SchoolProfile.objects.values_list("unit_id", "school_code", "stage", "zone_id"))
    r = client.post(reverse("inspectors:import", args=["schools"]), {"file": data})
    assert r.status_code == 302, r.context and r.context["result"].errors
    assert sorted(SchoolProfile.objects.values_list("unit_id", "school_code", "stage", "zone_id")) == before


def test_school_list_points_to_schools_without_a_profile(client, world):
    from dudao.testing.factories import UnitFactory

    bare = UnitFactory(region=world["tree"]["nanan"], name="尚无档案小学")
    login(client, users(world["tree"])["in_scope"])
    html = client.get(reverse("schools:school_list")).content.decode()
    assert "尚未建立学校档案" in html and bare.name in html
    r = client.post(reverse("schools:school_profile_edit", args=[bare.pk]),
                    {"school_code": "3150000999", "stage": "primary", "ownership": "public"})
    assert r.status_code == 302 and bare.school_profile.school_code == "3150000999"


@pytest.mark.parametrize("name", ["schools:school_list", "inspectors:inspector_list", "inspectors:posting_list",
                                  "inspectors:training_list", "inspectors:coverage", "schools:zone_list"])
def test_list_pages_have_no_n_plus_1(client, tree, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    office = sf.office(tree["nanan"])
    admin = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    login(client, admin)

    def add(n):
        for _ in range(n):
            insp = sf.inspector(office, employer=sf.school(tree["nanan"]))
            zone = zone_create(actor=None, region=tree["nanan"], name=f"区{insp.pk}", host_school=insp.employer)
            posting_create(actor=None, inspector=insp, school=sf.school(tree["nanan"], students=100), start_date=DAY)
            assert zone

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(name)).status_code == 200
        return len(ctx.captured_queries)

    add(2)
    count()  # the first request of a session also stores its last-seen time
    few = count()
    add(8)
    assert count() == few


def test_sign_issued_as_a_document_carries_only_public_data(client, world):
    from dudao.documents.models import IssuedDocument
    from dudao.testing.file_factories import give_photo

    Inspector.objects.filter(pk=world["insp"].pk).update(phone="023-62888888", mobile="13912345678")
    give_photo(world["insp"])
    login(client, users(world["tree"])["in_scope"])
    r = client.post(reverse("inspectors:sign_issue", args=[world["school"].pk]))
    assert r.status_code == 302
    doc = IssuedDocument.objects.get(kind="school_sign")
    assert doc.context["inspector_name"] == "杨志强" and doc.context["inspector_phone"] == "023-62888888"
    assert doc.context["url"].endswith(f"/public/schools/{world['school'].school_profile.school_code}/?src=qr")
    text = str(doc.context)
    assert "500108198001011234" not in text and "13912345678" not in text
    # 挂牌督导办法 Art. 1: the sign carries the inspector's photo (beside the QR code)
    import io

    import docx

    from dudao.inspectors.files import photo_of

    with doc.docx_file.open("rb") as fh:
        word = docx.Document(io.BytesIO(fh.read()))
    with photo_of(world["insp"]).file.open("rb") as fh:
        photo = fh.read()
    blobs = [shape._inline.graphic.graphicData.pic.blipFill.blip.embed for shape in word.inline_shapes]
    assert len(blobs) == 2 and photo in [word.part.related_parts[r].blob for r in blobs]
    r = client.post(reverse("inspectors:sign_issue", args=[world["spare"].pk]), follow=True)
    assert "尚无在岗责任督学" in r.content.decode()
    assert IssuedDocument.objects.count() == 1


def test_appointment_letter_and_card_are_issued_for_appointed_inspectors(client, world):
    from dudao.documents.models import IssuedDocument

    login(client, users(world["tree"])["in_scope"])
    a = world["appointment"]
    url = reverse("inspectors:appointment_document", args=[a.pk, "inspector_card"])
    r = client.post(url, follow=True)
    assert "只有已聘任的督学" in r.content.decode() and not IssuedDocument.objects.exists()
    for step in ("review", "publicise"):
        workflows.appointment_transition(actor=None, appointment=a, transition=step)
    workflows.appointment_transition(actor=None, appointment=a, transition="appoint", card_number="南岸督〔2024〕009号")
    assert client.post(url).status_code == 302
    card = IssuedDocument.objects.get(kind="inspector_card")
    assert card.context["card_number"] == "南岸督〔2024〕009号" and card.context["valid_until"] == "2026-12-31"
    assert client.post(reverse("inspectors:appointment_document", args=[a.pk, "appointment_letter"])).status_code == 302
    letter = IssuedDocument.objects.get(kind="appointment_letter")
    assert letter.context["term_name"] == "第八届"
    assert client.post(reverse("inspectors:appointment_document", args=[a.pk, "bogus"])).status_code == 404
