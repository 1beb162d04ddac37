"""Helpers to build 问责 cases, 约谈 and 通报 for page and API tests (issue 6, E7–E9). Dates are
relative to the real today, because pages and endpoints use it."""

import datetime

from django.utils import timezone

from dudao.accountability import services as accountability
from dudao.accountability.models import TriggerSituation
from dudao.orgs.choices import CommitteePost, UnitKind
from dudao.orgs.models import CommitteeMember

from .factories import UnitFactory
from .ledger_factories import ledger_world

D = datetime.timedelta


def today():
    return timezone.localdate()


def case_world(tree):
    """``ledger_world`` plus 南岸区's committee with a serving 主任, 副主任 and an ordinary member."""
    w = ledger_world(tree)
    committee = UnitFactory(kind=UnitKind.COMMITTEE, region=tree["nanan"], name="南岸区人民政府教育督导委员会")
    w["committee"] = committee
    w["director"] = CommitteeMember.objects.create(committee=committee, name="张主任", post=CommitteePost.DIRECTOR)
    w["deputy"] = CommitteeMember.objects.create(committee=committee, name="李副主任",
                                                 post=CommitteePost.DEPUTY_DIRECTOR)
    w["member"] = CommitteeMember.objects.create(committee=committee, name="王成员", post=CommitteePost.MEMBER)
    return w


def national_situations():
    """The national catalogue as migration 0004 seeds it. Transactional tests (run last, on
    PostgreSQL) start from a flushed database, where migration data is gone: put it back."""
    import importlib

    national = importlib.import_module("dudao.ledger.migrations.0004_national_situations").NATIONAL
    unverified = importlib.import_module("dudao.accountability.migrations.0005_situation_unverified").UNVERIFIED
    for code, subject, title, basis in national:
        TriggerSituation.objects.get_or_create(code=code, defaults={"subject": subject, "title": title,
                                                                    "basis": basis, "unverified": code in unverified})


def situation(code="S03"):
    if not TriggerSituation.objects.filter(code=code).exists():
        national_situations()
    return TriggerSituation.objects.get(code=code)


def open_case(world, *, days_ago=10, unit=None, title="未按督导意见书整改", **kw):
    kw.setdefault("subject_kind", "school")
    kw.setdefault("situations", [situation()])
    return accountability.case_open(actor=world["admin"], unit=unit or world["unit"], title=title,
                                    supervision_end=today() - D(days=days_ago), **kw)


def advance_case(world, case, to: str, measures=("public_criticism",)):
    """Drive ``case`` through the procedure up to status ``to`` as the office."""
    admin = world["admin"]
    steps = {
        "opened": lambda c: accountability.case_form_group(actor=admin, case=c, group_members="区督导室、区教委"),
        "investigating": lambda c: accountability.case_notify(actor=admin, case=c, facts="逾期三个月未整改"),
        "notified": lambda c: accountability.case_hear(actor=admin, case=c, statement="放弃陈述申辩"),
        "heard": lambda c: accountability.case_approve(actor=admin, case=c, approver=world["deputy"],
                                                       measures=list(measures)),
        "approved": lambda c: accountability.case_decide(actor=admin, case=c, basis="《教育督导问责办法》",
                                                         effective_date=today()),
    }
    while case.status != to:
        case = steps[case.status](case)
    return case
