"""Permission-matrix rows of creation campaigns and programmes (collected through ``matrix.py``):
every API operation under /api/v1/monitoring/campaigns and /programmes and every page under
/monitoring/campaigns/ and /monitoring/programmes/. The object under test is a 南岸区 campaign,
programme or kindergarten round; the actor is the office (in scope: 南岸区; parent: 重庆市). The
city's and the province's own steps (市级复核 …) are refused to the county by design and are tested
in ``test_campaigns.py`` / ``test_programmes.py``; the matrix runs the county's steps."""

from django.core.files.uploadedfile import SimpleUploadedFile

from dudao.accounts.roles import RoleCode
from dudao.attachments.models import Attachment
from dudao.monitoring.campaign_models import (
    Campaign,
    CampaignMilestone,
    CampaignTask,
    Programme,
    ProgrammeRound,
    RoundEvaluation,
)
from dudao.testing.matrix import Endpoint

from .campaign_factories import PDF, balance, evidence, kindergarten_round, kindergartens, programme

OFFICE = RoleCode.OFFICE_ADMIN
C = "/api/v1/monitoring/campaigns"
P = "/api/v1/monitoring/programmes"


def campaign(tree):
    return balance(tree, plan="矩阵创建方案")


def campaign_with_evidence(tree):
    c = campaign(tree)
    evidence(c)
    return c


def campaign_with_task(tree):
    c = campaign(tree)
    c.task = CampaignTask.objects.create(campaign=c, region_path=c.region_path, title="矩阵任务", owner="区财政局",
                                         deadline="2030-01-01")
    return c


def county(tree):
    return tree["nanan"]


def prog(tree):
    kindergartens(tree["nanan"], 2)
    return programme(tree)


def self_done_round(tree):
    rnd = kindergarten_round(tree, n=2)
    RoundEvaluation.objects.filter(round=rnd).update(self_on="2026-03-01", self_conclusion="good")
    return rnd


def evaluation(tree):
    """A kindergarten of a round in 县级全覆盖评估 (its self-evaluation recorded)."""
    from dudao.monitoring.campaign_workflows import ROUND_SERVICES

    rnd = self_done_round(tree)
    ROUND_SERVICES["start_county"](actor=None, round=rnd)
    return RoundEvaluation.objects.filter(round=rnd).first()


def unlinked_round(tree):
    """A round in 园所自评 whose kindergartens' form is not open yet (e.g. started before it existed)."""
    rnd = kindergarten_round(tree, n=2)
    ProgrammeRound.objects.filter(pk=rnd.pk).update(collection_round=None)
    rnd.refresh_from_db()
    return rnd


def _self_opened(o):
    return ProgrammeRound.objects.filter(pk=o.pk, collection_round__isnull=False).exists()


def _task(o):
    return getattr(getattr(o, "task", None), "pk", 1)


def _status(model, status):
    return lambda o: model.objects.filter(pk=o.pk, status=status).exists()


def _has_id(r, o):
    return any(i["id"] == o.pk for i in r.json()["items"])


def _in_board(r, o):
    return any(i["campaign"]["id"] == o.pk for i in r.json())


def _html(text_of):
    return lambda r, o: text_of(o) in r.content.decode()


def _planned(o):
    return CampaignMilestone.objects.filter(campaign=o, stage="city", planned_on="2026-09-01").exists()


def _task_added(o):
    return CampaignTask.objects.filter(campaign=o, title="矩阵新任务").exists()


def _task_done(o):
    return CampaignTask.objects.filter(campaign=o, done_on__isnull=False).exists()


def _report(o):
    return Attachment.objects.filter(purpose="report", object_id__in=o.milestones.values("pk")).exists()


def _evidence(o):
    return Attachment.objects.filter(purpose="evidence", name="矩阵佐证.pdf",
                                     object_id__in=o.milestones.values("pk")).exists()


def _created(o):
    return Campaign.objects.filter(region=o, kind="preschool").exists()


def _programme_created(o):
    return Programme.objects.filter(name="矩阵监测项目").exists()


def _round_created(o):
    return ProgrammeRound.objects.filter(programme=o, year=2027).exists()


def _county_recorded(o):
    return RoundEvaluation.objects.filter(pk=o.pk, county_on__isnull=False).exists()


