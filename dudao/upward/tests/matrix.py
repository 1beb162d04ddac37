"""The upward app's rows of the permission matrix (collected by ``tests/test_permission_matrix.py``).

The object under test sits in 南岸区: an evaluation of 南岸区's government (its office splits, starts,
compiles, reviews its units' parts; 南岸区 and 重庆市 are allowed), a member unit's self-check (the
respondents of 南岸区 and 重庆市), a filing of 南岸区 with 重庆市. The steps of the office above
(announce, findings, review, acknowledge) are exercised one level down — on an evaluation of 铜元局街道
and a filing of 铜元局街道 with 南岸区 — so that 南岸区 is the office above and 重庆市 above it, while
铜元局街道 itself (the child case) is refused."""

import datetime
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dudao.accounts.roles import RoleCode
from dudao.attachments.services import for_owner
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import MemberUnit
from dudao.testing.factories import UnitFactory
from dudao.testing.frameworks_factories import load_small
from dudao.testing.matrix import Endpoint
from dudao.upward import services
from dudao.upward.models import Filing, IndicatorAssignment, UpperEvaluation, UpperFinding
from dudao.upward.workflows import ASSIGNMENT_SERVICES, EVALUATION_SERVICES

OFFICE, UNIT = RoleCode.OFFICE_ADMIN, RoleCode.UNIT_RESPONDENT
API = "/api/v1/upward"
SOON = lambda days=5: timezone.localdate() + datetime.timedelta(days=days)  # noqa: E731


def _members(region, n=2):
    committee = UnitFactory(kind=UnitKind.COMMITTEE, region=region, name=f"{region.name}矩阵督导委员会")
    units = []
    for i in range(n):
        unit = UnitFactory(kind=UnitKind.DEPARTMENT, region=region, name=f"{region.name}矩阵成员单位{i}")
        MemberUnit.objects.create(committee=committee, unit=unit)
        units.append(unit)
    return units


def evaluation(tree, key="nanan"):
    region = tree[key]
    UnitFactory(kind=UnitKind.OFFICE, region=region, name=f"{region.name}矩阵督导室")
    units = _members(region)
    version = load_small()
    ev = services.evaluation_announce(actor=None, region=region, version=version, year=2026, deadline=SOON(30))
    leaves = list(version.indicators.filter(children__isnull=True).order_by("sort_order", "id"))
    return SimpleNamespace(pk=ev.pk, ev=ev, units=units, leaves=leaves, version=version, region=region)


def assigned(tree, key="nanan"):
    o = evaluation(tree, key)
    o.a = services.indicator_assign(actor=None, evaluation=o.ev, indicator=o.leaves[0], unit=o.units[0],
                                    deadline=SOON())
    return o


def started(tree, key="nanan"):
    o = assigned(tree, key)
    EVALUATION_SERVICES["start"](actor=None, evaluation=o.ev)
    o.pk = o.a.pk
    return o


def self_checked(tree):
    o = started(tree)
    ASSIGNMENT_SERVICES["submit"](actor=None, assignment=o.a, answer="已落实")
    return o


def town_submitted(tree):
    """An evaluation of 铜元局街道 by 南岸区, submitted upward (the reviewer's steps)."""
    o = started(tree, "nanan_town")
    ASSIGNMENT_SERVICES["submit"](actor=None, assignment=o.a, answer="已落实")
    ASSIGNMENT_SERVICES["accept"](actor=None, assignment=o.a)
    EVALUATION_SERVICES["submit"](actor=None, evaluation=o.ev)
    o.pk = o.ev.pk
    return o


def town(tree):
    """铜元局街道 with its office (the object of an announcement by 南岸区)."""
    UnitFactory(kind=UnitKind.OFFICE, region=tree["nanan_town"], name="铜元局街道矩阵督导室")
    return SimpleNamespace(pk=tree["nanan_town"].pk, region=tree["nanan_town"], version=load_small())


def nanan(tree):
    UnitFactory(kind=UnitKind.OFFICE, region=tree["nanan"], name="南岸区矩阵督导室")
    return SimpleNamespace(pk=tree["nanan"].pk, region=tree["nanan"])


def filing(tree, key="nanan"):
    return services.filing_create(actor=None, region=tree[key], kind="matter", title=f"{tree[key].name}矩阵备案事项",
                                  summary="情况说明")


def town_filing(tree):
    return filing(tree, "nanan_town")


def _status(model, status):
    return lambda o: model.objects.filter(pk=o.pk, status=status).exists()


def _assignment_status(status):
    return lambda o: IndicatorAssignment.objects.filter(pk=o.a.pk, status=status).exists()


