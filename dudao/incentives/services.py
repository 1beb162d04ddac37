"""Writes on incentives (E6): commendations, good-practice cases (creation and editing; publishing
is in ``workflows``), and exemptions from supervision — granted only on a basis (a commendation or
a green result within ``incentives.exemption_basis_months``), ended early with a reason."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.common.scoping import region_in_scope

from . import selectors
from .choices import BasisKind, CommendationLevel, CommendationSubject, GoodPracticeStatus
from .models import Commendation, ExemptionRecord, GoodPracticeCase
from .workflows import case_log

ADD_COMMENDATION = "incentives.add_commendation"
ADD_CASE = "incentives.add_goodpracticecase"
ADD_EXEMPTION = "inspections.add_supervisionexemption"


def _today(today):
    return today or timezone.localdate()


# ---- commendations ---------------------------------------------------------------------------------
def _check_basis(*, subject_kind, unit, inspector, basis_kind, basis_target, basis_item, basis_text) -> dict:
    errors = {}
    if basis_kind == BasisKind.GREEN_RESULT:
        if basis_target is None:
            errors["basis_target"] = _("请选择督导结果为绿色的督导对象")
        elif not selectors.is_green_result(basis_target):
            errors["basis_target"] = _("所选督导结果不是已形成报告的绿色结果")
        elif subject_kind == CommendationSubject.UNIT and unit is not None and basis_target.unit_id != unit.pk:
            errors["basis_target"] = _("所选督导结果不属于受表彰单位")
        elif subject_kind == CommendationSubject.INSPECTOR and inspector is not None \
                and not basis_target.task.team.filter(inspector=inspector).exists():
            errors["basis_target"] = _("受表彰督学不是该督导任务的督导组成员")
    elif basis_kind == BasisKind.RECTIFICATION:
        from dudao.ledger.choices import LedgerStatus

        if subject_kind != CommendationSubject.UNIT:
            errors["basis_kind"] = _("整改成效只能作为表彰单位的依据")
        elif basis_item is None:
            errors["basis_item"] = _("请选择已销号的整改问题")
        elif basis_item.status != LedgerStatus.CLOSED:
            errors["basis_item"] = _("所选问题尚未整改销号")
        elif unit is not None and basis_item.unit_id != unit.pk:
            errors["basis_item"] = _("所选问题不属于受表彰单位")
    elif basis_kind == BasisKind.OTHER:
        if not (basis_text or "").strip():
            errors["basis_text"] = _("请写明先进事迹")
    else:
        errors["basis_kind"] = _("未知的表彰依据")
    return errors


@transaction.atomic
def commendation_create(*, actor, office, level: str, subject_kind: str, title: str, issued_on: datetime.date,
                        basis_kind: str, unit=None, inspector=None, basis_target=None, basis_item=None,
                        basis_text: str = "", document=None, today: datetime.date | None = None) -> Commendation:
    """An office commends a unit or an inspector of its region (表扬/表彰, E6) on a basis."""
    from dudao.orgs.choices import UnitKind

    if office.kind != UnitKind.OFFICE:
        raise ValidationError({"office": _("表彰机构须为教育督导室")})
    if actor is not None and not region_in_scope(actor, ADD_COMMENDATION, office.region):
        raise PermissionDenied(_("无权以该机构名义表彰"))
    errors = {}
    if level not in CommendationLevel.values:
        errors["level"] = _("未知的表彰类别")
    if subject_kind == CommendationSubject.UNIT:
        if unit is None:
            errors["unit"] = _("请选择受表彰单位")
        elif not unit.region_path.startswith(office.region_path):
            errors["unit"] = _("受表彰单位不在表彰机构的行政区域内")
        inspector = None
    elif subject_kind == CommendationSubject.INSPECTOR:
        if inspector is None:
            errors["inspector"] = _("请选择受表彰督学")
        elif not inspector.region_path.startswith(office.region_path):
            errors["inspector"] = _("受表彰督学不在表彰机构的行政区域内")
        unit = None
    else:
        errors["subject_kind"] = _("未知的表彰对象类别")
    if not (title or "").strip():
        errors["title"] = _("请填写表彰事项")
    if not isinstance(issued_on, datetime.date):
        errors["issued_on"] = _("请填写表彰日期")
    elif issued_on > _today(today):
        errors["issued_on"] = _("表彰日期不能晚于今天")
    if not errors:
        errors = _check_basis(subject_kind=subject_kind, unit=unit, inspector=inspector, basis_kind=basis_kind,
                              basis_target=basis_target, basis_item=basis_item, basis_text=basis_text)
    if document is not None and not document.region_path.startswith(office.region_path):
        errors["document"] = _("表彰文件须为本区域督导室所发")
    if errors:
        raise ValidationError(errors)
    if subject_kind == CommendationSubject.UNIT:
        region = unit.region
    else:
        region = inspector.office.region
    return Commendation.objects.create(
        level=level, subject_kind=subject_kind, unit=unit, inspector=inspector, region=region,
        region_path=region.path, office=office, title=title.strip(), basis_kind=basis_kind,
        basis_target=basis_target if basis_kind == BasisKind.GREEN_RESULT else None,
        basis_item=basis_item if basis_kind == BasisKind.RECTIFICATION else None,
        basis_text=(basis_text or "").strip(), issued_on=issued_on, document=document, created_by=actor)


# ---- good-practice cases ----------------------------------------------------------------------------
CASE_FIELDS = ("title", "summary", "content", "publishable")


def _check_case_text(fields: dict) -> None:
    errors = {}
    if "title" in fields and not (fields["title"] or "").strip():
        errors["title"] = _("请填写案例标题")
    if "summary" in fields and not (fields["summary"] or "").strip():
        errors["summary"] = _("请填写经验摘要")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def case_create(*, actor, source_target, title: str, summary: str, content: str = "",
                publishable: bool = False) -> GoodPracticeCase:
    """A good-practice case (典型经验) of the unit whose green result it comes from; starts as draft."""
    unit = source_target.unit
    if actor is not None and not region_in_scope(actor, ADD_CASE, unit.region):
        raise PermissionDenied(_("无权为该单位编写典型经验"))
    if not selectors.is_green_result(source_target):
        raise ValidationError({"source_target": _("典型经验须来自已形成报告的绿色督导结果")})
    _check_case_text({"title": title, "summary": summary})
    case = GoodPracticeCase.objects.create(
        title=title.strip(), unit=unit, region=unit.region, region_path=unit.region_path, source_target=source_target,
        summary=summary.strip(), content=(content or "").strip(), publishable=bool(publishable), created_by=actor)
    case_log(case=case, action="create", actor=actor, to_status=GoodPracticeStatus.DRAFT)
    return case


@transaction.atomic
def case_update(*, actor, case: GoodPracticeCase, **fields) -> GoodPracticeCase:
    """Edit a draft (title, summary, content, whether it goes to the portal)."""
    case = GoodPracticeCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
    if actor is not None and not GoodPracticeCase.objects.for_user(actor, "change").filter(pk=case.pk).exists():
        raise PermissionDenied(_("无权修改该典型经验"))
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("该项不能修改")})
    if case.status != GoodPracticeStatus.DRAFT:
        raise ValidationError({"status": _("已发布的典型经验不能修改，请先撤回")})
    _check_case_text(fields)
    for name, value in fields.items():
        setattr(case, name, value.strip() if isinstance(value, str) else bool(value))
    case.save(update_fields=[*fields, "updated_at"])
    case_log(case=case, action="edit", actor=actor, note="、".join(str(GoodPracticeCase._meta.get_field(f).verbose_name)
                                                              for f in fields))
    return case


# ---- exemptions from supervision (免除督导) ------------------------------------------------------------
def _check_exemption_basis(unit, commendation, basis_target, today) -> dict:
    since = selectors.basis_since(unit, today)
    if commendation is None and basis_target is None:
        return {"basis": _("免除督导须有依据：%(d)s以来的表彰，或绿色督导结果") % {"d": since}}
    errors = {}
    if commendation is not None:
        if commendation.unit_id != unit.pk:
            errors["commendation"] = _("所选表彰不是对该单位的表彰")
        elif commendation.issued_on < since:
            errors["commendation"] = _("所选表彰早于%(d)s，不能作为依据") % {"d": since}
    if basis_target is not None:
        if basis_target.unit_id != unit.pk:
            errors["basis_target"] = _("所选督导结果不属于该单位")
        elif not selectors.is_green_result(basis_target):
            errors["basis_target"] = _("所选督导结果不是已形成报告的绿色结果")
        elif selectors.result_date(basis_target) < since:
            errors["basis_target"] = _("所选督导结果早于%(d)s，不能作为依据") % {"d": since}
    return errors


@transaction.atomic
def exemption_grant(*, actor, unit, valid_from: datetime.date, valid_to: datetime.date, reason: str,
                    task_kinds=(), commendation=None, basis_target=None, today: datetime.date | None = None):
    """免除督导 of ``unit`` for ``task_kinds`` (empty: every kind but regular visits) from
    ``valid_from`` to ``valid_to`` — on a commendation of the unit or a green result of it within
    the region's ``incentives.exemption_basis_months``. Task creation then refuses the unit."""
    from dudao.inspections.choices import TaskKind
    from dudao.inspections.services import exemption_create

    today = _today(today)
    if actor is not None and not region_in_scope(actor, ADD_EXEMPTION, unit.region):
        raise PermissionDenied(_("无权为该单位免除督导"))
    errors = {}
    kinds = list(dict.fromkeys(task_kinds))
    if any(k not in TaskKind.values for k in kinds):
        errors["task_kinds"] = _("未知的督导类型")
    elif TaskKind.REGULAR in kinds:
        errors["task_kinds"] = _("责任督学经常性督导不能免除")
    if not isinstance(valid_from, datetime.date) or not isinstance(valid_to, datetime.date):
        errors["valid_to"] = _("请填写起止日期")
    elif valid_to < valid_from:
        errors["valid_to"] = _("截止日期不能早于起始日期")
    elif valid_to < today:
        errors["valid_to"] = _("截止日期不能早于今天")
    if not (reason or "").strip():
        errors["reason"] = _("请填写免除理由")
    errors.update(_check_exemption_basis(unit, commendation, basis_target, today))
    if errors:
        raise ValidationError(errors)
    exemption = exemption_create(actor=actor, unit=unit, valid_from=valid_from, valid_to=valid_to,
                                 reason=reason.strip(), task_kinds=kinds)
    ExemptionRecord.objects.create(exemption=exemption, commendation=commendation, basis_target=basis_target,
                                   granted_by=actor, granted_at=timezone.now())
    return exemption


