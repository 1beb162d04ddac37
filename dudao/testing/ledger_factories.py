"""Helpers to build ledger items for tests (issue 6)."""

import datetime

from dudao.accounts.roles import RoleCode
from dudao.ledger import services, workflows
from dudao.ledger.choices import LedgerSource

from .factories import user_with_role
from .schools_factories import office, school

TODAY = datetime.date(2026, 3, 2)


def ledger_world(tree):
    """南岸区 office + a school with its respondent; a 大渡口区 (sibling) office; the 重庆市 office
    (parent); an inspector in 南岸区; a 南岸区 leader."""
    nanan = tree["nanan"]
    unit = school(nanan, name="南岸区台账测试学校")
    return {
        "region": nanan,
        "office": office(nanan),
        "unit": unit,
        "admin": user_with_role(RoleCode.OFFICE_ADMIN, region=nanan),
        "respondent": user_with_role(RoleCode.UNIT_RESPONDENT, unit=unit),
        "other_respondent": user_with_role(RoleCode.UNIT_RESPONDENT, unit=school(nanan, name="南岸区另一所学校")),
        "inspector": user_with_role(RoleCode.INSPECTOR, region=nanan),
        "leader": user_with_role(RoleCode.LEADER, region=nanan),
        "sibling": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]),
        "parent": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"]),
    }


def item(world, *, deadline=None, source=LedgerSource.MONITORING, **kw):
    kw.setdefault("description", "学校食堂未落实陪餐制度")
    kw.setdefault("category", "safety")
    kw.setdefault("requirement", "建立并落实校领导陪餐制度")
    return services.ledger_item_create(actor=world["admin"], unit=world["unit"], source=source,
                                       deadline=deadline or TODAY + datetime.timedelta(days=30), today=TODAY, **kw)


def advance(world, it, to: str):
    """Drive ``it`` through the procedure up to status ``to`` with the right actors."""
    steps = {
        "issued": lambda i: workflows.item_submit_plan(actor=world["respondent"], item=i, plan="方案"),
        "plan_submitted": lambda i: workflows.item_accept_plan(actor=world["admin"], item=i),
        "in_progress": lambda i: workflows.item_report(actor=world["respondent"], item=i, report="已整改",
                                                       evidence="照片"),
        "reported": lambda i: workflows.item_begin_recheck(actor=world["inspector"], item=i, method="sampling"),
        "rechecking": lambda i: workflows.item_close(actor=world["admin"], item=i, conclusion="整改到位"),
    }
    while it.status != to:
        it = steps[it.status](it)
    return it


def routing_world(tree):
    """``ledger_world`` plus two 南岸区 departments with a respondent each (住房城乡建委 and the
    教育纠纷调解站) and a department of the sibling county, for routing and department actions."""
    from dudao.orgs.choices import UnitKind

    from .factories import UnitFactory

    w = ledger_world(tree)
    w["housing"] = UnitFactory(kind=UnitKind.DEPARTMENT, region=tree["nanan"], name="南岸区住房城乡建委")
    w["station"] = UnitFactory(kind=UnitKind.DEPARTMENT, region=tree["nanan"], name="南岸区教育纠纷调解站")
    w["far"] = UnitFactory(kind=UnitKind.DEPARTMENT, region=tree["ddk"], name="大渡口区某局")
    w["housing_user"] = user_with_role(RoleCode.UNIT_RESPONDENT, unit=w["housing"])
    w["station_user"] = user_with_role(RoleCode.UNIT_RESPONDENT, unit=w["station"])
    return w
