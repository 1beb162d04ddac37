"""Regular visits: who may record them, the phone form with a camera photo, urgent hazards, and
the frequency rule across semester boundaries (C1)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dudao.accounts.roles import RoleCode
from dudao.inspections import services
from dudao.inspections.models import RegularVisit
from dudao.inspections.selectors import semester_for, visit_compliance
from dudao.inspectors.models import Posting
from dudao.regionsettings.services import region_setting_set
from dudao.testing.factories import user_with_role
from dudao.testing.inspections_factories import post, setting

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


def png():
    return SimpleUploadedFile("camera.png", PNG, content_type="image/png")


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


def test_inspector_records_a_visit_on_the_phone_with_a_photo(world, client):
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
    response = client.post("/inspections/visits/new/", {
        "school": world["schools"][0].pk, "visited_on": datetime.date.today().isoformat(), "duration_minutes": 120,
        "methods": ["lesson", "records"], "check_safety": "消防器材过期", "check_canteen": "留样规范",
        "problems": "三楼消防器材过期", "hazard": "教学楼外墙瓷砖松动", "photos": [png()],
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    visit = RegularVisit.objects.get()
    assert visit.inspector == world["inspectors"][0] and visit.photos.count() == 1
    assert visit.checklist == {"safety": "消防器材过期", "canteen": "留样规范"}
    assert visit.hazard_flagged_at is not None
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "教学楼外墙瓷砖松动" in page and "<img" in page
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
    assert not RegularVisit.objects.exists()


def test_inspector_records_a_finding_from_a_visit(world, client, tree):
    from dudao.inspections.models import Finding

    visit = _visit(world, D(2025, 10, 1))
    body = {"form": "finding", "description": "食堂留样记录缺失", "category": "safety", "severity": "minor",
            "requirement": "补齐留样记录并建立台账", "deadline": "2026-01-15", "routing": "small"}
    client.force_login(world["inspectors"][1].user)  # not this school's inspector
    client.post(visit.get_absolute_url(), body)
    assert not Finding.objects.exists()
    client.force_login(world["inspectors"][0].user)
    assert client.post(visit.get_absolute_url(), body).status_code == 302
    finding = Finding.objects.get()
    assert finding.visit == visit and finding.unit == world["schools"][0] and finding.task is None
    assert "食堂留样记录缺失" in client.get(visit.get_absolute_url()).content.decode()