@transaction.atomic
def exemption_end(*, actor, exemption, reason: str, last_day: datetime.date | None = None,
                  today: datetime.date | None = None):
    """End an exemption early: ``last_day`` (default yesterday) becomes its last day. It must be
    on or after the first day and before the current last day, and not before yesterday."""
    from dudao.inspections.models import SupervisionExemption

    today = _today(today)
    exemption = SupervisionExemption.objects.select_for_update(of=("self",)).get(pk=exemption.pk)
    if actor is not None and not SupervisionExemption.objects.for_user(actor, "change").filter(
            pk=exemption.pk).exists():
        raise PermissionDenied(_("无权结束该免除督导"))
    yesterday = today - datetime.timedelta(days=1)
    last_day = last_day or yesterday
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = _("请写明提前结束的理由")
    if exemption.valid_to < today:
        errors["last_day"] = _("该免除督导已于%(d)s到期") % {"d": exemption.valid_to}
    elif last_day >= exemption.valid_to:
        errors["last_day"] = _("提前结束日期须早于原截止日期%(d)s") % {"d": exemption.valid_to}
    elif last_day < exemption.valid_from:
        errors["last_day"] = _("提前结束日期不能早于起始日期%(d)s") % {"d": exemption.valid_from}
    elif last_day < yesterday:
        errors["last_day"] = _("提前结束日期不能早于昨天")
    if errors:
        raise ValidationError(errors)
    original = exemption.valid_to
    exemption.valid_to = last_day
    exemption.save(update_fields=["valid_to"])
    record, _created = ExemptionRecord.objects.get_or_create(exemption=exemption)
    record.original_valid_to = original
    record.ended_on = last_day
    record.ended_by = actor
    record.end_reason = reason.strip()
    record.save(update_fields=["original_valid_to", "ended_on", "ended_by", "end_reason"])
    return exemption
