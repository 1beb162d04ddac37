"""Built-in roles, declared in code (roles are code, assignments are data).

A permission is ``"<app_label>.<action>_<model_name>"`` — the string ``Model.objects.for_user(user,
action)`` asks for. A ``RoleAssignment`` grants a role's permissions within a region (optionally
with everything below it) or within one unit.

三权分立: the system administrator (accounts, master data), the security administrator (role
assignments, unlocking) and the audit administrator (reading the audit log) have disjoint
permissions, and one person may hold only one of the three.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleCode(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")
    OFFICE_ADMIN = "office_admin", _("督导室管理员")
    INSPECTOR = "inspector", _("督学")
    UNIT_RESPONDENT = "unit_respondent", _("单位填报员")
    LEADER = "leader", _("领导（只读）")
    MEMBER_LIAISON = "member_liaison", _("成员单位联络员")
    EVALUATOR = "evaluator", _("第三方评估人员")


def _crud(app: str, model: str, *actions: str) -> set[str]:
    return {f"{app}.{a}_{model}" for a in actions}


VIEW_MASTER_DATA = (
    _crud("regions", "region", "view")
    | _crud("orgs", "unit", "view")
    | _crud("orgs", "committeemember", "view")
    | _crud("orgs", "memberunit", "view")
)
VIEW_FRAMEWORKS = _crud("frameworks", "framework", "view")
MANAGE_FRAMEWORKS = _crud("frameworks", "framework", "view", "add", "change")
MANAGE_UNITS = (
    _crud("orgs", "unit", "add", "change", "delete")
    | _crud("orgs", "committeemember", "add", "change", "delete")
    | _crud("orgs", "memberunit", "add", "change", "delete")
)

# Schools, zones and the inspector corps (issue 3).
_SCHOOL_MODELS = ("schoolprofile", "enrolment", "schoolgroup", "zone", "principaltenure")
_INSPECTOR_MODELS = ("inspector", "termsession", "appointment", "posting", "trainingrecord", "appraisal",
                     "exitrecord")
VIEW_SCHOOLS_AND_INSPECTORS = (
    set().union(*(_crud("schools", m, "view") for m in _SCHOOL_MODELS))
    | set().union(*(_crud("inspectors", m, "view") for m in _INSPECTOR_MODELS))
    | _crud("regionsettings", "regionsetting", "view")
)
MANAGE_SCHOOLS_AND_INSPECTORS = (
    set().union(*(_crud("schools", m, "view", "add", "change", "delete") for m in _SCHOOL_MODELS))
    | set().union(*(_crud("inspectors", m, "view", "add", "change", "delete") for m in _INSPECTOR_MODELS))
    | _crud("regionsettings", "regionsetting", "view", "change")
    | _crud("complaints", "complaint", "view", "add", "change", "delete")  # the complaint inbox (F9)
)
# Documents (issue 7): issuing, numbering, templates and batches belong to the office.
VIEW_DOCUMENTS = (_crud("documents", "issueddocument", "view") | _crud("documents", "documentnumber", "view")
                  | _crud("documents", "documentdelivery", "view"))
# a unit's respondents receive (收文) and read the documents addressed to their unit
RECEIVE_DOCUMENTS = _crud("documents", "documentdelivery", "view", "read")
MANAGE_DOCUMENTS = (
    VIEW_DOCUMENTS
    | _crud("documents", "issueddocument", "add")
    | _crud("documents", "documentnumber", "void")
    | _crud("documents", "documenttemplate", "view", "add", "change")
    | _crud("documents", "documentbatch", "view", "add")
    | _crud("documents", "officeprofile", "view", "change")
)

# Supervision work (issue 5): offices run tasks; inspectors record visits and score as team members;
# target units answer self-evaluations and objections on the tasks aimed at them. The problems they
# find are ledger items (see the ledger's permissions).
_INSPECTION_MODELS = ("supervisiontask", "regularvisit", "workplan", "supervisionexemption", "problemcategory")
VIEW_INSPECTIONS = set().union(*(_crud("inspections", m, "view") for m in _INSPECTION_MODELS))
MANAGE_INSPECTIONS = set().union(*(_crud("inspections", m, "view", "add", "change") for m in _INSPECTION_MODELS)) | {
    "inspections.acknowledge_workplan", "inspections.acknowledge_supervisiontask"}  # the level above: plans, 备案
INSPECTOR_INSPECTIONS = VIEW_INSPECTIONS | {"inspections.add_regularvisit", "inspections.score_supervisiontask"}
RESPOND_INSPECTIONS = _crud("inspections", "supervisiontask", "view", "respond")

# Problem ledger (issue 6): offices register, decide and close; inspectors re-check; units answer.
# 问责 (the accountability app: cases, 约谈, 通报, the situation catalogue) and complaint triage (the
# complaints app; the inbox itself goes with the inspector corps above).
_ACCOUNTABILITY_MODELS = ("accountabilitycase", "interview", "circular", "triggersituation")
VIEW_LEDGER = (_crud("ledger", "ledgeritem", "view") | _crud("ledger", "departmentaction", "view")
               | _crud("ledger", "followupsampling", "view") | _crud("complaints", "complainttriage", "view")
               | set().union(*(_crud("accountability", m, "view") for m in _ACCOUNTABILITY_MODELS)))
MANAGE_LEDGER = (_crud("ledger", "ledgeritem", "view", "add", "change", "recheck")
                 | _crud("ledger", "supervisionorder", "view", "change")
                 | _crud("ledger", "departmentaction", "view", "change")
                 | _crud("complaints", "complainttriage", "view", "add")
                 | set().union(*(_crud("accountability", m, "view", "add") for m in _ACCOUNTABILITY_MODELS))
                 | _crud("accountability", "accountabilitycase", "change")
                 | _crud("ledger", "followupsampling", "view", "add"))  # 回头看 (E5)
INSPECTOR_LEDGER = _crud("ledger", "ledgeritem", "view", "recheck") | _crud("ledger", "followupsampling", "view")
# a department's own users complete the actions routed to it (E12)
RESPOND_LEDGER = _crud("ledger", "ledgeritem", "view", "respond") | _crud("ledger", "departmentaction", "view", "change")

# Incentives (issue 6, E6): offices commend, compile and publish good practice; leaders and inspectors
# read. Exemptions from supervision use the inspections permissions on ``supervisionexemption``.
_INCENTIVE_MODELS = ("commendation", "goodpracticecase")
VIEW_INCENTIVES = set().union(*(_crud("incentives", m, "view") for m in _INCENTIVE_MODELS))
MANAGE_INCENTIVES = set().union(*(_crud("incentives", m, "view", "add", "change") for m in _INCENTIVE_MODELS)) | {
    "incentives.publish_goodpracticecase"}
# Public portal (issue 6, E2/E4): only offices publish; units draft their own rectification statement,
# which goes public after the office approves it.
VIEW_PORTAL = _crud("portal", "publication", "view")
MANAGE_PORTAL = _crud("portal", "publication", "view", "add", "change", "publish")
RESPOND_PORTAL = _crud("portal", "publication", "view", "respond")
# 满意度调查 (issue 12 item 5): offices run surveys (questions, quotas, codes all go with the survey);
# inspectors and leaders read them and their results.
# 质量监测结果 (issue 12 item 4): offices import the feedback; inspectors and leaders read it.
_QUALITY_MODELS = ("qualityresult", "qualitycountyresult", "qualityfinding", "qualityplan")
VIEW_QUALITY = set().union(*(_crud("monitoring", m, "view") for m in _QUALITY_MODELS))
MANAGE_QUALITY = VIEW_QUALITY | set().union(*(_crud("monitoring", m, "add", "change") for m in _QUALITY_MODELS))
_SURVEY_MODELS = ("survey", "question", "audiencequota", "accesscode", "response", "answer")
VIEW_SURVEYS = set().union(*(_crud("surveys", m, "view") for m in _SURVEY_MODELS))
MANAGE_SURVEYS = VIEW_SURVEYS | _crud("surveys", "survey", "add", "change") | set().union(
    *(_crud("surveys", m, "add", "change") for m in ("question", "audiencequota", "accesscode")))

# 评估监测 data collection (issue 12, G3): offices define collections, open rounds, review (county)
# and accept (city) submissions; units fill in and submit their own. Which office level may review
# or accept is decided by ``monitoring.workflows`` from the assignment's region level.
_MONITORING_READ = (_crud("monitoring", "collection", "view") | _crud("monitoring", "dataelement", "view")
                    | _crud("monitoring", "validationrule", "view"))
VIEW_MONITORING = (_MONITORING_READ | _crud("monitoring", "collectionround", "view")
                   | _crud("monitoring", "submission", "view") | _crud("monitoring", "datavalue", "view"))
MANAGE_MONITORING = (VIEW_MONITORING | _crud("monitoring", "collection", "add", "change", "publish")
                     | _crud("monitoring", "collectionround", "add", "remind")
                     | _crud("monitoring", "submission", "fill", "submit", "review", "accept", "reopen"))
RESPOND_MONITORING = (_MONITORING_READ | _crud("monitoring", "submission", "view", "fill", "submit")
                      | _crud("monitoring", "datavalue", "view"))

# Creation campaigns and monitoring programmes (issue 12, B4, G1, C6): the county office plans its
# campaign and runs its kindergarten rounds; ``review``/``assess`` count only on the region above
# the county (市级复核, the city's spot-check) and the province (省级评估, 国家认定, 撤销) — see
# ``monitoring.campaign_workflows``.
_CAMPAIGN_MODELS = ("campaign", "campaignmilestone", "campaigntask", "programme", "programmeround",
                    "roundevaluation")
VIEW_CAMPAIGNS = set().union(*(_crud("monitoring", m, "view") for m in _CAMPAIGN_MODELS))
MANAGE_CAMPAIGNS = (VIEW_CAMPAIGNS | _crud("monitoring", "campaign", "add", "change", "review", "assess")
                    | _crud("monitoring", "programme", "add", "change")
                    | _crud("monitoring", "programmeround", "add", "change", "review"))

# The upper level's evaluation and 备案 upward (issue 14 items 3 and 9, the upward app): the office
# above announces and reviews (``review`` counts on the region above the evaluated one) and
# acknowledges filings (on the region above the filer); the county office splits, reviews its
# units' parts and submits; member units answer their own indicators.
_UPWARD_MODELS = ("upperevaluation", "indicatorassignment", "upperfinding", "filing")
VIEW_UPWARD = set().union(*(_crud("upward", m, "view") for m in _UPWARD_MODELS))
MANAGE_UPWARD = (VIEW_UPWARD | _crud("upward", "upperevaluation", "add", "change", "review")
                 | _crud("upward", "indicatorassignment", "change")
                 | _crud("upward", "filing", "add", "change", "acknowledge"))
RESPOND_UPWARD = _crud("upward", "indicatorassignment", "view", "respond")


# 督导经费 (issue 14 item 6, H1): the office keeps its budget and spending and computes, approves or
# returns part-time inspectors' expense claims; leaders read them.
_FINANCE_MODELS = ("budget", "budgetline", "spending", "expenseclaim")
VIEW_FINANCE = set().union(*(_crud("finance", m, "view") for m in _FINANCE_MODELS))
MANAGE_FINANCE = VIEW_FINANCE | set().union(*(_crud("finance", m, "add", "change") for m in _FINANCE_MODELS)) | {
    "finance.approve_expenseclaim"}
# 督学之家、工作室、研究、合作与学校自我督导 (issue 14 item 7, H2, H4, H5, C3): the office keeps them;
# inspectors and leaders read them; a school's own users keep its 督导室 and its self-inspections and
# raise what they find as small matters (E12) on their unit.
_WORKPLACE_MODELS = ("place", "activity", "researchtopic", "selectionround", "selectionentry", "agreement",
                     "selfinspection")
VIEW_WORKPLACES = set().union(*(_crud("workplaces", m, "view") for m in _WORKPLACE_MODELS))
MANAGE_WORKPLACES = VIEW_WORKPLACES | set().union(*(_crud("workplaces", m, "add", "change")
                                                    for m in _WORKPLACE_MODELS)) | {
    "workplaces.review_selectionentry"}
RESPOND_WORKPLACES = (_crud("workplaces", "place", "view", "change") | _crud("workplaces", "activity", "view", "add")
                      | _crud("workplaces", "selfinspection", "view", "add", "change"))

# 督政 (issue 14 items 1–2): offices keep the governments' leaders and the member departments' checklists
# and verify their yearly self-checks; a department's users and its liaison fill in and submit its own.
_GOVERNANCE_MODELS = ("governmentleader", "checklist", "checklistitem", "selfcheck", "selfcheckanswer")
VIEW_GOVERNANCE = set().union(*(_crud("governance", m, "view") for m in _GOVERNANCE_MODELS))
MANAGE_GOVERNANCE = (VIEW_GOVERNANCE | _crud("governance", "governmentleader", "add", "change", "delete")
                     | _crud("governance", "checklist", "add")
                     | _crud("governance", "selfcheck", "add", "fill", "submit", "verify"))
RESPOND_GOVERNANCE = (_crud("governance", "checklist", "view") | _crud("governance", "checklistitem", "view")
                      | _crud("governance", "selfcheck", "view", "add", "fill", "submit")
                      | _crud("governance", "selfcheckanswer", "view"))

# Committee operations (issue 14 item 4, A1–A4): the office runs meetings, records decisions and
# accepts actions; a member unit's liaison (assigned on its unit) reports on its unit's actions and
# reads its meetings, rules and participation; leaders and inspectors read.
_COMMITTEE_MODELS = ("meeting", "decision", "action", "ruledocument", "participationrecord")
VIEW_COMMITTEE = set().union(*(_crud("committee", m, "view") for m in _COMMITTEE_MODELS))
MANAGE_COMMITTEE = (VIEW_COMMITTEE | _crud("committee", "meeting", "add", "change")
                    | _crud("committee", "action", "report", "accept")
                    | _crud("committee", "ruledocument", "add") | _crud("committee", "participationrecord", "add"))
LIAISON_COMMITTEE = VIEW_COMMITTEE | _crud("committee", "action", "report")
# Fixed contacts (issue 14 item 8, C10): 市督学定点联系县 and 学校视导员, with the inspector corps.
VIEW_CONTACTS = _crud("inspectors", "fixedcontact", "view")
MANAGE_CONTACTS = _crud("inspectors", "fixedcontact", "view", "add", "change", "delete")


# The supervision planner (issue 19): the office plans the semester's visits; inspectors and leaders
# read the plans; a school reads its own upcoming visits (never the 暗访: ``planner.selectors``).
_PLANNER_MODELS = ("semester", "plan", "planvisit", "inspectorblock", "schoolblock", "inspectorcalendar")
VIEW_PLANNER = set().union(*(_crud("planner", m, "view") for m in _PLANNER_MODELS))
MANAGE_PLANNER = set().union(*(_crud("planner", m, "view", "add", "change", "delete") for m in _PLANNER_MODELS))
SCHOOL_PLANNER = _crud("planner", "planvisit", "view")

# Plans and measures, reform projects, school charters (issue 14 item 5, I1–I4): offices keep the
# plans, import and complete measures, approve projects and file charters; inspectors and leaders
# read (inspectors also note a project's 过程督导); the lead and responsible units report progress
# (their unit's measures only), schools apply for projects and submit their charters.
_MEASURE_MODELS = ("plan", "measure", "progressreport", "unitalias", "measureimport", "reformproject",
                   "schoolcharter")
VIEW_MEASURES = set().union(*(_crud("measures", m, "view") for m in _MEASURE_MODELS))
MANAGE_MEASURES = (VIEW_MEASURES | _crud("measures", "plan", "add", "change")
                   | _crud("measures", "measure", "add", "change") | _crud("measures", "unitalias", "add")
                   | _crud("measures", "measureimport", "change")
                   | _crud("measures", "reformproject", "add", "approve", "supervise")
                   | _crud("measures", "schoolcharter", "file"))
INSPECTOR_MEASURES = VIEW_MEASURES | _crud("measures", "reformproject", "supervise")
RESPOND_MEASURES = (_crud("measures", "measure", "view", "report") | _crud("measures", "progressreport", "view")
                    | _crud("measures", "reformproject", "view", "add")
                    | _crud("measures", "schoolcharter", "view", "submit"))


@dataclass(frozen=True)
class Role:
    code: str
    permissions: frozenset
    description: str = ""
    admin_triad: bool = False

    @property
    def label(self):
        return RoleCode(self.code).label


ROLES: dict[str, Role] = {
    r.code: r
    for r in [
        Role(
            RoleCode.SYSTEM_ADMIN,
            frozenset(
                VIEW_MASTER_DATA
                | MANAGE_UNITS
                | _crud("regions", "region", "add", "change")
                | _crud("accounts", "user", "view", "add", "change", "reset_password")
                | MANAGE_FRAMEWORKS
            ),
            _("管理账户、行政区划和单位等基础数据；不能分配角色，不能查看审计日志。"),
            admin_triad=True,
        ),
        Role(
            RoleCode.SECURITY_ADMIN,
            frozenset(
                _crud("regions", "region", "view")
                | _crud("orgs", "unit", "view")
                | _crud("accounts", "user", "view", "unlock", "reset_otp")
                | _crud("accounts", "roleassignment", "view", "add", "delete")
            ),
            _("分配和撤销角色、解锁账户；不能管理业务数据，不能查看审计日志。"),
            admin_triad=True,
        ),
        Role(
            RoleCode.AUDIT_ADMIN,
            frozenset(_crud("audit", "auditentry", "view", "export")),
            _("查询和导出审计日志；不能修改任何数据。"),
            admin_triad=True,
        ),
        Role(
            RoleCode.OFFICE_ADMIN,
            frozenset(
                VIEW_MASTER_DATA | MANAGE_UNITS | _crud("accounts", "user", "view") | MANAGE_DOCUMENTS | MANAGE_FRAMEWORKS
                | MANAGE_SCHOOLS_AND_INSPECTORS | MANAGE_INSPECTIONS | MANAGE_LEDGER | MANAGE_INCENTIVES | MANAGE_PORTAL
                | MANAGE_SURVEYS | MANAGE_MONITORING | MANAGE_QUALITY | MANAGE_CAMPAIGNS
                | MANAGE_FINANCE | MANAGE_WORKPLACES | MANAGE_UPWARD | MANAGE_GOVERNANCE
                | MANAGE_COMMITTEE | MANAGE_CONTACTS | MANAGE_PLANNER | MANAGE_MEASURES
            ),
            _("督导室日常工作：管理本区域单位、委员会成员和成员单位。"),
        ),
        Role(RoleCode.INSPECTOR, frozenset(VIEW_MASTER_DATA | VIEW_DOCUMENTS | VIEW_FRAMEWORKS | VIEW_SCHOOLS_AND_INSPECTORS
                                           | INSPECTOR_INSPECTIONS | INSPECTOR_LEDGER | VIEW_INCENTIVES
                                           | VIEW_SURVEYS | VIEW_MONITORING | VIEW_QUALITY | VIEW_CAMPAIGNS
                                           | VIEW_WORKPLACES | VIEW_UPWARD | VIEW_GOVERNANCE
                                           | VIEW_COMMITTEE | VIEW_CONTACTS | VIEW_PLANNER | INSPECTOR_MEASURES),
             _("督学：查看责任范围内的单位，开展督导。")),
        Role(RoleCode.UNIT_RESPONDENT, frozenset(_crud("orgs", "unit", "view") | VIEW_FRAMEWORKS
                                               | _crud("schools", "schoolprofile", "view")
                                               | _crud("schools", "enrolment", "view", "change")
                                               | RESPOND_INSPECTIONS | RESPOND_LEDGER | RESPOND_PORTAL | RESPOND_MONITORING
                                               | RESPOND_WORKPLACES | RESPOND_UPWARD | RESPOND_GOVERNANCE
                                               | RECEIVE_DOCUMENTS | SCHOOL_PLANNER | RESPOND_MEASURES),
             _("学校或部门的填报联系人。")),
        Role(RoleCode.LEADER, frozenset(VIEW_MASTER_DATA | VIEW_DOCUMENTS | VIEW_FRAMEWORKS | VIEW_SCHOOLS_AND_INSPECTORS
                                        | VIEW_INSPECTIONS | VIEW_LEDGER | VIEW_INCENTIVES | VIEW_PORTAL
                                        | VIEW_SURVEYS | VIEW_MONITORING | VIEW_QUALITY | VIEW_CAMPAIGNS
                                        | VIEW_FINANCE | VIEW_WORKPLACES | VIEW_UPWARD | VIEW_GOVERNANCE
                                        | VIEW_COMMITTEE | VIEW_CONTACTS | VIEW_PLANNER | VIEW_MEASURES),
             _("领导：只读查看本区域数据。")),
        Role(RoleCode.MEMBER_LIAISON, frozenset(VIEW_MASTER_DATA | VIEW_FRAMEWORKS | RESPOND_UPWARD | RESPOND_GOVERNANCE
                                                | LIAISON_COMMITTEE | RESPOND_MEASURES),
             _("督导委员会成员单位联络员：在本单位范围内查看会议、制度和参与情况，报送本单位承担的决定事项落实情况。")),
        Role(RoleCode.EVALUATOR, frozenset(_crud("orgs", "unit", "view") | VIEW_FRAMEWORKS), _("受委托第三方评估机构人员。")),
    ]
}

ADMIN_TRIAD = frozenset(code for code, role in ROLES.items() if role.admin_triad)


def role_grants(role_code: str, perm: str) -> bool:
    role = ROLES.get(role_code)
    return bool(role and perm in role.permissions)
