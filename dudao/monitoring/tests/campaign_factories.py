"""Rows for the campaign and programme tests and the permission matrix."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from dudao.accounts.roles import RoleCode
from dudao.attachments.services import attachment_add
from dudao.monitoring.campaign_choices import CampaignKind, ProgrammeKind, Stage
from dudao.monitoring.campaign_models import CampaignMilestone
from dudao.monitoring.campaigns import campaign_create, programme_create, round_create
from dudao.orgs.choices import UnitKind
from dudao.testing.factories import UnitFactory, user_with_role

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def balance(tree, **kw):
    kw.setdefault("target_year", 2027)
    kw.setdefault("basis_year", 2015)
    return campaign_create(actor=None, kind=CampaignKind.BALANCE, region=tree["nanan"], **kw)


def preschool(tree, **kw):
    kw.setdefault("target_year", 2026)
    return campaign_create(actor=None, kind=CampaignKind.PRESCHOOL, region=tree["nanan"], **kw)


def evidence(campaign, stage=None, name="佐证.pdf"):
    milestone = CampaignMilestone.objects.get(campaign=campaign, stage=stage or campaign.status)
    return attachment_add(actor=None, owner=milestone, purpose="evidence",
                          file=SimpleUploadedFile(name, PDF, "application/pdf"))


def kindergartens(region, n=3):
    return [UnitFactory(kind=UnitKind.KINDERGARTEN, region=region, name=f"测试幼儿园{region.code}-{i}")
            for i in range(n)]


def programme(tree, region=None):
    return programme_create(actor=None, name="幼儿园办园行为督导评估", kind=ProgrammeKind.KINDERGARTEN_CONDUCT,
                            region=region or tree["nanan"])


def kindergarten_round(tree, n=3, year=2026):
    kindergartens(tree["nanan"], n)
    return round_create(actor=None, programme=programme(tree), region=tree["nanan"], year=year)


def self_evaluate(rnd, kindergarten=None, *, conclusion="good", status="approved"):
    """Each kindergarten (or one) fills the linked 园所自评表 and submits it; the county approves it
    (``status`` "approved"), returns it ("returned") or leaves it submitted ("submitted")."""
    from dudao.monitoring import services
    from dudao.monitoring.models import Submission

    subs = Submission.objects.filter(round_id=rnd.collection_round_id)
    if kindergarten is not None:
        subs = subs.filter(unit=kindergarten)
    levels = ["conditions", "safety_health", "care_education", "staff", "management", "self_conclusion"]
    for sub in subs:
        services.values_save(actor=None, submission=sub, values={(code, ""): conclusion for code in levels})
        services.submission_submit(actor=None, submission=sub)
        if status == "approved":
            services.submission_approve(actor=None, submission=sub)
        elif status == "returned":
            services.submission_return(actor=None, submission=sub, note="请补充自评报告")
    return list(subs)


def users(tree):
    return {
        "county": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]),
        "city": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"]),
        "sibling": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]),
        "leader": user_with_role(RoleCode.LEADER, region=tree["cq"]),
        "inspector": user_with_role(RoleCode.INSPECTOR, region=tree["nanan"]),
    }


TODAY = datetime.date(2026, 5, 1)
__all__ = ["Stage"]
