"""Writes of the app other than the transitions (those are generated in ``workflows``): the office
above announces an evaluation; the county office splits its indicators among the member units and
compiles the package; the office above records its findings as ledger items of the responsible
units; a lower office files a result or major matter with the office above (备案).

Every write checks scope, validates its input in Chinese and runs in one transaction."""

from __future__ import annotations

import datetime

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.common.scoping import region_in_scope
from dudao.frameworks.choices import VersionStatus
from dudao.frameworks.models import Indicator
from dudao.inspections.choices import Severity
from dudao.ledger.choices import LedgerSource
from dudao.ledger.services import ledger_item_create
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import MemberUnit

from .choices import AssignmentStatus, EvaluationStatus, FilingKind, UpwardFilingStatus
from .models import Filing, IndicatorAssignment, UpperEvaluation, UpperFinding
from .workflows import FILING, WORKFLOW, acknowledgement_due

E = EvaluationStatus
#: The states in which the county office may still split indicators.
ASSIGNING = (E.ANNOUNCED, E.SELF_CHECK)


def _today(today):
    return today or timezone.localdate()


def member_units(region, day: datetime.date | None = None):
    """The units that are current member units of a committee of ``region`` (A3)."""
    from dudao.orgs.models import Unit

    ids = MemberUnit.objects.filter(
        committee__region=region, committee__kind=UnitKind.COMMITTEE, left_on__isnull=True
    ).values("unit_id")
    return Unit.objects.filter(pk__in=ids, is_active=True).order_by("name")


def leaf_indicators(version):
    """The indicators a member unit answers: those without children, in the framework's order."""
    return Indicator.objects.filter(version=version, children__isnull=True).order_by("sort_order", "id")


# ---- the upper level's evaluation --------------------------------------------------------------
@transaction.atomic
def evaluation_announce(
    *,
    actor,
    region,
    version,
    year: int,
    deadline: datetime.date,
    title: str = "",
    requirements: str = "",
    today: datetime.date | None = None,
) -> UpperEvaluation:
    """The office above ``region`` announces its evaluation of ``region``'s government."""
    today = _today(today)
    parent = region.parent
    if parent is None:
        raise ValidationError({"region": _("该地区没有上一级，无法开展上级评估")})
    if actor is not None and not region_in_scope(actor, "upward.add_upperevaluation", parent):
        raise PermissionDenied(_("只有上一级督导室可以部署对该地区的评估"))
    errors = {}
    if version.status != VersionStatus.PUBLISHED:
        errors["version"] = _("请选择已发布的指标体系版本")
    if not isinstance(deadline, datetime.date) or deadline < today:
        errors["deadline"] = _("报送截止日期不能早于今天")
    if not 2000 <= int(year) <= 2100:
        errors["year"] = _("请填写正确的年度")
    if UpperEvaluation.objects.filter(region=region, version=version, year=year).exists():
        errors["year"] = _("该地区本年度已部署过同一指标体系的评估")
    if errors:
        raise ValidationError(errors)
    title = (title or "").strip() or _("%(y)s年%(r)s人民政府履行教育职责评价") % {"y": year, "r": region.name}
    ev = UpperEvaluation.objects.create(
        region=region,
        region_path=region.path,
        title=title[:200],
        year=year,
        version=version,
        deadline=deadline,
        requirements=(requirements or "").strip(),
        created_by=actor,
    )
    WORKFLOW.log(ev, "announce", actor=actor, to_status=E.ANNOUNCED, data={"deadline": deadline.isoformat()})
    return ev


@transaction.atomic
def indicator_assign(
    *, actor, evaluation, indicator, unit, deadline: datetime.date, today: datetime.date | None = None
) -> IndicatorAssignment:
    """The county office gives ``indicator`` to the member unit ``unit`` with a deadline."""
    today = _today(today)
    evaluation = (
        UpperEvaluation.objects.select_for_update(of=("self",)).select_related("region").get(pk=evaluation.pk)
    )
    WORKFLOW.check(actor, evaluation, "change", _("只有被评估地区的督导室可以分解指标"))
    errors = {}
    if evaluation.status not in ASSIGNING:
        errors["status"] = _("评估材料已报送，不能再分解指标")
    if indicator.version_id != evaluation.version_id:
        errors["indicator"] = _("该指标不属于本次评估的指标体系")
    elif indicator.children.exists():
        errors["indicator"] = _("请分解到末级指标")
    elif IndicatorAssignment.objects.filter(evaluation=evaluation, indicator=indicator).exists():
        errors["indicator"] = _("该指标已分解给成员单位，不能重复分解")
    if not member_units(evaluation.region).filter(pk=unit.pk).exists():
        errors["unit"] = _("请选择本级教育督导委员会的成员单位")
    if not isinstance(deadline, datetime.date) or deadline < today:
        errors["deadline"] = _("自查截止日期不能早于今天")
    elif deadline > evaluation.deadline:
        errors["deadline"] = _("自查截止日期不能晚于报送上级的截止日期（%(d)s）") % {"d": evaluation.deadline}
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            a = IndicatorAssignment.objects.create(
                evaluation=evaluation,
                indicator=indicator,
                unit=unit,
                region_path=unit.region_path,
                deadline=deadline,
            )
    except IntegrityError as exc:  # a concurrent assignment of the same indicator
        raise ValidationError({"indicator": _("该指标已分解给成员单位，不能重复分解")}) from exc
    WORKFLOW.log(
        evaluation,
        "assign",
        actor=actor,
        note=f"{indicator.code} {indicator.name} → {unit.name}",
        data={"assignment": a.pk, "unit": unit.pk, "deadline": deadline.isoformat()},
    )
    return a


