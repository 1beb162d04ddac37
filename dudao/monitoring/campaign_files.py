"""Files of a campaign's milestones (``dudao.attachments``, owner type ``monitoring.milestone``):
the evidence of each step (佐证材料: the city's 复核意见, the province's 评估报告, the national 认定文件)
and the county's generated self-evaluation report. A file is added while the campaign is at that
step, by whoever may pass the step (the county office for 县级自评, the office above for 市级复核,
the province for 省级评估 and 国家认定)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from dudao.attachments import registry

from .campaign_choices import Stage
from .campaign_models import CampaignMilestone
from .campaign_workflows import ASSESS, CAMPAIGN_WORKFLOW, CHANGE, REVIEW

PURPOSES = {"evidence": gettext_lazy("佐证材料"), "report": gettext_lazy("县级自评报告")}
#: the right that passes each stage
STAGE_PERMISSION = {Stage.COUNTY: CHANGE, Stage.CITY: REVIEW, Stage.PROVINCE: ASSESS, Stage.NATIONAL: ASSESS}


def may_add(user, milestone: CampaignMilestone, purpose: str) -> bool:
    campaign = milestone.campaign
    if campaign.status != milestone.stage:
        return False
    if purpose == "report" and milestone.stage != Stage.COUNTY:
        return False
    return CAMPAIGN_WORKFLOW.may(user, campaign, STAGE_PERMISSION[milestone.stage])


def register() -> None:
    """Called from ``MonitoringConfig.ready``."""
    registry.register(registry.OwnerType(
        code="monitoring.milestone", model=CampaignMilestone, purposes=PURPOSES, may_add=may_add,
        step_key=lambda m: m.campaign.status,
        may_delete_any=lambda user, m: may_add(user, m, "evidence")))
