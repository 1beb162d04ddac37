"""State machines of the inspector corps.

Appointment (F1): 推荐 → 审核 → 公示 → 聘任, with 未通过 from any step before 聘任 and 任期结束
after it. Inspector: 在任 → 已退出 (F7). Only the transition services below assign ``status``;
each locks the row, checks the guard and appends an event row."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dudao.accounts.scoping import get_for_user_or_404
from dudao.regionsettings.services import get_setting

from .choices import TERM_LIMITED_KINDS, AppointmentStatus, ExitReason, InspectorStatus
from .models import Appointment, AppointmentEvent, ExitRecord, Inspector, Posting, TermSession, chinese_number
from .services import _require_office

S = AppointmentStatus
#: transition name → (allowed source states, target state, date field set on the appointment)
APPOINTMENT_TRANSITIONS = {
    "review": ((S.RECOMMENDED,), S.REVIEWED, "reviewed_on"),
    "publicise": ((S.REVIEWED,), S.PUBLICISED, "publicised_on"),
    "appoint": ((S.PUBLICISED,), S.APPOINTED, "appointed_on"),
    "reject": ((S.RECOMMENDED, S.REVIEWED, S.PUBLICISED), S.REJECTED, None),
    "end": ((S.APPOINTED,), S.ENDED, "ended_on"),
}
SERVED = (S.APPOINTED, S.ENDED)


@transaction.atomic
def term_session_create(*, actor, office, number: int, start_date: datetime.date, committee=None,
                        end_date: datetime.date | None = None) -> TermSession:
    """Open a numbered term (届次) of an office; it lasts ``term.years`` (default 3) years."""
    _require_office(actor, office, "inspectors.add_termsession")
    if end_date is None:
        years = int(get_setting(office.region, "term.years"))
        end_date = start_date.replace(year=start_date.year + years) - datetime.timedelta(days=1)
    session = TermSession(office=office, committee=committee, region_path=office.region_path, number=number,
                          start_date=start_date, end_date=end_date)
    try:
        session.full_clean()
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    session.save()
    return session


def consecutive_terms_before(inspector: Inspector, session: TermSession) -> list[TermSession]:
    """The unbroken run of this office's terms immediately before ``session`` that the inspector served."""
    served = dict(
        Appointment.objects.filter(inspector=inspector, session__office=session.office, status__in=SERVED,
                                   session__number__lt=session.number)
        .values_list("session__number", "session_id")
    )
    run, n = [], session.number - 1
    sessions = {s.pk: s for s in TermSession.objects.filter(pk__in=served.values())}
    while n in served:
        run.append(sessions[served[n]])
        n -= 1
    return run


def check_term_limit(inspector: Inspector, session: TermSession) -> None:
    """A part-time inspector may serve at most N (default 3) consecutive terms (条例 Art. 6)."""
    if inspector.kind not in TERM_LIMITED_KINDS:
        return
    limit = int(get_setting(session.office.region, "term.max_consecutive_part_time"))
    run = consecutive_terms_before(inspector, session)
    if len(run) >= limit:
        names = "、".join(str(s) for s in sorted(run, key=lambda s: s.number))
        raise ValidationError({"session": _(
            "兼职督学连续任期不得超过%(n)s届：该督学已连续担任%(names)s督学，不能聘任为%(this)s督学"
        ) % {"n": chinese_number(limit), "names": names, "this": session}})


def _event(appointment, from_status, to_status, actor, on_date, note=""):
    AppointmentEvent.objects.create(appointment=appointment, from_status=from_status, to_status=to_status,
                                    actor=actor, on_date=on_date, note=note)


@transaction.atomic
def appointment_recommend(*, actor, inspector: Inspector, session: TermSession,
                          on_date: datetime.date | None = None, note: str = "") -> Appointment:
    """推荐: start an appointment for a term; refused when the term limit would be exceeded."""
    inspector = get_for_user_or_404(Inspector.objects.select_for_update(), actor, "change", pk=inspector.pk)
    _require_office(actor, session.office, "inspectors.add_appointment")
    if inspector.office_id != session.office_id:
        raise ValidationError({"session": _("届次应属于该督学的聘任机构")})
    if inspector.status != InspectorStatus.ACTIVE:
        raise ValidationError({"inspector": _("该督学已退出，不能推荐")})
    if Appointment.objects.filter(inspector=inspector, session=session).exists():
        raise ValidationError({"session": _("该督学在本届已有聘任记录")})
    check_term_limit(inspector, session)
    on_date = on_date or datetime.date.today()
    appointment = Appointment.objects.create(inspector=inspector, session=session, issuing_office=session.office,
                                             status=S.RECOMMENDED, recommended_on=on_date)
    _event(appointment, "", S.RECOMMENDED, actor, on_date, note)
    return appointment


