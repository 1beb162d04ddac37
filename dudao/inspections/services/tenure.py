"""校（园）长任期结束综合督导 (C5): the due list creates the task in one step, by the office the school's
管理权限 names (a county school's county office, a 市直属 school's city office), and completing the task
(its report) marks the principal's tenure supervised."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..choices import TaskKind, TaskStatus
from ..models import SupervisionTask


def responsible_office(school):
    """The office that runs ``school``'s tenure-end supervision: the county's for a county school, the
    nearest office above the county for a 市直属 school; ``None`` when there is none."""
    from dudao.orgs.choices import UnitKind
    from dudao.orgs.models import Unit
    from dudao.regions.choices import RegionLevel
    from dudao.schools.choices import ManagementAuthority

    profile = getattr(school, "school_profile", None)
    city = profile is not None and profile.authority == ManagementAuthority.CITY
    region = school.region
    while region is not None:
        fits = region.level < RegionLevel.COUNTY if city else region.level <= RegionLevel.COUNTY
        if fits:
            office = Unit.objects.filter(region=region, kind=UnitKind.OFFICE, is_active=True).order_by("id").first()
            if office is not None:
                return office
        region = region.parent
    return None


@transaction.atomic
def tenure_task_create(*, actor, tenure) -> SupervisionTask:
    """A draft 任期结束综合督导 of ``tenure``'s school, organised by the responsible office (the actor must be
    allowed to add tasks there). Refused when the tenure is already supervised or a task for it is open."""
    from dudao.schools.models import PrincipalTenure

    from .tasks import task_create

    tenure = PrincipalTenure.objects.select_related("school__region", "school__school_profile").get(pk=tenure.pk)
    if tenure.tenure_end_supervised_on is not None:
        raise ValidationError({"tenure": _("该校（园）长的任期结束综合督导已完成")})
    open_task = (SupervisionTask.objects.filter(kind=TaskKind.PRINCIPAL_TENURE, targets__unit=tenure.school,
                                                created_at__date__gte=tenure.start_date)
                 .exclude(status=TaskStatus.ARCHIVED).first())
    if open_task is not None:
        raise ValidationError({"tenure": _("已有该校的任期结束综合督导任务：%(t)s") % {"t": open_task.title}})
    office = responsible_office(tenure.school)
    if office is None:
        raise ValidationError({"tenure": _("找不到负责该校任期结束督导的督导室（按学校管理权限）")})
    title = _("%(s)s校（园）长%(n)s任期结束综合督导") % {"s": tenure.school.name, "n": tenure.name}
    return task_create(actor=actor, office=office, kind=TaskKind.PRINCIPAL_TENURE, title=title[:200],
                       topic=_("校（园）长任期结束综合督导"), targets=[tenure.school])


def mark_tenures_supervised(task, step) -> None:
    """Hook on ``submit_report``: a tenure-end task's report marks each target school's principal — the
    serving one, or the one who left most recently — as supervised on the task's on-site date."""
    if task.kind != TaskKind.PRINCIPAL_TENURE:
        return
    from dudao.schools.models import PrincipalTenure
    from dudao.schools.services import principal_record

    on = task.start_date or step.today
    for target in task.targets.all():
        tenure = (PrincipalTenure.objects.filter(school_id=target.unit_id, tenure_end_supervised_on__isnull=True,
                                                 start_date__lte=on)
                  .order_by("-start_date").first())
        if tenure is not None:
            principal_record(actor=None, tenure=tenure, tenure_end_supervised_on=on)