NEW = {"kind": "preschool", "region_code": "500108", "target_year": 2026}

ENDPOINTS = [
    # ---- campaigns: API ----
    Endpoint("api campaigns list", "api", "list", OFFICE, campaign, lambda o: C, listed=_has_id),
    Endpoint("api campaign board", "api", "list", OFFICE, campaign, lambda o: f"{C}/board", listed=_in_board),
    Endpoint("api campaign create", "api", "write", OFFICE, county, lambda o: C, method="post", ok=(201,),
             payload=lambda o, t: NEW, effect=_created),
    Endpoint("api campaign detail", "api", "detail", OFFICE, campaign, lambda o: f"{C}/{o.pk}"),
    Endpoint("api campaign gap", "api", "detail", OFFICE, campaign, lambda o: f"{C}/{o.pk}/gap"),
    Endpoint("api campaign self-evaluate", "api", "write", OFFICE, campaign_with_evidence,
             lambda o: f"{C}/{o.pk}/transitions/self_evaluate", method="post", payload=lambda o, t: {"note": "自评达标"},
             effect=_status(Campaign, "city")),
    Endpoint("api campaign milestone plan", "api", "write", OFFICE, campaign, lambda o: f"{C}/{o.pk}/milestones/city",
             method="patch", payload=lambda o, t: {"planned_on": "2026-09-01"}, effect=_planned),
    Endpoint("api campaign task add", "api", "write", OFFICE, campaign, lambda o: f"{C}/{o.pk}/tasks", method="post",
             ok=(201,), payload=lambda o, t: {"title": "矩阵新任务", "owner": "区教委", "deadline": "2030-01-01"},
             effect=_task_added),
    Endpoint("api campaign task done", "api", "write", OFFICE, campaign_with_task,
             lambda o: f"{C}/{o.pk}/tasks/{_task(o)}/done", method="post", payload=lambda o, t: {},
             effect=_task_done),
    Endpoint("api campaign report", "api", "write", OFFICE, campaign, lambda o: f"{C}/{o.pk}/report", method="post",
             ok=(201,), payload=lambda o, t: {}, effect=_report),
    # ---- campaigns: pages ----
    Endpoint("ui campaign list", "ui", "list", OFFICE, campaign, lambda o: "/monitoring/campaigns/",
             listed=_html(lambda o: f"/monitoring/campaigns/{o.pk}/")),
    Endpoint("ui campaign new", "ui", "write", OFFICE, county, lambda o: "/monitoring/campaigns/new/", method="post",
             ok=(302,), payload=lambda o, t: {"kind": "preschool", "region": o.pk, "target_year": 2026},
             effect=_created),
    Endpoint("ui campaign detail", "ui", "detail", OFFICE, campaign, lambda o: f"/monitoring/campaigns/{o.pk}/"),
    Endpoint("ui campaign self-evaluate", "ui", "write", OFFICE, campaign_with_evidence,
             lambda o: f"/monitoring/campaigns/{o.pk}/", method="post", ok=(302,),
             payload=lambda o, t: {"transition": "self_evaluate", "note": "自评达标"}, effect=_status(Campaign, "city")),
    Endpoint("ui campaign task add", "ui", "write", OFFICE, campaign, lambda o: f"/monitoring/campaigns/{o.pk}/tasks/",
             method="post", ok=(302,),
             payload=lambda o, t: {"title": "矩阵新任务", "owner": "区教委", "deadline": "2030-01-01"},
             effect=_task_added),
    Endpoint("ui campaign task done", "ui", "write", OFFICE, campaign_with_task,
             lambda o: f"/monitoring/campaigns/{o.pk}/tasks/{_task(o)}/done/", method="post", ok=(302,),
             effect=_task_done),
    Endpoint("ui campaign milestone plan", "ui", "write", OFFICE, campaign,
             lambda o: f"/monitoring/campaigns/{o.pk}/milestones/city/plan/", method="post", ok=(302,),
             payload=lambda o, t: {"planned_on": "2026-09-01"}, effect=_planned),
    Endpoint("ui campaign milestone upload", "ui", "write", OFFICE, campaign,
             lambda o: f"/monitoring/campaigns/{o.pk}/milestones/county/files/", method="post", ok=(302,),
             payload=lambda o, t: {"file": SimpleUploadedFile("矩阵佐证.pdf", PDF, "application/pdf")},
             effect=_evidence),
    Endpoint("ui campaign report", "ui", "write", OFFICE, campaign, lambda o: f"/monitoring/campaigns/{o.pk}/report/",
             method="post", ok=(302,), payload=lambda o, t: {"year": ""}, effect=_report),
    # ---- programmes: API ----
    Endpoint("api programmes list", "api", "list", OFFICE, prog, lambda o: P, listed=_has_id),
    Endpoint("api programme create", "api", "write", OFFICE, county, lambda o: P, method="post", ok=(201,),
             payload=lambda o, t: {"name": "矩阵监测项目", "kind": "kindergarten_conduct", "region_code": "500108"},
             effect=_programme_created),
    Endpoint("api programme detail", "api", "detail", OFFICE, prog, lambda o: f"{P}/{o.pk}"),
    Endpoint("api programme coverage", "api", "detail", OFFICE, prog, lambda o: f"{P}/{o.pk}/coverage"),
    Endpoint("api programme round create", "api", "write", OFFICE, prog, lambda o: f"{P}/{o.pk}/rounds", method="post",
             ok=(201,), payload=lambda o, t: {"region_code": "500108", "year": 2027}, effect=_round_created),
    Endpoint("api programme rounds list", "api", "list", OFFICE, self_done_round, lambda o: f"{P}/rounds",
             listed=_has_id),
    Endpoint("api programme round detail", "api", "detail", OFFICE, self_done_round, lambda o: f"{P}/rounds/{o.pk}"),
    Endpoint("api programme round transition", "api", "write", OFFICE, self_done_round,
             lambda o: f"{P}/rounds/{o.pk}/transitions/start_county", method="post", payload=lambda o, t: {},
             effect=_status(ProgrammeRound, "county")),
    Endpoint("api programme evaluation record", "api", "write", OFFICE, evaluation,
             lambda o: f"{P}/evaluations/{o.pk}", method="post",
             payload=lambda o, t: {"level": "county", "conclusion": "good"}, effect=_county_recorded),
    Endpoint("api programme round self-evaluation open", "api", "write", OFFICE, unlinked_round,
             lambda o: f"{P}/rounds/{o.pk}/self-evaluation", method="post", payload=lambda o, t: {},
             effect=_self_opened),
    # ---- programmes: pages ----
    Endpoint("ui programme list", "ui", "list", OFFICE, prog, lambda o: "/monitoring/programmes/",
             listed=_html(lambda o: f"/monitoring/programmes/{o.pk}/")),
    Endpoint("ui programme new", "ui", "write", OFFICE, county, lambda o: "/monitoring/programmes/new/",
             method="post", ok=(302,),
             payload=lambda o, t: {"name": "矩阵监测项目", "kind": "kindergarten_conduct", "region": o.pk},
             effect=_programme_created),
    Endpoint("ui programme detail", "ui", "detail", OFFICE, prog, lambda o: f"/monitoring/programmes/{o.pk}/"),
    Endpoint("ui programme round create", "ui", "write", OFFICE, prog, lambda o: f"/monitoring/programmes/{o.pk}/",
             method="post", ok=(302,), payload=lambda o, t: {"region": t["nanan"].pk, "year": 2027},
             effect=_round_created),
    Endpoint("ui programme round detail", "ui", "detail", OFFICE, self_done_round,
             lambda o: f"/monitoring/programmes/rounds/{o.pk}/"),
    Endpoint("ui programme round transition", "ui", "write", OFFICE, self_done_round,
             lambda o: f"/monitoring/programmes/rounds/{o.pk}/", method="post", ok=(302,),
             payload=lambda o, t: {"transition": "start_county"}, effect=_status(ProgrammeRound, "county")),
    Endpoint("ui programme evaluation record", "ui", "write", OFFICE, evaluation,
             lambda o: f"/monitoring/programmes/evaluations/{o.pk}/", method="post", ok=(302,),
             payload=lambda o, t: {"level": "county", "conclusion": "good"}, effect=_county_recorded),
    Endpoint("ui programme round self-evaluation open", "ui", "write", OFFICE, unlinked_round,
             lambda o: f"/monitoring/programmes/rounds/{o.pk}/self-evaluation/", method="post", ok=(302,),
             payload=lambda o, t: {}, effect=_self_opened),
]
