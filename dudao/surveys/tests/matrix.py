"""The surveys app's rows of the permission matrix (collected by ``tests/test_permission_matrix.py``):
every office page and API operation of a 南岸区 survey — list, create, read, edit, questions,
quotas, transitions, codes, results, and the county's 认可度 — as office_admin.

Elsewhere: the login-free answer page, its thank-you page and the public API
(``test_public.py``)."""

from dudao.accounts.roles import RoleCode
from dudao.surveys.models import AccessCode, AudienceQuota, Question, Survey
from dudao.testing.matrix import Endpoint

OFFICE = RoleCode.OFFICE_ADMIN
API = "/api/v1/surveys"

OWN_PATHS = {f"{API}/public/{{token}}", f"{API}/public/{{token}}/responses"}
OWN_PAGES = {"survey_public:answer", "survey_public:thanks"}


def survey(tree, status="draft"):
    nanan = tree["nanan"]
    s = Survey.objects.create(title="矩阵满意度调查", region=nanan, region_path=nanan.path, year=2026, status=status)
    s.question = Question.objects.create(survey=s, order=1, text="您对学校总体满意吗", kind="likert",
                                         counts_for_recognition=True)
    AudienceQuota.objects.create(survey=s, audience="parent", quota=100)
    s.code = AccessCode.objects.create(survey=s)
    return s


def open_survey(tree):
    return survey(tree, "open")


def _qid(o):
    return getattr(getattr(o, "question", None), "pk", 1)


def _has(o, **kw):
    return Survey.objects.filter(pk=o.pk, **kw).exists()


def _in_items(r, o):
    return any(i["id"] == o.pk for i in r.json()["items"])


