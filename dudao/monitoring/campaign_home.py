"""Home-page cards of campaigns and programmes (called from the app's ``home.py``): for an office,
the county campaigns waiting for its step (市级复核 / 省级评估 on the region above) and its own at
县级自评, and the kindergarten rounds at each stage. Counted through ``for_user`` and the kernel's
``available``."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from dudao.common.scoping import user_has_perm

from .campaign_choices import CampaignStatus, RoundStatus
from .campaign_models import Campaign, ProgrammeRound
from .campaign_workflows import CAMPAIGN_WORKFLOW


def sections(user, today: datetime.date) -> list[dict]:
    if not user_has_perm(user, "monitoring.view_campaign"):
        return []
    campaigns = list(Campaign.objects.for_user(user, "view").exclude(
        status__in=(CampaignStatus.RECOGNISED, CampaignStatus.REVOKED)).select_related("region")[:200])
    waiting = sum(1 for c in campaigns if any(t.permission != "change" for t in CAMPAIGN_WORKFLOW.available(user, c)))
    rounds = ProgrammeRound.objects.for_user(user, "view").exclude(status=RoundStatus.CLOSED).count()
    cards = [
        {"label": _("创建中的县（区）"), "count": len(campaigns), "url": reverse("campaigns:campaign_list"),
         "icon": "flag", "tone": "primary"},
        {"label": _("待本级复核、评估的创建"), "count": waiting, "url": reverse("campaigns:campaign_list"),
         "icon": "clipboard-check", "tone": "warning" if waiting else "secondary"},
        {"label": _("进行中的幼儿园办园行为评估"), "count": rounds, "url": reverse("campaigns:programme_list"),
         "icon": "building", "tone": "secondary"},
    ]
    return [{"title": _("创建与监测项目"), "cards": cards, "notifications": []}]