def _listed(key="id"):
    return lambda r, o: any(i[key] == o.pk for i in r.json()["items"])


def _pdf():
    return SimpleUploadedFile("佐证.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")


FINDING = {"description": "矩阵：校舍改造滞后", "requirement": "按期完成改造", "category": "management"}

ENDPOINTS = [
    # ---- evaluations (API) ----
    Endpoint("upward api evaluations", "api", "list", OFFICE, evaluation, lambda o: f"{API}/evaluations",
             listed=_listed()),
    Endpoint("upward api evaluation", "api", "detail", OFFICE, evaluation, lambda o: f"{API}/evaluations/{o.pk}"),
    Endpoint("upward api announce", "api", "write", OFFICE, town, lambda o: f"{API}/evaluations", method="post",
             ok=(201,), payload=lambda o, t: {"region_id": o.region.pk, "version_id": o.version.pk, "year": 2026,
                                              "deadline": str(SOON(20))},
             effect=lambda o: UpperEvaluation.objects.filter(region=o.region).exists()),
    Endpoint("upward api assign", "api", "write", OFFICE, evaluation, lambda o: f"{API}/evaluations/{o.pk}/assignments",
             method="post", ok=(201,),
             payload=lambda o, t: {"indicator_id": o.leaves[1].pk, "unit_id": o.units[1].pk, "deadline": str(SOON())},
             effect=lambda o: IndicatorAssignment.objects.filter(evaluation_id=o.pk).exists()),
    Endpoint("upward api start", "api", "write", OFFICE, assigned,
             lambda o: f"{API}/evaluations/{o.pk}/transitions/start", method="post",
             effect=_status(UpperEvaluation, "self_check")),
    Endpoint("upward api compile", "api", "write", OFFICE, assigned, lambda o: f"{API}/evaluations/{o.pk}/compile",
             method="post", effect=lambda o: bool(for_owner(o.ev, "package"))),
    Endpoint("upward api finding", "api", "write", OFFICE, town_submitted,
             lambda o: f"{API}/evaluations/{o.pk}/findings", method="post", ok=(201,),
             payload=lambda o, t: {**FINDING, "unit_id": o.units[0].pk, "deadline": str(SOON(60))},
             effect=lambda o: UpperFinding.objects.filter(evaluation_id=o.pk).exists()),
    Endpoint("upward api review", "api", "write", OFFICE, town_submitted,
             lambda o: f"{API}/evaluations/{o.pk}/transitions/review", method="post",
             payload=lambda o, t: {"conclusion": "总体良好"}, effect=_status(UpperEvaluation, "reviewed")),
    # ---- assignments (API) ----
    Endpoint("upward api assignments", "api", "list", UNIT, started, lambda o: f"{API}/assignments",
             listed=_listed()),
    Endpoint("upward api assignment", "api", "detail", UNIT, started, lambda o: f"{API}/assignments/{o.pk}"),
    Endpoint("upward api self-check", "api", "write", UNIT, started,
             lambda o: f"{API}/assignments/{o.pk}/transitions/submit", method="post",
             payload=lambda o, t: {"answer": "矩阵：已落实", "score": 8}, effect=_assignment_status("submitted")),
    Endpoint("upward api accept", "api", "write", OFFICE, self_checked,
             lambda o: f"{API}/assignments/{o.pk}/transitions/accept", method="post",
             effect=_assignment_status("accepted")),
    # ---- filings (API) ----
    Endpoint("upward api filings", "api", "list", OFFICE, filing, lambda o: f"{API}/filings", listed=_listed()),
    Endpoint("upward api filing inbox", "api", "list", OFFICE, town_filing, lambda o: f"{API}/filings/inbox",
             listed=_listed()),
    Endpoint("upward api filing", "api", "detail", OFFICE, filing, lambda o: f"{API}/filings/{o.pk}"),
    Endpoint("upward api file", "api", "write", OFFICE, nanan, lambda o: f"{API}/filings", method="post", ok=(201,),
             payload=lambda o, t: {"region_id": o.region.pk, "kind": "matter", "title": "矩阵：重大事项报备",
                                   "summary": "说明"},
             effect=lambda o: Filing.objects.filter(title="矩阵：重大事项报备").exists()),
    Endpoint("upward api acknowledge", "api", "write", OFFICE, town_filing,
             lambda o: f"{API}/filings/{o.pk}/transitions/acknowledge", method="post",
             effect=_status(Filing, "acknowledged")),
    # ---- pages ----
    Endpoint("upward ui evaluations", "ui", "list", OFFICE, evaluation, lambda o: "/upward/evaluations/",
             listed=lambda r, o: o.ev.title in r.content.decode()),
    Endpoint("upward ui evaluation", "ui", "detail", OFFICE, evaluation, lambda o: f"/upward/evaluations/{o.pk}/"),
    Endpoint("upward ui announce", "ui", "write", OFFICE, town, lambda o: "/upward/evaluations/new/", method="post",
             ok=(302,), payload=lambda o, t: {"region": o.region.pk, "version": o.version.pk, "year": 2026,
                                              "deadline": str(SOON(20))},
             effect=lambda o: UpperEvaluation.objects.filter(region=o.region).exists()),
    Endpoint("upward ui assign", "ui", "write", OFFICE, evaluation, lambda o: f"/upward/evaluations/{o.pk}/assign/",
             method="post", ok=(302,),
             payload=lambda o, t: {"assign-indicator": o.leaves[1].pk, "assign-unit": o.units[1].pk,
                                   "assign-deadline": str(SOON())},
             effect=lambda o: IndicatorAssignment.objects.filter(evaluation_id=o.pk).exists()),
    Endpoint("upward ui start", "ui", "write", OFFICE, assigned, lambda o: f"/upward/evaluations/{o.pk}/",
             method="post", ok=(302,), payload=lambda o, t: {"transition": "start"},
             effect=_status(UpperEvaluation, "self_check")),
    Endpoint("upward ui compile", "ui", "write", OFFICE, assigned, lambda o: f"/upward/evaluations/{o.pk}/compile/",
             method="post", ok=(302,), effect=lambda o: bool(for_owner(o.ev, "package"))),
    Endpoint("upward ui finding", "ui", "write", OFFICE, town_submitted,
             lambda o: f"/upward/evaluations/{o.pk}/findings/", method="post", ok=(302,),
             payload=lambda o, t: {**{f"finding-{k}": v for k, v in FINDING.items()}, "finding-unit": o.units[0].pk,
                                   "finding-severity": "minor", "finding-deadline": str(SOON(60))},
             effect=lambda o: UpperFinding.objects.filter(evaluation_id=o.pk).exists()),
    Endpoint("upward ui assignments", "ui", "list", UNIT, started, lambda o: "/upward/assignments/",
             listed=lambda r, o: f"/upward/assignments/{o.pk}/" in r.content.decode()),
    Endpoint("upward ui assignment", "ui", "detail", UNIT, started, lambda o: f"/upward/assignments/{o.pk}/"),
    Endpoint("upward ui self-check", "ui", "write", UNIT, started, lambda o: f"/upward/assignments/{o.pk}/",
             method="post", ok=(302,), payload=lambda o, t: {"transition": "submit", "answer": "矩阵：已落实"},
             effect=_assignment_status("submitted")),
    Endpoint("upward ui evidence", "ui", "write", UNIT, started, lambda o: f"/upward/assignments/{o.pk}/upload/",
             method="post", ok=(302,), payload=lambda o, t: {"file": _pdf()},
             effect=lambda o: bool(for_owner(IndicatorAssignment.objects.get(pk=o.pk), "evidence"))),
    Endpoint("upward ui filings", "ui", "list", OFFICE, filing, lambda o: "/upward/filings/",
             listed=lambda r, o: o.title in r.content.decode()),
    Endpoint("upward ui filing inbox", "ui", "list", OFFICE, town_filing, lambda o: "/upward/filings/inbox/",
             listed=lambda r, o: o.title in r.content.decode()),
    Endpoint("upward ui filing", "ui", "detail", OFFICE, filing, lambda o: f"/upward/filings/{o.pk}/"),
    Endpoint("upward ui file", "ui", "write", OFFICE, nanan, lambda o: "/upward/filings/new/", method="post",
             ok=(302,), payload=lambda o, t: {"region": o.region.pk, "kind": "matter", "title": "矩阵：页面报备",
                                              "summary": "说明"},
             effect=lambda o: Filing.objects.filter(title="矩阵：页面报备").exists()),
    Endpoint("upward ui acknowledge", "ui", "write", OFFICE, town_filing, lambda o: f"/upward/filings/{o.pk}/",
             method="post", ok=(302,), payload=lambda o, t: {"transition": "acknowledge"},
             effect=_status(Filing, "acknowledged")),
    Endpoint("upward ui filing files", "ui", "write", OFFICE, filing, lambda o: f"/upward/filings/{o.pk}/upload/",
             method="post", ok=(302,), payload=lambda o, t: {"file": _pdf()},
             effect=lambda o: bool(for_owner(Filing.objects.get(pk=o.pk), "files"))),
]