ENDPOINTS = [
    Endpoint("api surveys list", "api", "list", OFFICE, survey, lambda o: API, listed=_in_items),
    Endpoint("api survey create", "api", "write", OFFICE, survey, lambda o: API, method="post", ok=(201,),
             payload=lambda o, t: {"title": "矩阵新调查", "region_id": t["nanan"].pk, "year": 2026},
             effect=lambda o: Survey.objects.filter(title="矩阵新调查").exists()),
    Endpoint("api survey recognition", "api", "detail", OFFICE, survey,
             lambda o: f"{API}/recognition?region_id={getattr(o, 'region_id', 1)}&year=2026"),
    Endpoint("api survey detail", "api", "detail", OFFICE, survey, lambda o: f"{API}/{o.pk}"),
    Endpoint("api survey update", "api", "write", OFFICE, survey, lambda o: f"{API}/{o.pk}", method="patch",
             payload=lambda o, t: {"title": "矩阵改名调查"}, effect=lambda o: _has(o, title="矩阵改名调查")),
    Endpoint("api survey question add", "api", "write", OFFICE, survey, lambda o: f"{API}/{o.pk}/questions",
             method="post", ok=(201,), payload=lambda o, t: {"text": "矩阵新题", "kind": "text"},
             effect=lambda o: Question.objects.filter(survey=o, text="矩阵新题").exists()),
    Endpoint("api survey question update", "api", "write", OFFICE, survey,
             lambda o: f"{API}/{o.pk}/questions/{_qid(o)}", method="patch", payload=lambda o, t: {"text": "矩阵改题"},
             effect=lambda o: Question.objects.filter(survey=o, text="矩阵改题").exists()),
    Endpoint("api survey question delete", "api", "write", OFFICE, survey,
             lambda o: f"{API}/{o.pk}/questions/{_qid(o)}", method="delete", ok=(204,),
             effect=lambda o: not Question.objects.filter(pk=o.question.pk).exists()),
    Endpoint("api survey quotas", "api", "write", OFFICE, survey, lambda o: f"{API}/{o.pk}/quotas", method="put",
             payload=lambda o, t: {"audiences": [{"audience": "npc", "quota": 20}]},
             effect=lambda o: AudienceQuota.objects.filter(survey=o, audience="npc", is_open=True).exists()),
    Endpoint("api survey open", "api", "write", OFFICE, survey, lambda o: f"{API}/{o.pk}/transitions/open",
             method="post", payload=lambda o, t: {}, effect=lambda o: _has(o, status="open")),
    Endpoint("api survey close", "api", "write", OFFICE, open_survey, lambda o: f"{API}/{o.pk}/transitions/close",
             method="post", payload=lambda o, t: {}, effect=lambda o: _has(o, status="closed")),
    Endpoint("api survey codes generate", "api", "write", OFFICE, survey, lambda o: f"{API}/{o.pk}/codes",
             method="post", ok=(201,), payload=lambda o, t: {"count": 3},
             effect=lambda o: AccessCode.objects.filter(survey=o).count() == 4),
    Endpoint("api survey codes list", "api", "detail", OFFICE, survey, lambda o: f"{API}/{o.pk}/codes"),
    Endpoint("api survey results", "api", "detail", OFFICE, survey, lambda o: f"{API}/{o.pk}/results"),
    # ---- pages ----
    Endpoint("ui surveys list", "ui", "list", OFFICE, survey, lambda o: "/surveys/",
             listed=lambda r, o: "矩阵满意度调查" in r.content.decode()),
    Endpoint("ui survey create", "ui", "write", OFFICE, survey, lambda o: "/surveys/new/", method="post", ok=(302,),
             payload=lambda o, t: {"title": "矩阵页面新调查", "region": t["nanan"].pk, "year": 2026, "purpose": "balance",
                                   "anonymous": "on"},
             effect=lambda o: Survey.objects.filter(title="矩阵页面新调查").exists()),
    Endpoint("ui survey detail", "ui", "detail", OFFICE, survey, lambda o: f"/surveys/{o.pk}/"),
    Endpoint("ui survey edit", "ui", "write", OFFICE, survey, lambda o: f"/surveys/{o.pk}/edit/", method="post",
             ok=(302,), payload=lambda o, t: {"title": "矩阵页面改名", "year": 2026, "purpose": "balance"},
             effect=lambda o: _has(o, title="矩阵页面改名")),
    Endpoint("ui survey question add", "ui", "write", OFFICE, survey, lambda o: f"/surveys/{o.pk}/questions/new/",
             method="post", ok=(302,), payload=lambda o, t: {"text": "矩阵页面新题", "kind": "likert", "required": "on"},
             effect=lambda o: Question.objects.filter(survey=o, text="矩阵页面新题").exists()),
    Endpoint("ui survey question edit", "ui", "write", OFFICE, survey,
             lambda o: f"/surveys/{o.pk}/questions/{_qid(o)}/", method="post", ok=(302,),
             payload=lambda o, t: {"text": "矩阵页面改题", "kind": "likert", "order": 1},
             effect=lambda o: Question.objects.filter(survey=o, text="矩阵页面改题").exists()),
    Endpoint("ui survey question delete", "ui", "write", OFFICE, survey,
             lambda o: f"/surveys/{o.pk}/questions/{_qid(o)}/delete/", method="post", ok=(302,),
             effect=lambda o: not Question.objects.filter(pk=o.question.pk).exists()),
    Endpoint("ui survey quotas", "ui", "write", OFFICE, survey, lambda o: f"/surveys/{o.pk}/quotas/", method="post",
             ok=(302,), payload=lambda o, t: {"open_teacher": "on", "quota_teacher": "30"},
             effect=lambda o: AudienceQuota.objects.filter(survey=o, audience="teacher", quota=30).exists()),
    Endpoint("ui survey open", "ui", "write", OFFICE, survey, lambda o: f"/surveys/{o.pk}/transitions/open/",
             method="post", ok=(302,), effect=lambda o: _has(o, status="open")),
    Endpoint("ui survey codes", "ui", "detail", OFFICE, survey, lambda o: f"/surveys/{o.pk}/codes/"),
    Endpoint("ui survey codes generate", "ui", "write", OFFICE, survey, lambda o: f"/surveys/{o.pk}/codes/",
             method="post", ok=(302,), payload=lambda o, t: {"count": 2},
             effect=lambda o: AccessCode.objects.filter(survey=o).count() == 3),
    Endpoint("ui survey results", "ui", "detail", OFFICE, survey, lambda o: f"/surveys/{o.pk}/results/"),
]
