"""The inspections module's rows of the shared permission matrix (``tests/test_permission_matrix.py``;
semantics in ``dudao.testing.matrix``): every API operation and page as anonymous, no role, in
scope, child region, sibling region and parent region. The objects under test are a 南岸区 special
supervision, its targets, the problems its team records (ledger items, drafts) and a regular visit. Reads act as the read-only leader, writes
as office_admin.

Elsewhere: the target unit's own answers (self-evaluation, objection — unit respondents act through
an assignment on their unit, not a region) are tested in ``test_api.py``; the inspector's "today"
page shows the caller's own postings and is tested in ``test_visits.py``."""

import datetime

from django.utils import timezone

from dudao.accounts.roles import RoleCode
from dudao.attachments.models import Attachment
from dudao.documents.models import IssuedDocument
from dudao.inspections import workflows
from dudao.inspections.models import (
    OpinionRecord,
    ProblemCategory,
    RegularVisit,
    SupervisionTask,
    TaskTarget,
    TeamMember,
    WorkPlan,
)
from dudao.ledger.models import LedgerItem
from dudao.testing.file_factories import jpeg_bytes
from dudao.testing.frameworks_factories import load_small
from dudao.testing.inspections_factories import post, setting, special_task
from dudao.testing.matrix import Endpoint

from .helpers import advance

OFFICE, LEADER = RoleCode.OFFICE_ADMIN, RoleCode.LEADER
API = "/api/v1/inspections"
TITLE = "南岸区义务教育专项督导"

OWN_PATHS = {f"{API}/targets/{{target_id}}/self-evaluation", f"{API}/targets/{{target_id}}/objection",
             f"{API}/plans/{{plan_id}}/acknowledge",  # the office one level up only: test_plans.py
             f"{API}/filings"}  # the reports filed with the office one level up: test_filing.py
OWN_PAGES = {"inspections:today", "inspections:filings"}


# ---- objects under test ----
def draft(tree):
    return special_task(setting(tree))


def bare_draft(tree):
    task = special_task(setting(tree), team=0, targets=[])
    task.world_school = task.office.region.units.filter(kind="school").first()
    return task


def on_site(tree):
    task = advance(special_task(setting(tree)), "start_on_site")
    workflows.task_start_on_site(actor=None, task=task)
    return task


def on_site_target(tree):
    return on_site(tree).targets.order_by("id").first()


def self_evaluated_target(tree):
    from dudao.inspections import services

    task = special_task(setting(tree), self_evaluation=True)
    workflows.task_notify(actor=None, task=task)
    workflows.task_begin_self_evaluation(actor=None, task=task)
    target = task.targets.order_by("id").first()
    return services.self_evaluation_submit(actor=None, target=target, report="矩阵自评报告")


def window_target(tree):
    task = advance(special_task(setting(tree)), "open_objection_window")
    workflows.task_open_objection_window(actor=None, task=task)
    return task.targets.order_by("id").first()


def opinion(tree):
    from dudao.inspections import services

    return services.opinion_record_add(actor=None, target=on_site_target(tree), kind="students",
                                       held_on=datetime.date(2026, 11, 20), summary="矩阵座谈记录")


def task_file(tree):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dudao.inspections import services

    target = on_site_target(tree)
    return services.task_file_add(actor=None, task=target.task, target=target, kind="photo",
                                  file=SimpleUploadedFile("matrix.jpg", jpeg_bytes()), caption="矩阵照片")


def _file_task_id(attachment) -> int:
    """The task of a task file (an attachment of the task or of one of its targets)."""
    owner = getattr(attachment, "owner", None)  # the matrix's completeness check passes a stand-in
    if owner is None:
        return 1
    return owner.task_id if hasattr(owner, "task_id") else owner.pk


def photo(o, t):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("upload.jpg", jpeg_bytes()), "kind": "photo", "caption": "矩阵上传"}


def problem(tree):
    """A problem the team recorded at an on-site target: a draft ledger item."""
    from dudao.inspections import problems

    return problems.record(actor=None, target=on_site_target(tree), description="矩阵测试问题", category="safety",
                           requirement="立即整改", deadline=datetime.date(2030, 1, 1))


