"""The 督政 rows of the shared permission matrix (``tests/test_permission_matrix.py``; semantics in
``dudao.testing.matrix``): every API operation and page as anonymous, no role, in scope, child region,
sibling region and parent region. The objects under test are 南岸区's: a leader of 南岸区人民政府, the
checklist and self-check of 区住房城乡建委, and a 督政 task on a street (the comparison). Reads act as
the read-only leader, writes as office_admin."""

from dudao.accounts.roles import RoleCode
from dudao.governance import services, workflows
from dudao.governance.models import Checklist, GovernmentLeader, SelfCheck
from dudao.testing.governance_factories import (
    ITEMS,
    answer_all,
    checklist,
    governance_world,
    self_check,
    township_task,
)
from dudao.testing.matrix import Endpoint
from dudao.testing.schools_factories import office

OFFICE, LEADER = RoleCode.OFFICE_ADMIN, RoleCode.LEADER
API = "/api/v1/governance"
LEADER_NAME = "矩阵区长"
TASK_TITLE = "南岸区镇街履职评价"

OWN_PATHS: set = set()
OWN_PAGES: set = set()


# ---- objects under test ----
def leader(tree):
    w = governance_world(tree)
    return services.leader_create(actor=None, unit=w["government"], name=LEADER_NAME, post="区长")


def government(tree):
    return governance_world(tree)["government"]


def a_checklist(tree):
    return checklist(governance_world(tree))


def a_self_check(tree):
    return self_check(governance_world(tree))


def submitted(tree):
    check = answer_all(a_self_check(tree))
    return workflows.SERVICES["submit"](actor=None, self_check=check)


def task(tree):
    return township_task(governance_world(tree), office(tree["nanan"]))


def _has(response, obj):
    return any(row["id"] == obj.pk for row in response.json()["items"])


def _in_html(text):
    return lambda response, obj: text in response.content.decode()


def _new_checklist(o):
    return Checklist.objects.filter(title="矩阵新清单").exists()


def _new_self_check(o):
    return SelfCheck.objects.filter(unit_id=o.unit_id, year=o.year).exists()


