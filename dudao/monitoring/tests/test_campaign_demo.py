"""The demo campaigns and programmes: 南岸区 优质均衡 at 市级复核 (target 2027) with its report,
大足区 普及普惠 at 县级自评, a kindergarten conduct round in 大足区; loading twice changes nothing."""

import io

import pytest

from dudao.attachments.models import Attachment
from dudao.monitoring import campaign_demo
from dudao.monitoring.campaign_models import Campaign, Programme, ProgrammeRound, RoundEvaluation
from dudao.monitoring.models import Submission
from dudao.testing.factories import region

from .campaign_factories import kindergartens


@pytest.mark.django_db
def test_demo_campaigns_and_round(tree):
    dazu = region("500111", "大足区", tree["cq"])
    kindergartens(dazu, 2)
    campaign_demo.load({}, io.StringIO())
    nanan = Campaign.objects.get(region=tree["nanan"])
    assert (nanan.kind, nanan.status, nanan.target_year) == ("balance", "city", 2027)
    assert Attachment.objects.filter(purpose="report").count() == 1
    assert Campaign.objects.get(region=dazu).status == "county"
    rnd = ProgrammeRound.objects.get(region=dazu)
    assert rnd.status == "self" and RoundEvaluation.objects.filter(round=rnd).count() == 2
    assert RoundEvaluation.objects.filter(round=rnd, self_on__isnull=False).count() == 1  # approved by the county
    statuses = sorted(Submission.objects.filter(round_id=rnd.collection_round_id).values_list("status", flat=True))
    assert statuses == ["approved", "submitted"]  # each kindergarten's own 园所自评表
    before = (Campaign.objects.count(), Programme.objects.count())
    campaign_demo.load({}, io.StringIO())
    assert (Campaign.objects.count(), Programme.objects.count()) == before
