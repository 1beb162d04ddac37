"""Writes of the plans-and-measures app, each in one transaction with its scope checked.

- plans and measures: ``plan_create``, ``measure_create``;
- the import of a plan's table (I1): ``import_stage`` (read the file, match every unit name, keep
  the rows in a ``MeasureImport``; nothing else is written, and a file with an invalid row keeps
  nothing), ``import_commit`` (the user's choices for the names left → every measure, or none);
- progress (I1): ``report_add`` by a lead or responsible unit, with evidence files;
- aliases: ``alias_create``;
- reform projects (I3): ``project_apply``, ``project_progress`` (过程督导); charters (I4):
  ``charter_submit``, ``charter_resubmit``. The status transitions are in ``workflows``."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.attachments.services import attachment_add_many
from dudao.common.scoping import get_for_user_or_404
from dudao.orgs.choices import SCHOOL_KINDS, UnitKind
from dudao.orgs.models import Unit

from . import imports
from .choices import Cadence, CharterStatus, MatchKind, MeasureStatus, ProjectStatus
from .matching import Matcher
from .models import (
    Measure,
    MeasureImport,
    Plan,
    ProgressReport,
    ProjectEvent,
    ReformProject,
    SchoolCharter,
    UnitAlias,
    unit_ids_for,
)
from .workflows import CHARTER_WORKFLOW, MEASURE_WORKFLOW, PROJECT_WORKFLOW


def _check(obj, actor, action):
    if actor is not None and not type(obj).objects.for_user(actor, action).filter(pk=obj.pk).exists():
        raise PermissionDenied(_("无权办理该事项"))


def _office_region_units(actor, region):
    return Unit.objects.for_user(actor, "view").filter(region_path__startswith=region.path, is_active=True)


# ---- plans and measures -------------------------------------------------------------------------
@transaction.atomic
def plan_create(
    *,
    actor,
    office: Unit,
    kind: str,
    title: str,
    year: int,
    source_reference: str = "",
    description: str = "",
    source_document=None,
) -> Plan:
    if office.kind != UnitKind.OFFICE:
        raise ValidationError({"office": _("方案应属于一个教育督导机构")})
    plan = Plan(
        office=office,
        region=office.region,
        region_path=office.region_path,
        kind=kind,
        title=title.strip(),
        year=year,
        source_reference=source_reference.strip(),
        description=description.strip(),
        source_document=source_document,
        created_by=actor,
    )
    plan.full_clean()
    plan.save()
    _check(plan, actor, "add")
    return plan


def _lead_and_units(lead: Unit, units) -> list[Unit]:
    out = []
    for u in units:
        if u.pk != lead.pk and u not in out:
            out.append(u)
    return out


@transaction.atomic
def measure_create(
    *,
    actor,
    plan: Plan,
    number: str,
    content: str,
    lead_unit: Unit,
    units=(),
    task: str = "",
    deadline: datetime.date | None = None,
    cadence: str = Cadence.QUARTERLY,
    position: int | None = None,
    action: str = "create",
) -> Measure:
    _check(plan, actor, "change")
    if actor is not None and not _office_region_units(actor, plan.region).filter(pk=lead_unit.pk).exists():
        raise ValidationError({"lead_unit": _("牵头单位不在本方案的区域内")})
    if position is None:
        position = (plan.measures.count() + 1) * 10
    m = Measure(
        plan=plan,
        region_path=plan.region_path,
        number=str(number).strip(),
        content=content.strip(),
        lead_unit=lead_unit,
        task=task.strip(),
        deadline=deadline,
        cadence=cadence,
        position=position,
    )
    m.full_clean(exclude=["units"])
    m.save()
    m.units.set(_lead_and_units(lead_unit, units))
    MEASURE_WORKFLOW.log(m, action, actor=actor)
    return m


# ---- import ---------------------------------------------------------------------------------------
def _names_of(rows: list[dict]) -> list[str]:
    out = []
    for row in rows:
        for n in [*row["lead"], *row["units"]]:
            if n not in out:
                out.append(n)
    return out


def import_stage(*, actor, plan: Plan, file, filename: str) -> tuple[MeasureImport | None, list]:
    """Read the table and match its unit names. Returns the pending import, or ``(None, errors)``
    (``common.importer.RowError``: row, column, message) when the file is refused — then nothing
    at all is kept."""
    _check(plan, actor, "change")
    rows, errors = imports.read_table(file, filename)
    if errors:
        return None, errors
    existing = set(plan.measures.values_list("number", flat=True))
    clash = [
        imports.RowError(r["row"], "序号", _("方案中已有序号为%(n)s的措施") % {"n": r["number"]})
        for r in rows
        if r["number"] in existing
    ]
    if clash:
        return None, clash
    matcher = Matcher(
        plan.region,
        units=_office_region_units(actor, plan.region).exclude(kind__in=SCHOOL_KINDS)
        if actor is not None
        else None,
    )
    names = {n: matcher.match(n).as_json() for n in _names_of(rows)}
    imp = MeasureImport.objects.create(
        plan=plan,
        region_path=plan.region_path,
        source_name=filename[:255],
        rows=rows,
        names=names,
        created_by=actor,
    )
    return imp, []


def import_groups(imp: MeasureImport) -> dict[str, list]:
    """The names by how they were matched, with the units (for the confirmation page and the API)."""
    ids = set()
    for info in imp.names.values():
        ids |= set(info["units"]) | set(info["candidates"])
    units = Unit.objects.in_bulk(ids)
    groups = {k: [] for k in MatchKind.values}
    for name, info in imp.names.items():
        groups[info["kind"]].append(
            {
                "name": name,
                "how": info.get("how", ""),
                "units": [units[i] for i in info["units"] if i in units],
                "candidates": [units[i] for i in info["candidates"] if i in units],
            }
        )
    return groups


def lead_names(imp: MeasureImport) -> set[str]:
    return {row["lead"][0] for row in imp.rows if row["lead"]}


@transaction.atomic
def import_commit(*, actor, imp: MeasureImport, choices: dict, remember: bool = True) -> list[Measure]:
    """Write every measure of the import, or none. ``choices``: {name: unit id, or "" to leave a
    responsible unit's name out} for the names that were not matched; a matched name may be chosen
    again. The names chosen by hand are kept as ``UnitAlias`` of the plan's region (``remember``)."""
    imp = MeasureImport.objects.select_for_update().get(pk=imp.pk)
    _check(imp, actor, "change")
    if imp.committed_at is not None:
        raise ValidationError(_("该导入已完成，不能重复导入"))
    plan = imp.plan
    pool = _office_region_units(actor, plan.region) if actor is not None else Unit.objects.all()
    errors, resolved, picked = [], {}, {}
    for name, info in imp.names.items():
        choice = choices.get(name)
        if choice not in (None, ""):
            try:
                unit = pool.get(pk=int(choice))
            except (Unit.DoesNotExist, ValueError, TypeError):
                errors.append(_("“%(n)s”选择的单位不存在或不在本方案的区域内") % {"n": name})
                continue
            resolved[name] = [unit]
            picked[name] = unit
        elif choice == "" or info["kind"] != MatchKind.MATCHED:
            resolved[name] = [] if choice == "" else None
        else:
            resolved[name] = list(Unit.objects.filter(pk__in=info["units"]).order_by("pk"))
    leads = lead_names(imp)
    for name, units in resolved.items():
        if units is None:
            errors.append(_("单位名称“%(n)s”尚未对应到单位，请选择") % {"n": name})
        elif not units and name in leads:
            errors.append(_("牵头单位“%(n)s”必须对应到一个单位") % {"n": name})
    if errors:
        raise ValidationError(errors)
    created, row_errors = [], []
    for i, row in enumerate(imp.rows, start=1):
        lead_units = resolved[row["lead"][0]]
        if len(lead_units) != 1:
            row_errors.append(
                _("第%(r)s行：牵头单位“%(n)s”对应了%(c)s个单位，牵头单位只能是一个")
                % {"r": row["row"], "n": row["lead"][0], "c": len(lead_units)}
            )
            continue
        units = [u for n in [*row["lead"][1:], *row["units"]] for u in resolved[n]]
        try:
            with transaction.atomic():
                created.append(
                    measure_create(
                        actor=actor,
                        plan=plan,
                        number=row["number"],
                        content=row["content"],
                        task=row.get("task", ""),
                        lead_unit=lead_units[0],
                        units=units,
                        deadline=datetime.date.fromisoformat(row["deadline"]) if row["deadline"] else None,
                        cadence=row["cadence"],
                        position=i * 10,
                        action="import",
                    )
                )
        except ValidationError as exc:
            row_errors.extend(_("第%(r)s行：%(m)s") % {"r": row["row"], "m": m} for m in exc.messages)
    if row_errors:
        raise ValidationError(row_errors)
    if remember:
        for name, unit in picked.items():
            UnitAlias.objects.get_or_create(
                region=plan.region, alias=name, unit=unit, defaults={"region_path": plan.region.path}
            )
    imp.committed_at = timezone.now()
    imp.save(update_fields=["committed_at"])
    return created


# ---- progress -------------------------------------------------------------------------------------
def period_of(cadence: str, day: datetime.date) -> str:
    if cadence == Cadence.MONTHLY:
        return f"{day.year}-{day.month:02d}"
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def previous_period(cadence: str, day: datetime.date) -> str:
    if cadence == Cadence.MONTHLY:
        return period_of(cadence, day.replace(day=1) - datetime.timedelta(days=1))
    first = datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return period_of(cadence, first - datetime.timedelta(days=1))


def reporting_units(actor, measure: Measure) -> list[Unit]:
    """The actor's units that may report on ``measure`` (its lead or a responsible unit); for the
    system itself (``actor=None``: the demo, a command) all of them."""
    ids = {measure.lead_unit_id} | set(measure.units.values_list("pk", flat=True))
    if actor is not None:
        ids &= set(unit_ids_for(actor, "measures.report_measure"))
    return list(Unit.objects.filter(pk__in=ids).order_by("pk"))


def may_report(actor, measure: Measure) -> bool:
    return (
        measure.status == MeasureStatus.IN_PROGRESS
        and actor is not None
        and bool(reporting_units(actor, measure))
    )


@transaction.atomic
def report_add(
    *,
    actor,
    measure: Measure,
    content: str,
    percent: int = 0,
    unit: Unit | None = None,
    files=(),
    today: datetime.date | None = None,
) -> ProgressReport:
    """A progress report for the current period of the measure's cadence, by one of the actor's
    units that leads or shares the measure; a unit not responsible for it is refused."""
    today = today or timezone.localdate()
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    units = reporting_units(actor, measure)
    if not units:
        raise PermissionDenied(_("只有牵头单位和责任单位可以报送进展"))
    if unit is None:
        unit = units[0]
    elif unit not in units:
        raise ValidationError({"unit": _("该单位不是本措施的牵头单位或责任单位")})
    if measure.status != MeasureStatus.IN_PROGRESS:
        raise ValidationError(_("措施已完成，不再报送进展"))
    if not (content or "").strip():
        raise ValidationError({"content": _("请填写进展情况")})
    period = period_of(measure.cadence, today)
    if ProgressReport.objects.filter(measure=measure, unit=unit, period=period).exists():
        raise ValidationError({"content": _("%(u)s本期（%(p)s）已报送进展") % {"u": unit.name, "p": period}})
    report = ProgressReport(
        measure=measure,
        region_path=measure.region_path,
        unit=unit,
        period=period,
        content=content.strip(),
        percent=percent,
        reported_by=actor,
        reported_on=today,
    )
    report.full_clean()
    report.save()
    if files:
        attachment_add_many(
            actor=actor, owner=report, purpose="evidence", files=files, may=lambda *args: True
        )
    MEASURE_WORKFLOW.log(
        measure,
        "report",
        actor=actor,
        note=report.content[:200],
        data={"report": report.pk, "unit": unit.pk, "period": period, "percent": percent},
    )
    return report


# ---- aliases ----------------------------------------------------------------------------------------
@transaction.atomic
def alias_create(*, actor, region, alias: str, unit: Unit) -> UnitAlias:
    row = UnitAlias(region=region, region_path=region.path, alias=alias.strip(), unit=unit)
    row.full_clean()
    if actor is not None and not Unit.objects.for_user(actor, "view").filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("单位不存在或不在您的范围内")})
    row.save()
    _check(row, actor, "add")
    return row


