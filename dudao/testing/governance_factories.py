"""Helpers for the 督政 tests (issue 14 items 1–2): a 南岸区 with its government, a street, its
committee and member department (区住房城乡建委), a non-member department, and the two duty frameworks."""

import datetime

from dudao.frameworks.library import parse_yaml
from dudao.frameworks.services import LIBRARY_DIR, library_load
from dudao.governance import services
from dudao.inspections import services as task_services
from dudao.inspections.choices import TaskKind
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import MemberUnit

from .factories import UnitFactory


def governance_world(tree):
    nanan = tree["nanan"]
    committee = UnitFactory(kind=UnitKind.COMMITTEE, region=nanan, name="南岸区人民政府教育督导委员会")
    housing = UnitFactory(
        kind=UnitKind.DEPARTMENT, region=nanan, name="南岸区住房城乡建委", short_name="区住房城乡建委"
    )
    MemberUnit.objects.create(
        committee=committee, unit=housing, liaison_name="周建国", joined_on=datetime.date(2021, 9, 28)
    )
    return {
        "nanan": nanan,
        "committee": committee,
        "housing": housing,
        "government": UnitFactory(kind=UnitKind.COUNTY_GOVERNMENT, region=nanan, name="重庆市南岸区人民政府"),
        "town": UnitFactory(
            kind=UnitKind.TOWNSHIP_GOVERNMENT, region=tree["nanan_town"], name="铜元局街道办事处"
        ),
        "outsider": UnitFactory(kind=UnitKind.DEPARTMENT, region=nanan, name="南岸区某非成员局"),
    }


def framework(name: str):
    """A shipped duty framework (``county-government-duty`` or ``township-government-duty``), published."""
    data = parse_yaml((LIBRARY_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    version, _changed = library_load(actor=None, data=data)
    return version


ITEMS = [
    {"content": "落实城镇小区配套幼儿园建设移交", "standard": "按期移交", "evidence": "移交台账"},
    {"content": "校舍建设工程质量安全监管", "standard": "抽检合格", "evidence": "检查记录"},
]


def checklist(world, *, year=2025, items=ITEMS):
    return services.checklist_create(
        actor=None, unit=world["housing"], year=year, title="南岸区住房城乡建委督政清单", items=items
    )


def self_check(world, *, year=2025):
    if not world["housing"].governance_checklists.exists():
        checklist(world, year=year)
    return services.self_check_create(actor=None, unit=world["housing"], year=year)


def answer_all(check, actor=None):
    answers = {
        a.item.number: {"result": "done", "note": "已落实"} for a in check.answers.select_related("item")
    }
    return services.self_check_answer(
        actor=actor, self_check=check, answers=answers, summary="逐项自查，均已落实。"
    )


def township_task(world, office):
    """A 督政 task of 南岸区's office on its street (draft, township framework)."""
    return task_services.task_create(
        actor=None,
        office=office,
        kind=TaskKind.GOVERNMENT,
        title="南岸区镇街履职评价",
        framework_version=framework("township-government-duty"),
        targets=[world["town"]],
    )
