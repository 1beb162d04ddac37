"""Demo rows for 问责 (runs after the ledger's demo): the ledger demo's escalated problem (overdue →
督办 → overdue again) goes on to 约谈 → 问责 decided; the serious problem of the spring-term special
supervision has a 问责 case left just opened, for a user to carry through 约谈 and the procedure to
the decision in the browser (nanan_office; docs/ledger.md lists who does each step). Loading again
changes nothing."""

import datetime

from django.utils import timezone

from dudao.ledger.demo import TASK_TITLE
from dudao.ledger.models import LedgerItem
from dudao.orgs.models import CommitteeMember, Unit

from . import services as accountability
from .models import AccountabilityCase, TriggerSituation

PRIVATE_SCHOOL = "重庆市南岸区童心幼儿园"
PRIVATE_CASE_TITLE = "民办幼儿园违规收费、虚假宣传"
OPEN_CASE_TASK_TITLE = "2025年南岸区春季学期开学工作专项督导"
OPEN_CASE_TITLE = "开学专项督导发现的集体补课问题整改不力"


def _director_for(region_path):
    candidates = [m for m in CommitteeMember.objects.filter(post__in=["director", "deputy_director"])
                  .select_related("committee").order_by("pk") if region_path.startswith(m.committee.region_path)]
    return max(candidates, key=lambda m: len(m.committee.region_path), default=None)


def _private_school_cases(today):
    """A 民办 kindergarten: the school's case decides 撤换负责人 (移送审批机关处理, recorded), and its
    举办者's case 纳入诚信记录 and 从业禁止 — measures offered only for private schools."""
    unit = Unit.objects.filter(name=PRIVATE_SCHOOL).first()
    school_situation, person_situation = (TriggerSituation.objects.filter(code=c).first() for c in ("S05", "P01"))
    if unit is None or None in (school_situation, person_situation) or \
            AccountabilityCase.objects.filter(title=PRIVATE_CASE_TITLE).exists():
        return
    director = _director_for(unit.region_path)
    if director is None:
        return
    end = today - datetime.timedelta(days=20)
    for subject, person, situation, measures in [
            ("school", "", school_situation, ["public_criticism", "replace_head"]),
            ("person", "刘某（举办者）", person_situation, ["order_examination", "credit_record", "practice_ban"])]:
        case = accountability.case_open(actor=None, unit=unit, subject_kind=subject, person_name=person,
                                        title=PRIVATE_CASE_TITLE, supervision_end=end, situations=[situation],
                                        today=today)
        case = accountability.case_form_group(actor=None, case=case, group_members="区教育督导室、区教委学前教育科",
                                              today=today)
        case = accountability.case_notify(actor=None, case=case, today=today,
                                          facts="该园超标准收取保育教育费，并以“双语特色”虚假宣传招生。")
        case = accountability.case_hear(actor=None, case=case, statement="对收费问题无异议。", today=today)
        case = accountability.case_approve(actor=None, case=case, approver=director, measures=measures, today=today)
        case = accountability.case_decide(actor=None, case=case, basis="《教育督导问责办法》（国教督〔2021〕2号）",
                                          effective_date=today, today=today)
        if subject == "school":
            accountability.case_refer_approval(actor=None, case=case, authority="重庆市南岸区教育委员会（审批机关）",
                                               today=today)


def _red_result_suggestion():
    """E10: the on-site 暗访 task's first school is rated red through the inspections service; the
    accountability hook opens a suggested case for 南岸区's office to confirm or dismiss."""
    from dudao.inspections import services as inspections
    from dudao.inspections.models import TaskTarget

    target = (TaskTarget.objects.filter(task__status="on_site", task__region__code="500108")
              .select_related("task", "unit").order_by("task_id", "id").first())
    if target is None or AccountabilityCase.objects.filter(task=target.task, status="suggested").exists() or \
            AccountabilityCase.objects.filter(source_target=target).exists():
        return
    inspections.target_evaluate(actor=None, target=target, colour="red",
                                evaluation=target.evaluation or "食品安全和消防安全隐患突出，拒不整改。")