# ---- reform projects (I3) ---------------------------------------------------------------------------
@transaction.atomic
def project_apply(
    *, actor, applicant: Unit, title: str, description: str, year: int, field: str = ""
) -> ReformProject:
    project = ReformProject(
        applicant=applicant,
        region_path=applicant.region_path,
        title=title.strip(),
        description=description.strip(),
        year=year,
        field=field.strip(),
        created_by=actor,
    )
    project.full_clean()
    project.save()
    _check(project, actor, "add")
    PROJECT_WORKFLOW.log(project, "apply", actor=actor, to_status=ProjectStatus.APPLIED)
    return project


@transaction.atomic
def project_progress(*, actor, project: ReformProject, note: str) -> ProjectEvent:
    """A 过程督导 note on a running project (the office or an inspector)."""
    project = ReformProject.objects.select_for_update().get(pk=project.pk)
    PROJECT_WORKFLOW.check(actor, project, "supervise")
    if project.status != ProjectStatus.APPROVED:
        raise ValidationError(_("只有已立项的项目可以记录过程督导"))
    if not (note or "").strip():
        raise ValidationError({"note": _("请填写过程督导情况")})
    return PROJECT_WORKFLOW.log(project, "progress", actor=actor, note=note.strip())


# ---- school charters (I4) ---------------------------------------------------------------------------
def _charter_file(actor, charter, file):
    if file is None:
        raise ValidationError({"file": _("请上传章程文件")})
    attachment_add_many(actor=actor, owner=charter, purpose="charter", files=[file], may=lambda *args: True)