PROBLEM = {"description": "接口登记问题", "category": "safety", "requirement": "整改", "deadline": "2030-01-01"}
PROBLEM_FORM = {"description": "页面登记问题", "category": "safety", "severity": "minor", "requirement": "整改",
                "deadline": "2030-01-01", "routing": "small"}


def posted(tree):
    w = setting(tree)
    post(w["inspectors"][0], w["schools"][0])
    w["school"] = w["schools"][0]
    return w


def visit(tree):
    from dudao.inspections import services

    w = posted(tree)
    return services.visit_record(actor=None, school=w["school"], visited_on=timezone.localdate(), duration_minutes=60,
                                 methods=["lesson"], hazard="矩阵测试隐患")


def plan(tree):
    from dudao.inspections import services

    w = setting(tree)
    p = services.work_plan_create(actor=None, office=w["office"], year=2025, title="南岸区矩阵工作计划")
    services.work_plan_item_add(actor=None, plan=p, content="矩阵事项")
    return p


def category(tree, active=True):
    from dudao.inspections import services

    row = services.problem_category_create(actor=None, region=tree["nanan"], name="矩阵问题类别")
    if not active:
        services.problem_category_set_active(actor=None, category=row, is_active=False)
    return row


def create_world(tree):
    w = setting(tree)
    w["version"] = load_small()
    return w


def due_school(tree):
    """A school never given a 综合督导: on the Art. 14 due list."""
    return setting(tree)["schools"][0]


def due_tenure(tree):
    """A principal whose term ends within the warning months, of a county-managed school."""
    from dudao.schools.services import principal_appoint

    today = timezone.localdate()
    school = setting(tree)["schools"][0]
    return principal_appoint(actor=None, school=school, name="矩阵校长", start_date=today.replace(year=today.year - 6),
                             planned_end_date=today + datetime.timedelta(days=30))


def tenure_task_made(o):
    return SupervisionTask.objects.filter(kind="principal_tenure", targets__unit_id=o.school_id).exists()


# ---- checks ----
def has_id(response, obj):
    return any(item["id"] == obj.pk for item in response.json()["items"])


def in_html(text):
    return lambda response, obj: text in response.content.decode()


def status_is(state):
    return lambda o: SupervisionTask.objects.filter(pk=o.pk, status=state).exists()


def scored(o):
    return TaskTarget.objects.filter(pk=o.pk, scores__code="A1-2", scores__value=12).exists()


