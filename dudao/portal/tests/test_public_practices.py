"""Good-practice cases (典型经验, E6) on the public portal: only published cases the office marked
for the portal are listed and readable, without personal data."""

import pytest
from django.test import Client

from dudao.incentives import services, workflows
from dudao.testing.incentives_factories import green_result, incentives_world

pytestmark = pytest.mark.django_db


def _case(world, title, publishable, publish=True):
    case = services.case_create(actor=world["admin"], source_target=green_result(world["office"], world["unit"]),
                                title=title, summary="课后服务“一校一案”，咨询电话13812345678", publishable=publishable)
    return workflows.case_publish(actor=world["admin"], case=case) if publish else case


def test_only_published_portal_cases_are_public(tree):
    world = incentives_world(tree)
    shown = _case(world, "课后服务一校一案经验", publishable=True)
    internal = _case(world, "内部交流经验", publishable=False)
    draft = _case(world, "尚未发布的经验", publishable=True, publish=False)
    client = Client()
    index = client.get("/public/").content.decode()
    assert "课后服务一校一案经验" in index and "内部交流经验" not in index and "尚未发布的经验" not in index
    page = client.get(f"/public/practices/{shown.pk}/").content.decode()
    assert "课后服务一校一案经验" in page and "138****5678" in page and "13812345678" not in page
    for hidden in (internal, draft):
        assert client.get(f"/public/practices/{hidden.pk}/").status_code == 404
    # the region filter applies to cases too
    assert "课后服务一校一案经验" not in client.get("/public/", {"region": tree["ddk"].code}).content.decode()