@transaction.atomic
def charter_submit(*, actor, school: Unit, title: str, file, revision_note: str = "") -> SchoolCharter:
    if school.kind not in SCHOOL_KINDS:
        raise ValidationError({"school": _("只有学校和幼儿园报送章程")})
    charter = SchoolCharter(
        school=school,
        region_path=school.region_path,
        title=title.strip(),
        revision_note=revision_note.strip(),
        created_by=actor,
    )
    charter.full_clean()
    charter.save()
    _check(charter, actor, "submit")
    if (
        SchoolCharter.objects.filter(school=school, status=CharterStatus.SUBMITTED)
        .exclude(pk=charter.pk)
        .exists()
    ):
        raise ValidationError(_("该校已有待备案的章程，请等待备案或退回后再报送"))
    _charter_file(actor, charter, file)
    CHARTER_WORKFLOW.log(
        charter, "submit", actor=actor, note=charter.revision_note, to_status=CharterStatus.SUBMITTED
    )
    return charter


@transaction.atomic
def charter_resubmit(*, actor, charter: SchoolCharter, file, note: str = "") -> SchoolCharter:
    """The school's revised charter after a return: a new file, back to 待备案."""
    charter = CHARTER_WORKFLOW.apply(actor=actor, obj=charter, name="resubmit", note=note)
    _charter_file(actor, charter, file)
    return charter


def get_plan(user, pk, action="view"):
    return get_for_user_or_404(Plan.objects.select_related("office", "region"), user, action, pk=pk)
