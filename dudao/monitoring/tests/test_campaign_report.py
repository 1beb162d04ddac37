"""The county self-evaluation report: generated as a Word document by the documents app's renderer,
stored as the 县级自评 milestone's attachment; opened with python-docx and its tables read — the
CVs against thresholds per 学段, each school's seven values, the failing schools, the 普及普惠
indicators, the milestones."""

import sys
import types
from dataclasses import dataclass, field

import pytest

from dudao.attachments.models import Attachment
from dudao.documents.tests.docx_inspect import open_docx
from dudao.monitoring.campaign_models import Campaign
from dudao.testing.matrix import api_client

from .campaign_factories import balance, preschool, users

API = "/api/v1/monitoring/campaigns"


@dataclass
class CV:
    label: str
    value: float
    threshold: float
    passes: bool


@dataclass
class School:
    name: str
    values: list
    passes: bool


@dataclass
class Failing:
    name: str
    reasons: list


@dataclass
class Section:
    label: str
    cvs: list
    schools: list = field(default_factory=list)
    failing_schools: list = field(default_factory=list)


@dataclass
class Result:
    verdict: str
    failures: list
    sections: list


@dataclass
class Indicator:
    label: str
    value: float
    threshold: float
    passes: bool


@pytest.fixture
def indices(monkeypatch):
    """Stand-in results of ``dudao.monitoring.indices`` in the shape the adapter reads."""
    module = types.ModuleType("dudao.monitoring.indices")
    module.balance_county = lambda region, year: Result(
        verdict="未达标", failures=["小学段生均教学仪器设备值差异系数0.62，超过0.50"],
        sections=[Section("小学", [CV("生均教学及辅助用房面积", 0.41, 0.50, True),
                                  CV("生均教学仪器设备值", 0.62, 0.50, False)],
                          [School("南岸实验小学", [4.6, 7.8, 2400, 2.3, 4.2, 0.9, 0.9], True)],
                          [Failing("长生桥小学", ["生均体育运动场馆面积6.1㎡，不足标准7.5㎡的85%"])])])
    module.preschool_county = lambda region, year: types.SimpleNamespace(
        verdict=True, failures=[], indicators=[Indicator("学前三年毛入园率", 0.912, 0.85, True),
                                               Indicator("普惠性幼儿园覆盖率", 0.83, 0.80, True),
                                               Indicator("公办园在园幼儿占比", 0.47, 0.50, False)])
    import dudao.monitoring as package

    monkeypatch.setitem(sys.modules, "dudao.monitoring.indices", module)
    monkeypatch.setattr(package, "indices", module, raising=False)
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
    assert "南岸区义务教育优质均衡发展县级自评报告" in text and "超过0.50" in text
    cvs = next(t for t in tables if t[0][:3] == ["学段", "指标", "差异系数"])
    assert ["小学", "生均教学仪器设备值", "0.62", "0.5", "未达标"] in cvs
    schools = next(t for t in tables if t[0][1] == "学校" and len(t[0]) == 10)
    assert schools[1][:3] == ["小学", "南岸实验小学", "4.6"]
    failing = next(t for t in tables if t[0] == ["学段", "学校", "原因"])
    assert failing[1][1] == "长生桥小学" and "85%" in failing[1][2]
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
    assert gap["available"] and gap["passed"] is True
    assert ["公办园在园幼儿占比", "0.47", "0.5", "未达标"] in gap["tables"][0]["rows"]
    r = api_client(u["county"]).post(f"{API}/{campaign.pk}/report", content_type="application/json")
    _doc, tables = _tables(Attachment.objects.get(pk=r.json()["attachment_id"]))
    hard = next(t for t in tables if t[0] == ["指标", "数值", "标准", "结果"])
    assert [row[0] for row in hard[1:]] == ["学前三年毛入园率", "普惠性幼儿园覆盖率", "公办园在园幼儿占比"]


@pytest.mark.django_db
def test_report_refused_to_a_sibling_and_a_leader(tree):
    u = users(tree)
    campaign = balance(tree)
    post = {"data": {}, "content_type": "application/json"}
    assert api_client(u["sibling"]).post(f"{API}/{campaign.pk}/report", **post).status_code == 404
    assert api_client(u["leader"]).post(f"{API}/{campaign.pk}/report", **post).status_code == 403
    assert not Attachment.objects.filter(purpose="report").exists()
    # without the indices the report still carries the milestones
    r = api_client(u["county"]).post(f"{API}/{campaign.pk}/report", **post)
    assert r.status_code == 201