ENDPOINTS = [
    # ---- API ----
    Endpoint("inspections api task list", "api", "list", LEADER, draft, lambda o: f"{API}/tasks", listed=has_id),
    Endpoint("inspections api cycle due", "api", "list", LEADER, due_school, lambda o: f"{API}/cycles/school",
             listed=lambda response, o: any(r["unit_id"] == o.pk for r in response.json())),
    Endpoint("inspections api tenure task", "api", "write", OFFICE, due_tenure, lambda o: f"{API}/tenure-tasks",
             method="post", ok=(201,), payload=lambda o, t: {"tenure_id": o.pk}, effect=tenure_task_made),
    Endpoint("inspections ui cycles", "ui", "list", LEADER, due_school, lambda o: "/inspections/cycles/",
             listed=lambda response, o: o.name in response.content.decode()),
    Endpoint("inspections ui tenure task", "ui", "write", OFFICE, due_tenure,
             lambda o: f"/inspections/tenure/{o.pk}/task/", method="post", ok=(302,), effect=tenure_task_made),
    Endpoint("inspections api task detail", "api", "detail", LEADER, draft, lambda o: f"{API}/tasks/{o.pk}"),
    Endpoint("inspections api task burden", "api", "detail", LEADER, draft, lambda o: f"{API}/tasks/{o.pk}/burden"),
    Endpoint("inspections api task document", "api", "detail", LEADER, draft,
             lambda o: f"{API}/tasks/{o.pk}/documents/notice"),
    Endpoint("inspections api task create", "api", "write", OFFICE, create_world, lambda o: f"{API}/tasks",
             method="post", ok=(201,),
             payload=lambda o, t: {"office_id": o["office"].pk, "kind": "special", "title": "接口新建督导任务",
                                   "framework_version_id": o["version"].pk,
                                   "target_ids": [s.pk for s in o["schools"]]},
             effect=lambda o: SupervisionTask.objects.filter(title="接口新建督导任务", targets__isnull=False).exists()),
    Endpoint("inspections api add target", "api", "write", OFFICE, bare_draft, lambda o: f"{API}/tasks/{o.pk}/targets",
             method="post", ok=(201,), payload=lambda o, t: {"unit_id": o.world_school.pk},
             effect=lambda o: TaskTarget.objects.filter(task=o).exists()),
    Endpoint("inspections api add team member", "api", "write", OFFICE, bare_draft,
             lambda o: f"{API}/tasks/{o.pk}/team", method="post", ok=(201,),
             payload=lambda o, t: {"inspector_id": o.office.inspectors.first().pk, "role": "leader"},
             effect=lambda o: TeamMember.objects.filter(task=o).exists()),
    Endpoint("inspections api transition", "api", "write", OFFICE, draft,
             lambda o: f"{API}/tasks/{o.pk}/transitions/notify", method="post", payload=lambda o, t: {"note": "通知"},
             effect=status_is("notified")),
    Endpoint("inspections api scores", "api", "write", OFFICE, on_site_target,
             lambda o: f"{API}/targets/{o.pk}/scores", method="post", payload=lambda o, t: {"results": {"A1-2": 12}},
             effect=scored),
    Endpoint("inspections api target problem", "api", "write", OFFICE, on_site_target,
             lambda o: f"{API}/targets/{o.pk}/problems", method="post", ok=(201,), payload=lambda o, t: PROBLEM,
             effect=lambda o: LedgerItem.objects.filter(target=o, description="接口登记问题", status="draft").exists()),
    Endpoint("inspections api visit problem", "api", "write", OFFICE, visit,
             lambda o: f"{API}/visits/{o.pk}/problems", method="post", ok=(201,), payload=lambda o, t: PROBLEM,
             effect=lambda o: LedgerItem.objects.filter(visit=o, description="接口登记问题", status="issued").exists()),
    Endpoint("inspections api visit list", "api", "list", LEADER, visit, lambda o: f"{API}/visits", listed=has_id),
    Endpoint("inspections api visit compliance", "api", "list", LEADER, posted, lambda o: f"{API}/visits/compliance",
             listed=lambda response, o: any(r["school_id"] == o["school"].pk for r in response.json()["items"])),
    Endpoint("inspections api visit create", "api", "write", OFFICE, posted, lambda o: f"{API}/visits",
             method="post", ok=(201,),
             payload=lambda o, t: {"school_id": o["school"].pk, "visited_on": timezone.localdate().isoformat(),
                                   "duration_minutes": 60, "methods": ["records"]},
             effect=lambda o: RegularVisit.objects.exists()),
    Endpoint("inspections api plan list", "api", "list", LEADER, plan, lambda o: f"{API}/plans", listed=has_id),
    Endpoint("inspections api plan detail", "api", "detail", LEADER, plan, lambda o: f"{API}/plans/{o.pk}"),
    Endpoint("inspections api plan create", "api", "write", OFFICE, create_world, lambda o: f"{API}/plans",
             method="post", ok=(201,),
             payload=lambda o, t: {"office_id": o["office"].pk, "year": 2026, "title": "接口工作计划"},
             effect=lambda o: WorkPlan.objects.filter(title="接口工作计划").exists()),
    Endpoint("inspections api plan item", "api", "write", OFFICE, plan, lambda o: f"{API}/plans/{o.pk}/items",
             method="post", ok=(201,), payload=lambda o, t: {"content": "接口事项"},
             effect=lambda o: o.items.filter(content="接口事项").exists()),
    Endpoint("inspections api plan submit", "api", "write", OFFICE, plan, lambda o: f"{API}/plans/{o.pk}/submit",
             method="post", effect=lambda o: WorkPlan.objects.filter(pk=o.pk, status="submitted").exists()),
    # ---- the steps between the transitions (api_procedure.py) ----
    Endpoint("inspections api task update", "api", "write", OFFICE, draft, lambda o: f"{API}/tasks/{o.pk}",
             method="patch", payload=lambda o, t: {"topic": "接口修改主题"},
             effect=lambda o: SupervisionTask.objects.filter(pk=o.pk, topic="接口修改主题").exists()),
    Endpoint("inspections api remove target", "api", "write", OFFICE, lambda t: draft(t).targets.first(),
             lambda o: f"{API}/targets/{o.pk}", method="delete", ok=(204,),
             effect=lambda o: not TaskTarget.objects.filter(pk=o.pk).exists()),
    Endpoint("inspections api remove team member", "api", "write", OFFICE, lambda t: draft(t).team.first(),
             lambda o: f"{API}/team/{o.pk}", method="delete", ok=(204,),
             effect=lambda o: not TeamMember.objects.filter(pk=o.pk).exists()),
    Endpoint("inspections api self-evaluation review", "api", "write", OFFICE, self_evaluated_target,
             lambda o: f"{API}/targets/{o.pk}/self-evaluation/review", method="post",
             payload=lambda o, t: {"decision": "return", "reason": "矩阵退回"},
             effect=lambda o: TaskTarget.objects.filter(pk=o.pk, self_return_reason="矩阵退回").exists()),
    Endpoint("inspections api written evaluation", "api", "write", OFFICE, on_site_target,
             lambda o: f"{API}/targets/{o.pk}/evaluation", method="put",
             payload=lambda o, t: {"evaluation": "矩阵督导评价"},
             effect=lambda o: TaskTarget.objects.filter(pk=o.pk, evaluation="矩阵督导评价").exists()),
    Endpoint("inspections api objection on behalf", "api", "write", OFFICE, window_target,
             lambda o: f"{API}/targets/{o.pk}/objection/on-behalf", method="post",
             payload=lambda o, t: {"state": "objection", "text": "矩阵纸质申辩"},
             effect=lambda o: TaskTarget.objects.filter(pk=o.pk, objection_state="objection",
                                                        objection_on_behalf=True).exists()),
    Endpoint("inspections api opinion list", "api", "detail", LEADER, on_site_target,
             lambda o: f"{API}/targets/{o.pk}/opinions"),
    Endpoint("inspections api opinion add", "api", "write", OFFICE, on_site_target,
             lambda o: f"{API}/targets/{o.pk}/opinions", method="post", ok=(201,),
             payload=lambda o, t: {"kind": "questionnaire", "held_on": "2026-11-20", "participants": 40,
                                   "summary": "矩阵问卷"},
             effect=lambda o: OpinionRecord.objects.filter(target=o, summary="矩阵问卷").exists()),
    Endpoint("inspections api opinion delete", "api", "write", OFFICE, opinion,
             lambda o: f"{API}/opinions/{o.pk}", method="delete", ok=(204,),
             effect=lambda o: not OpinionRecord.objects.filter(pk=o.pk).exists()),
    Endpoint("inspections api report summary", "api", "write", OFFICE, draft, lambda o: f"{API}/tasks/{o.pk}/report",
             method="put", payload=lambda o, t: {"summary": "矩阵报告概述"},
             effect=lambda o: SupervisionTask.objects.filter(pk=o.pk, report_summary="矩阵报告概述").exists()),
    Endpoint("inspections api task files", "api", "detail", LEADER, task_file,
             lambda o: f"{API}/tasks/{_file_task_id(o)}/files"),
    Endpoint("inspections api task file download", "api", "detail", LEADER, task_file,
             lambda o: f"{API}/tasks/{_file_task_id(o)}/files/{o.pk}"),
    Endpoint("inspections api task file upload", "api", "write", OFFICE, on_site,
             lambda o: f"{API}/tasks/{o.pk}/files", method="post", ok=(201,), payload=photo,
             extra={"multipart": True}, effect=lambda o: Attachment.objects.filter(object_id=o.pk, purpose="photo", caption="矩阵上传").exists()),
    Endpoint("inspections api issue task documents", "api", "write", OFFICE, draft,
             lambda o: f"{API}/tasks/{o.pk}/documents/notice/issue", method="post", ok=(201,),
             effect=lambda o: IssuedDocument.objects.filter(kind="inspection_notice", object_id=str(o.pk)).exists()),
    Endpoint("inspections api visit hazard handled", "api", "write", OFFICE, visit,
             lambda o: f"{API}/visits/{o.pk}/hazard-handled", method="post",
             effect=lambda o: RegularVisit.objects.filter(pk=o.pk, hazard_handled_at__isnull=False).exists()),
    # ---- UI ----
    Endpoint("inspections ui objection on behalf", "ui", "write", OFFICE, window_target,
             lambda o: f"/inspections/targets/{o.pk}/", method="post", ok=(302,),
             payload=lambda o, t: {"form": "objection_on_behalf", "state": "waived"},
             effect=lambda o: TaskTarget.objects.filter(pk=o.pk, objection_state="waived",
                                                        objection_on_behalf=True).exists()),
    Endpoint("inspections ui self-evaluation return", "ui", "write", OFFICE, self_evaluated_target,
             lambda o: f"/inspections/targets/{o.pk}/", method="post", ok=(302,),
             payload=lambda o, t: {"form": "review", "decision": "return", "reason": "页面退回"},
             effect=lambda o: TaskTarget.objects.filter(pk=o.pk, self_return_reason="页面退回").exists()),
    Endpoint("inspections ui plan list", "ui", "list", LEADER, plan, lambda o: "/inspections/plans/",
             listed=in_html("南岸区矩阵工作计划")),
    Endpoint("inspections ui plan detail", "ui", "detail", LEADER, plan, lambda o: f"/inspections/plans/{o.pk}/"),
    Endpoint("inspections ui plan create page", "ui", "list", OFFICE, create_world,
             lambda o: "/inspections/plans/new/", listed=in_html("南岸区人民政府教育督导室")),
    Endpoint("inspections ui plan create", "ui", "write", OFFICE, create_world, lambda o: "/inspections/plans/new/",
             method="post", ok=(302,),
             payload=lambda o, t: {"office": o["office"].pk, "year": "2026", "title": "页面工作计划"},
             effect=lambda o: WorkPlan.objects.filter(title="页面工作计划").exists()),
    Endpoint("inspections ui plan submit", "ui", "write", OFFICE, plan, lambda o: f"/inspections/plans/{o.pk}/",
             method="post", ok=(302,), payload=lambda o, t: {"form": "submit"},
             effect=lambda o: WorkPlan.objects.filter(pk=o.pk, status="submitted").exists()),
    Endpoint("inspections ui task board", "ui", "list", LEADER, draft, lambda o: "/inspections/",
             listed=in_html(TITLE)),
    Endpoint("inspections ui task detail", "ui", "detail", LEADER, draft, lambda o: f"/inspections/{o.pk}/"),
    Endpoint("inspections ui task document", "ui", "detail", LEADER, draft,
             lambda o: f"/inspections/{o.pk}/documents/notice/"),
    Endpoint("inspections ui self-evaluation package", "ui", "detail", LEADER, draft,
             lambda o: f"/inspections/{o.pk}/package/"),
    Endpoint("inspections ui self-evaluation package zip", "ui", "detail", LEADER, draft,
             lambda o: f"/inspections/{o.pk}/package/?zip=1"),
    Endpoint("inspections ui target detail", "ui", "detail", LEADER, on_site_target,
             lambda o: f"/inspections/targets/{o.pk}/"),
    Endpoint("inspections ui task create page", "ui", "list", OFFICE, create_world, lambda o: "/inspections/new/",
             listed=in_html("南岸区人民政府教育督导室")),
    Endpoint("inspections ui task create", "ui", "write", OFFICE, create_world, lambda o: "/inspections/new/",
             method="post", ok=(302,),
             payload=lambda o, t: {"office": o["office"].pk, "kind": "special", "title": "页面新建督导任务",
                                   "scope_mode": "special", "timing_mode": "result", "schedule_mode": "routine",
                                   "channel_mode": "offline", "subject_mode": "cross"},
             effect=lambda o: SupervisionTask.objects.filter(title="页面新建督导任务").exists()),
    Endpoint("inspections ui add target", "ui", "write", OFFICE, bare_draft, lambda o: f"/inspections/{o.pk}/targets/",
             method="post", ok=(302,), payload=lambda o, t: {"unit": o.world_school.pk},
             effect=lambda o: TaskTarget.objects.filter(task=o).exists()),
    Endpoint("inspections ui add team member", "ui", "write", OFFICE, bare_draft,
             lambda o: f"/inspections/{o.pk}/team/", method="post", ok=(302,),
             payload=lambda o, t: {"inspector": o.office.inspectors.first().pk, "role": "leader"},
             effect=lambda o: TeamMember.objects.filter(task=o).exists()),
    Endpoint("inspections ui task edit page", "ui", "detail", OFFICE, draft, lambda o: f"/inspections/{o.pk}/edit/"),
    Endpoint("inspections ui task edit", "ui", "write", OFFICE, draft, lambda o: f"/inspections/{o.pk}/edit/",
             method="post", ok=(302,),
             payload=lambda o, t: {"title": "页面改名督导任务", "topic": "课后服务", "scope_mode": "special",
                                   "timing_mode": "result", "schedule_mode": "routine", "channel_mode": "offline",
                                   "subject_mode": "cross", "framework_version": o.framework_version_id},
             effect=lambda o: SupervisionTask.objects.filter(pk=o.pk, title="页面改名督导任务").exists()),
    Endpoint("inspections ui remove target", "ui", "write", OFFICE, lambda t: draft(t).targets.first(),
             lambda o: f"/inspections/targets/{o.pk}/remove/", method="post", ok=(302,),
             effect=lambda o: not TaskTarget.objects.filter(pk=o.pk).exists()),
    Endpoint("inspections ui remove team member", "ui", "write", OFFICE, lambda t: draft(t).team.first(),
             lambda o: f"/inspections/team/{o.pk}/remove/", method="post", ok=(302,),
             effect=lambda o: not TeamMember.objects.filter(pk=o.pk).exists()),
    Endpoint("inspections ui transition", "ui", "write", OFFICE, draft,
             lambda o: f"/inspections/{o.pk}/transitions/notify/", method="post", ok=(302,),
             effect=status_is("notified")),
    Endpoint("inspections ui issue documents", "ui", "write", OFFICE, draft,
             lambda o: f"/inspections/{o.pk}/documents/notice/issue/", method="post", ok=(302,),
             effect=lambda o: IssuedDocument.objects.filter(kind="inspection_notice", object_id=str(o.pk)).exists()),
    Endpoint("inspections ui report summary", "ui", "write", OFFICE, draft, lambda o: f"/inspections/{o.pk}/report/",
             method="post", ok=(302,), payload=lambda o, t: {"summary": "矩阵报告概述"},
             effect=lambda o: SupervisionTask.objects.filter(pk=o.pk, report_summary="矩阵报告概述").exists()),
    Endpoint("inspections ui target scores", "ui", "write", OFFICE, on_site_target,
             lambda o: f"/inspections/targets/{o.pk}/", method="post", ok=(302,),
             payload=lambda o, t: {"form": "scores", "score-A1-2": "12"}, effect=scored),
    Endpoint("inspections ui visit list", "ui", "list", LEADER, visit, lambda o: "/inspections/visits/",
             listed=in_html("南岸区测试学校1")),
    Endpoint("inspections ui visit create page", "ui", "list", OFFICE, posted, lambda o: "/inspections/visits/new/",
             listed=in_html("南岸区测试学校1")),
    Endpoint("inspections ui visit create", "ui", "write", OFFICE, posted, lambda o: "/inspections/visits/new/",
             method="post", ok=(302,),
             payload=lambda o, t: {"school": o["school"].pk, "visited_on": timezone.localdate().isoformat(),
                                   "duration_minutes": "60", "methods": ["lesson"]},
             effect=lambda o: RegularVisit.objects.exists()),
    Endpoint("inspections ui visit detail", "ui", "detail", LEADER, visit, lambda o: f"/inspections/visits/{o.pk}/"),
    Endpoint("inspections ui visit hazard handled", "ui", "write", OFFICE, visit,
             lambda o: f"/inspections/visits/{o.pk}/", method="post", ok=(302,),
             effect=lambda o: RegularVisit.objects.filter(pk=o.pk, hazard_handled_at__isnull=False).exists()),
    Endpoint("inspections ui compliance", "ui", "list", LEADER, posted, lambda o: "/inspections/compliance/",
             listed=in_html("南岸区测试学校1")),
    Endpoint("inspections ui task problems", "ui", "detail", LEADER, lambda t: problem(t).task,
             lambda o: f"/inspections/{o.pk}/?tab=findings"),
    Endpoint("inspections ui target problem", "ui", "write", OFFICE, on_site_target,
             lambda o: f"/inspections/targets/{o.pk}/", method="post", ok=(302,),
             payload=lambda o, t: {"form": "problem", **PROBLEM_FORM},
             effect=lambda o: LedgerItem.objects.filter(target=o, description="页面登记问题", status="draft").exists()),
    Endpoint("inspections ui visit problem", "ui", "write", OFFICE, visit, lambda o: f"/inspections/visits/{o.pk}/",
             method="post", ok=(302,), payload=lambda o, t: {"form": "problem", **PROBLEM_FORM},
             effect=lambda o: LedgerItem.objects.filter(visit=o, description="页面登记问题", status="issued").exists()),
    Endpoint("inspections ui unit history", "ui", "detail", LEADER, lambda t: setting(t)["schools"][0],
             lambda o: f"/inspections/units/{o.pk}/history/"),
    # ---- problem categories (a 南岸区 category; its children inherit it, so reads name the region) ----
    Endpoint("inspections api categories", "api", "detail", LEADER, category,
             lambda o: f"{API}/categories?region_code=500108"),
    Endpoint("inspections api category create", "api", "write", OFFICE, lambda t: t["nanan"],
             lambda o: f"{API}/categories", method="post", ok=(201,),
             payload=lambda o, t: {"region_code": "500108", "name": "接口矩阵类别"},
             effect=lambda o: ProblemCategory.objects.filter(region=o, name="接口矩阵类别").exists()),
    Endpoint("inspections api category deactivate", "api", "write", OFFICE, category,
             lambda o: f"{API}/categories/{o.pk}/deactivate", method="post",
             effect=lambda o: ProblemCategory.objects.filter(pk=o.pk, is_active=False).exists()),
    Endpoint("inspections api category activate", "api", "write", OFFICE, lambda t: category(t, active=False),
             lambda o: f"{API}/categories/{o.pk}/activate", method="post",
             effect=lambda o: ProblemCategory.objects.filter(pk=o.pk, is_active=True).exists()),
    Endpoint("inspections ui categories", "ui", "detail", LEADER, category,
             lambda o: "/inspections/categories/?region=500108"),
    Endpoint("inspections ui category add", "ui", "write", OFFICE, lambda t: t["nanan"],
             lambda o: "/inspections/categories/?region=500108", method="post", ok=(302,),
             payload=lambda o, t: {"form": "add", "name": "页面矩阵类别"},
             effect=lambda o: ProblemCategory.objects.filter(region=o, name="页面矩阵类别").exists()),
    Endpoint("inspections ui category deactivate", "ui", "write", OFFICE, category,
             lambda o: "/inspections/categories/?region=500108", method="post", ok=(302,),
             payload=lambda o, t: {"form": "deactivate", "category": o.pk},
             effect=lambda o: ProblemCategory.objects.filter(pk=o.pk, is_active=False).exists()),
]