def overdue(qs, today: datetime.date):
    """Assignments whose unit still owes its self-check after the deadline."""
    return qs.filter(status__in=(AssignmentStatus.PENDING, AssignmentStatus.RETURNED), deadline__lt=today)


@transaction.atomic
def package_compile(*, actor, evaluation, today: datetime.date | None = None):
    """The county office compiles every unit's self-check into the Word package (an attachment of
    the evaluation, purpose ``package``); returns the attachment."""
    from .report import package_attach

    evaluation = (
        UpperEvaluation.objects.select_for_update(of=("self",))
        .select_related("region", "version")
        .get(pk=evaluation.pk)
    )
    WORKFLOW.check(actor, evaluation, "change", _("只有被评估地区的督导室可以汇编自评材料"))
    if evaluation.status not in ASSIGNING:
        raise ValidationError({"status": _("评估材料已报送，不能再汇编")})
    if not evaluation.assignments.exists():
        raise ValidationError({"assignments": _("请先将指标分解到成员单位")})
    return package_attach(actor=actor, evaluation=evaluation, today=_today(today))


def _compile_on_submit(evaluation, step):
    """Hook of ``submit``: the package as submitted (the final Word document)."""
    from .report import package_attach

    package_attach(actor=step.actor, evaluation=evaluation, today=step.today, final=True)


WORKFLOW.connect("submit", _compile_on_submit)


@transaction.atomic
def finding_add(
    *,
    actor,
    evaluation,
    unit,
    description: str,
    requirement: str,
    deadline: datetime.date,
    category: str,
    severity: str = Severity.MINOR,
    assignment=None,
    today: datetime.date | None = None,
) -> UpperFinding:
    """The office above records a finding on a submitted package: a ledger item (上级反馈) of the
    responsible member unit, whose 整改 and 复查 then run through the ledger."""
    evaluation = (
        UpperEvaluation.objects.select_for_update(of=("self",)).select_related("region").get(pk=evaluation.pk)
    )
    WORKFLOW.check(actor, evaluation, "review", _("只有上一级督导室可以反馈评估发现的问题"))
    errors = {}
    if evaluation.status != E.SUBMITTED:
        errors["status"] = _("评估材料报送后、评估反馈前才能反馈问题")
    if assignment is not None and assignment.evaluation_id != evaluation.pk:
        errors["assignment"] = _("该指标不属于本次评估")
    if not member_units(evaluation.region).filter(pk=unit.pk).exists():
        errors["unit"] = _("请选择被评估地区督导委员会的成员单位")
    if errors:
        raise ValidationError(errors)
    reference = evaluation.title if assignment is None else f"{evaluation.title} {assignment.indicator.code}"
    item = ledger_item_create(
        actor=actor,
        unit=unit,
        source=LedgerSource.UPPER_FEEDBACK,
        description=description,
        category=category,
        requirement=requirement,
        deadline=deadline,
        severity=severity,
        source_reference=reference[:200],
        today=today,
    )
    finding = UpperFinding.objects.create(
        evaluation=evaluation,
        assignment=assignment,
        unit=unit,
        region_path=unit.region_path,
        ledger_item=item,
        created_by=actor,
    )
    WORKFLOW.log(
        evaluation,
        "finding",
        actor=actor,
        note=f"{unit.name}：{description.strip()[:80]}",
        data={"ledger_item": item.pk, "unit": unit.pk},
    )
    return finding


# ---- 备案 --------------------------------------------------------------------------------------
def _case_model():
    """The 问责 case model, by label (the accountability app sits beside this one; not imported)."""
    try:
        return apps.get_model("accountability", "AccountabilityCase")
    except LookupError:
        return None


def _check_subject(actor, kind, region, task, evaluation, case_id) -> dict:
    from dudao.inspections.choices import REPORTED_STATUSES

    errors = {}
    if kind == FilingKind.TASK_REPORT:
        if task is None:
            errors["task"] = _("请选择督导任务")
        elif task.region_id != region.pk or task.status not in REPORTED_STATUSES:
            errors["task"] = _("请选择本级已形成督导报告的督导任务")
    elif kind == FilingKind.EVALUATION_PACKAGE:
        if evaluation is None:
            errors["evaluation"] = _("请选择上级评估")
        elif evaluation.region_id != region.pk or evaluation.status not in (E.SUBMITTED, E.REVIEWED):
            errors["evaluation"] = _("请选择本级已报送的上级评估")
    elif kind == FilingKind.CASE_DECISION:
        model = _case_model()
        case = None
        if model is not None and case_id:
            case = (
                model.objects.for_user(actor, "view").filter(pk=case_id).first()
                if actor is not None
                else model.objects.filter(pk=case_id).first()
            )
        if case is None or case.status != "decided" or not case.region_path.startswith(region.path):
            errors["case"] = _("请选择本级已作出决定的问责案件")
    return errors


