"""The county's self-evaluation report (县级自评报告) as a Word document, laid out by the documents
app's GB/T 9704 renderer (``documents.rendering.docx_official.render_official``, the one renderer
of the platform; a PDF comes from the same .docx through ``documents.rendering.pdf``), with the
tables of the indices — per 学段 the 差异系数 against their thresholds, each school's seven values,
the failing schools and why; or the 普及普惠 hard indicators — and the campaign's milestones and
tasks. The file is stored as an attachment (purpose ``report``) of the campaign's 县级自评
milestone, where it counts as that step's evidence."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.attachments.services import attachment_add
from dudao.documents.layout import DataTable, Layout, cn_date
from dudao.documents.rendering.docx_official import render_official

from .campaign_choices import CampaignKind, CampaignStatus, Stage
from .campaign_files import may_add
from .campaign_models import Campaign, CampaignMilestone
from .campaign_workflows import CAMPAIGN_WORKFLOW
from .campaigns import campaign_gap

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _office_name(region) -> str:
    from dudao.orgs.choices import UnitKind
    from dudao.orgs.models import Unit

    office = Unit.objects.filter(kind=UnitKind.OFFICE, region=region, is_active=True).order_by("id").first()
    return office.name if office else f"{region.name}人民政府教育督导室"


def report_layout(campaign: Campaign, year: int, today: datetime.date) -> Layout:
    gap = campaign_gap(campaign, year)
    subject = "义务教育优质均衡发展" if campaign.kind == CampaignKind.BALANCE else "学前教育普及普惠"
    body = [
        f"一、基本情况。{campaign.region.name}计划于{campaign.target_year}年通过{subject}县国家认定"
        + (f"，于{campaign.basis_year}年通过义务教育基本均衡发展国家认定" if campaign.basis_year else "") + "。",
        f"二、{year}年度监测结果。",
    ]
    if not gap.available:
        body.append("指标计算结果暂未生成，请在数据采集审核完成后重新生成本报告。")
    else:
        body.append(f"县域结论：{gap.verdict or '—'}。")
        if gap.failures:
            body.append("未达标情况如下：")
            body.extend(f"{i}.{text}" for i, text in enumerate(gap.failures, start=1))
        else:
            body.append("各项指标均已达到国家标准。")
    body.append("三、创建进程。各环节计划和完成情况见附表。")
    tables = [DataTable(t.caption, t.header, t.rows) for t in gap.tables]
    milestones = CampaignMilestone.objects.filter(campaign=campaign)
    tables.append(DataTable("创建环节", ["环节", "计划日期", "完成日期", "结论"], [
        [m.get_stage_display(), cn_date(m.planned_on) or "—", cn_date(m.actual_on) or "—", m.conclusion or ""]
        for m in milestones]))
    tasks = list(campaign.tasks.all())
    if tasks:
        tables.append(DataTable("创建任务", ["任务", "责任单位", "完成期限", "完成情况"], [
            [t.title, t.owner, cn_date(t.deadline), cn_date(t.done_on) if t.done_on else "未完成"] for t in tasks]))
    office = _office_name(campaign.region)
    return Layout(title=f"{campaign.region.name}{subject}县级自评报告", body=body, tables=tables,
                  signature=office, signed_on=today)


@transaction.atomic
def report_generate(*, actor, campaign: Campaign, year: int | None = None, today: datetime.date | None = None):
    """Render the report and attach it to the 县级自评 milestone; returns the Attachment."""
    today = today or timezone.localdate()
    year = year or today.year - 1
    milestone = CampaignMilestone.objects.select_related("campaign", "campaign__region").get(
        campaign=campaign, stage=Stage.COUNTY)
    if campaign.status != CampaignStatus.COUNTY:
        raise ValidationError({"status": _("自评报告在县级自评阶段生成")})
    if actor is not None and not may_add(actor, milestone, "report"):
        raise PermissionDenied(_("无权生成该县的自评报告"))
    data = render_official(report_layout(campaign, year, today))
    name = f"{campaign.region.name}{campaign.get_kind_display()}县级自评报告（{today.isoformat()}）.docx"
    att = attachment_add(actor=actor, owner=milestone, purpose="report", file=SimpleUploadedFile(name, data, DOCX),
                         may=lambda *args: True, data={"year": year})
    CAMPAIGN_WORKFLOW.log(campaign, "report", actor=actor, data={"attachment": att.pk, "year": year})
    return att
