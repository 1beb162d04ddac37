"""Regular visits: who may record them, the phone form with a camera photo, urgent hazards, and
the frequency rule across semester boundaries (C1)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from dudao.accounts.roles import RoleCode
from dudao.accounts.services import api_token_create
from dudao.attachments.models import Attachment
from dudao.inspections import services
from dudao.inspections.models import RegularVisit
from dudao.inspections.selectors import semester_for, visit_compliance
from dudao.inspectors.models import Posting
from dudao.regionsettings.services import region_setting_set
from dudao.testing import file_factories as ff
from dudao.testing.factories import user_with_role
from dudao.testing.inspections_factories import post, setting
from dudao.testing.matrix import ui_client

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def world(tree):
    w = setting(tree)
    w["posting"] = post(w["inspectors"][0], w["schools"][0])
    return w


# a 1×1 PNG, as a phone camera would upload (smaller)
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002"
                    "00010005fe02fe0dd1aa0000000049454e44ae426082")


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def api_client_for(user):
    c = Client()
    _token, key = api_token_create(user=user, name="test")
    c.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return c


def png():
    return ff.photo("camera.png")


def _visit(world, day, actor=None):
    return services.visit_record(actor=actor, school=world["schools"][0], visited_on=day, duration_minutes=90,
                                 methods=["lesson"])


@pytest.mark.parametrize("day, start, end", [
    (D(2025, 9, 1), D(2025, 9, 1), D(2026, 2, 28)),
    (D(2026, 2, 28), D(2025, 9, 1), D(2026, 2, 28)),
    (D(2026, 3, 1), D(2026, 3, 1), D(2026, 8, 31)),
    (D(2024, 2, 29), D(2023, 9, 1), D(2024, 2, 29)),
    (D(2025, 8, 31), D(2025, 3, 1), D(2025, 8, 31)),
])
def test_semester_boundaries(day, start, end):
    sem = semester_for(day)
    assert (sem.start, sem.end) == (start, end)


def test_frequency_counts_only_this_semester(world, tree):
    for day in (D(2026, 2, 20), D(2026, 2, 27)):  # autumn semester
        _visit(world, day)
    _visit(world, D(2026, 3, 2))  # spring semester
    postings = Posting.objects.filter(pk=world["posting"].pk)
    sem, [row] = visit_compliance(postings, D(2026, 2, 28))
    assert sem.start == D(2025, 9, 1) and row.visits == 2 and not row.below_floor
    assert row.target == 6 and row.behind_target  # 1 a month × Sep–Feb
    sem, [row] = visit_compliance(postings, D(2026, 3, 31))
    assert sem.start == D(2026, 3, 1) and row.visits == 1 and row.below_floor
    assert row.target == 1 and not row.behind_target
    # the target is configurable per region
    region_setting_set(actor=None, region=tree["nanan"], key="visits.target_per_month", value=2)
    _, [row] = visit_compliance(postings, D(2026, 3, 31))
    assert row.target == 2 and row.behind_target


def test_floor_applies_at_semester_end_even_with_a_zero_target(world, tree):
    region_setting_set(actor=None, region=tree["nanan"], key="visits.target_per_month", value=0)
    _visit(world, D(2026, 3, 5))
    _, [row] = visit_compliance(Posting.objects.filter(pk=world["posting"].pk), D(2026, 8, 31))
    assert row.target == 2 and row.below_floor


def test_only_the_responsible_inspector_or_office_records(world, tree):
    own = world["inspectors"][0].user
    other = world["inspectors"][1].user
    with pytest.raises(PermissionDenied):
        _visit(world, D(2025, 10, 1), actor=other)
    _visit(world, D(2025, 10, 1), actor=own)
    _visit(world, D(2025, 10, 2), actor=world["admin"])
    with pytest.raises(PermissionDenied):
        _visit(world, D(2025, 10, 3), actor=user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]))
    with pytest.raises(ValidationError, match="没有责任督学"):
        services.visit_record(actor=None, school=world["schools"][1], visited_on=D(2025, 10, 1),
                              duration_minutes=30, methods=["lesson"])


def test_bad_visit_input_is_refused_with_field_errors(world):
    with pytest.raises(ValidationError) as exc:
        services.visit_record(actor=None, school=world["schools"][0], visited_on=D(2025, 10, 1),
                              duration_minutes=0, methods=["dance"], checklist={"nope": "x"})
    assert {"duration_minutes", "methods", "checklist"} <= set(exc.value.message_dict)
    assert not RegularVisit.objects.exists()


def test_inspector_records_a_visit_on_the_phone_with_a_photo(world, client, tree):
    """Acceptance: the responsible inspector opens "today", then the 390 px visit form with the
    camera input, and saves a visit with a photo and an urgent hazard the office sees at once."""
    client.force_login(world["inspectors"][1].user)  # another inspector: not their school
    assert "南岸区测试学校1" not in client.get("/inspections/today/").content.decode()
    user = world["inspectors"][0].user
    client.force_login(user)
    today = client.get("/inspections/today/")
    assert today.status_code == 200 and "南岸区测试学校1" in today.content.decode()
    form = client.get(f"/inspections/visits/new/?school={world['schools'][0].pk}")
    html = form.content.decode()
    assert 'accept="image/*"' in html and 'capture="environment"' in html and "max-width: 390px" in html
    for item in ("校务管理和制度执行", "食堂和饮水卫生"):
        assert item in html
    # the visit date is pre-filled in the one format a native date input shows (not 2026/12/07)
    assert f'type="date" name="visited_on" value="{datetime.date.today().isoformat()}"' in html
    # the eight items are 符合/不符合 toggles with a note; 不符合 needs the note
    assert 'type="radio" name="check_safety" value="符合"' in html and 'name="note_safety"' in html
    post = {"school": world["schools"][0].pk, "visited_on": datetime.date.today().isoformat(),
            "duration_minutes": 120, "methods": ["lesson", "records"], "check_safety": "不符合",
            "check_canteen": "符合", "note_canteen": "留样规范", "hazard": "教学楼外墙瓷砖松动"}
    refused = client.post("/inspections/visits/new/", post)
    assert refused.status_code == 200 and "不符合时请说明情况。" in refused.content.decode()
    response = client.post("/inspections/visits/new/", {**post, "note_safety": "消防器材过期",
                                                        "problems": "三楼消防器材过期", "photos": [png()]})
    assert response.status_code == 302, response.content.decode()[:2000]
    visit = RegularVisit.objects.get()
    assert visit.inspector == world["inspectors"][0] and visit.photos.count() == 1
    assert visit.checklist == {"safety": "不符合：消防器材过期", "canteen": "符合：留样规范"}
    assert visit.hazard_flagged_at is not None
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "教学楼外墙瓷砖松动" in page and "<img" in page
    # the photo is an attachment of the visit, with a thumbnail, served only through /files/<id>/
    photo = Attachment.objects.get()
    assert (photo.owner, photo.purpose, photo.uploaded_by) == (visit, "visit_photo", user)
    assert photo.thumbnail and photo.mime_type == "image/png" and photo.region_path == visit.region_path
    assert f"/files/{photo.pk}/thumb/" in page and "/media/" not in page
    # whoever may view the visit: the inspector and the office (a school's users do not see visit
    # records — RESPOND_INSPECTIONS has no view_regularvisit — so neither its photos)
    for viewer in (user, world["admin"]):
        for url in (f"/files/{photo.pk}/", f"/files/{photo.pk}/thumb/"):
            assert ui_client(viewer).get(url).status_code == 200, (viewer, url)
    other_school = user_with_role(RoleCode.UNIT_RESPONDENT, unit=world["schools"][1])
    other_district = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"])
    for outsider in (other_school, other_district):
        assert ui_client(outsider).get(f"/files/{photo.pk}/").status_code == 404
        assert ui_client(outsider).get(f"/files/{photo.pk}/thumb/").status_code == 404
    client.force_login(world["admin"])
    compliance = client.get("/inspections/compliance/").content.decode()
    assert "待处理的紧急隐患" in compliance and "教学楼外墙瓷砖松动" in compliance
    client.post(visit.get_absolute_url())
    visit.refresh_from_db()
    assert visit.hazard_handled_at is not None


def test_visit_form_rejects_a_non_image(world, client):
    client.force_login(world["inspectors"][0].user)
    response = client.post("/inspections/visits/new/", {
        "school": world["schools"][0].pk, "visited_on": datetime.date.today().isoformat(), "duration_minutes": 60,
        "methods": ["lesson"], "photos": [SimpleUploadedFile("x.exe", b"MZ")]})
    assert response.status_code == 200
    assert not RegularVisit.objects.exists() and not Attachment.objects.exists()


def _due(days=60):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_inspector_records_a_problem_from_a_visit_and_the_school_sees_it_at_once(world, client, tree):
    """C1/E11: a visit's problem is the ledger item from the moment it is recorded, issued to the
    school — no job runs in between."""
    from dudao.ledger.models import LedgerItem

    visit = _visit(world, D(2025, 10, 1))
    body = {"form": "problem", "description": "食堂留样记录缺失", "category": "safety", "severity": "minor",
            "requirement": "补齐留样记录并建立台账", "deadline": _due(), "routing": "small"}
    client.force_login(world["inspectors"][1].user)  # not this school's inspector
    client.post(visit.get_absolute_url(), body)
    assert not LedgerItem.objects.exists()
    client.force_login(world["inspectors"][0].user)
    assert client.post(visit.get_absolute_url(), {**body, "deadline": "2020-01-01"}).status_code == 302
    assert not LedgerItem.objects.exists()  # a deadline in the past is refused (the ledger's validation)
    assert client.post(visit.get_absolute_url(), body).status_code == 302
    item = LedgerItem.objects.get()
    assert (item.visit, item.unit, item.task, item.source, item.status) == (
        visit, world["schools"][0], None, "visit", "issued")
    assert list(item.events.values_list("action", flat=True)) == ["issue"]
    assert "食堂留样记录缺失" in client.get(visit.get_absolute_url()).content.decode()
    school = client_for(user_with_role(RoleCode.UNIT_RESPONDENT, unit=world["schools"][0]))
    assert school.get(item.get_absolute_url()).status_code == 200
    assert "食堂留样记录缺失" in school.get("/ledger/").content.decode()


def test_the_phone_form_records_a_problem_with_the_visit(world, client):
    from dudao.ledger.models import LedgerItem

    client.force_login(world["inspectors"][0].user)
    base = {"school": world["schools"][0].pk, "visited_on": timezone.localdate().isoformat(),
            "duration_minutes": "60", "methods": ["lesson"], "problem_description": "灭火器过期",
            "problem_category": "safety", "problem_severity": "serious", "problem_requirement": ""}
    response = client.post("/inspections/visits/new/", {**base, "problem_deadline": _due()})
    assert response.status_code == 200 and "请填写整改要求" in response.content.decode()
    assert not RegularVisit.objects.exists() and not LedgerItem.objects.exists()  # one transaction
    response = client.post("/inspections/visits/new/", {**base, "problem_requirement": "一周内更换",
                                                        "problem_deadline": _due()})
    assert response.status_code == 302
    visit = RegularVisit.objects.get()
    item = LedgerItem.objects.get()
    assert item.visit == visit and item.status == "issued" and item.severity == "serious"
    assert visit.problems == "灭火器过期"  # typed once: the issued problem is among the visit's findings


def test_api_visit_with_problems_puts_them_in_the_ledger_in_one_transaction(world):
    from dudao.ledger.models import LedgerItem

    inspector = api_client_for(world["inspectors"][0].user)
    school = world["schools"][0]
    respondent = api_client_for(user_with_role(RoleCode.UNIT_RESPONDENT, unit=school))
    body = {"school_id": school.pk, "visited_on": timezone.localdate().isoformat(), "duration_minutes": 60,
            "methods": ["records"], "problem_items": [
                {"description": "作业公示缺失", "category": "teaching", "requirement": "每周公示作业", "deadline": _due()},
                {"description": "留样不足", "category": "safety", "requirement": "", "deadline": _due()}]}
    r = inspector.post("/api/v1/inspections/visits", body, content_type="application/json")
    assert r.status_code == 422, r.content
    assert {"field": "problem_items.1.requirement", "message": "请填写整改要求"} in r.json()["errors"]
    assert not RegularVisit.objects.exists() and not LedgerItem.objects.exists()
    body["problem_items"][1]["requirement"] = "补齐留样"
    r = inspector.post("/api/v1/inspections/visits", body, content_type="application/json")
    assert r.status_code == 201, r.content
    assert LedgerItem.objects.filter(visit_id=r.json()["id"], status="issued").count() == 2
    # the school sees both at once, through the ledger API
    listed = respondent.get("/api/v1/ledger/items", {"visit_id": r.json()["id"]}).json()["items"]
    assert {i["description"] for i in listed} == {"作业公示缺失", "留样不足"}
    # and a single problem on the visit afterwards: issued, returned as the ledger item
    r = inspector.post(f"/api/v1/inspections/visits/{r.json()['id']}/problems",
                       {"description": "消防通道堵塞", "category": "safety", "requirement": "清理", "deadline": _due()},
                       content_type="application/json")
    assert r.status_code == 201 and r.json()["status"] == "issued" and r.json()["source"] == "visit"
    assert respondent.get(f"/api/v1/ledger/items/{r.json()['id']}").status_code == 200
