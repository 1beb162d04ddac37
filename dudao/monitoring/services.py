"""Monitoring services (issue 12 item 1): collections (create, edit a draft, new version, publish,
retire), rounds (open = one submission per unit, in bulk), values (saved cell by cell with type and
bound checks, all-or-nothing, refused on a locked submission), the submission's transitions
(``workflows.SUBMISSION``) and reminders (催报) through the ledger's notification inbox.

Each function is one transaction and checks the actor's scope; ``actor=None`` is the system (demo,
management commands)."""

from __future__ import annotations

import copy
import datetime
import itertools
from decimal import Decimal
from pathlib import Path

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.common import bulk
from dudao.common.scoping import region_in_scope
from dudao.ledger.choices import NotificationKind
from dudao.ledger.models import Notification
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import Unit
from dudao.regions.models import Region

from .choices import EDITABLE, CollectionStatus, Operator, SubmissionStatus, ValueType
from .models import Collection, CollectionRound, DataElement, DataValue, Submission, ValidationRule
from .validation import cell_key, cells, check_expression, parse_cell, submission_sections
from .workflows import COLLECTION, COLLECTION_SERVICES, SUBMISSION, SUBMISSION_SERVICES

DATA_DIR = Path(__file__).resolve().parent / "data"
ELEMENT_FIELDS = ("code", "name", "unit", "value_type", "choices", "minimum", "maximum", "per_section", "required",
                  "basis", "pending_verification", "prefill", "order")
RULE_FIELDS = ("code", "name", "left", "operator", "right", "message", "per_section", "order")
#: Named prefill sources an element may take its initial value from.
PREFILL_SOURCES = {"enrolment.students": "students", "enrolment.classes": "classes"}
#: The 学段 a school of each stage runs (schools.choices.SchoolStage → schools.choices.Section).
STAGE_SECTIONS = {
    "kindergarten": ["preschool"], "primary": ["primary"], "junior": ["junior"], "nine_year": ["primary", "junior"],
    "complete_secondary": ["junior", "senior"], "senior": ["senior"], "twelve_year": ["primary", "junior", "senior"],
    "vocational": ["vocational"], "special": ["special"],
}
SECTION_CODES = ("preschool", "primary", "junior", "senior", "vocational", "special")

collection_publish = COLLECTION_SERVICES["publish"]
collection_retire = COLLECTION_SERVICES["retire"]
submission_submit = SUBMISSION_SERVICES["submit"]
submission_return = SUBMISSION_SERVICES["return"]
submission_approve = SUBMISSION_SERVICES["approve"]
submission_accept = SUBMISSION_SERVICES["accept"]
submission_reopen = SUBMISSION_SERVICES["reopen"]


def submission_transition(*, actor, submission, name: str, note: str = "", today=None):
    """Run transition ``name`` (submit/return/approve/accept/reopen) on ``submission``."""
    return SUBMISSION.apply(actor=actor, obj=submission, name=name, note=note, today=today)


def collection_transition(*, actor, collection, name: str, note: str = ""):
    return COLLECTION.apply(actor=actor, obj=collection, name=name, note=note)


# ---- collections --------------------------------------------------------------------------------

def _check_definition(*, unit_kinds, sections, elements, rules) -> dict:
    errors = {}
    bad_kinds = [k for k in unit_kinds if k not in UnitKind.values]
    if not unit_kinds or bad_kinds:
        errors["unit_kinds"] = _("请选择填报单位类型")
    if any(s not in SECTION_CODES for s in sections):
        errors["sections"] = _("学段不正确")
    codes = set()
    for i, el in enumerate(elements):
        code = el.get("code", "")
        if code in codes:
            errors[f"elements.{i}.code"] = _("代码重复：%(c)s") % {"c": code}
        codes.add(code)
        if el.get("value_type", ValueType.INTEGER) == ValueType.CHOICE and not el.get("choices"):
            errors[f"elements.{i}.choices"] = _("选项类型须列出选项")
        if el.get("prefill") and el["prefill"] not in PREFILL_SOURCES:
            errors[f"elements.{i}.prefill"] = _("未知的预填来源：%(p)s") % {"p": el["prefill"]}
        lo, hi = el.get("minimum"), el.get("maximum")
        if lo is not None and hi is not None and Decimal(str(lo)) > Decimal(str(hi)):
            errors[f"elements.{i}.maximum"] = _("最大值不能小于最小值")
    for i, rule in enumerate(rules):
        for side in ("left", "right"):
            problem = check_expression(str(rule.get(side, "")), codes)
            if problem:
                errors[f"rules.{i}.{side}"] = problem
        if rule.get("operator") not in Operator.values:
            errors[f"rules.{i}.operator"] = _("关系不正确")
    return errors


