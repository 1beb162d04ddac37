"""Ratio and coverage rules at their boundaries, pre-service training, replacement history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dudao.accounts.roles import RoleCode
from dudao.audit.models import AuditAction, AuditEntry
from dudao.inspectors.models import Posting
from dudao.inspectors.postings import coverage, posting_create, posting_replace
from dudao.testing import schools_factories as sf
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import ui_client

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 9, 1)


@pytest.fixture
def ctx(tree):
    office = sf.office(tree["nanan"])
    admin = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    return {"tree": tree, "office": office, "admin": admin}


def test_fifth_school_is_allowed_sixth_is_refused(ctx):
    insp = sf.inspector(ctx["office"])
    schools = [sf.school(ctx["tree"]["nanan_town"], students=300) for _ in range(6)]
    for s in schools[:5]:
        posting_create(actor=ctx["admin"], inspector=insp, school=s, start_date=DAY)
    with pytest.raises(ValidationError) as exc:
        posting_create(actor=ctx["admin"], inspector=insp, school=schools[5], start_date=DAY)
    assert "最多负责5所" in str(exc.value)
    assert Posting.objects.filter(inspector=insp).count() == 5


def test_max_schools_is_a_region_setting(ctx):
    from dudao.regionsettings.services import region_setting_set

    region_setting_set(actor=None, region=ctx["tree"]["nanan"], key="posting.max_schools_per_inspector", value=2)
    insp = sf.inspector(ctx["office"])
    a, b, c = (sf.school(ctx["tree"]["nanan"]) for _ in range(3))
    posting_create(actor=ctx["admin"], inspector=insp, school=a, start_date=DAY)
    posting_create(actor=ctx["admin"], inspector=insp, school=b, start_date=DAY)
    with pytest.raises(ValidationError):
        posting_create(actor=ctx["admin"], inspector=insp, school=c, start_date=DAY)


def test_1999_students_can_share_2000_need_one_to_one(ctx):
    insp = sf.inspector(ctx["office"])
    small = sf.school(ctx["tree"]["nanan"], students=100)
    posting_create(actor=ctx["admin"], inspector=insp, school=small, start_date=DAY)
    posting_create(actor=ctx["admin"], inspector=insp, school=sf.school(ctx["tree"]["nanan"], students=1999),
                   start_date=DAY)
    with pytest.raises(ValidationError) as exc:
        posting_create(actor=ctx["admin"], inspector=insp, school=sf.school(ctx["tree"]["nanan"], students=2000),
                       start_date=DAY)
    assert "1∶1" in str(exc.value)
    # …and an inspector holding a large school takes no other.
    solo = sf.inspector(ctx["office"])
    posting_create(actor=ctx["admin"], inspector=solo, school=sf.school(ctx["tree"]["nanan"], students=2000),
                   start_date=DAY)
    with pytest.raises(ValidationError):
        posting_create(actor=ctx["admin"], inspector=solo, school=sf.school(ctx["tree"]["nanan"], students=10),
                       start_date=DAY)


def test_enrolment_uses_latest_school_year_total(ctx):
    from dudao.schools.models import Enrolment

    insp = sf.inspector(ctx["office"])
    posting_create(actor=ctx["admin"], inspector=insp, school=sf.school(ctx["tree"]["nanan"]), start_date=DAY)
    big = sf.school(ctx["tree"]["nanan"], students=1500, year="2024-2025")
    profile = big.school_profile
    Enrolment.objects.create(school=profile, school_year="2025-2026", section="primary", students=1200)
    Enrolment.objects.create(school=profile, school_year="2025-2026", section="junior", students=800)
    with pytest.raises(ValidationError):  # 1200 + 800 = 2000 in the latest year
        posting_create(actor=ctx["admin"], inspector=insp, school=big, start_date=DAY)


def test_override_needs_office_admin_and_reason_and_is_audited(ctx):
    insp = sf.inspector(ctx["office"])
    for _ in range(5):
        posting_create(actor=ctx["admin"], inspector=insp, school=sf.school(ctx["tree"]["nanan"]), start_date=DAY)
    sixth = sf.school(ctx["tree"]["nanan"])
    with pytest.raises(ValidationError):
        posting_create(actor=ctx["admin"], inspector=insp, school=sixth, start_date=DAY, override_reason="短")
    posting_create(actor=ctx["admin"], inspector=insp, school=sixth, start_date=DAY,
                   override_reason="新学期过渡，下月调整")
    entry = AuditEntry.objects.get(action=AuditAction.OVERRIDE)
    assert "新学期过渡" in entry.note and entry.actor == ctx["admin"]


def test_pre_service_training_required_before_first_posting(ctx):
    insp = sf.inspector(ctx["office"], trained=False)
    with pytest.raises(ValidationError) as exc:
        posting_create(actor=ctx["admin"], inspector=insp, school=sf.school(ctx["tree"]["nanan"]), start_date=DAY)
    assert "岗前培训" in str(exc.value)


def test_school_has_one_current_inspector_and_replacement_keeps_history(ctx):
    a, b = sf.inspector(ctx["office"]), sf.inspector(ctx["office"])
    s = sf.school(ctx["tree"]["nanan"])
    first = posting_create(actor=ctx["admin"], inspector=a, school=s, start_date=DAY)
    with pytest.raises(ValidationError):
        posting_create(actor=ctx["admin"], inspector=b, school=s, start_date=DAY)
    posting_replace(actor=ctx["admin"], posting=first, inspector=b, on_date=datetime.date(2026, 2, 1),
                    reason="工作调整")
    rows = list(Posting.objects.filter(school=s).order_by("start_date"))
    assert [(p.inspector, p.end_date) for p in rows] == [(a, datetime.date(2026, 2, 1)), (b, None)]



def test_school_pages_show_the_posted_inspector_and_the_postings(ctx):
    """The school pages read postings through what this app registers (schools never imports it)."""
    a, b = sf.inspector(ctx["office"], name="甲督学"), sf.inspector(ctx["office"], name="乙督学")
    s = sf.school(ctx["tree"]["nanan"])
    first = posting_create(actor=ctx["admin"], inspector=a, school=s, start_date=DAY)
    posting_replace(actor=ctx["admin"], posting=first, inspector=b, on_date=datetime.date(2026, 2, 1),
                    reason="工作调整")
    client = ui_client(ctx["admin"])
    row = next(obj for obj in client.get("/schools/").context["object_list"] if obj.unit_id == s.pk)
    assert row.current_inspector == "乙督学"
    assert sorted(p.inspector.name for p in client.get(f"/schools/{s.pk}/").context["postings"]) == ["乙督学", "甲督学"]


def test_failed_replacement_leaves_the_old_posting_open(ctx):
    a, untrained = sf.inspector(ctx["office"]), sf.inspector(ctx["office"], trained=False)
    s = sf.school(ctx["tree"]["nanan"])
    first = posting_create(actor=ctx["admin"], inspector=a, school=s, start_date=DAY)
    with pytest.raises(ValidationError):
        posting_replace(actor=ctx["admin"], posting=first, inspector=untrained, on_date=datetime.date(2026, 2, 1))
    first.refresh_from_db()
    assert first.end_date is None


def test_sibling_office_cannot_post_to_our_school(ctx):
    ddk_admin = user_with_role(RoleCode.OFFICE_ADMIN, region=ctx["tree"]["ddk"])
    insp = sf.inspector(sf.office(ctx["tree"]["ddk"]))
    from django.http import Http404

    with pytest.raises((Http404, PermissionDenied)):
        posting_create(actor=ddk_admin, inspector=insp, school=sf.school(ctx["tree"]["nanan"]), start_date=DAY)


def test_coverage_counts_uncovered_overloaded_and_ratio(ctx):
    t = ctx["tree"]
    schools = [sf.school(t["nanan_town"], students=200) for _ in range(8)]
    big = sf.school(t["nanan"], students=2500)
    sf.school(t["ddk"])  # elsewhere: not counted
    a, b = sf.inspector(ctx["office"]), sf.inspector(ctx["office"])
    for s in schools[:6]:
        posting_create(actor=None, inspector=a, school=s, start_date=DAY, override_reason="系统导入历史数据")
    posting_create(actor=None, inspector=b, school=big, start_date=DAY)
    cov = coverage(t["nanan"])
    assert len(cov.schools) == 9
    assert set(cov.uncovered) == set(schools[6:])
    assert cov.percent == round(100 * 7 / 9, 1)
    assert [o[0] for o in cov.overloaded] == [a]
    assert cov.ratio == 3.5
    posting_create(actor=None, inspector=b, school=schools[6], start_date=DAY, override_reason="系统导入历史数据")
    assert {o[0] for o in coverage(t["nanan"]).overloaded} == {a, b}


def test_moving_a_school_moves_its_postings_into_the_new_scope(ctx):
    from dudao.orgs.services import unit_update

    t = ctx["tree"]
    s = sf.school(t["nanan"])
    posting = posting_create(actor=ctx["admin"], inspector=sf.inspector(ctx["office"]), school=s, start_date=DAY)
    unit_update(actor=None, unit=s, region=t["ddk_town"])
    posting.refresh_from_db()
    assert posting.region_path == t["ddk_town"].path
    ddk_admin = user_with_role(RoleCode.OFFICE_ADMIN, region=t["ddk"])
    assert list(Posting.objects.for_user(ddk_admin)) == [posting]
    assert not Posting.objects.for_user(ctx["admin"]).exists()
