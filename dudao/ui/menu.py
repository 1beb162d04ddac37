"""The left menu, by module. An item shows when the user holds its permission somewhere.
Later modules append their sections here.

Navigation by role (issue 15): the first section, 工作台, holds 首页 and the few entries each of the
user's roles uses daily (``DAILY``, by role, in order; only those the user may open); every other
section is a collapsible group, open when it holds the current page, and no entry shows twice."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dudao.common.scoping import user_has_perm, user_roles


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    icon: str
    perm: str | None = None


@dataclass(frozen=True)
class MenuSection:
    label: str
    items: tuple


MENU = (
    MenuSection(_("工作台"), (MenuItem(_("首页"), "ui:home", "house"),
                            MenuItem(_("数据看板"), "dashboards:index", "speedometer2", "ledger.view_ledgeritem"),
                            MenuItem(_("区域地图"), "dashboards:map", "map", "ledger.view_ledgeritem"))),
    MenuSection(
        _("基础数据"),
        (
            MenuItem(_("行政区划"), "regions:tree", "diagram-3", "regions.view_region"),
            MenuItem(_("单位名录"), "orgs:unit_list", "building", "orgs.view_unit"),
            MenuItem(_("督导委员会"), "orgs:committee_list", "people", "orgs.view_unit"),
            MenuItem(_("委员会会议"), "committee:meeting_list", "easel", "committee.view_meeting"),
            MenuItem(_("决定事项落实"), "committee:action_list", "list-task", "committee.view_action"),
            MenuItem(_("议事规则和工作规程"), "committee:rule_list", "book", "committee.view_ruledocument"),
            MenuItem(_("成员单位参与情况"), "committee:participation", "people-fill", "committee.view_participationrecord"),
            MenuItem(_("成员单位工作"), "committee:liaison_home", "briefcase", "committee.report_action"),
        ),
    ),
    MenuSection(
        _("学校与督学"),
        (
            MenuItem(_("学校名录"), "schools:school_list", "mortarboard", "schools.view_schoolprofile"),
            MenuItem(_("督学责任区"), "schools:zone_list", "map", "schools.view_zone"),
            MenuItem(_("教育集团"), "schools:group_list", "diagram-2", "schools.view_schoolgroup"),
            MenuItem(_("校长任期届满"), "schools:principals_due", "hourglass-split", "schools.view_principaltenure"),
            MenuItem(_("督学名册"), "inspectors:inspector_list", "person-badge", "inspectors.view_inspector"),
            MenuItem(_("督学届次"), "inspectors:session_list", "calendar3", "inspectors.view_termsession"),
            MenuItem(_("挂牌督导"), "inspectors:posting_list", "signpost-2", "inspectors.view_posting"),
            MenuItem(_("定点联系"), "inspectors:contact_list", "pin-map", "inspectors.view_fixedcontact"),
            MenuItem(_("覆盖情况"), "inspectors:coverage", "pie-chart", "inspectors.view_posting"),
            MenuItem(_("培训记录"), "inspectors:training_list", "journal-bookmark", "inspectors.view_trainingrecord"),
            MenuItem(_("培训学时不足"), "inspectors:training_under", "exclamation-circle", "inspectors.view_trainingrecord"),
            MenuItem(_("举报投诉"), "complaints:complaint_list", "inbox", "complaints.view_complaint"),
            MenuItem(_("区域参数"), "regionsettings:settings", "sliders", "regionsettings.view_regionsetting"),
        ),
    ),
    MenuSection(
        _("督导标准"),
        (
            MenuItem(_("指标体系库"), "frameworks:framework_list", "list-check", "frameworks.view_framework"),
        ),
    ),
    MenuSection(
        _("督导工作"),
        (
            MenuItem(_("督导任务"), "inspections:task_board", "kanban", "inspections.view_supervisiontask"),
            MenuItem(_("今日督导"), "inspections:today", "phone", "inspections.add_regularvisit"),
            MenuItem(_("经常性督导"), "inspections:visit_list", "camera", "inspections.view_regularvisit"),
            MenuItem(_("督导达标情况"), "inspections:compliance", "clipboard-check", "inspections.view_regularvisit"),
            MenuItem(_("年度工作计划"), "inspections:plan_list", "calendar-check", "inspections.view_workplan"),
            MenuItem(_("督导计划"), "planner:plan_list", "calendar-week", "planner.view_plan"),
            MenuItem(_("我的日程"), "planner:my_schedule", "calendar-event", "planner.view_plan"),
            MenuItem(_("学期校历"), "planner:semester_list", "calendar3-range", "planner.view_semester"),
            MenuItem(_("督导周期"), "inspections:cycles", "arrow-repeat", "inspections.view_supervisiontask"),
            MenuItem(_("下级报告备案"), "inspections:filings", "journal-check", "inspections.acknowledge_supervisiontask"),
            MenuItem(_("问题类别"), "inspections:categories", "tags", "inspections.add_problemcategory"),
        ),
    ),
    MenuSection(
        _("公文文书"),
        (
            MenuItem(_("收文"), "documents:inbox", "envelope-paper", "documents.read_documentdelivery"),
            MenuItem(_("已发文书"), "documents:document_list", "file-earmark-text", "documents.view_issueddocument"),
            MenuItem(_("签发文书"), "documents:kind_list", "pen", "documents.add_issueddocument"),
            MenuItem(_("批量生成"), "documents:batch_list", "stack", "documents.view_documentbatch"),
            MenuItem(_("文书模板"), "documents:template_list", "file-earmark-word", "documents.view_documenttemplate"),
            MenuItem(_("发文设置"), "documents:office_settings", "gear", "documents.change_officeprofile"),
        ),
    ),
    MenuSection(
        _("系统管理"),
        (
            MenuItem(_("账户管理"), "accounts:user_list", "person-gear", "accounts.view_user"),
            MenuItem(_("审计日志"), "audit:list", "journal-text", "audit.view_auditentry"),
        ),
    ),
    MenuSection(
        _("问题台账"),
        (
            MenuItem(_("问题台账"), "ledger:list", "clipboard-check", "ledger.view_ledgeritem"),
            MenuItem(_("逾期问题"), "ledger:overdue", "alarm", "ledger.view_ledgeritem"),
            MenuItem(_("台账统计"), "ledger:summary", "bar-chart-line", "ledger.view_ledgeritem"),
            MenuItem(_("我的提醒"), "ledger:notifications", "bell", "ledger.view_ledgeritem"),
            MenuItem(_("回头看"), "ledger:followup_list", "arrow-repeat", "ledger.view_followupsampling"),
            MenuItem(_("联动办理"), "ledger:action_list", "diagram-3-fill", "ledger.view_departmentaction"),
            MenuItem(_("问责案件"), "accountability:case_list", "shield-exclamation", "accountability.view_accountabilitycase"),
            MenuItem(_("约谈记录"), "accountability:interview_list", "chat-square-text", "accountability.view_interview"),
            MenuItem(_("督导通报"), "accountability:circular_list", "megaphone", "accountability.view_circular"),
            MenuItem(_("问责情形"), "accountability:situation_list", "list-ol", "accountability.view_triggersituation"),
            MenuItem(_("登记热线、媒体反映"), "complaints:register", "telephone-inbound", "complaints.add_complaint"),
        ),
    ),
    MenuSection(_("评估监测"), (
        MenuItem(_("数据填报"), "monitoring:submission_list", "pencil-square", "monitoring.view_submission"),
        MenuItem(_("填报批次"), "monitoring:round_list", "collection", "monitoring.view_collectionround"),
        MenuItem(_("数据采集表"), "monitoring:collection_list", "table", "monitoring.view_collection"),
        MenuItem(_("质量监测结果"), "quality:list", "graph-up", "monitoring.view_qualityresult"),
        MenuItem(_("质量监测达标"), "quality:rule", "check2-square", "monitoring.view_qualityresult"),
        MenuItem(_("满意度调查"), "surveys:list", "ui-checks", "surveys.view_survey"),
        MenuItem(_("优质均衡与普及普惠"), "monitoring:indices", "graph-up", "monitoring.view_collectionround"),
        MenuItem(_("创建计划"), "campaigns:campaign_list", "flag", "monitoring.view_campaign"),
        MenuItem(_("监测项目"), "campaigns:programme_list", "collection", "monitoring.view_programme"),
    )),
    MenuSection(_("督政"), (
        MenuItem(_("督政任务"), "governance:task_list", "bank", "inspections.view_supervisiontask"),
        MenuItem(_("督政清单"), "governance:checklist_list", "card-checklist", "governance.view_checklist"),
        MenuItem(_("清单自查"), "governance:selfcheck_list", "clipboard2-check", "governance.view_selfcheck"),
        MenuItem(_("政府领导"), "governance:leader_list", "person-vcard", "governance.view_governmentleader"),
    )),
    MenuSection(_("上级评估与备案"), (
        MenuItem(_("上级评估"), "upward:evaluation_list", "clipboard-data", "upward.view_upperevaluation"),
        MenuItem(_("指标自查"), "upward:assignment_list", "pencil-square", "upward.view_indicatorassignment"),
        MenuItem(_("备案"), "upward:filing_list", "journal-arrow-up", "upward.view_filing"),
        MenuItem(_("备案收件箱"), "upward:filing_inbox", "journal-arrow-down", "upward.acknowledge_filing"),
    )),
    MenuSection(_("方案与措施"), (
        MenuItem(_("工作方案"), "measures:plan_list", "journal-richtext", "measures.view_plan"),
        MenuItem(_("工作措施"), "measures:measure_list", "list-task", "measures.view_measure"),
        MenuItem(_("单位别名"), "measures:alias_list", "tags", "measures.add_unitalias"),
        MenuItem(_("教育改革项目"), "measures:project_list", "lightning", "measures.view_reformproject"),
        MenuItem(_("学校章程"), "measures:charter_list", "file-earmark-ruled", "measures.view_schoolcharter"),
    )),
    MenuSection(_("激励"), (
        MenuItem(_("表彰表扬"), "incentives:commendation_list", "award", "incentives.view_commendation"),
        MenuItem(_("典型经验"), "incentives:case_list", "lightbulb", "incentives.view_goodpracticecase"),
        MenuItem(_("免除督导"), "incentives:exemption_list", "shield-check", "inspections.view_supervisionexemption"),
        MenuItem(_("绿色督导结果"), "incentives:green_results", "circle-fill", "incentives.view_goodpracticecase"),
    )),
    MenuSection(_("保障与研究"), (
        MenuItem(_("督导经费预算"), "finance:budget_list", "cash-coin", "finance.view_budget"),
        MenuItem(_("兼职督学经费"), "finance:claim_list", "receipt", "finance.view_expenseclaim"),
        MenuItem(_("督学之家与工作室"), "workplaces:place_list", "house-heart", "workplaces.view_place"),
        MenuItem(_("学校自我督导"), "workplaces:selfinspection_list", "clipboard2-check", "workplaces.view_selfinspection"),
        MenuItem(_("研究课题"), "workplaces:topic_list", "journal-text", "workplaces.view_researchtopic"),
        MenuItem(_("案例论文评选"), "workplaces:round_list", "trophy", "workplaces.view_selectionround"),
        MenuItem(_("区域合作"), "workplaces:agreement_list", "people-fill", "workplaces.view_agreement"),
    )),
    MenuSection(_("信息公开"), (MenuItem(_("公开信息"), "portal:list", "globe2", "portal.view_publication"),
                              MenuItem(_("整改情况说明"), "portal:statement_new", "pencil-square",
                                       "portal.respond_publication"))),
    MenuSection(_("个人"), (MenuItem(_("个人设置与令牌"), "accounts:profile", "key"),)),
)


#: The entries each role uses every day, in the order they are shown under 工作台 (url names of
#: ``MENU`` items; one the user may not open is skipped). A user with several roles gets the union,
#: first role first, at most ``DAILY_MAX`` entries besides 首页.
DAILY = {
    "inspector": ("inspections:today", "inspections:visit_list", "inspections:task_board", "ledger:list",
                  "ledger:notifications"),
    "office_admin": ("inspections:task_board", "ledger:list", "ledger:overdue", "documents:inbox",
                     "documents:kind_list", "dashboards:index"),
    "unit_respondent": ("ledger:list", "documents:inbox", "monitoring:submission_list", "portal:statement_new"),
    "leader": ("dashboards:index", "dashboards:map", "ledger:summary", "ledger:overdue"),
    "member_liaison": ("ledger:action_list", "ledger:list", "documents:inbox"),
    "evaluator": ("monitoring:submission_list", "quality:list", "surveys:list"),
    "system_admin": ("accounts:user_list", "orgs:unit_list", "regions:tree"),
    "security_admin": ("accounts:user_list", "audit:list"),
    "audit_admin": ("audit:list",),
}
DAILY_MAX = 6
#: The role order used when a user holds several (the first one's daily entries come first).
ROLE_ORDER = ("inspector", "office_admin", "unit_respondent", "member_liaison", "leader", "evaluator",
              "system_admin", "security_admin", "audit_admin")


def daily_names(user) -> list[str]:
    roles = user_roles(user)
    if not roles and getattr(user, "is_superuser", False):
        roles = {"office_admin"}
    names: list[str] = []
    for role in sorted(roles, key=lambda r: ROLE_ORDER.index(r) if r in ROLE_ORDER else len(ROLE_ORDER)):
        for name in DAILY.get(role, ()):
            if name not in names:
                names.append(name)
    return names


def menu_for(user, current_path: str = "", badges: dict | None = None):
    """The sections and items the user may see; the one item whose URL is the longest prefix of
    the current path is active (so /inspectors/coverage/ does not also light up /inspectors/).
    ``badges``: {url name: count} shown beside the item (the unit's to-dos on 首页).

    Each section is ``{"label", "items", "daily", "open"}``: the first (``daily``) is 工作台 with the
    user's daily entries; the others are groups (``open`` when they hold the active item)."""
    badges = badges or {}
    sections = []
    by_name = {}
    for section in MENU:
        items = []
        for item in section.items:
            if item.perm and not user_has_perm(user, item.perm):
                continue
            entry = {"label": item.label, "url": reverse(item.url_name), "icon": item.icon, "active": False,
                     "badge": badges.get(item.url_name, 0), "name": item.url_name}
            by_name.setdefault(item.url_name, entry)
            items.append(entry)
        if items:
            sections.append({"label": section.label, "items": items, "daily": False, "open": False})
    daily = [by_name[n] for n in daily_names(user) if n in by_name][:DAILY_MAX]
    taken = {e["name"] for e in daily}
    home = sections[0] if sections and sections[0]["label"] == MENU[0].label else None
    if home is not None:
        home["daily"], home["open"] = True, True
        rest = [e for e in home["items"][1:] if e["name"] not in taken]  # the dashboards not used daily
        home["items"] = home["items"][:1] + [e for e in daily if e["name"] != home["items"][0]["name"]]
        taken |= {e["name"] for e in home["items"]}
        for section in sections[1:]:
            section["items"] = [e for e in section["items"] if e["name"] not in taken]
        boards = [{"label": _("数据看板"), "items": rest, "daily": False, "open": False}] if rest else []
        sections = [home, *boards] + [s for s in sections[1:] if s["items"]]
    matches = [i for sec in sections for i in sec["items"]
               if (current_path == i["url"] if i["url"] == "/" else current_path.startswith(i["url"]))]
    if matches:
        active = max(matches, key=lambda i: len(i["url"]))
        active["active"] = True
        for section in sections:
            if any(i is active for i in section["items"]):
                section["open"] = True
    return sections