def _write_definition(collection, elements, rules):
    collection.elements.all().delete()
    collection.rules.all().delete()
    made = []
    for i, data in enumerate(elements):
        el = DataElement(collection=collection, **{k: v for k, v in data.items() if k in ELEMENT_FIELDS})
        if "order" not in data:
            el.order = (i + 1) * 10
        el.full_clean(exclude=["collection"], validate_unique=False)
        made.append(el)
    DataElement.objects.bulk_create(made)
    made_rules = []
    for i, data in enumerate(rules):
        rule = ValidationRule(collection=collection, **{k: v for k, v in data.items() if k in RULE_FIELDS})
        if "order" not in data:
            rule.order = (i + 1) * 10
        rule.full_clean(exclude=["collection"], validate_unique=False)
        made_rules.append(rule)
    ValidationRule.objects.bulk_create(made_rules)


def _may_define(actor, region, perm="monitoring.add_collection"):
    if actor is not None and not region_in_scope(actor, perm, region):
        raise PermissionDenied(_("无权在该区域定义数据采集表"))


@transaction.atomic
def collection_create(*, actor, region, code: str, name: str, description: str = "", source: str = "",
                      unit_kinds=(), sections=(), elements=(), rules=(), version: int = 1):
    """A new draft collection (version 1 unless a version is given) with its elements and rules."""
    _may_define(actor, region)
    unit_kinds, sections, elements, rules = list(unit_kinds), list(sections), list(elements), list(rules)
    errors = _check_definition(unit_kinds=unit_kinds, sections=sections, elements=elements, rules=rules)
    if Collection.objects.filter(region=region, code=code, version=version).exists():
        errors["code"] = _("该区域已有此代码和版本的采集表")
    collection = Collection(region=region, region_path=region.path, code=code, version=version, name=name,
                            description=description, source=source, unit_kinds=unit_kinds, sections=sections,
                            created_by=actor if actor is not None else None)
    try:
        collection.full_clean(exclude=["region", "created_by"], validate_unique=False)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    collection.save()
    _write_definition(collection, elements, rules)
    COLLECTION.log(collection, "create", actor=actor, to_status=collection.status,
                   data={"elements": len(elements), "rules": len(rules)})
    return collection


def _editable(actor, collection):
    COLLECTION.check(actor, collection, "change", _("无权修改该采集表"))
    if collection.status != CollectionStatus.DRAFT:
        raise ValidationError({"status": _("已发布的采集表不能修改，请新建版本")})


@transaction.atomic
def collection_update(*, actor, collection, elements=None, rules=None, **fields):
    """Edit a draft: its fields and, when given, replace its elements and rules."""
    collection = Collection.objects.select_for_update().get(pk=collection.pk)
    _editable(actor, collection)
    allowed = {"name", "description", "source", "unit_kinds", "sections"}
    for key, value in fields.items():
        if key not in allowed:
            raise ValidationError({key: _("不能修改")})
        setattr(collection, key, value)
    current_elements = [{f: getattr(e, f) for f in ELEMENT_FIELDS} for e in collection.elements.all()]
    current_rules = [{f: getattr(r, f) for f in RULE_FIELDS} for r in collection.rules.all()]
    elements = current_elements if elements is None else list(elements)
    rules = current_rules if rules is None else list(rules)
    errors = _check_definition(unit_kinds=collection.unit_kinds, sections=collection.sections, elements=elements,
                               rules=rules)
    if errors:
        raise ValidationError(errors)
    collection.full_clean(exclude=["region", "created_by"], validate_unique=False)
    collection.save()
    _write_definition(collection, elements, rules)
    COLLECTION.log(collection, "change", actor=actor, data={"elements": len(elements), "rules": len(rules)})
    return collection


@transaction.atomic
def element_add(*, actor, collection, **data):
    """Add one element to a draft collection."""
    elements = [{f: getattr(e, f) for f in ELEMENT_FIELDS} for e in collection.elements.all()]
    data.setdefault("order", (max((e["order"] for e in elements), default=0) + 10))
    return collection_update(actor=actor, collection=collection, elements=[*elements, data])


