"""The 质量监测结果 rows of the permission matrix (re-exported by ``matrix.py``): the results list,
the feedback import (page and API) with its template, and the county rule (page and API), for a
南岸区 school's result, as office_admin."""

from dudao.accounts.roles import RoleCode
from dudao.monitoring.models import QualityCountyResult, QualityResult
from dudao.testing.matrix import Endpoint
from dudao.testing.schools_factories import school

from .quality_helpers import row, workbook

OFFICE = RoleCode.OFFICE_ADMIN
API = "/api/v1/monitoring/quality"


def result(tree):
    s = school(tree["nanan"], name="矩阵监测学校")
    r = QualityResult.objects.create(school=s, region_path=s.region_path, year=2026, programme="national",
                                     subject="math", grade=4, level=3)
    QualityCountyResult.objects.create(region=tree["nanan"], region_path=tree["nanan"].path, year=2026,
                                       programme="national", subject="math", grade=4, interschool_diff="0.1")
    r.region_id = tree["nanan"].pk
    return r


def _rid(o):
    return getattr(o, "region_id", 1)


def _imported(o):
    return QualityResult.objects.filter(school=o.school, subject="chinese").exists()


def _file(o, t):
    return {"year": 2026, "programme": "national", "file": workbook([row(o.school, subject="语文")])}


ENDPOINTS = [
    Endpoint("api quality results", "api", "list", OFFICE, result, lambda o: f"{API}/results",
             listed=lambda r, o: any(i["id"] == o.pk for i in r.json()["items"])),
    Endpoint("api quality import", "api", "write", OFFICE, result, lambda o: f"{API}/import", method="post",
             payload=_file, effect=_imported, extra={"multipart": True}),
    Endpoint("api quality rule", "api", "detail", OFFICE, result,
             lambda o: f"{API}/rule?region_id={_rid(o)}&year=2026"),
    Endpoint("ui quality results", "ui", "list", OFFICE, result, lambda o: "/monitoring/quality/",
             listed=lambda r, o: "矩阵监测学校" in r.content.decode()),
    Endpoint("ui quality import", "ui", "write", OFFICE, result, lambda o: "/monitoring/quality/import/",
             method="post", ok=(302,), payload=_file, effect=_imported),
    Endpoint("ui quality rule", "ui", "detail", OFFICE, result,
             lambda o: f"/monitoring/quality/rule/?region={_rid(o)}&year=2026"),
]