def _accountability_story(item, today):
    """The escalated problem (the ledger demo's second): 约谈, then a 问责 case carried to its decision."""
    accountability.interview_create(
        actor=None, unit=item.unit, held_on=today, participants="区政府教育督导室主任、责任督学",
        leaders_present="校长、党支部书记", content="课后服务时段集体补课问题经督办仍未整改，约谈学校主要负责人。",
        commitments="一周内停止集体补课，调整课后服务内容。", filed_with=["区教委", "区委教育工委"], ledger_items=[item])
    director = _director_for(item.region_path)
    situation = TriggerSituation.objects.filter(code="S03").first()
    if director is None or situation is None:
        return
    end = item.task.start_date or today
    case = accountability.case_open(actor=None, unit=item.unit, subject_kind="school",
                                    title="课后服务集体补课经督办仍未整改", supervision_end=min(end, today),
                                    situations=[situation], ledger_items=[item], today=today,
                                    task=item.task)
    case = accountability.case_form_group(actor=None, case=case, group_members="区教育督导室、区教委基础教育科",
                                          today=today)
    case = accountability.case_notify(actor=None, case=case, today=today,
                                      facts="该校在课后服务时段安排学科集体补课，经督办和约谈仍未整改到位。")
    case = accountability.case_hear(actor=None, case=case, statement="学校承认事实，请求从轻处理。", today=today)
    case = accountability.case_approve(actor=None, case=case, approver=director, measures=["public_criticism"],
                                       today=today)
    accountability.case_decide(actor=None, case=case, basis="《教育督导问责办法》；《教育督导条例》第二十五条",
                               effective_date=today, today=today)


def _open_case(today):
    """A case at its first step, on the serious problem of the spring-term supervision: the group
    is still to be formed, 45 days of the 60-day window left."""
    item = LedgerItem.objects.filter(task__title=OPEN_CASE_TASK_TITLE, severity="serious").order_by("id").first()
    situation = TriggerSituation.objects.filter(code="S03").first()
    if item is None or situation is None or AccountabilityCase.objects.filter(title=OPEN_CASE_TITLE).exists():
        return
    accountability.case_open(actor=None, unit=item.unit, subject_kind="school", title=OPEN_CASE_TITLE,
                             supervision_end=today - datetime.timedelta(days=15), situations=[situation],
                             task=item.task, ledger_items=[item], today=today)


def load(context, stdout):
    today = timezone.localdate()
    problems = list(LedgerItem.objects.filter(task__title=TASK_TITLE).order_by("id")[:2])
    if len(problems) == 2:
        second = problems[1]
        if second.orders.filter(level=2).exists() and not AccountabilityCase.objects.filter(ledger_items=second).exists():
            _accountability_story(second, today)
    _open_case(today)
    _private_school_cases(today)
    _red_result_suggestion()
    case = AccountabilityCase.objects.filter(title=OPEN_CASE_TITLE).first()
    if case is not None and case.status != "decided":
        context.setdefault("walkthrough", []).extend([
            f"问责演示：/ledger/cases/{case.pk}/ “{case.title}”（{case.unit.name}），已立案",
            "  · nanan_office      登记约谈（案件页“登记约谈”），组成调查认定工作组，书面告知认定事实",
            "  · nanan_office      听取陈述申辩，报主任或副主任审定（选择审定人和问责方式），作出问责决定",
            "     每一步都记入案件和相关问题的“办理记录”"])
    suggested = AccountabilityCase.objects.filter(status="suggested").select_related("unit").first()
    if suggested is not None:
        context.setdefault("walkthrough", []).append(
            f"问责建议：/ledger/cases/{suggested.pk}/ 红色督导结果（{suggested.unit.name}），nanan_office 确认立案或不予问责")
    stdout.write(f"问责：问责案件 {AccountabilityCase.objects.count()} 件")