@transaction.atomic
def element_delete(*, actor, collection, code: str):
    elements = [{f: getattr(e, f) for f in ELEMENT_FIELDS} for e in collection.elements.all()]
    if not any(e["code"] == code for e in elements):
        raise ValidationError({"code": _("没有该数据元素")})
    return collection_update(actor=actor, collection=collection, elements=[e for e in elements if e["code"] != code])


@transaction.atomic
def rule_add(*, actor, collection, **data):
    rules = [{f: getattr(r, f) for f in RULE_FIELDS} for r in collection.rules.all()]
    data.setdefault("order", (max((r["order"] for r in rules), default=0) + 10))
    return collection_update(actor=actor, collection=collection, rules=[*rules, data])


@transaction.atomic
def rule_delete(*, actor, collection, code: str):
    rules = [{f: getattr(r, f) for f in RULE_FIELDS} for r in collection.rules.all()]
    if not any(r["code"] == code for r in rules):
        raise ValidationError({"code": _("没有该校验规则")})
    return collection_update(actor=actor, collection=collection, rules=[r for r in rules if r["code"] != code])


@transaction.atomic
def collection_new_version(*, actor, collection):
    """A draft copy of ``collection`` (elements and rules) as the next version in the same region."""
    _may_define(actor, collection.region)
    latest = Collection.objects.filter(region=collection.region, code=collection.code).aggregate(v=Max("version"))["v"]
    new = Collection.objects.create(
        region=collection.region, region_path=collection.region_path, code=collection.code, version=latest + 1,
        name=collection.name, description=collection.description, source=collection.source,
        unit_kinds=list(collection.unit_kinds), sections=list(collection.sections),
        created_by=actor if actor is not None else None)
    _write_definition(new, [{f: getattr(e, f) for f in ELEMENT_FIELDS} for e in collection.elements.all()],
                      [{f: getattr(r, f) for f in RULE_FIELDS} for r in collection.rules.all()])
    COLLECTION.log(new, "version", actor=actor, to_status=new.status, data={"from": collection.pk})
    return new


def root_regions():
    return Region.objects.filter(parent__isnull=True).order_by("path")


@transaction.atomic
def load_shipped(*, stdout=None, codes=None) -> list[Collection]:
    """Create (once) and publish the collections shipped in ``data/*.yaml`` at each root region (the
    national forms, read by every office and unit below); ``codes`` limits it to those collections.
    Idempotent: a collection already there (any status, any version) is left as it is."""
    out = []
    for region in root_regions():
        out.extend(_load_shipped_at(region, stdout, codes))
    return out


def _shipped_specs() -> list[dict]:
    """The shipped YAML forms, parsed once per process (libyaml's loader where it is built in)."""
    global _SPECS
    if _SPECS is None:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        _SPECS = [yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
                  for path in sorted(DATA_DIR.glob("*.yaml"))]
    return copy.deepcopy(_SPECS)


_SPECS: list[dict] | None = None


def _load_shipped_at(region, stdout, codes=None) -> list[Collection]:
    out, made = [], 0
    for data in _shipped_specs():
        if codes is not None and data["code"] not in codes:
            continue
        existing = Collection.objects.filter(region=region, code=data["code"]).order_by("-version").first()
        if existing is not None:
            out.append(existing)
            continue
        collection = collection_create(actor=None, region=region, code=data["code"], name=data["name"],
                                       description=data.get("description", ""), source=data.get("source", ""),
                                       unit_kinds=data["unit_kinds"], sections=data.get("sections") or [],
                                       elements=data["elements"], rules=data.get("rules") or [])
        collection = collection_publish(actor=None, collection=collection)
        out.append(collection)
        made += 1
    if stdout is not None and made:
        stdout.write(f"数据采集表：{region.name} 发布内置采集表 {made} 个")
    return out


# ---- rounds -------------------------------------------------------------------------------------

def _unit_sections(collection, stage: str | None) -> list[str] | None:
    """The collection's 学段 a unit of ``stage`` fills; None when it runs none of them."""
    if not collection.sections:
        return []
    if stage is None:
        return list(collection.sections)
    mine = [s for s in collection.sections if s in STAGE_SECTIONS.get(stage, [])]
    return mine or None


