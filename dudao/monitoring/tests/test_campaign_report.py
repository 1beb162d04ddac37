"""The county self-evaluation report: generated as a Word document by the documents app's renderer,
stored as the 县级自评 milestone's attachment; opened with python-docx and its tables read — the
CVs against thresholds per 学段, each school's seven values, the failing schools, the 普及普惠
indicators, the milestones."""

from decimal import Decimal

import pytest

from dudao.attachments.models import Attachment
from dudao.documents.tests.docx_inspect import open_docx
from dudao.monitoring.campaign_models import Campaign
from dudao.testing.matrix import api_client

from .campaign_factories import balance, preschool, users

API = "/api/v1/monitoring/campaigns"


CODES = ["degree", "backbone", "pe_art", "teaching_area", "sports_area", "equipment", "multimedia"]


def _values(*numbers):
    return {c: Decimal(str(n)) for c, n in zip(CODES, numbers, strict=True)}


@pytest.fixture
def indices(monkeypatch, tree):
    """The indices' results of 南岸区 in their real classes (their computation is tested by the indices'
    own tests), put in place of ``balance_county`` / ``preschool_county``."""
    from dudao.monitoring import indices as module
    from dudao.monitoring.indices.balance import (
        _FACTORS,
        BalanceResult,
        ExcludedSchool,
        SchoolRow,
        SectionResult,
    )
    from dudao.monitoring.indices.preschool import KindergartenRow, Measure, PreschoolResult

    def totals(students, values):  # R_i from the wanted X_i = k·R_i / P_i
        factors = {code: k for code, _column, k in _FACTORS}
        return {code: value * students / factors[code] for code, value in values.items()}

    good = SchoolRow(1, "南岸实验小学", "primary", "primary", 1200,
                     totals(1200, _values(5.1, 1.2, 1.0, 4.6, 7.8, 2400, 2.5)), {}, {}, True, [])
    bad = SchoolRow(2, "长生桥小学", "primary", "primary", 800,
                    totals(800, _values(4.3, 1.1, 0.9, 4.5, 6.1, 2100, 2.3)), {}, {}, False, ["sports_area"],
                    "生均体育运动场馆面积6.1m²，不足标准7.5m²的85%")
    cv = dict(zip(CODES, [Decimal("0.31"), Decimal("0.42"), Decimal("0.28"), Decimal("0.41"), Decimal("0.39"),
                          Decimal("0.62"), Decimal("0.33")], strict=True))
    primary = SectionResult("primary", "小学", Decimal("0.50"), {}, [good, bad],
                            [ExcludedSchool(3, "广阳镇教学点", "primary", 30, "教学点不足50人")], 2000, {}, {}, cv,
                            {c: v <= Decimal("0.50") for c, v in cv.items()})
    balance = BalanceResult(tree["nanan"], 2025, False, {"primary": primary}, {}, None, Decimal(85), "failed",
                            ["小学生均教学仪器设备值差异系数0.62，超过0.50", "长生桥小学未达到校际均衡要求"])
    hard = [Measure("gross_rate", "学前三年毛入园率", Decimal("91.2"), Decimal(85), ">=", passed=True),
            Measure("inclusive_rate", "普惠性幼儿园覆盖率", Decimal("83.0"), Decimal(80), ">=", passed=True),
            Measure("public_share", "公办园在园幼儿占比", Decimal("47.0"), Decimal(50), ">=", passed=False)]
    kg = KindergartenRow(9, "南岸区第一幼儿园", "public", 300, {}, {}, None, None, {}, ["生均室外游戏场地3.2m²，不足4m²"])
    preschool = PreschoolResult(tree["nanan"], 2025, False, {}, [kg], {}, {}, hard, [],
                                Measure("recognition", "社会认可度", None, Decimal(85), ">="), "failed",
                                ["公办园在园幼儿占比47%，低于50%"])
    monkeypatch.setattr(module, "balance_county", lambda region, year, **kw: balance)
    monkeypatch.setattr(module, "preschool_county", lambda region, year, **kw: preschool)
    return module


