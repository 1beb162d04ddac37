"""Helpers to build supervision tasks for tests (issue 5)."""

import datetime

from django.utils import timezone

from dudao.accounts.roles import RoleCode
from dudao.inspections import services
from dudao.inspections.choices import TaskKind, TeamRole
from dudao.inspectors.models import Posting

from .factories import user_with_role
from .frameworks_factories import load_small
from .schools_factories import inspector, office, school

#: Results that pass every indicator of the small test library (A2-2 is the veto).
GOOD_RESULTS = {"A1-1": "好", "A1-2": 18, "A2-1": {"value": 5, "stage": "primary"}, "A2-2": True}


def setting(tree, name="南岸区"):
    """A 南岸区 world: office, office admin, three schools, three inspectors with logins."""
    region = tree["nanan"]
    off = office(region)
    admin = user_with_role(RoleCode.OFFICE_ADMIN, region=region)
    schools = [school(region, name=f"{name}测试学校{i}") for i in range(1, 4)]
    inspectors = []
    for i in range(1, 4):
        user = user_with_role(RoleCode.INSPECTOR, region=region)
        inspectors.append(inspector(off, name=f"测试督学{i}", user=user))
    return {"region": region, "office": off, "admin": admin, "schools": schools, "inspectors": inspectors}


def special_task(world, *, framework=True, covert=False, team=3, self_evaluation=False, kind=TaskKind.SPECIAL,
                 start_date=None, targets=None):
    version = load_small() if framework else None
    task = services.task_create(
        actor=None, office=world["office"], kind=kind, title="南岸区义务教育专项督导", topic="课后服务",
        framework_version=version, is_covert=covert, requires_self_evaluation=self_evaluation,
        start_date=start_date, targets=world["schools"] if targets is None else targets)
    for i, insp in enumerate(world["inspectors"][:team]):
        services.team_member_add(actor=None, task=task, inspector=insp,
                                 role=TeamRole.LEADER if i == 0 else TeamRole.MEMBER)
    return task


def post(inspector_obj, school_unit, start=datetime.date(2024, 9, 1)):
    return Posting.objects.create(inspector=inspector_obj, school=school_unit, region_path=school_unit.region_path,
                                  start_date=start)


def hold_meetings(target, held_on=None):
    """The 座谈会 of 条例 Art. 19 with students, parents and teachers (system actor)."""
    for kind in ("students", "parents", "teachers"):
        services.opinion_record_add(actor=None, target=target, kind=kind, held_on=held_on or timezone.localdate(),
                                    participants=10, summary="座谈意见总体良好")
