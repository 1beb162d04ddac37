"""Writes on places, research, cooperation and school self-supervision (H2, H4, H5, C3). The
status changes of topics and entries are in ``workflows``."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.common.scoping import ALL, region_in_scope, scope_predicate

from .choices import SELF_SUPERVISION_KINDS, ActivityKind, Circle, MemberRole, PlaceKind, RoundKind
from .models import (
    Activity,
    Agreement,
    Place,
    PlaceMember,
    ResearchTopic,
    SelectionEntry,
    SelectionRound,
    SelfInspection,
)
from .workflows import ENTRY_WORKFLOW, TOPIC_WORKFLOW

SCHOOL_KINDS = ("school", "kindergarten")


def _today(today):
    return today or timezone.localdate()


def _text(value) -> str:
    return (value or "").strip()


def _may(actor, model, action: str, obj) -> bool:
    return actor is None or model.objects.for_user(actor, action).filter(pk=obj.pk).exists()


def _may_perm(actor, perm: str, obj, lookups: dict) -> bool:
    """``perm`` (of another model) on the row ``obj`` through ``lookups`` (its scope fields)."""
    if actor is None:
        return True
    predicate = scope_predicate(actor, perm, lookups)
    if predicate is ALL:
        return True
    return predicate is not None and type(obj).objects.filter(pk=obj.pk).filter(predicate).exists()


def _office(actor, office, perm: str, message):
    from dudao.orgs.choices import UnitKind

    if office.kind != UnitKind.OFFICE:
        raise ValidationError({"office": _("须为教育督导室")})
    if actor is not None and not region_in_scope(actor, perm, office.region):
        raise PermissionDenied(message)


def _required(errors: dict, **fields) -> None:
    for name, value in fields.items():
        if not _text(value):
            errors[name] = _("此项必填")


def _not_future(errors: dict, name: str, day, today) -> None:
    if not isinstance(day, datetime.date):
        errors[name] = _("请填写日期")
    elif day > today:
        errors[name] = _("日期不能晚于今天")


# ---- places (H2, C3) ---------------------------------------------------------------------------------
@transaction.atomic
def place_create(*, actor, kind: str, name: str, unit, partners: str = "", address: str = "",
                 established_on: datetime.date | None = None, description: str = "") -> Place:
    """A 督学之家, 督学工作室, work station, or a school's 学校督导室 / a group's 集团督评中心 (hosted by
    a school: the group's lead school)."""
    if actor is not None and not region_in_scope(actor, "workplaces.add_place", unit.region):
        raise PermissionDenied(_("无权在该单位设立督导阵地"))
    errors = {}
    if kind not in PlaceKind.values:
        errors["kind"] = _("未知的类别")
    elif kind in SELF_SUPERVISION_KINDS and unit.kind not in SCHOOL_KINDS:
        errors["unit"] = _("学校督导室、集团督评中心须设在学校（集团牵头学校）")
    _required(errors, name=name)
    if errors:
        raise ValidationError(errors)
    return Place.objects.create(kind=kind, name=name.strip(), unit=unit, region=unit.region,
                                region_path=unit.region_path, partners=_text(partners), address=_text(address),
                                established_on=established_on, description=_text(description), created_by=actor)


@transaction.atomic
def member_add(*, actor, place: Place, name: str, role: str = MemberRole.MEMBER, inspector=None,
               organisation: str = "", joined_on: datetime.date | None = None) -> PlaceMember:
    """A member of a studio or station, or a member of a self-supervision body's staff."""
    if not _may(actor, Place, "change", place):
        raise PermissionDenied(_("无权修改该督导阵地"))
    errors = {}
    if role not in MemberRole.values:
        errors["role"] = _("未知的职责")
    if inspector is not None and not (place.region_path.startswith(inspector.region_path)
                                      or inspector.region_path.startswith(place.region_path)):
        errors["inspector"] = _("督学不在本区域")
    if not _text(name) and inspector is not None:
        name = inspector.name
    _required(errors, name=name)
    if errors:
        raise ValidationError(errors)
    return PlaceMember.objects.create(place=place, name=name.strip(), role=role, inspector=inspector,
                                      organisation=_text(organisation), joined_on=joined_on)


@transaction.atomic
def activity_add(*, actor, held_on: datetime.date, title: str, place: Place | None = None,
                 agreement: Agreement | None = None, kind: str = ActivityKind.ACTIVITY, participants: str = "",
                 participant_count: int = 0, summary: str = "", files=(),
                 today: datetime.date | None = None) -> Activity:
    """An activity of a place or of a cooperation agreement (date, title, participants, files)."""
    from dudao.attachments.services import attachment_add_many

    owner = place or agreement
    if owner is None or (place is not None and agreement is not None):
        raise ValidationError({"place": _("活动须属于一个督导阵地或一项合作协议")})
    if not _may(actor, type(owner), "change", owner) and not (
            place is not None and _may_perm(actor, "workplaces.add_activity", place,
                                            {"path": "region_path", "region": "region_id", "unit": "unit_id"})):
        raise PermissionDenied(_("无权登记该活动"))
    errors = {}
    if kind not in ActivityKind.values:
        errors["kind"] = _("未知的活动类型")
    elif kind == ActivityKind.JOINT_MONITORING and agreement is None:
        errors["kind"] = _("联合监测须属于区域合作协议")
    _not_future(errors, "held_on", held_on, _today(today))
    _required(errors, title=title)
    if not isinstance(participant_count, int) or participant_count < 0:
        errors["participant_count"] = _("人数不能为负数")
    if errors:
        raise ValidationError(errors)
    activity = Activity.objects.create(place=place, agreement=agreement, region=owner.region,
                                       region_path=owner.region_path, kind=kind, held_on=held_on, title=title.strip(),
                                       participants=_text(participants), participant_count=participant_count,
                                       summary=_text(summary), created_by=actor)
    if files:
        attachment_add_many(actor=actor, owner=activity, purpose="material", files=files,
                            may=lambda *a: True)
    return activity


# ---- research (H4) ---------------------------------------------------------------------------------
@transaction.atomic
def topic_create(*, actor, office, title: str, lead: str = "", lead_inspector=None, members: str = "",
                 level: str = "", started_on=None, due_on=None, summary: str = "") -> ResearchTopic:
    """A research topic (课题) of the office, as 申报 (立项 through the workflow)."""
    _office(actor, office, "workplaces.add_researchtopic", _("无权以该督导室名义登记课题"))
    if not _text(lead) and lead_inspector is not None:
        lead = lead_inspector.name
    errors = {}
    _required(errors, title=title, lead=lead)
    if lead_inspector is not None and not lead_inspector.region_path.startswith(office.region_path):
        errors["lead_inspector"] = _("主持督学不在本区域")
    if started_on and due_on and due_on < started_on:
        errors["due_on"] = _("计划结题日期不能早于开始日期")
    if errors:
        raise ValidationError(errors)
    topic = ResearchTopic.objects.create(office=office, region=office.region, region_path=office.region_path,
                                         title=title.strip(), lead=lead.strip(), lead_inspector=lead_inspector,
                                         members=_text(members), level=_text(level), started_on=started_on,
                                         due_on=due_on, summary=_text(summary), created_by=actor)
    TOPIC_WORKFLOW.log(topic, "create", actor=actor, to_status=topic.status)
    return topic


@transaction.atomic
def round_create(*, actor, office, year: int, kind: str, title: str, deadline: datetime.date,
                 note: str = "") -> SelectionRound:
    """The year's selection of cases or papers."""
    _office(actor, office, "workplaces.add_selectionround", _("无权以该督导室名义组织评选"))
    errors = {}
    if kind not in RoundKind.values:
        errors["kind"] = _("未知的评选类别")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = _("请填写年度")
    if not isinstance(deadline, datetime.date):
        errors["deadline"] = _("请填写报送截止日期")
    _required(errors, title=title)
    if not errors and SelectionRound.objects.filter(office=office, year=year, kind=kind).exists():
        errors["year"] = _("该督导室本年度已有同类评选")
    if errors:
        raise ValidationError(errors)
    return SelectionRound.objects.create(office=office, region=office.region, region_path=office.region_path,
                                         year=year, kind=kind, title=title.strip(), deadline=deadline,
                                         note=_text(note), created_by=actor)


@transaction.atomic
def entry_create(*, actor, round: SelectionRound, title: str, authors: str, unit=None, abstract: str = "",
                 files=(), today: datetime.date | None = None) -> SelectionEntry:
    """A case or paper submitted to a selection (by the deadline), with its text."""
    from dudao.attachments.services import attachment_add_many

    today = _today(today)
    if not _may(actor, SelectionRound, "change", round):
        raise PermissionDenied(_("无权为该评选登记作品"))
    errors = {}
    _required(errors, title=title, authors=authors)
    if today > round.deadline:
        errors["title"] = _("评选已于%(d)s截止报送") % {"d": round.deadline}
    if unit is not None and not unit.region_path.startswith(round.region_path):
        errors["unit"] = _("作者单位不在本区域")
    if errors:
        raise ValidationError(errors)
    entry = SelectionEntry.objects.create(round=round, title=title.strip(), authors=authors.strip(), unit=unit,
                                          abstract=_text(abstract), submitted_on=today, created_by=actor)
    ENTRY_WORKFLOW.log(entry, "create", actor=actor, to_status=entry.status)
    if files:
        attachment_add_many(actor=actor, owner=entry, purpose="work", files=files)
    return entry


# ---- regional cooperation (H5) ---------------------------------------------------------------------
@transaction.atomic
def agreement_create(*, actor, office, title: str, circle: str, partners: str, scope: str,
                     signed_on: datetime.date, valid_from: datetime.date,
                     valid_to: datetime.date | None = None) -> Agreement:
    _office(actor, office, "workplaces.add_agreement", _("无权以该督导室名义登记合作协议"))
    errors = {}
    if circle not in Circle.values:
        errors["circle"] = _("未知的合作区域")
    _required(errors, title=title, partners=partners, scope=scope)
    if not isinstance(signed_on, datetime.date):
        errors["signed_on"] = _("请填写签订日期")
    if not isinstance(valid_from, datetime.date):
        errors["valid_from"] = _("请填写起始日期")
    elif valid_to is not None and valid_to < valid_from:
        errors["valid_to"] = _("截止日期不能早于起始日期")
    if errors:
        raise ValidationError(errors)
    return Agreement.objects.create(office=office, region=office.region, region_path=office.region_path,
                                    title=title.strip(), circle=circle, partners=partners.strip(), scope=scope.strip(),
                                    signed_on=signed_on, valid_from=valid_from, valid_to=valid_to, created_by=actor)


# ---- school self-supervision (C3, E12) ------------------------------------------------------------
PLACE_LOOKUPS = {"path": "region_path", "region": "region_id", "unit": "unit_id"}


@transaction.atomic
def selfinspection_create(*, actor, place: Place, inspected_on: datetime.date, title: str, inspectors: str,
                          findings: str = "", unit=None, files=(),
                          today: datetime.date | None = None) -> SelfInspection:
    """The 学校督导室's own inspection of its school (a 集团督评中心's: of a school of its region)."""
    from dudao.attachments.services import attachment_add_many

    if not _may_perm(actor, "workplaces.add_selfinspection", place, PLACE_LOOKUPS):
        raise PermissionDenied(_("无权为该督导室登记自我督导"))
    errors = {}
    if place.kind not in SELF_SUPERVISION_KINDS:
        errors["place"] = _("只有学校督导室、集团督评中心登记自我督导记录")
    unit = unit or place.unit
    if place.kind == PlaceKind.SCHOOL_OFFICE and unit.pk != place.unit_id:
        errors["unit"] = _("学校督导室只督导本校")
    elif unit.kind not in SCHOOL_KINDS or not unit.region_path.startswith(place.region_path):
        errors["unit"] = _("被督导学校须为本区域的学校")
    _not_future(errors, "inspected_on", inspected_on, _today(today))
    _required(errors, title=title, inspectors=inspectors)
    if errors:
        raise ValidationError(errors)
    inspection = SelfInspection.objects.create(place=place, unit=unit, region_path=unit.region_path,
                                               inspected_on=inspected_on, title=title.strip(),
                                               inspectors=inspectors.strip(), findings=_text(findings),
                                               created_by=actor)
    if files:
        attachment_add_many(actor=actor, owner=inspection, purpose="record", files=files, may=lambda *a: True)
    return inspection


@transaction.atomic
def selfinspection_raise_matter(*, actor, inspection: SelfInspection, description: str, category: str,
                                requirement: str, deadline: datetime.date, responsible_person: str = "",
                                today: datetime.date | None = None):
    """A problem the self-inspection found goes to the ledger as a small matter (E12 “小事自我督导
    解决”) through the ledger's one registration service; the item is linked to the inspection."""
    from dudao.inspections.choices import Routing, Severity
    from dudao.ledger.choices import LedgerSource
    from dudao.ledger.services import ledger_item_create

    if not _may(actor, SelfInspection, "change", inspection):
        raise PermissionDenied(_("无权办理该自我督导记录"))
    inspection = SelfInspection.objects.select_for_update(of=("self",)).select_related("place").get(pk=inspection.pk)
    item = ledger_item_create(
        actor=actor, unit=inspection.unit, source=LedgerSource.SELF_SUPERVISION, description=description,
        category=category, requirement=requirement, deadline=deadline, severity=Severity.MINOR,
        routing=Routing.SMALL, responsible_person=responsible_person,
        source_reference=_("%(p)s %(d)s：%(t)s") % {"p": inspection.place.name, "d": inspection.inspected_on,
                                                    "t": inspection.title}, today=today)
    inspection.small_matters.add(item)
    return item