@transaction.atomic
def filing_create(
    *,
    actor,
    region,
    kind: str,
    title: str,
    summary: str = "",
    task=None,
    evaluation=None,
    case_id: int | None = None,
    files=(),
    today: datetime.date | None = None,
) -> Filing:
    """The office of ``region`` files a result or a major matter with the office above."""
    from dudao.attachments.services import attachment_add

    today = _today(today)
    if actor is not None and not region_in_scope(actor, "upward.add_filing", region):
        raise PermissionDenied(_("无权以该地区督导室的名义报备"))
    errors = {}
    if region.parent_id is None:
        errors["region"] = _("本级没有上一级督导机构，无需备案")
    if kind not in FilingKind.values:
        errors["kind"] = _("未知的备案类别")
    if not (title or "").strip():
        errors["title"] = _("请填写备案事项")
    if kind == FilingKind.MATTER and not (summary or "").strip() and not files:
        errors["summary"] = _("重大事项请写明情况说明或附上材料")
    if not errors:
        errors = _check_subject(actor, kind, region, task, evaluation, case_id)
    if errors:
        raise ValidationError(errors)
    subject_type = (
        ContentType.objects.get_for_model(_case_model()) if kind == FilingKind.CASE_DECISION else None
    )
    filing = Filing.objects.create(
        region=region,
        region_path=region.path,
        to_region=region.parent,
        kind=kind,
        title=title.strip()[:200],
        summary=(summary or "").strip(),
        task=task if kind == FilingKind.TASK_REPORT else None,
        evaluation=evaluation if kind == FilingKind.EVALUATION_PACKAGE else None,
        subject_type=subject_type,
        subject_id=case_id if subject_type else None,
        filed_at=timezone.now(),
        due_on=acknowledgement_due(region.parent, today),
        created_by=actor,
    )
    FILING.log(
        filing, "file", actor=actor, to_status=UpwardFilingStatus.FILED, data={"due_on": filing.due_on.isoformat()}
    )
    for f in files:
        attachment_add(actor=actor, owner=filing, purpose="files", file=f)
    return filing


def filing_overdue(qs, today: datetime.date):
    return qs.filter(status=UpwardFilingStatus.FILED, due_on__lt=today)


# ---- reminders (the ledger's daily job) ----------------------------------------------------------
#: Days before the deadline on which the member unit is reminded; the day after it, it is told it is late.
REMINDER_DAYS = (3, 1)


def send_reminders(today: datetime.date) -> int:
    """Remind the member units of self-checks due in ``REMINDER_DAYS`` days, and tell them (and log
    on the evaluation) the day after the deadline passed. Idempotent per day (the key)."""
    from dudao.ledger.choices import NotificationKind
    from dudao.ledger.models import Notification

    horizon = today + datetime.timedelta(days=max(REMINDER_DAYS))
    rows = (
        IndicatorAssignment.objects.filter(
            status__in=(AssignmentStatus.PENDING, AssignmentStatus.RETURNED),
            evaluation__status=E.SELF_CHECK,
            deadline__lte=horizon,
            deadline__gte=today - datetime.timedelta(days=1),
        )
        .select_related("evaluation", "indicator", "unit")
        .order_by("pk")
    )
    sent = 0
    for a in rows:
        days = (a.deadline - today).days
        if days not in REMINDER_DAYS and days != -1:
            continue
        key = f"upward:{a.pk}:{a.deadline.isoformat()}:{days}"
        if Notification.objects.filter(key=key, recipient_unit=a.unit).exists():
            continue
        if days < 0:
            message = _("“%(e)s”指标“%(i)s”的自查已逾期（截止%(d)s），请尽快提交。") % {
                "e": a.evaluation.title,
                "i": a.indicator.name,
                "d": a.deadline,
            }
        else:
            message = _("“%(e)s”指标“%(i)s”的自查将于%(d)s截止，还有%(n)s天。") % {
                "e": a.evaluation.title,
                "i": a.indicator.name,
                "d": a.deadline,
                "n": days,
            }
        with transaction.atomic():
            Notification.objects.create(
                link=a.get_absolute_url(),
                kind=NotificationKind.DEADLINE,
                key=key,
                recipient_unit=a.unit,
                message=message,
                sent_on=today,
            )
            WORKFLOW.log(a.evaluation, "remind", note=message, data={"assignment": a.pk, "days": days})
        sent += 1
    return sent