ENDPOINTS = [
    # ---- API: leaders ----
    Endpoint(
        "governance api leader list", "api", "list", LEADER, leader, lambda o: f"{API}/leaders", listed=_has
    ),
    Endpoint(
        "governance api leader create",
        "api",
        "write",
        OFFICE,
        government,
        lambda o: f"{API}/leaders",
        method="post",
        ok=(201,),
        payload=lambda o, t: {"unit_id": o.pk, "name": "矩阵新领导", "post": "副区长"},
        effect=lambda o: GovernmentLeader.objects.filter(name="矩阵新领导").exists(),
    ),
    Endpoint(
        "governance api leader update",
        "api",
        "write",
        OFFICE,
        leader,
        lambda o: f"{API}/leaders/{o.pk}",
        method="patch",
        payload=lambda o, t: {"post": "矩阵新职务"},
        effect=lambda o: GovernmentLeader.objects.filter(pk=o.pk, post="矩阵新职务").exists(),
    ),
    Endpoint(
        "governance api leader delete",
        "api",
        "write",
        OFFICE,
        leader,
        lambda o: f"{API}/leaders/{o.pk}",
        method="delete",
        ok=(204,),
        effect=lambda o: not GovernmentLeader.objects.filter(pk=o.pk).exists(),
    ),
    # ---- API: checklists ----
    Endpoint(
        "governance api checklist list",
        "api",
        "list",
        LEADER,
        a_checklist,
        lambda o: f"{API}/checklists",
        listed=_has,
    ),
    Endpoint(
        "governance api checklist detail",
        "api",
        "detail",
        LEADER,
        a_checklist,
        lambda o: f"{API}/checklists/{o.pk}",
    ),
    Endpoint(
        "governance api checklist create",
        "api",
        "write",
        OFFICE,
        a_checklist,
        lambda o: f"{API}/checklists",
        method="post",
        ok=(201,),
        effect=_new_checklist,
        payload=lambda o, t: {"unit_id": o.unit_id, "year": 2026, "title": "矩阵新清单", "items": ITEMS},
    ),
    # ---- API: self-checks ----
    Endpoint(
        "governance api self-check list",
        "api",
        "list",
        LEADER,
        a_self_check,
        lambda o: f"{API}/self-checks",
        listed=_has,
    ),
    Endpoint(
        "governance api self-check detail",
        "api",
        "detail",
        LEADER,
        a_self_check,
        lambda o: f"{API}/self-checks/{o.pk}",
    ),
    Endpoint(
        "governance api self-check export",
        "api",
        "detail",
        LEADER,
        a_self_check,
        lambda o: f"{API}/self-checks/{o.pk}/export",
    ),
    Endpoint(
        "governance api self-check create",
        "api",
        "write",
        OFFICE,
        a_checklist,
        lambda o: f"{API}/self-checks",
        method="post",
        ok=(201,),
        payload=lambda o, t: {"unit_id": o.unit_id, "year": o.year},
        effect=_new_self_check,
    ),
    Endpoint(
        "governance api self-check answers",
        "api",
        "write",
        OFFICE,
        a_self_check,
        lambda o: f"{API}/self-checks/{o.pk}/answers",
        method="post",
        payload=lambda o, t: {"summary": "矩阵自查"},
        effect=lambda o: SelfCheck.objects.filter(pk=o.pk, summary="矩阵自查").exists(),
    ),
    Endpoint(
        "governance api self-check transition",
        "api",
        "write",
        OFFICE,
        submitted,
        lambda o: f"{API}/self-checks/{o.pk}/transitions/verify",
        method="post",
        payload=lambda o, t: {},
        effect=lambda o: SelfCheck.objects.filter(pk=o.pk, status="verified").exists(),
    ),
    # ---- API: comparison ----
    Endpoint(
        "governance api comparison", "api", "detail", LEADER, task, lambda o: f"{API}/tasks/{o.pk}/comparison"
    ),
    Endpoint(
        "governance api comparison export",
        "api",
        "detail",
        LEADER,
        task,
        lambda o: f"{API}/tasks/{o.pk}/comparison/export",
    ),
    # ---- pages ----
    Endpoint(
        "governance ui leader list",
        "ui",
        "list",
        LEADER,
        leader,
        lambda o: "/governance/leaders/",
        listed=_in_html(LEADER_NAME),
    ),
    Endpoint(
        "governance ui leader create",
        "ui",
        "write",
        OFFICE,
        government,
        lambda o: "/governance/leaders/new/",
        method="post",
        ok=(302,),
        payload=lambda o, t: {"unit": o.pk, "name": "矩阵新领导", "post": "副区长"},
        effect=lambda o: GovernmentLeader.objects.filter(name="矩阵新领导").exists(),
    ),
    Endpoint(
        "governance ui checklist list",
        "ui",
        "list",
        LEADER,
        a_checklist,
        lambda o: "/governance/checklists/",
        listed=_in_html("南岸区住房城乡建委督政清单"),
    ),
    Endpoint(
        "governance ui checklist detail",
        "ui",
        "detail",
        LEADER,
        a_checklist,
        lambda o: f"/governance/checklists/{o.pk}/",
    ),
    Endpoint(
        "governance ui checklist create",
        "ui",
        "write",
        OFFICE,
        a_checklist,
        lambda o: "/governance/checklists/new/",
        method="post",
        ok=(302,),
        effect=_new_checklist,
        payload=lambda o, t: {
            "unit": o.unit_id,
            "year": 2026,
            "title": "矩阵新清单",
            "items": "矩阵事项｜要点",
        },
    ),
    Endpoint(
        "governance ui self-check list",
        "ui",
        "list",
        LEADER,
        a_self_check,
        lambda o: "/governance/self-checks/",
        listed=_in_html("南岸区住房城乡建委"),
    ),
    Endpoint(
        "governance ui self-check detail",
        "ui",
        "detail",
        LEADER,
        a_self_check,
        lambda o: f"/governance/self-checks/{o.pk}/",
    ),
    Endpoint(
        "governance ui self-check create",
        "ui",
        "write",
        OFFICE,
        a_checklist,
        lambda o: "/governance/self-checks/new/",
        method="post",
        ok=(302,),
        payload=lambda o, t: {"unit": o.unit_id, "year": o.year},
        effect=_new_self_check,
    ),
    Endpoint(
        "governance ui self-check transition",
        "ui",
        "write",
        OFFICE,
        submitted,
        lambda o: f"/governance/self-checks/{o.pk}/verify/",
        method="post",
        ok=(302,),
        effect=lambda o: SelfCheck.objects.filter(pk=o.pk, status="verified").exists(),
    ),
    Endpoint(
        "governance ui task list",
        "ui",
        "list",
        LEADER,
        task,
        lambda o: "/governance/tasks/",
        listed=_in_html(TASK_TITLE),
    ),
    Endpoint(
        "governance ui comparison",
        "ui",
        "detail",
        LEADER,
        task,
        lambda o: f"/governance/tasks/{o.pk}/comparison/",
    ),
]