@transaction.atomic
def appointment_transition(*, actor, appointment: Appointment, transition: str,
                           on_date: datetime.date | None = None, note: str = "", card_number: str = "") -> Appointment:
    """One step of 推荐 → 审核 → 公示 → 聘任 (or 未通过 / 任期结束). 聘任 needs the 督学证 number,
    unique within the issuing office, and re-checks the term limit."""
    if transition not in APPOINTMENT_TRANSITIONS:
        raise ValidationError({"transition": _("未知操作")})
    appointment = get_for_user_or_404(Appointment.objects.select_for_update().select_related("session__office"),
                                      actor, "change", pk=appointment.pk)
    sources, target, date_field = APPOINTMENT_TRANSITIONS[transition]
    if appointment.status not in sources:
        raise ValidationError({"status": _("当前状态为“%(s)s”，不能执行该操作") % {"s": appointment.get_status_display()}})
    on_date = on_date or datetime.date.today()
    fields = ["status"]
    if transition == "appoint":
        card_number = (card_number or "").strip()
        if not card_number:
            raise ValidationError({"card_number": _("聘任时须填写督学证编号")})
        check_term_limit(appointment.inspector, appointment.session)
        appointment.card_number = card_number
        fields.append("card_number")
    if date_field:
        setattr(appointment, date_field, on_date)
        fields.append(date_field)
    previous = appointment.status
    appointment.status = target
    try:
        with transaction.atomic():
            appointment.save(update_fields=fields)
    except IntegrityError as exc:
        raise ValidationError({"card_number": _("督学证编号在本机构已被使用")}) from exc
    _event(appointment, previous, target, actor, on_date, note)
    return appointment


@transaction.atomic
def inspector_exit(*, actor, inspector: Inspector, reason: str, on_date: datetime.date | None = None,
                   note: str = "") -> list:
    """解聘/解任 (F7): the inspector leaves the corps; current postings and appointments end.
    Returns the schools that now need a successor (动态更替)."""
    inspector = get_for_user_or_404(Inspector.objects.select_for_update(), actor, "change", pk=inspector.pk)
    if reason not in ExitReason.values:
        raise ValidationError({"reason": _("请选择退出原因")})
    if inspector.status != InspectorStatus.ACTIVE:
        raise ValidationError({"status": _("该督学已退出")})
    on_date = on_date or datetime.date.today()
    label = ExitReason(reason).label
    open_postings = list(Posting.objects.select_for_update().filter(inspector=inspector, end_date__isnull=True)
                         .select_related("school"))
    for posting in open_postings:
        posting.end_date = max(on_date, posting.start_date)
        posting.end_reason = _("督学退出：%(r)s") % {"r": label}
        posting.save(update_fields=["end_date", "end_reason"])
    for appointment in Appointment.objects.select_for_update().filter(inspector=inspector, status=S.APPOINTED):
        appointment.status, appointment.ended_on = S.ENDED, on_date
        appointment.save(update_fields=["status", "ended_on"])
        _event(appointment, S.APPOINTED, S.ENDED, actor, on_date, _("督学退出：%(r)s") % {"r": label})
    for appointment in Appointment.objects.select_for_update().filter(
            inspector=inspector, status__in=(S.RECOMMENDED, S.REVIEWED, S.PUBLICISED)):
        previous = appointment.status
        appointment.status = S.REJECTED
        appointment.save(update_fields=["status"])
        _event(appointment, previous, S.REJECTED, actor, on_date, _("督学退出：%(r)s") % {"r": label})
    inspector.status, inspector.exited_on = InspectorStatus.EXITED, on_date
    inspector.save(update_fields=["status", "exited_on"])
    ExitRecord.objects.create(inspector=inspector, date=on_date, reason=reason, note=note.strip(), actor=actor)
    return [p.school for p in open_postings]


@transaction.atomic
def complaint_handle(*, actor, complaint, status: str, note: str = ""):
    """Mark a public report/complaint as handled (or reopen it) with a note (F9)."""
    from .choices import ComplaintStatus
    from .models import Complaint

    complaint = get_for_user_or_404(Complaint.objects.select_for_update(), actor, "change", pk=complaint.pk)
    if status not in ComplaintStatus.values:
        raise ValidationError({"status": _("状态无效")})
    complaint.status, complaint.handled_note = status, (note or "").strip()
    complaint.save(update_fields=["status", "handled_note"])
    return complaint
