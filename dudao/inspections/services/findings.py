"""Findings with their rectification requirement and routing (C1, E12)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..choices import FindingCategory, Routing, Severity, TaskStatus
from ..models import Finding

CHANGE = "inspections.change_supervisiontask"
OPEN_FOR_FINDINGS = (TaskStatus.ON_SITE, TaskStatus.PRELIMINARY_OPINION, TaskStatus.OBJECTION_WINDOW,
                     TaskStatus.OPINION_LETTER)


@transaction.atomic
def finding_create(*, actor, unit, description: str, category: str, requirement: str, deadline, task=None,
                   visit=None, responsible_unit=None, severity: str = Severity.MINOR, routing: str = Routing.SMALL,
                   departments=(), indicator_code: str = "", evidence: str = "") -> Finding:
    """Record a problem at ``unit`` from a task (the office or a team member, during on-site up to
    the opinion letter) or from a regular visit (the office or the visit's inspector). 大事 must
    name the departments that act together."""
    from .tasks import _check_scorer

    if (task is None) == (visit is None):
        raise ValidationError({"task": _("问题须来自一项督导任务或一次经常性督导")})
    if task is not None:
        from ..models import SupervisionTask

        task = SupervisionTask.objects.select_for_update(of=("self",)).get(pk=task.pk)
        _check_scorer(actor, task)
        if task.status not in OPEN_FOR_FINDINGS:
            raise ValidationError({"status": _("当前阶段不能登记问题")})
        if not task.targets.filter(unit=unit).exists():
            raise ValidationError({"unit": _("该单位不是本任务的督导对象")})
    else:
        from .visits import check_visit_writer

        check_visit_writer(actor, visit)
        if unit.pk != visit.school_id:
            raise ValidationError({"unit": _("问题须属于本次督导的学校")})
    errors = {}
    if not (description or "").strip():
        errors["description"] = _("请描述问题")
    if not (requirement or "").strip():
        errors["requirement"] = _("请填写整改要求")
    if deadline is None:
        errors["deadline"] = _("请填写整改期限")
    if category not in FindingCategory.values:
        errors["category"] = _("未知的问题类别")
    if severity not in Severity.values:
        errors["severity"] = _("未知的严重程度")
    if routing not in Routing.values:
        errors["routing"] = _("未知的办理分类")
    elif routing == Routing.MAJOR and not departments:
        errors["departments"] = _("大事须写明联动部门")
    if errors:
        raise ValidationError(errors)
    finding = Finding.objects.create(
        task=task, visit=visit, unit=unit, region_path=unit.region_path, description=description.strip(),
        indicator_code=indicator_code, category=category, severity=severity, evidence=evidence,
        responsible_unit=responsible_unit or unit, requirement=requirement.strip(), deadline=deadline,
        routing=routing, created_by=actor,
    )
    if departments:
        finding.departments.set(departments)
    return finding
