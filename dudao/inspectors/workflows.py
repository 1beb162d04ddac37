"""State machines of the inspector corps, on the workflow kernel (``dudao.common.workflow``).

Appointment (F1, ``APPOINTMENT``): 推荐 → 审核 → 公示 → 聘任, with 未通过 from any step before 聘任
and 任期结束 after it; history in ``AppointmentEvent``. Inspector (``INSPECTOR``): 在任 → 已退出
(F7); history in ``ExitRecord``. Scope through ``for_user(actor, "change")``. Only the transition
services below assign ``status``."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.scoping import get_for_user_or_404
from dudao.common.workflow import Transition, Workflow
from dudao.regionsettings.services import get_setting

from .choices import TERM_LIMITED_KINDS, AppointmentStatus, ExitReason, InspectorStatus
from .models import Appointment, AppointmentEvent, ExitRecord, Inspector, Posting, TermSession, chinese_number
from .services import _require_office

S = AppointmentStatus


def _on_date(step) -> datetime.date:
    on_date = step.data.get("on_date") or step.today
    step.event_data["on_date"] = on_date.isoformat()
    return on_date


def _dated(field):
    """The effect of a step that records its date on the appointment (``field``)."""
    def effect(appointment, step):
        on_date = _on_date(step)
        if field:
            setattr(appointment, field, on_date)
    return effect


def _guard_appoint(appointment, step):
    card_number = (step.data.get("card_number") or "").strip()
    if not card_number:
        return {"card_number": _("聘任时须填写督学证编号")}
    if Appointment.objects.filter(issuing_office_id=appointment.issuing_office_id,
                                  card_number=card_number).exclude(pk=appointment.pk).exists():
        return {"card_number": _("督学证编号在本机构已被使用")}
    check_term_limit(appointment.inspector, appointment.session)
    return None


def _appoint(appointment, step):
    _dated("appointed_on")(appointment, step)
    appointment.card_number = step.data["card_number"].strip()


T = Transition
#: 推荐 → 审核 → 公示 → 聘任, 未通过 from any step before 聘任, 任期结束 after it. 推荐 creates the row
#: (``appointment_recommend``); each step records its date (``on_date``, default today).
APPOINTMENT = Workflow(model=Appointment, history=AppointmentEvent, subject="appointment",
                       event_data_keys=("card_number",), transitions=[
    T("review", gettext_lazy("审核通过"), (S.RECOMMENDED,), S.REVIEWED, writes=("reviewed_on",),
      effect=_dated("reviewed_on")),
    T("publicise", gettext_lazy("公示"), (S.REVIEWED,), S.PUBLICISED, writes=("publicised_on",),
      effect=_dated("publicised_on")),
    T("appoint", gettext_lazy("聘任"), (S.PUBLICISED,), S.APPOINTED, guard=_guard_appoint,
      writes=("appointed_on", "card_number"), effect=_appoint),
    T("reject", gettext_lazy("未通过"), (S.RECOMMENDED, S.REVIEWED, S.PUBLICISED), S.REJECTED, effect=_dated(None)),
    T("end", gettext_lazy("任期结束"), (S.APPOINTED,), S.ENDED, writes=("ended_on",), effect=_dated("ended_on")),
])
#: The appointment table (name → ``Transition``), read by pages and the API.
APPOINTMENT_TRANSITIONS = APPOINTMENT.transitions


def _guard_exit(inspector, step):
    return None if step.data.get("reason") in ExitReason.values else {"reason": _("请选择退出原因")}


def _exit(inspector, step):
    inspector.exited_on = _on_date(step)
    step.event_data["reason"] = step.data["reason"]


#: 在任 → 已退出 (F7); the history line is an ``ExitRecord``.
INSPECTOR = Workflow(model=Inspector, history=ExitRecord, subject="inspector", transitions=[
    T("exit", gettext_lazy("解聘/解任"), (InspectorStatus.ACTIVE,), InspectorStatus.EXITED, guard=_guard_exit,
      writes=("exited_on",), effect=_exit),
])
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
    APPOINTMENT.log(appointment, "recommend", actor=actor, note=(note or "").strip(), to_status=S.RECOMMENDED,
                    data={"on_date": on_date.isoformat()})
    return appointment


def appointment_transition(*, actor, appointment: Appointment, transition: str,
                           on_date: datetime.date | None = None, note: str = "", card_number: str = "") -> Appointment:
    """One step of 推荐 → 审核 → 公示 → 聘任 (or 未通过 / 任期结束). 聘任 needs the 督学证 number,
    unique within the issuing office, and re-checks the term limit."""
    data = {"on_date": on_date, "card_number": card_number}
    try:
        with transaction.atomic():
            return APPOINTMENT.apply(actor=actor, obj=appointment, name=transition, data=data, note=note)
    except IntegrityError as exc:  # two clerks racing for one card number
        raise ValidationError({"card_number": _("督学证编号在本机构已被使用")}) from exc


@transaction.atomic
def inspector_exit(*, actor, inspector: Inspector, reason: str, on_date: datetime.date | None = None,
                   note: str = "") -> list:
    """解聘/解任 (F7): the inspector leaves the corps; current postings and appointments end.
    Returns the schools that now need a successor (动态更替)."""
    inspector = INSPECTOR.apply(actor=actor, obj=inspector, name="exit", data={"reason": reason, "on_date": on_date},
                                note=note)
    on_date, why = inspector.exited_on, _("督学退出：%(r)s") % {"r": ExitReason(reason).label}
    open_postings = list(Posting.objects.select_for_update().filter(inspector=inspector, end_date__isnull=True)
                         .select_related("school"))
    for posting in open_postings:
        posting.end_date = max(on_date, posting.start_date)
        posting.end_reason = why
        posting.save(update_fields=["end_date", "end_reason"])
    for appointment in Appointment.objects.filter(inspector=inspector, status__in=(
            S.APPOINTED, S.RECOMMENDED, S.REVIEWED, S.PUBLICISED)):
        name = "end" if appointment.status == S.APPOINTED else "reject"
        APPOINTMENT.apply(actor=actor, obj=appointment, name=name, data={"on_date": on_date}, note=why)
    return [p.school for p in open_postings]
