"""The left menu, by module. An item shows when the user holds its permission somewhere.
Later modules append their sections here."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dudao.common.scoping import user_has_perm


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
    MenuSection(_("信息公开"), (MenuItem(_("公开信息"), "portal:list", "globe2", "portal.view_publication"),
                              MenuItem(_("整改情况说明"), "portal:statement_new", "pencil-square",
                                       "portal.respond_publication"))),
    MenuSection(_("个人"), (MenuItem(_("个人设置与令牌"), "accounts:profile", "key"),)),
)


def menu_for(user, current_path: str = "", badges: dict | None = None):
    """The sections and items the user may see; the one item whose URL is the longest prefix of
    the current path is active (so /inspectors/coverage/ does not also light up /inspectors/).
    ``badges``: {url name: count} shown beside the item (the unit's to-dos on 首页)."""
    badges = badges or {}
    sections = []
    for section in MENU:
        items = []
        for item in section.items:
            if item.perm and not user_has_perm(user, item.perm):
                continue
            items.append({"label": item.label, "url": reverse(item.url_name), "icon": item.icon, "active": False,
                          "badge": badges.get(item.url_name, 0)})
        if items:
            sections.append({"label": section.label, "items": items})
    matches = [i for sec in sections for i in sec["items"]
               if (current_path == i["url"] if i["url"] == "/" else current_path.startswith(i["url"]))]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return sections