@transaction.atomic
def round_open(*, actor, collection, year: int, region, deadline: datetime.date):
    """Open ``collection`` for ``year`` in ``region``: one submission (填报中) for every active unit of
    the collection's kinds in the region's subtree — for a per-学段 collection, the schools running
    one of its 学段, each with the 学段 it fills."""
    if actor is not None:
        if not region_in_scope(actor, "monitoring.add_collectionround", region):
            raise PermissionDenied(_("无权在该区域发起填报"))
        if not Collection.objects.for_user(actor, "view").filter(pk=collection.pk).exists():
            raise PermissionDenied(_("无权使用该采集表"))
    errors = {}
    if collection.status != CollectionStatus.PUBLISHED:
        errors["collection"] = _("只能使用已发布的采集表")
    if not region.path.startswith(collection.region_path):
        errors["region"] = _("填报区域须在采集表所属区域内")
    if not 1900 <= int(year) <= 2100:
        errors["year"] = _("年度不正确")
    if CollectionRound.objects.filter(collection=collection, year=year, region=region).exists():
        errors["year"] = _("该区域本年度已发起此采集表的填报")
    if errors:
        raise ValidationError(errors)
    rnd = CollectionRound.objects.create(collection=collection, year=year, region=region, region_path=region.path,
                                         deadline=deadline, opened_by=actor if actor is not None else None)
    units = (Unit.objects.filter(kind__in=collection.unit_kinds, region_path__startswith=region.path, is_active=True)
             .values_list("pk", "region_path", "school_profile__stage").order_by("region_path", "pk"))
    rows = []
    for pk, path, stage in units:
        sections = _unit_sections(collection, stage)
        if sections is None:
            continue
        rows.append(Submission(round=rnd, unit_id=pk, region_path=path, sections=sections))
    Submission.objects.bulk_create(rows, batch_size=2000)
    return rnd


# ---- values -------------------------------------------------------------------------------------

def prefill_values(submission) -> dict[tuple[str, str], Decimal]:
    """{(element code, 学段): value} from 学籍 (``schools.Enrolment`` of the school year starting in
    the round's year) for the elements that name a prefill source."""
    return prefill_many([submission], list(submission.round.collection.elements.all())).get(submission.pk, {})


def prefill_many(submissions, elements, chunk: int = 2000) -> dict[int, dict]:
    """``prefill_values`` of many submissions of one round: {submission id: {(code, 学段): value}},
    one query per ``chunk`` units."""
    from dudao.schools.models import Enrolment

    elements = [e for e in elements if e.prefill in PREFILL_SOURCES]
    submissions = list(submissions)
    if not elements or not submissions:
        return {}
    year = submissions[0].round.year
    by_unit: dict[int, dict] = {}
    for i in range(0, len(submissions), chunk):
        ids = [s.unit_id for s in submissions[i:i + chunk]]
        for r in Enrolment.objects.filter(school_id__in=ids, school_year=f"{year}-{year + 1}").values(
                "school_id", "section", "students", "classes"):
            by_unit.setdefault(r["school_id"], {})[r["section"]] = r
    out = {}
    for sub in submissions:
        by_section = by_unit.get(sub.unit_id)
        if not by_section:
            continue
        cells_ = {}
        for el in elements:
            field = PREFILL_SOURCES[el.prefill]
            for section in (submission_sections(sub) if el.per_section else [""]):
                if section:
                    row = by_section.get(section)
                else:
                    row = {field: sum(r[field] for r in by_section.values())}
                if row is not None:
                    cells_[(el.code, section)] = Decimal(row[field])
        out[sub.pk] = cells_
    return out


def stored_many(submissions, chunk: int = 2000) -> dict[int, dict]:
    """``stored_values`` of many submissions: {submission id: {(code, 学段): (number, text)}}."""
    ids = [s.pk for s in submissions]
    out: dict[int, dict] = {}
    for i in range(0, len(ids), chunk):
        for sub_id, code, section, number, text in DataValue.objects.filter(submission_id__in=ids[i:i + chunk]) \
                .values_list("submission_id", "element__code", "section", "number", "text"):
            out.setdefault(sub_id, {})[(code, section)] = (number, text)
    return out


def stored_values(submission) -> dict[tuple[str, str], tuple]:
    return {(code, section): (number, text) for code, section, number, text in
            submission.values.values_list("element__code", "section", "number", "text")}


def parse_cells(submission, raw: dict, elements=None) -> tuple[dict, dict]:
    """Parse ``raw`` ({(code, section): raw value}) against the submission's form: ``(parsed,
    errors)`` with ``parsed`` {(code, section): (number, text)} and errors {cell key: message}."""
    collection = submission.round.collection
    elements = list(collection.elements.all()) if elements is None else elements
    allowed = {(el.code, s): el for el, s in cells(collection, elements, submission_sections(submission))}
    parsed, errors = {}, {}
    for (code, section), value in raw.items():
        el = allowed.get((code, section))
        if el is None:
            errors[cell_key(code, section)] = _("本表没有该数据项")
            continue
        try:
            parsed[(code, section)] = parse_cell(el, value)
        except ValueError as exc:
            errors[cell_key(code, section)] = str(exc)
    return parsed, errors


