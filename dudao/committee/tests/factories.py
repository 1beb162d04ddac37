"""Small fixtures of the committee tests: a county committee with its office and member units."""

import datetime

from dudao.accounts.roles import RoleCode
from dudao.committee import services
from dudao.committee.choices import MeetingKind, Presence
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import MemberUnit
from dudao.testing.factories import UnitFactory, user_with_role

HELD = datetime.date(2026, 3, 20)


def committee_world(region, *, members=("区财政局", "区住房城乡建委", "团区委")):
    committee = UnitFactory(kind=UnitKind.COMMITTEE, region=region, name=f"{region.name}人民政府教育督导委员会")
    office = UnitFactory(kind=UnitKind.OFFICE, region=region, name=f"{region.name}人民政府教育督导室", parent=committee)
    mus = []
    for name in members:
        dept = UnitFactory(kind=UnitKind.DEPARTMENT, region=region, name=f"{region.name}{name}")
        mus.append(MemberUnit.objects.create(committee=committee, unit=dept, liaison_name="联络员",
                                             joined_on=datetime.date(2021, 1, 1)))
    return {"committee": committee, "office": office, "members": mus}


def liaison(member):
    return user_with_role(RoleCode.MEMBER_LIAISON, unit=member.unit)


def held_meeting(world, *, kind=MeetingKind.PLENARY, held_on=HELD):
    meeting = services.meeting_create(actor=None, committee=world["committee"], kind=kind, title="全体会议",
                                      held_on=held_on, agenda="审议年度工作要点")
    services.meeting_attendance_set(actor=None, meeting=meeting, rows=[
        {"member": m, "presence": Presence.PRESENT} for m in world["members"]])
    return services.meeting_hold(actor=None, meeting=meeting, today=held_on)


def action(world, member=None, *, deadline=datetime.date(2026, 6, 30)):
    meeting = held_meeting(world)
    decision = services.decision_add(actor=None, meeting=meeting, text="落实督导经费")
    return services.action_add(actor=None, decision=decision, member=member or world["members"][0],
                               task="经费纳入预算", deadline=deadline)
