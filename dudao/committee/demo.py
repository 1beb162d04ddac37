"""Demo: 南岸区's committee with this year's plenary meeting (agenda, attendance, minutes approved)
and two decisions, each with a tracked action — one reported done and accepted (区财政局), one open
(区住房城乡建委, whose liaison has the login ``nanan_liaison``); the 议事规则 in versions 1 and 2
and the 工作规程; the member units' supervision activities of the year, one unit (团区委) below the
rule of one a year. Idempotent."""

import datetime

from django.utils import timezone

from dudao.accounts.models import RoleAssignment, User
from dudao.accounts.roles import RoleCode
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import MemberUnit, Unit

from . import services
from .choices import MeetingKind, ParticipationKind, Presence, RuleKind
from .models import Meeting, ParticipationRecord, RuleDocument

COMMITTEE = "重庆市南岸区人民政府教育督导委员会"
LIAISON = ("nanan_liaison", "周文静", "13800000009", "南岸区住房城乡建委")
AGENDA = """一、听取区政府教育督导室关于上一年度教育督导工作情况和本年度工作要点的汇报；
二、审议《南岸区人民政府对镇（街道）和区级有关部门履行教育职责评价实施方案》；
三、审议修订后的《南岸区人民政府教育督导委员会议事规则》；
四、研究小区配套幼儿园移交和教育督导经费保障等重大问题；
五、区政府分管领导讲话。"""
MINUTES = """会议由区政府副区长、区政府教育督导委员会主任王建华主持。区教委、区财政局、区住房城乡建委等成员单位负责同志参加会议。
会议听取了区政府教育督导室的工作汇报，审议通过了履行教育职责评价实施方案和修订后的议事规则。
会议议定：
一、区财政局将教育督导工作经费纳入年度预算，保障督导评估、检查验收、质量监测、学习培训、课题研究和信息平台建设维护等支出；
二、区住房城乡建委牵头，会同区教委、区规划自然资源局，于年底前完成茶园新城两所小区配套幼儿园的移交工作。
各成员单位要按照职责分工抓好落实，落实情况报区政府教育督导室。"""
DECISIONS = [
    ("将教育督导工作经费纳入年度财政预算，保障督导评估、检查验收、质量监测等工作开展。", "南岸区财政局",
     "将区级教育督导工作经费纳入本年度部门预算并下达，报送预算批复文件。", 6, 30),
    ("按期完成茶园新城小区配套幼儿园移交，扩大普惠性学前教育资源。", "南岸区住房城乡建委",
     "牵头完成茶园新城两所小区配套幼儿园的验收移交，每月报送进展。", 12, 31),
]
RULE_V1 = """第一条 为规范区政府教育督导委员会（以下简称委员会）议事程序，根据《教育督导条例》《重庆市教育督导条例》，制定本规则。
第二条 委员会实行全体会议制度，全体会议每年至少召开一次，由主任或主任委托的副主任主持。
第三条 全体会议审议年度教育督导工作要点、重要督导报告和督导结果运用等重大事项。
第四条 会议议定事项以会议纪要形式印发，由委员会办公室督促落实。"""
RULE_V2 = RULE_V1 + """
第五条 根据工作需要召开专题会议，研究解决教育督导工作中的专项问题，由主任或副主任主持，相关成员单位参加。
第六条 会议议定事项明确责任单位和完成时限，责任单位按期报送落实情况，委员会办公室跟踪督办并在全体会议上通报。"""
WORK_RULES = """第一条 委员会办公室设在区教委，承担委员会日常工作，配备3-5名专兼职工作人员。
第二条 各成员单位确定一名联络员，负责联系教育督导工作，原则上每年至少参加一次教育督导活动。
第三条 办公室负责拟定年度督导计划，组织督政、督学和评估监测，汇总成员单位落实情况。"""
ACTIVITIES = [
    (ParticipationKind.GOVERNMENT, "对镇（街道）履行教育职责评价实地督导"),
    (ParticipationKind.JOINT_CHECK, "春季开学工作专项督导检查"),
    (ParticipationKind.JOINT_CHECK, "校园及周边安全联合督导检查"),
    (ParticipationKind.SPECIAL, "校外培训机构规范管理专项督导"),
    (ParticipationKind.GOVERNMENT, "市对区人民政府履行教育职责评价自查迎检"),
]
BELOW = "团南岸区委"


