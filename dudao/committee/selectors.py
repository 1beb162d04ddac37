"""Reads shared by the committee pages and API: each member unit's participation in supervision
activities per year (A3, at least ``committee.min_member_activities_per_year``), the plenary-meeting
check (A4, ``committee.min_plenary_per_year``) and the office staffing check (A2, S1 #13:
``committee.office_staff_min``–``office_staff_max`` at county level).

What counts as taking part in a supervision activity (docs/committee.md), each activity once per
unit and year:

* a team member (督导组成员) of a supervision task whose field work starts in the year, when the
  inspector's 工作单位 is the member unit (the member departments' staff the office sends along);
* the member unit as 联动部门 of a ledger item (a 联动办理 ``ledger.DepartmentAction``) created in
  the year — the joint handling of a problem found by supervision;
* an activity the office recorded for the unit (``ParticipationRecord``: a joint check the
  department led, the upper level's 督政 it joined …); one linked to a task counts with that task.

Meetings of the committee are not supervision activities and do not count."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from dudao.orgs.choices import UnitKind
from dudao.orgs.models import MemberUnit, Unit
from dudao.regions.choices import RegionLevel
from dudao.regionsettings.services import get_setting

from .choices import MeetingKind, MeetingStatus
from .models import Meeting, ParticipationRecord


@dataclass
class ParticipationRow:
    member: MemberUnit
    activities: list = field(default_factory=list)  # [(kind label, text, date)]
    required: int = 1

    @property
    def count(self) -> int:
        return len(self.activities)

    @property
    def below(self) -> bool:
        return self.count < self.required


def _members_in_year(committee, year: int):
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return list(MemberUnit.objects.filter(committee=committee).exclude(joined_on__gt=end).exclude(left_on__lt=start)
                .select_related("unit").order_by("id"))


def participation(committee, year: int) -> list[ParticipationRow]:
    """One row per member unit of ``committee`` in ``year`` with the activities counted."""
    from dudao.inspections.choices import TaskStatus
    from dudao.inspections.models import TeamMember
    from dudao.ledger.models import DepartmentAction

    required = get_setting(committee.region, "committee.min_member_activities_per_year")
    members = _members_in_year(committee, year)
    by_unit = {m.unit_id: ParticipationRow(m, required=required) for m in members}
    seen: dict[int, set] = {uid: set() for uid in by_unit}

    def add(unit_id, key, kind, text, day):
        if unit_id in by_unit and key not in seen[unit_id]:
            seen[unit_id].add(key)
            by_unit[unit_id].activities.append((kind, text, day))

    for tm in (TeamMember.objects.filter(inspector__employer_id__in=by_unit, task__start_date__year=year)
               .exclude(task__status=TaskStatus.DRAFT).select_related("task", "inspector")):
        add(tm.inspector.employer_id, ("task", tm.task_id), _("督导组成员"), f"{tm.task.title}（{tm.inspector.name}）",
            tm.task.start_date)
    for da in (DepartmentAction.objects.filter(department_id__in=by_unit, created_at__year=year)
               .select_related("item")):
        add(da.department_id, ("item", da.item_id), _("联动办理"), da.task[:80], da.created_at.date())
    for rec in ParticipationRecord.objects.filter(member__in=members, held_on__year=year).select_related("member"):
        key = ("task", rec.task_id) if rec.task_id else ("record", rec.pk)
        add(rec.member.unit_id, key, rec.get_kind_display(), rec.activity, rec.held_on)
    rows = list(by_unit.values())
    for row in rows:
        row.activities.sort(key=lambda a: a[2] or datetime.date.min)
    return rows


def below_rule(rows: list[ParticipationRow]) -> list[ParticipationRow]:
    return [r for r in rows if r.below]


@dataclass
class Check:
    label: str
    value: int
    required: str
    ok: bool
    note: str = ""


def plenary_check(committee, year: int) -> Check:
    """全体会议 held in ``year`` (held or minutes approved) against the region's minimum."""
    required = get_setting(committee.region, "committee.min_plenary_per_year")
    held = Meeting.objects.filter(committee=committee, kind=MeetingKind.PLENARY, held_on__year=year,
                                  status__in=(MeetingStatus.HELD, MeetingStatus.APPROVED)).count()
    return Check(_("全体会议"), held, _("每年不少于%(n)s次") % {"n": required}, held >= required)


def office_of(committee) -> Unit | None:
    """The committee's office (督导室): the office unit under it, else the office of its region."""
    return (Unit.objects.filter(kind=UnitKind.OFFICE, parent=committee, is_active=True).first()
            or Unit.objects.filter(kind=UnitKind.OFFICE, region_id=committee.region_id, is_active=True).first())


def staffing_check(committee) -> Check | None:
    """The office's staff — active user accounts placed in the office unit — against 3–5 at county
    level (the region's ``committee.office_staff_min``/``_max``); ``None`` above the county."""
    if committee.region.level != RegionLevel.COUNTY:
        return None
    low = get_setting(committee.region, "committee.office_staff_min")
    high = get_setting(committee.region, "committee.office_staff_max")
    office = office_of(committee)
    staff = get_user_model().objects.filter(unit=office, is_active=True).count() if office else 0
    note = "" if office else _("未登记委员会办公室（督导室）")
    if staff < low:
        note = note or _("少于%(n)s人") % {"n": low}
    elif staff > high:
        note = _("多于%(n)s人") % {"n": high}
    return Check(_("办公室专兼职工作人员"), staff, _("%(a)s–%(b)s人") % {"a": low, "b": high}, low <= staff <= high, note)


# ---- whose committee -----------------------------------------------------------------------------
def liaison_units(user) -> set[int]:
    """The units a user acts for as a member unit's liaison (assignments on a unit granting
    ``committee.report_action`` without the office's region-wide right)."""
    from dudao.accounts.roles import role_grants
    from dudao.common.scoping import user_assignments

    return {a.unit_id for a in user_assignments(user) if a.unit_id and role_grants(a.role, "committee.report_action")}


def committee_for(user, committee_id, perm: str = "committee.view_meeting"):
    """``(committee, units)``: the committee ``committee_id`` as the user may read it — ``units`` is
    ``None`` for a reader of the committee's region, else the user's own member units in it (a
    liaison). ``(None, None)`` when the user may not read it."""
    from dudao.common.scoping import region_in_scope

    committee = Unit.objects.filter(pk=committee_id, kind=UnitKind.COMMITTEE).select_related("region").first()
    if committee is None or user is None:
        return committee, None
    if region_in_scope(user, perm, committee.region):
        return committee, None
    mine = set(MemberUnit.objects.filter(committee=committee, unit_id__in=liaison_units(user))
               .values_list("unit_id", flat=True))
    return (committee, mine) if mine else (None, None)


def committees_for(user):
    """The committees the user works with: those in the regions they read, and their liaison units'."""
    from dudao.common.scoping import ALL, scope_predicate

    qs = Unit.objects.filter(kind=UnitKind.COMMITTEE)
    predicate = scope_predicate(user, "committee.view_meeting", {"path": "region_path", "region": "region_id"})
    member_of = MemberUnit.objects.filter(unit_id__in=liaison_units(user)).values("committee_id")
    if predicate is ALL:
        return qs.order_by("region_path", "name")
    q = Q(pk__in=member_of) if predicate is None else predicate | Q(pk__in=member_of)
    return qs.filter(q).order_by("region_path", "name")
