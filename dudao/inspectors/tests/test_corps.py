"""Term limit, recusal (cases and override audit), training totals across years, appraisal, exit."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dudao.accounts.roles import RoleCode
from dudao.audit.models import AuditAction, AuditEntry
from dudao.inspectors import services, workflows
from dudao.inspectors.choices import AppointmentStatus, ConflictKind, InspectorKind, InspectorStatus
from dudao.inspectors.models import Appointment, AppointmentEvent, EmploymentRecord, Posting
from dudao.inspectors.postings import posting_create
from dudao.inspectors.recusal import recusal_check, recusal_enforce
from dudao.schools.services import principal_appoint
from dudao.testing import schools_factories as sf
from dudao.testing.factories import user_with_role

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 9, 1)


@pytest.fixture
def ctx(tree):
    office = sf.office(tree["nanan"])
    admin = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    return {"tree": tree, "office": office, "admin": admin}


def _serve(actor, insp, session, card):
    a = workflows.appointment_recommend(actor=actor, inspector=insp, session=session, on_date=session.start_date)
    for step in ("review", "publicise"):
        workflows.appointment_transition(actor=actor, appointment=a, transition=step, on_date=session.start_date)
    return workflows.appointment_transition(actor=actor, appointment=a, transition="appoint",
                                            on_date=session.start_date, card_number=card)


def _sessions(ctx, numbers):
    return [workflows.term_session_create(actor=ctx["admin"], office=ctx["office"], number=n,
                                          start_date=datetime.date(2000 + 3 * n, 1, 1)) for n in numbers]


def test_appointment_workflow_steps_dates_and_events(ctx):
    (s8,) = _sessions(ctx, [8])
    assert str(s8) == "第八届" and s8.end_date == datetime.date(2026, 12, 31)
    insp = sf.inspector(ctx["office"])
    a = workflows.appointment_recommend(actor=ctx["admin"], inspector=insp, session=s8)
    with pytest.raises(ValidationError):  # cannot skip 审核 and 公示
        workflows.appointment_transition(actor=ctx["admin"], appointment=a, transition="appoint", card_number="1")
    a = _serve(ctx["admin"], sf.inspector(ctx["office"]), s8, "NA-001")
    assert a.status == AppointmentStatus.APPOINTED and a.appointed_on == s8.start_date
    assert list(AppointmentEvent.objects.filter(appointment=a).values_list("to_status", flat=True)) == [
        "recommended", "reviewed", "publicised", "appointed"]
    events = list(AppointmentEvent.objects.filter(appointment=a))
    assert [(e.action, e.action_label, e.from_status) for e in events] == [
        ("recommend", "推荐", ""), ("review", "审核通过", "recommended"), ("publicise", "公示", "reviewed"),
        ("appoint", "聘任", "publicised")]
    assert all(e.on_date == s8.start_date and e.actor == ctx["admin"] for e in events)
    assert events[-1].data["card_number"] == "NA-001"


def test_card_number_unique_per_issuing_office(ctx, tree):
    (s8,) = _sessions(ctx, [8])
    _serve(ctx["admin"], sf.inspector(ctx["office"]), s8, "NA-001")
    with pytest.raises(ValidationError) as exc:
        _serve(ctx["admin"], sf.inspector(ctx["office"]), s8, "NA-001")
    assert "督学证编号" in str(exc.value)
    other = sf.office(tree["ddk"])
    s_other = workflows.term_session_create(actor=None, office=other, number=8, start_date=datetime.date(2024, 1, 1))
    assert _serve(None, sf.inspector(other), s_other, "NA-001").status == AppointmentStatus.APPOINTED


def test_part_time_fourth_consecutive_term_is_refused_with_reason(ctx):
    s5, s6, s7, s8 = _sessions(ctx, [5, 6, 7, 8])
    insp = sf.inspector(ctx["office"], kind=InspectorKind.PART_TIME)
    for i, s in enumerate((s5, s6, s7)):
        _serve(ctx["admin"], insp, s, f"C{i}")
    with pytest.raises(ValidationError) as exc:
        workflows.appointment_recommend(actor=ctx["admin"], inspector=insp, session=s8)
    assert "连续任期不得超过三届" in str(exc.value) and "第七届" in str(exc.value)
    # a full-time inspector is not bound by the rule
    full = sf.inspector(ctx["office"], kind=InspectorKind.FULL_TIME)
    for i, s in enumerate((s5, s6, s7, s8)):
        _serve(ctx["admin"], full, s, f"F{i}")


def test_a_break_resets_the_consecutive_count(ctx):
    s4, s5, s6, s8 = _sessions(ctx, [4, 5, 6, 8])
    _sessions(ctx, [7])
    insp = sf.inspector(ctx["office"])
    for i, s in enumerate((s4, s5, s6)):
        _serve(ctx["admin"], insp, s, f"B{i}")
    assert _serve(ctx["admin"], insp, s8, "B9").status == AppointmentStatus.APPOINTED


def test_recusal_current_and_former_employer_boundary(ctx):
    t = ctx["tree"]
    school = sf.school(t["nanan"])
    insp = sf.inspector(ctx["office"])
    assert recusal_check(insp, school, DAY) == []
    rec = EmploymentRecord.objects.create(inspector=insp, unit=school, end_date=DAY.replace(year=2022))
    assert [r.code for r in recusal_check(insp, school, DAY)] == ["former_employer"]  # exactly 3 years
    rec.end_date = datetime.date(2022, 8, 31)
    rec.save()
    assert recusal_check(insp, school, DAY) == []  # 3 years and a day
    rec.end_date = None
    rec.save()
    assert [r.code for r in recusal_check(insp, school, DAY)] == ["employer"]


def test_recusal_close_relative_principal_and_declared_interest(ctx):
    t = ctx["tree"]
    school = sf.school(t["nanan"])
    insp = sf.inspector(ctx["office"])
    services.conflict_declare(actor=ctx["admin"], inspector=insp, kind=ConflictKind.CLOSE_RELATIVE,
                              relative_name="李校长", note="配偶")
    assert recusal_check(insp, school, DAY) == []
    principal_appoint(actor=None, school=school, name="李校长", start_date=datetime.date(2020, 9, 1),
                      planned_end_date=datetime.date(2026, 8, 31))
    assert [r.code for r in recusal_check(insp, school, DAY)] == ["close_relative"]
    other = sf.school(t["nanan"])
    services.conflict_declare(actor=ctx["admin"], inspector=insp, kind=ConflictKind.OTHER, unit=other,
                              note="子女在该校就读")
    reasons = recusal_check(insp, other, DAY)
    assert [r.code for r in reasons] == ["declared"] and "子女" in reasons[0].message


def test_recusal_refuses_posting_and_override_is_office_admin_only_and_audited(ctx):
    t = ctx["tree"]
    school = sf.school(t["nanan"])
    insp = sf.inspector(ctx["office"], employer=school)
    with pytest.raises(ValidationError) as exc:
        posting_create(actor=ctx["admin"], inspector=insp, school=school, start_date=DAY)
    assert "回避" in str(exc.value)
    leader = user_with_role(RoleCode.INSPECTOR, region=t["nanan"])
    with pytest.raises(PermissionDenied):
        recusal_enforce(actor=leader, inspector=insp, unit=school, on_date=DAY, override_reason="人手不足，临时安排")
    assert not AuditEntry.objects.filter(action=AuditAction.OVERRIDE).exists()
    posting_create(actor=ctx["admin"], inspector=insp, school=school, start_date=DAY,
                   override_reason="山区学校无其他督学可派，经室务会研究同意")
    entry = AuditEntry.objects.get(action=AuditAction.OVERRIDE)
    assert "室务会" in entry.note and entry.after["recusal_override"] == ["employer"]
    assert Posting.objects.get(school=school).override_reason.startswith("山区学校")


def test_training_totals_split_by_calendar_year(ctx):
    insp = sf.inspector(ctx["office"], trained=False)
    for d, h, kind in [(datetime.date(2024, 12, 31), 30, "centralised"), (datetime.date(2025, 1, 1), 24, "centralised"),
                       (datetime.date(2025, 12, 31), 15.5, "centralised"), (datetime.date(2025, 6, 1), 20, "online"),
                       (datetime.date(2026, 1, 1), 8, "centralised")]:
        services.training_add(actor=ctx["admin"], inspector=insp, course="培训", kind=kind, hours=h, date=d)
    totals = services.training_totals([insp.pk], 2025)[insp.pk]
    assert totals["centralised"] == Decimal("39.5") and totals["total"] == Decimal("59.5")
    assert services.training_totals([insp.pk], 2024)[insp.pk]["centralised"] == Decimal(30)
    from dudao.inspectors.models import Inspector

    under = services.under_training_minimum(Inspector.objects.all(), year=2025, region=ctx["tree"]["nanan"])
    assert [(i, h) for i, h in under] == [(insp, Decimal("39.5"))]
    services.training_add(actor=ctx["admin"], inspector=insp, course="补训", kind="centralised", hours=0.5,
                          date=datetime.date(2025, 12, 30))
    assert services.under_training_minimum(Inspector.objects.all(), year=2025, region=ctx["tree"]["nanan"]) == []


def test_appraisal_stores_computed_facts(ctx):
    insp = sf.inspector(ctx["office"])
    posting_create(actor=ctx["admin"], inspector=insp, school=sf.school(ctx["tree"]["nanan"]), start_date=DAY)
    services.training_add(actor=ctx["admin"], inspector=insp, course="年度培训", kind="centralised", hours=40,
                          date=datetime.date(2025, 5, 1))
    a = services.appraisal_record(actor=ctx["admin"], inspector=insp, year=2025, grade="excellent")
    assert a.facts["training_centralised_hours"] == "40.0" and a.facts["schools_posted"] == 1
    with pytest.raises(ValidationError):
        services.appraisal_record(actor=ctx["admin"], inspector=insp, year=2025, grade="qualified")


def test_exit_ends_postings_and_appointments_and_lists_schools(ctx):
    (s8,) = _sessions(ctx, [8])
    insp = sf.inspector(ctx["office"])
    _serve(ctx["admin"], insp, s8, "X1")
    a, b = sf.school(ctx["tree"]["nanan"]), sf.school(ctx["tree"]["nanan"])
    for s in (a, b):
        posting_create(actor=ctx["admin"], inspector=insp, school=s, start_date=DAY)
    need = workflows.inspector_exit(actor=ctx["admin"], inspector=insp, reason="appraisal_failed",
                                    on_date=datetime.date(2026, 1, 15))
    assert set(need) == {a, b}
    insp.refresh_from_db()
    assert insp.status == InspectorStatus.EXITED
    assert not Posting.objects.filter(inspector=insp, end_date__isnull=True).exists()
    assert Appointment.objects.get(inspector=insp).status == AppointmentStatus.ENDED
    record = insp.exits.get()  # the exit is one history line of the inspector's workflow
    assert (record.action, record.from_status, record.to_status, record.actor) == (
        "exit", "active", "exited", ctx["admin"])
    assert (record.date, record.reason, record.get_reason_display()) == (
        datetime.date(2026, 1, 15), "appraisal_failed", "考核不合格")
    ended = AppointmentEvent.objects.filter(appointment__inspector=insp).latest("id")
    assert (ended.action, ended.to_status, ended.on_date) == ("end", "ended", datetime.date(2026, 1, 15))
    assert "考核不合格" in ended.note
    with pytest.raises(ValidationError):
        posting_create(actor=ctx["admin"], inspector=insp, school=a, start_date=datetime.date(2026, 2, 1))
    with pytest.raises(ValidationError):
        workflows.inspector_exit(actor=ctx["admin"], inspector=insp, reason="health")


def test_qualification_warnings(ctx):
    ok = sf.inspector(ctx["office"])
    assert services.qualification_warnings(ok) == []
    weak = sf.inspector(ctx["office"], education="college", years_in_education=9)
    assert len(services.qualification_warnings(weak)) == 2


def test_which_kinds_count_towards_the_forty_hours_is_a_region_setting(ctx, client):
    """F4 / 督学管理暂行办法: 集中培训 ≥ 40 h a year; 网络学习 and 个人自学 count only where the region says so;
    a training assessed 不合格 earns no hours."""
    from dudao.inspectors.models import Inspector
    from dudao.regionsettings.services import region_setting_set
    from dudao.testing.matrix import api_client

    insp = sf.inspector(ctx["office"], trained=False)
    nanan = ctx["tree"]["nanan"]
    for kind, hours, result in (("centralised", 24, "passed"), ("online", 12, ""), ("self_study", 8, ""),
                                ("centralised", 10, "failed")):
        services.training_add(actor=ctx["admin"], inspector=insp, course="培训", kind=kind, hours=hours,
                              date=datetime.date(2025, 6, 1), category="policy", result=result)
    under = dict(services.under_training_minimum(Inspector.objects.all(), year=2025, region=nanan))
    assert under[insp] == Decimal(24)  # the national rule: 集中 only, the failed 10 h not counted
    region_setting_set(actor=None, region=nanan, key="training.counts_online", value=1)
    assert dict(services.under_training_minimum(Inspector.objects.all(), year=2025, region=nanan))[insp] == Decimal(36)
    region_setting_set(actor=None, region=nanan, key="training.counts_self_study", value=1)
    assert insp not in dict(services.under_training_minimum(Inspector.objects.all(), year=2025, region=nanan))
    api = api_client(ctx["admin"])
    rows = api.get(f"/api/v1/corps/inspectors/{insp.pk}/training").json()
    rows = rows["items"] if isinstance(rows, dict) else rows
    assert {r["category"] for r in rows} == {"policy"} and "failed" in {r["result"] for r in rows}
    bad = api.post(f"/api/v1/corps/inspectors/{insp.pk}/training", {
        "course": "x", "kind": "centralised", "hours": 2, "date": "2025-07-01", "category": "nonsense"},
        content_type="application/json")
    assert bad.status_code == 422
