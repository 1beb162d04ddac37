"""The two state machines of the monitoring app, on the workflow kernel (``dudao.common.workflow``).

``COLLECTION``: 草稿 → 已发布 (publish; a published version is immutable) → 已停用 (retire).

``SUBMISSION`` — bottom-up approval (G3):

=========  =====================  ====================  ========================================
name       from                   to                    who
=========  =====================  ====================  ========================================
(values)   填报中, 已退回          —                       the unit's own users or an office over it
submit     填报中, 已退回          已上报                  the unit's own users; every required cell
                                                        filled and every rule passing
return     已上报                  已退回                  the county (or city) office; reason required
approve    已上报                  县级已审核（锁定）       the county (or city) office; locks the values
accept     县级已审核（锁定）       市级已接收              the city office
reopen     已审核, 已接收           填报中                  an office (reason required; from 已接收
                                                        only the city office)
=========  =====================  ====================  ========================================

"County office" and "city office": a user holding the permission through an assignment on a
region covering the unit, at county level (县(区)) or below, or above it. ``review`` (return,
approve) is the county's step — the city may take it too (a city-run school; no county office) —
and ``accept`` only the city's. An office's own form (unit kind 督导室, e.g. the 普及普惠 county
form) is reviewed by the level above it, never by itself. Values are entered by the unit's own
users or, for it (e.g. one Excel file for a round), by an office covering it. Permissions: ``monitoring.fill_submission`` / ``submit_submission`` (units),
``review_submission`` / ``accept_submission`` / ``reopen_submission`` (offices)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.scoping import _grants, user_assignments
from dudao.common.workflow import Transition, Workflow

from .choices import CollectionStatus, SubmissionStatus
from .models import Collection, CollectionEvent, Submission, SubmissionEvent

S = SubmissionStatus
C = CollectionStatus
COUNTY_LEVEL = 3  # regions.choices.RegionLevel.COUNTY


def _covers(assignment, submission) -> bool:
    if assignment.region_id is None and assignment.unit_id is None:
        return True
    if assignment.unit_id is not None:
        return assignment.unit_id == submission.unit_id
    if assignment.recursive:
        return submission.region_path.startswith(assignment.region.path)
    return submission.region_path == assignment.region.path


def own_unit(actor, submission, perm: str) -> bool:
    """Is ``actor`` one of the unit's own users holding ``perm`` (an assignment on the unit, or the
    unit as their home unit with the permission over it)?"""
    full = f"monitoring.{perm}_submission"
    for a in user_assignments(actor):
        if not _grants(a.role, full):
            continue
        if a.unit_id is not None and a.unit_id == submission.unit_id:
            return True
        if getattr(actor, "unit_id", None) == submission.unit_id and _covers(a, submission):
            return True
    return False


def office_levels(actor, submission, perm: str) -> set[str]:
    """``{"county", "city"}``: the levels at which ``actor`` holds ``perm`` over the submission as
    an office. A system-wide assignment counts as both."""
    full = f"monitoring.{perm}_submission"
    levels: set[str] = set()
    is_office_form = submission.unit.kind == "office"
    for a in user_assignments(actor):
        if a.unit_id is not None or not _grants(a.role, full) or not _covers(a, submission):
            continue
        if a.region_id is None:
            levels.update(("county", "city"))
            continue
        if is_office_form and a.region.path == submission.region_path:
            continue  # an office does not review its own form
        if is_office_form:
            levels.update(("county", "city") if a.region.level < COUNTY_LEVEL else ("county",))
        else:
            levels.add("county" if a.region.level >= COUNTY_LEVEL else "city")
    return levels


def fill_allowed(actor, submission) -> bool:
    """``fill`` on a submission already taken from ``for_user(actor, "fill")`` (no query: the unit's
    own users or an office over it; ``submission.unit`` loaded). ``actor=None`` is the system."""
    if actor is None:
        return True
    return own_unit(actor, submission, "fill") or bool(office_levels(actor, submission, "fill"))


def _scope(actor, submission, permission: str) -> bool:
    if not Submission.objects.for_user(actor, permission).filter(pk=submission.pk).exists():
        return False
    if permission == "fill":  # the unit's own users, or an office entering for it (Excel for a round)
        return own_unit(actor, submission, permission) or bool(office_levels(actor, submission, permission))
    if permission == "submit":
        return own_unit(actor, submission, permission)
    if permission == "review":  # the county office; the city may act for it (a city-run school, no county office)
        return bool(office_levels(actor, submission, permission))
    if permission == "accept":
        return "city" in office_levels(actor, submission, permission)
    if permission == "reopen":
        return bool(office_levels(actor, submission, permission))
    return True


def _guard_submit(submission, step):
    from .validation import submission_problems

    problems = submission_problems(submission)
    if problems:
        return {"status": _("尚有%(n)d项未通过校验，不能上报") % {"n": len(problems)}, **problems}
    return None


def _needs_reason(submission, step):
    if not step.note:
        return {"note": _("请填写理由")}
    return None


def _guard_reopen(submission, step):
    if not step.note:
        return {"note": _("请填写重新打开的理由")}
    if submission.status == S.ACCEPTED and step.actor is not None \
            and "city" not in office_levels(step.actor, submission, "reopen"):
        return _("市级已接收的填报只能由市级督导室重新打开")
    return None


def _submitted(submission, step):
    submission.submitted_at = timezone.now()
    submission.return_reason = ""


def _returned(submission, step):
    submission.return_reason = step.note


def _approved(submission, step):
    submission.approved_at = timezone.now()


def _accepted(submission, step):
    submission.accepted_at = timezone.now()


def _reopened(submission, step):
    step.event_data["was"] = submission.status
    submission.approved_at = None
    submission.accepted_at = None


T = Transition
SUBMISSION = Workflow(model=Submission, history=SubmissionEvent, subject="submission", scope=_scope, transitions=[
    T("submit", gettext_lazy("上报"), (S.DRAFT, S.RETURNED), S.SUBMITTED, permission="submit",
      guard=_guard_submit, writes=("submitted_at", "return_reason"), effect=_submitted),
    T("return", gettext_lazy("退回"), (S.SUBMITTED,), S.RETURNED, permission="review", guard=_needs_reason,
      writes=("return_reason",), effect=_returned),
    T("approve", gettext_lazy("审核通过（锁定）"), (S.SUBMITTED,), S.APPROVED, permission="review",
      writes=("approved_at",), effect=_approved),
    T("accept", gettext_lazy("市级接收"), (S.APPROVED,), S.ACCEPTED, permission="accept",
      writes=("accepted_at",), effect=_accepted),
    T("reopen", gettext_lazy("重新打开"), (S.APPROVED, S.ACCEPTED), S.DRAFT, permission="reopen",
      guard=_guard_reopen, writes=("approved_at", "accepted_at"), effect=_reopened),
])
SUBMISSION_SERVICES = SUBMISSION.services("submission")


def _guard_publish(collection, step):
    if not collection.elements.exists():
        return _("采集表还没有数据元素，不能发布")
    return None


COLLECTION = Workflow(model=Collection, history=CollectionEvent, subject="collection", transitions=[
    T("publish", gettext_lazy("发布"), (C.DRAFT,), C.PUBLISHED, permission="publish", guard=_guard_publish),
    T("retire", gettext_lazy("停用"), (C.PUBLISHED,), C.RETIRED, permission="change"),
])
COLLECTION_SERVICES = COLLECTION.services("collection")


def _section_totals(submission, step):
    """The stored 优质均衡 totals follow the submission's state (written when its values lock on
    上报, kept through 审核/接收, removed on 退回/重新打开): ``indices.stored``."""
    from .indices.stored import on_transition

    on_transition(submission, step)


for _name in SUBMISSION.transitions:
    SUBMISSION.connect(_name, _section_totals)