def _check_fill(actor, submission):
    SUBMISSION.check(actor, submission, "fill", _("只有本单位的填报人员或县级督导室可以填报"))


def locked_message(submission) -> str:
    return _("%(u)s：填报已上报或已审核锁定（%(s)s），须退回或重新打开后才能修改") % {
        "u": submission.unit.name, "s": submission.get_status_display()}


def _check_editable(submission):
    if submission.status not in EDITABLE:
        raise ValidationError({"status": locked_message(submission)})


def changes(stored: dict, parsed: dict) -> dict:
    """The cells of ``parsed`` ({(code, section): (number, text)}) that differ from ``stored``."""
    return {k: v for k, v in parsed.items() if stored.get(k, (None, "")) != v}


def values_write_many(*, actor, submissions, values: dict, elements, stored: dict, action: str = "import",
                      on_changed=None):
    """Write parsed cells of many submissions in bulk (an Excel import, already checked cell by cell):
    ``values`` {submission id: {(code, section): (number, text)}}, ``stored`` their current cells.
    The submissions are locked first; returns those that are no longer editable and have changes
    (then nothing should be kept: the caller rolls back). One history line per submission changed —
    or, with ``on_changed(submission id, cells changed)``, none: a caller writing a file in chunks
    (a submission's rows may fall in two) collects them and writes them once with ``values_log_many``."""
    ids = [s.pk for s in submissions]
    statuses = {}
    for i in range(0, len(ids), 2000):
        statuses.update(Submission.objects.select_for_update().filter(pk__in=ids[i:i + 2000])
                        .values_list("pk", "status"))
    by_code = {el.code: el for el in elements}
    pending = {s.pk: changes(stored.get(s.pk, {}), values[s.pk]) for s in submissions}
    refused = [s for s in submissions if pending[s.pk] and statuses.get(s.pk) not in EDITABLE]
    if refused:
        return refused
    changed_ids = [pk for pk, cells_ in pending.items() if cells_]
    existing = {}
    for i in range(0, len(changed_ids), 2000):
        for pk, sub_id, element_id, section in DataValue.objects.filter(
                submission_id__in=changed_ids[i:i + 2000]).values_list("pk", "submission_id", "element_id", "section"):
            existing[(sub_id, element_id, section)] = pk
    now, user = timezone.now(), actor if actor is not None else None
    create, update, delete = [], [], []
    for sub_id in changed_ids:
        for (code, section), (number, text) in pending[sub_id].items():
            element = by_code[code]
            pk = existing.get((sub_id, element.pk, section))
            if number is None and text == "":
                if pk is not None:
                    delete.append(pk)
            elif pk is None:
                create.append((sub_id, element.pk, section, number, text))
            else:
                update.append(DataValue(pk=pk, number=number, text=text, updated_by=user, updated_at=now))
    # New cells (all of them in a first import) go in with executemany: bulk_create's model
    # instances and per-value compilation were most of a 15,000-school import's time.
    bulk.insert_rows(DataValue, ["submission", "element", "section", "number", "text"], create,
                     constants={"updated_by": user.pk if user is not None else None, "updated_at": now})
    DataValue.objects.bulk_update(update, ["number", "text", "updated_by", "updated_at"], batch_size=2000)
    for i in range(0, len(delete), 2000):
        DataValue.objects.filter(pk__in=delete[i:i + 2000]).delete()
    for i in range(0, len(changed_ids), 2000):
        Submission.objects.filter(pk__in=changed_ids[i:i + 2000]).update(updated_at=now)
    if on_changed is not None:
        for sub_id in changed_ids:
            on_changed(sub_id, pending[sub_id])
        return []
    values_log_many(actor=actor, changed={sub_id: pending[sub_id] for sub_id in changed_ids}, action=action,
                    submissions=submissions)
    return []