def _liaison(context):
    username, real_name, mobile, unit_name = LIAISON
    unit = Unit.objects.filter(kind=UnitKind.DEPARTMENT, name=unit_name).first()
    if unit is None:
        return
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, real_name=real_name, mobile=mobile, unit=unit)
        user.set_password(context["password"])
        user.save()
    RoleAssignment.objects.get_or_create(user=user, role=RoleCode.MEMBER_LIAISON, unit=unit, region=None,
                                         defaults={"recursive": False})
    MemberUnit.objects.filter(unit=unit, left_on__isnull=True).update(liaison_user=user, liaison_name=real_name)
    context.setdefault("logins", []).append((username, "南岸区住房城乡建委联络员（成员单位）"))


def _meeting(committee, today):
    year = today.year
    title = f"{year}年南岸区人民政府教育督导委员会全体会议"
    if Meeting.objects.filter(committee=committee, title=title).exists():
        return
    held_on = min(datetime.date(year, 3, 20), today)
    meeting = services.meeting_create(actor=None, committee=committee, kind=MeetingKind.PLENARY, title=title,
                                      held_on=held_on, place="南岸区行政中心第三会议室", chair="王建华", agenda=AGENDA)
    rows = []
    for n, att in enumerate(meeting.attendances.select_related("member__unit")):
        presence = Presence.PRESENT
        if n in (7, 19):
            presence = Presence.ABSENT
        rows.append({"member": att.member, "presence": Presence.REPRESENTED if n == 13 else presence,
                     "attendee": att.member.liaison_name if presence == Presence.PRESENT else "",
                     "represented_by": "办公室主任 刘强" if n == 13 else "",
                     "note": "请假" if presence == Presence.ABSENT else ""})
    services.meeting_attendance_set(actor=None, meeting=meeting, rows=rows)
    services.meeting_hold(actor=None, meeting=meeting, today=today)
    services.meeting_minutes_set(actor=None, meeting=meeting, minutes=MINUTES)
    for text, unit_name, task, month, day in DECISIONS:
        decision = services.decision_add(actor=None, meeting=meeting, text=text)
        member = MemberUnit.objects.get(committee=committee, unit__name=unit_name, left_on__isnull=True)
        deadline = max(datetime.date(year, month, day), held_on)
        action = services.action_add(actor=None, decision=decision, member=member, task=task, deadline=deadline)
        if unit_name.endswith("财政局"):
            services.action_report_done(actor=None, action_row=action, today=today,
                                        note="区级教育督导工作经费已纳入本年度部门预算，预算批复已下达区教委。")
            services.action_accept(actor=None, action_row=action, today=today)
        else:
            services.action_progress(actor=None, action_row=action,
                                     text="已完成茶园新城第一所配套幼儿园竣工验收，正在办理移交手续。")
    services.meeting_approve_minutes(actor=None, meeting=meeting, today=today)


def _rules(committee):
    if RuleDocument.objects.filter(committee=committee).exists():
        return
    services.rule_add(actor=None, committee=committee, kind=RuleKind.PROCEDURE, title="南岸区人民政府教育督导委员会议事规则",
                      effective_on=datetime.date(2021, 10, 1), text=RULE_V1)
    services.rule_add(actor=None, committee=committee, kind=RuleKind.PROCEDURE, title="南岸区人民政府教育督导委员会议事规则",
                      effective_on=datetime.date(2025, 4, 1), text=RULE_V2)
    services.rule_add(actor=None, committee=committee, kind=RuleKind.WORK_RULES, title="南岸区人民政府教育督导委员会工作规程",
                      effective_on=datetime.date(2021, 10, 1), text=WORK_RULES)


def _participation(committee, today):
    if ParticipationRecord.objects.filter(committee=committee, held_on__year=today.year).exists():
        return
    members = MemberUnit.objects.filter(committee=committee, left_on__isnull=True).select_related("unit").order_by("id")
    for n, member in enumerate(members):
        if member.unit.name == BELOW:
            continue
        kind, activity = ACTIVITIES[n % len(ACTIVITIES)]
        held_on = min(datetime.date(today.year, 1 + n % 11, 10 + n % 15), today)
        services.participation_add(actor=None, member=member, kind=kind, activity=f"{today.year}年{activity}",
                                   held_on=held_on, note=f"派{member.liaison_name or '联络员'}参加")


def load(context, stdout):
    committee = Unit.objects.filter(kind=UnitKind.COMMITTEE, name=COMMITTEE).first()
    if committee is None:
        return
    today = timezone.localdate()
    _liaison(context)
    _meeting(committee, today)
    _rules(committee)
    _participation(committee, today)
    stdout.write(f"督导委员会：会议 {Meeting.objects.count()} 次，制度 {RuleDocument.objects.count()} 件，"
                 f"参与记录 {ParticipationRecord.objects.count()} 条")
