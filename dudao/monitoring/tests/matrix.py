"""The monitoring app's rows of the permission matrix (``tests/test_permission_matrix.py``): every
API operation and page of collections, rounds and submissions, as office_admin. The objects live in
南岸区: a draft collection (a draft is read only in its region's subtree — a published one is read
below it too, which ``test_collections.py`` checks), a small published collection's round with one
school, its submission (filled and submitted for the approve step, which the county and the city
office may both take; submit is the unit's own and accept the city's only — their matrices are in
``test_approval.py``)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from dudao.accounts.roles import RoleCode
from dudao.ledger.models import Notification
from dudao.monitoring.models import Collection, DataValue, Submission
from dudao.testing.matrix import Endpoint
from dudao.testing.monitoring_factories import (
    filled_template,
    small_collection,
    small_round,
    small_submission,
    submitted_submission,
)

OFFICE = RoleCode.OFFICE_ADMIN
API = "/api/v1/monitoring"
UI = "/monitoring"


def draft(tree):
    return small_collection(tree["nanan"], code="matrix_draft", publish=False)


def published(tree):
    return small_collection(tree["nanan"], code="matrix_published")


def _named(o, name):
    return Collection.objects.filter(pk=o.pk, name=name).exists()


def _versioned(o):
    return Collection.objects.filter(code=o.code, version=2).exists()


def _status(o, status):
    return type(o).objects.filter(pk=o.pk, status=status).exists()


def _reminded(o):
    return Notification.objects.filter(key__startswith=f"monitoring:{o.pk}:").exists()


def _value(o, code="students", number=None):
    qs = DataValue.objects.filter(submission=o, element__code=code)
    return qs.filter(number=number).exists() if number is not None else qs.exists()


def _round_file(o, t):
    subs = list(Submission.objects.filter(round=o))
    data = filled_template(o, subs, {(s.unit_id, ""): {"在校生数（人）": 321, "校舍面积（m²）": 900} for s in subs})
    return SimpleUploadedFile("填报.xlsx", data)


def _round_filled(o):
    return DataValue.objects.filter(submission__round=o, element__code="students", number=321).exists()


def _sub_file(o, t):
    return SimpleUploadedFile("填报.xlsx", filled_template(o.round, [o], {(o.unit_id, ""): {"在校生数（人）": 654,
                                                                                          "校舍面积（m²）": 2000}}))


def _opened(o):
    return o.rounds.filter(year=2031).exists()


ENDPOINTS = [
    # ---- collections ----
    Endpoint("api collections list", "api", "list", OFFICE, draft, lambda o: f"{API}/collections",
             listed=lambda r, o: any(i["id"] == o.pk for i in r.json()["items"])),
    Endpoint("api collection create", "api", "write", OFFICE, lambda t: t["nanan"], lambda o: f"{API}/collections",
             method="post", ok=(201,),
             payload=lambda o, t: {"region_code": o.code, "code": "matrix_new", "name": "矩阵新建", "unit_kinds": ["school"],
                                   "elements": [{"code": "n", "name": "数量"}]},
             effect=lambda o: Collection.objects.filter(code="matrix_new").exists()),
    Endpoint("api collection detail", "api", "detail", OFFICE, draft, lambda o: f"{API}/collections/{o.pk}"),
    Endpoint("api collection elements", "api", "detail", OFFICE, draft, lambda o: f"{API}/collections/{o.pk}/elements"),
    Endpoint("api collection update", "api", "write", OFFICE, draft, lambda o: f"{API}/collections/{o.pk}",
             method="patch", payload=lambda o, t: {"name": "矩阵改名"}, effect=lambda o: _named(o, "矩阵改名")),
    Endpoint("api collection version", "api", "write", OFFICE, draft, lambda o: f"{API}/collections/{o.pk}/versions",
             method="post", ok=(201,), effect=_versioned),
    Endpoint("api collection publish", "api", "write", OFFICE, draft,
             lambda o: f"{API}/collections/{o.pk}/transitions/publish", method="post", payload=lambda o, t: {},
             effect=lambda o: _status(o, "published")),
    Endpoint("ui collection list", "ui", "list", OFFICE, draft, lambda o: f"{UI}/collections/",
             listed=lambda r, o: f"/monitoring/collections/{o.pk}/" in r.content.decode()),
    Endpoint("ui collection create", "ui", "write", OFFICE, lambda t: t["nanan"], lambda o: f"{UI}/collections/new/",
             method="post", ok=(302,),
             payload=lambda o, t: {"region": o.pk, "code": "matrix_ui_new", "name": "矩阵页面新建",
                                   "unit_kinds": ["school"]},
             effect=lambda o: Collection.objects.filter(code="matrix_ui_new").exists()),
    Endpoint("ui collection detail", "ui", "detail", OFFICE, draft, lambda o: f"{UI}/collections/{o.pk}/"),
    Endpoint("ui collection publish", "ui", "write", OFFICE, draft, lambda o: f"{UI}/collections/{o.pk}/transition/",
             method="post", ok=(302,), payload=lambda o, t: {"transition": "publish"},
             effect=lambda o: _status(o, "published")),
    Endpoint("ui collection version", "ui", "write", OFFICE, draft, lambda o: f"{UI}/collections/{o.pk}/version/",
             method="post", ok=(302,), effect=_versioned),
    Endpoint("ui element add", "ui", "write", OFFICE, draft, lambda o: f"{UI}/collections/{o.pk}/elements/",
             method="post", ok=(302,),
             payload=lambda o, t: {"code": "rooms", "name": "教室数", "value_type": "integer", "required": "on"},
             effect=lambda o: o.elements.filter(code="rooms").exists()),
    Endpoint("ui element delete", "ui", "write", OFFICE, draft,
             lambda o: f"{UI}/collections/{o.pk}/elements/has_library/delete/", method="post", ok=(302,),
             effect=lambda o: not o.elements.filter(code="has_library").exists()),
    Endpoint("ui rule add", "ui", "write", OFFICE, draft, lambda o: f"{UI}/collections/{o.pk}/rules/",
             method="post", ok=(302,),
             payload=lambda o, t: {"code": "positive", "name": "正数", "left": "students", "operator": ">",
                                   "right": "0", "message": "在校生数应大于0"},
             effect=lambda o: o.rules.filter(code="positive").exists()),
    Endpoint("ui rule delete", "ui", "write", OFFICE, draft,
             lambda o: f"{UI}/collections/{o.pk}/rules/area_per_student/delete/", method="post", ok=(302,),
             effect=lambda o: not o.rules.filter(code="area_per_student").exists()),
    # ---- rounds ----
    Endpoint("api rounds list", "api", "list", OFFICE, small_round, lambda o: f"{API}/rounds",
             listed=lambda r, o: any(i["id"] == o.pk for i in r.json()["items"])),
    Endpoint("api round open", "api", "write", OFFICE, published, lambda o: f"{API}/rounds", method="post", ok=(201,),
             payload=lambda o, t: {"collection_id": o.pk, "year": 2031, "region_code": "500108",
                                   "deadline": "2031-11-30"}, effect=_opened),
    Endpoint("api round detail", "api", "detail", OFFICE, small_round, lambda o: f"{API}/rounds/{o.pk}"),
    Endpoint("api round completeness", "api", "detail", OFFICE, small_round,
             lambda o: f"{API}/rounds/{o.pk}/completeness"),
    Endpoint("api round template", "api", "detail", OFFICE, small_round, lambda o: f"{API}/rounds/{o.pk}/template"),
    Endpoint("api round remind", "api", "write", OFFICE, small_round, lambda o: f"{API}/rounds/{o.pk}/reminders",
             method="post", payload=lambda o, t: {}, effect=_reminded),
    Endpoint("api round import", "api", "write", OFFICE, small_round, lambda o: f"{API}/rounds/{o.pk}/import",
             method="post", extra={"multipart": True}, payload=lambda o, t: {"file": _round_file(o, t)},
             effect=_round_filled),
    Endpoint("ui round list", "ui", "list", OFFICE, small_round, lambda o: f"{UI}/rounds/",
             listed=lambda r, o: f"/monitoring/rounds/{o.pk}/" in r.content.decode()),
    Endpoint("ui round open", "ui", "write", OFFICE, published, lambda o: f"{UI}/collections/{o.pk}/open/",
             method="post", ok=(302,),
             payload=lambda o, t: {"year": 2031, "region": t["nanan"].pk, "deadline": "2031-11-30"}, effect=_opened),
    Endpoint("ui round detail", "ui", "detail", OFFICE, small_round, lambda o: f"{UI}/rounds/{o.pk}/"),
    Endpoint("ui round template", "ui", "detail", OFFICE, small_round, lambda o: f"{UI}/rounds/{o.pk}/template/"),
    Endpoint("ui round remind", "ui", "write", OFFICE, small_round, lambda o: f"{UI}/rounds/{o.pk}/remind/",
             method="post", ok=(302,), effect=_reminded),
    Endpoint("ui round import", "ui", "write", OFFICE, small_round, lambda o: f"{UI}/rounds/{o.pk}/import/",
             method="post", ok=(302,), payload=lambda o, t: {"file": _round_file(o, t)}, effect=_round_filled),
    # ---- submissions ----
    Endpoint("api submissions list", "api", "list", OFFICE, small_submission, lambda o: f"{API}/submissions",
             listed=lambda r, o: any(i["id"] == o.pk for i in r.json()["items"])),
    Endpoint("api submission detail", "api", "detail", OFFICE, small_submission,
             lambda o: f"{API}/submissions/{o.pk}"),
    Endpoint("api submission values", "api", "detail", OFFICE, small_submission,
             lambda o: f"{API}/submissions/{o.pk}/values"),
    Endpoint("api submission template", "api", "detail", OFFICE, small_submission,
             lambda o: f"{API}/submissions/{o.pk}/template"),
    Endpoint("api submission put values", "api", "write", OFFICE, small_submission,
             lambda o: f"{API}/submissions/{o.pk}/values", method="put",
             payload=lambda o, t: {"values": {"students/": "120", "area/": "800.5"}},
             effect=lambda o: _value(o, "students", 120)),
    Endpoint("api submission approve", "api", "write", OFFICE, submitted_submission,
             lambda o: f"{API}/submissions/{o.pk}/transitions/approve", method="post", payload=lambda o, t: {},
             effect=lambda o: _status(o, "approved")),
    Endpoint("api submission import", "api", "write", OFFICE, small_submission,
             lambda o: f"{API}/submissions/{o.pk}/import", method="post", extra={"multipart": True},
             payload=lambda o, t: {"file": _sub_file(o, t)}, effect=lambda o: _value(o, "students", 654)),
    Endpoint("ui submission list", "ui", "list", OFFICE, small_submission, lambda o: f"{UI}/submissions/",
             listed=lambda r, o: f"/monitoring/submissions/{o.pk}/" in r.content.decode()),
    Endpoint("ui submission detail", "ui", "detail", OFFICE, small_submission, lambda o: f"{UI}/submissions/{o.pk}/"),
    Endpoint("ui submission template", "ui", "detail", OFFICE, small_submission,
             lambda o: f"{UI}/submissions/{o.pk}/template/"),
    Endpoint("ui submission save", "ui", "write", OFFICE, small_submission, lambda o: f"{UI}/submissions/{o.pk}/values/",
             method="post", ok=(302,), payload=lambda o, t: {"cell-students/": "130", "cell-area/": "700"},
             effect=lambda o: _value(o, "students", 130)),
    Endpoint("ui submission approve", "ui", "write", OFFICE, submitted_submission,
             lambda o: f"{UI}/submissions/{o.pk}/transition/", method="post", ok=(302,),
             payload=lambda o, t: {"transition": "approve"}, effect=lambda o: _status(o, "approved")),
    Endpoint("ui submission import", "ui", "write", OFFICE, small_submission,
             lambda o: f"{UI}/submissions/{o.pk}/import/", method="post", ok=(302,),
             payload=lambda o, t: {"file": _sub_file(o, t)}, effect=lambda o: _value(o, "students", 654)),
]

# ---- 质量监测结果 (quality_matrix.py) ----
from .quality_matrix import ENDPOINTS as QUALITY_ENDPOINTS  # noqa: E402

ENDPOINTS += QUALITY_ENDPOINTS

# Creation campaigns and programmes (campaign_matrix.py).
from .campaign_matrix import ENDPOINTS as CAMPAIGN_ENDPOINTS  # noqa: E402

ENDPOINTS += CAMPAIGN_ENDPOINTS

# The national indices (matrix_indices.py).
from .matrix_indices import INDICES_ENDPOINTS, INDICES_OWN_PAGES, INDICES_OWN_PATHS  # noqa: E402

ENDPOINTS += INDICES_ENDPOINTS
OWN_PATHS = set(globals().get("OWN_PATHS", set())) | INDICES_OWN_PATHS
# the blank feedback template: test_quality.py::test_the_rule_page_and_template
OWN_PAGES = set(globals().get("OWN_PAGES", set())) | INDICES_OWN_PAGES | {"quality:template"}