def values_log_many(*, actor, changed, action: str = "import", submissions=None, chunk: int = 2000) -> int:
    """The history lines of a bulk write: one per submission changed, inserted in bulk with their
    audit entries, ``chunk`` at a time. ``changed``: {submission id: the (code, section) cells
    changed} or an iterable of such pairs (a generator keeps a big import's memory flat);
    ``submissions``: the objects when the caller has them (a line needs only the id)."""
    by_pk = {s.pk: s for s in submissions or ()}
    pairs = iter(changed.items() if isinstance(changed, dict) else changed)
    count = 0
    while part := list(itertools.islice(pairs, chunk)):
        SUBMISSION.log_many([(by_pk.get(sub_id) or Submission(pk=sub_id),
                              {"changed": len(cells_), "cells": sorted(cell_key(*k) for k in cells_)[:200]})
                             for sub_id, cells_ in part], action, actor=actor)
        count += len(part)
    return count


@transaction.atomic
def values_save(*, actor, submission, values: dict, action: str = "save", note: str = "", elements=None) -> dict:
    """Save cells of ``submission`` ({(code, section): raw value}; empty clears a cell). All or
    nothing: any bad cell raises ``ValidationError`` {cell key: message} and nothing is written.
    A change is refused unless the submission is 填报中 or 已退回 (an approved one is locked and must
    be reopened first; the same values again change nothing). Returns {"changed": n}."""
    submission = Submission.objects.select_for_update(of=("self",)).select_related("round__collection").get(
        pk=submission.pk)
    _check_fill(actor, submission)
    if elements is None:  # an import passes the collection's elements once for all its rows
        elements = list(submission.round.collection.elements.all())
    parsed, errors = parse_cells(submission, values, elements)
    if errors:
        raise ValidationError(errors)
    by_code = {el.code: el for el in elements}
    existing = {(v.element.code, v.section): v for v in submission.values.select_related("element")}
    create, update, delete = [], [], []
    user = actor if actor is not None else None
    for (code, section), (number, text) in parsed.items():
        row = existing.get((code, section))
        empty = number is None and text == ""
        if row is None:
            if not empty:
                create.append(DataValue(submission=submission, element=by_code[code], section=section, number=number,
                                        text=text, updated_by=user))
        elif empty:
            delete.append(row.pk)
        elif row.number != number or row.text != text:
            row.number, row.text, row.updated_by, row.updated_at = number, text, user, timezone.now()
            update.append(row)
    changed = len(create) + len(update) + len(delete)
    if changed:
        _check_editable(submission)
    DataValue.objects.bulk_create(create, batch_size=2000)
    DataValue.objects.bulk_update(update, ["number", "text", "updated_by", "updated_at"], batch_size=2000)
    DataValue.objects.filter(pk__in=delete).delete()
    if changed:
        Submission.objects.filter(pk=submission.pk).update(updated_at=timezone.now())
        SUBMISSION.log(submission, action, actor=actor, note=note,
                       data={"changed": changed, "cells": sorted(cell_key(*k) for k in parsed)[:200]})
    return {"changed": changed}


# ---- reminders ----------------------------------------------------------------------------------

@transaction.atomic
def round_remind(*, actor, round, today: datetime.date | None = None, unit_ids=None) -> int:
    """催报: one message in the ledger inbox to every unit of the round (within the actor's scope)
    that has not submitted (填报中 or 已退回); returns how many units were reminded. Once a day per
    unit."""
    if actor is not None and not CollectionRound.objects.for_user(actor, "remind").filter(pk=round.pk).exists():
        raise PermissionDenied(_("无权催报"))
    today = today or timezone.localdate()
    qs = Submission.objects.filter(round=round, status__in=(SubmissionStatus.DRAFT, SubmissionStatus.RETURNED))
    if actor is not None:
        qs = qs.filter(pk__in=Submission.objects.for_user(actor, "view").filter(round=round).values("pk"))
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=list(unit_ids))
    key = f"monitoring:{round.pk}:{today.isoformat()}"
    already = set(Notification.objects.filter(key=key).values_list("recipient_unit_id", flat=True))
    pending = [s for s in qs.select_related("unit") if s.unit_id not in already]
    message = _("请于%(d)s前完成“%(c)s”（%(y)s年）的填报并上报。") % {
        "d": round.deadline, "c": round.collection.name, "y": round.year}
    Notification.objects.bulk_create([
        Notification(item=None, link=s.get_absolute_url(), kind=NotificationKind.REMINDER, key=key,
                     recipient_unit_id=s.unit_id, message=message, sent_on=today) for s in pending])
    now = timezone.now()
    Submission.objects.filter(pk__in=[s.pk for s in pending]).update(reminded_at=now)
    for s in pending:
        SUBMISSION.log(s, "remind", actor=actor, note=message, data={"on": today.isoformat()})
    return len(pending)