def _tables(att):
    with att.file.open("rb") as f:
        doc = open_docx(f.read())
    return doc, [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]


@pytest.mark.django_db
def test_report_tables_of_a_balance_campaign(tree, indices):
    u = users(tree)
    campaign = balance(tree)
    r = api_client(u["county"]).post(f"{API}/{campaign.pk}/report", data={"year": 2025},
                                     content_type="application/json")
    assert r.status_code == 201, r.content
    att = Attachment.objects.get(pk=r.json()["attachment_id"])
    assert att.purpose == "report" and att.name.endswith(".docx")
    doc, tables = _tables(att)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "南岸区义务教育优质均衡发展县级自评报告" in text and "超过0.50" in text and "未达标" in text
    cvs = next(t for t in tables if t[0][:3] == ["学段", "指标", "差异系数"])
    assert len(cvs) == 1 + 7
    assert ["小学", "生均教学仪器设备值", "0.62", "≤ 0.5", "未达标"] in cvs
    assert ["小学", "生均教学及辅助用房面积", "0.41", "≤ 0.5", "达标"] in cvs
    schools = next(t for t in tables if t[0][1] == "学校" and len(t[0]) == 10)
    assert schools[0][2] == "每百名学生拥有高于规定学历教师数"
    assert schools[1] == ["小学", "南岸实验小学", "5.1", "1.2", "1", "4.6", "7.8", "2400", "2.5", "达标"]
    failing = next(t for t in tables if t[0] == ["学段", "学校", "原因"] and t[1][1] == "长生桥小学")
    assert "85%" in failing[1][2]
    assert any(row[1] == "广阳镇教学点" for t in tables for row in t)  # excluded schools and why
    milestones = next(t for t in tables if t[0][0] == "环节")
    assert [row[0] for row in milestones[1:]] == ["县级自评", "市级复核", "省级评估", "国家认定"]
    # the report is the county milestone's evidence: the self-evaluation may now pass
    r = api_client(u["county"]).post(f"{API}/{campaign.pk}/transitions/self_evaluate", content_type="application/json")
    assert r.status_code == 200 and Campaign.objects.get(pk=campaign.pk).status == "city"
    # and only in the county's stage
    assert api_client(u["county"]).post(f"{API}/{campaign.pk}/report", data={},
                                        content_type="application/json").status_code == 422


@pytest.mark.django_db
def test_report_tables_of_a_preschool_campaign_and_the_gap_api(tree, indices):
    u = users(tree)
    campaign = preschool(tree)
    gap = api_client(u["county"]).get(f"{API}/{campaign.pk}/gap").json()
    assert gap["available"] and gap["passed"] is False and "低于50%" in gap["failures"][0]
    assert ["公办园在园幼儿占比", "47%", ">= 50%", "未达标"] in gap["tables"][0]["rows"]
    r = api_client(u["county"]).post(f"{API}/{campaign.pk}/report", content_type="application/json")
    _doc, tables = _tables(Attachment.objects.get(pk=r.json()["attachment_id"]))
    hard = next(t for t in tables if t[0] == ["指标", "数值", "标准", "结果"])
    assert [row[0] for row in hard[1:]] == ["学前三年毛入园率", "普惠性幼儿园覆盖率", "公办园在园幼儿占比"]
    assert any(row == ["南岸区第一幼儿园", "生均室外游戏场地3.2m²，不足4m²"] for t in tables for row in t)


@pytest.mark.django_db
def test_report_refused_to_a_sibling_and_a_leader(tree):
    u = users(tree)
    campaign = balance(tree)
    post = {"data": {}, "content_type": "application/json"}
    assert api_client(u["sibling"]).post(f"{API}/{campaign.pk}/report", **post).status_code == 404
    assert api_client(u["leader"]).post(f"{API}/{campaign.pk}/report", **post).status_code == 403
    assert not Attachment.objects.filter(purpose="report").exists()
    # without approved data the report says so and still carries the milestones
    r = api_client(u["county"]).post(f"{API}/{campaign.pk}/report", **post)
    assert r.status_code == 201
