"""Writes on supervision work. Each service is keyword-only, one transaction, checks scope."""

from ..workflows import work_plan_acknowledge, work_plan_submit
from .categories import problem_category_create, problem_category_set_active
from .plans import exemption_create, work_plan_create, work_plan_item_add
from .removals import task_target_remove, team_member_remove
from .tasks import (
    objection_record,
    objection_submit,
    opinion_record_add,
    opinion_record_delete,
    score_record,
    self_evaluation_review,
    self_evaluation_submit,
    target_compute_result,
    target_evaluate,
    task_create,
    task_file_add,
    task_set_report,
    task_target_add,
    task_update,
    team_member_add,
)
from .tenure import tenure_task_create
from .visits import visit_hazard_handle, visit_record

__all__ = [
    "exemption_create", "objection_record", "objection_submit", "opinion_record_add",
    "opinion_record_delete", "problem_category_create", "problem_category_set_active", "score_record",
    "self_evaluation_review", "self_evaluation_submit", "target_compute_result", "target_evaluate", "task_create",
    "task_file_add", "task_set_report", "task_target_add", "task_target_remove", "task_update", "team_member_add",
    "team_member_remove", "tenure_task_create", "visit_hazard_handle", "visit_record",
    "work_plan_acknowledge", "work_plan_create", "work_plan_item_add", "work_plan_submit",
]
