"""Unit registry services. Every write checks the actor's scope and runs in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from dudao.common.api_errors import protected_message
from dudao.common.fields import rescope_followers
from dudao.common.pinyin import search_key
from dudao.common.scoping import get_for_user_or_404, region_in_scope

from .choices import UnitKind
from .models import CommitteeMember, MemberUnit, Unit

UNIT_FIELDS = ("kind", "name", "short_name", "region", "parent", "credit_code", "address", "phone",
               "contact_person", "description", "is_active")


def _check_region(actor, perm: str, region) -> None:
    if region is None:
        raise ValidationError({"region": _("请选择行政区划")})
    if actor is not None and not region_in_scope(actor, perm, region):
        raise ValidationError({"region": _("所选行政区划不在您的管理范围内")})


def _apply(unit: Unit, data: dict) -> None:
    unknown = set(data) - set(UNIT_FIELDS)
    if unknown:
        raise ValidationError({f: _("未知字段") for f in sorted(unknown)})
    for name, value in data.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(unit, name, value)
    unit.credit_code = (unit.credit_code or "").upper()
    unit.region_path = unit.region.path
    unit.search_key = search_key(unit.name)


def _save(unit: Unit, *, update_fields=None) -> Unit:
    try:
        unit.full_clean(validate_constraints=True)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from exc
    try:
        with transaction.atomic():
            unit.save(update_fields=update_fields)
    except IntegrityError as exc:
        raise ValidationError(_("与已有单位重复（名称或统一社会信用代码）")) from exc
    return unit


@transaction.atomic
def unit_create(*, actor, **data) -> Unit:
    """Register a unit in a region within the actor's scope."""
    _check_region(actor, "orgs.add_unit", data.get("region"))
    parent = data.get("parent")
    if parent is not None and actor is not None:
        get_for_user_or_404(Unit, actor, "view", pk=parent.pk)
    unit = Unit()
    _apply(unit, data)
    return _save(unit)


@transaction.atomic
def unit_update(*, actor, unit: Unit, **data) -> Unit:
    unit = get_for_user_or_404(Unit.objects.select_for_update(), actor, "change", pk=unit.pk)
    if "region" in data and data["region"] != unit.region:
        _check_region(actor, "orgs.change_unit", data["region"])
    if data.get("parent") is not None:
        if data["parent"].pk == unit.pk:
            raise ValidationError({"parent": _("上级单位不能是其自身")})
        get_for_user_or_404(Unit, actor, "view", pk=data["parent"].pk)
    old_path = unit.region_path
    _apply(unit, data)
    unit = _save(unit, update_fields=list({*data, "region_path", "search_key", "credit_code", "updated_at"}))
    if unit.region_path != old_path:
        # Scope follows the unit: every row that copies its path (and region), whatever the app.
        rescope_followers(unit)
    return unit


@transaction.atomic
def unit_delete(*, actor, unit: Unit) -> None:
    unit = get_for_user_or_404(Unit.objects.select_for_update(), actor, "delete", pk=unit.pk)
    if unit.children.exists() or unit.users.exists() or unit.memberships.exists():
        raise ValidationError(_("该单位下仍有下级单位、账户或委员会成员关系，不能删除；可将其设为无效"))
    try:
        unit.delete()
    except (ProtectedError, RestrictedError) as exc:  # postings, visits, tasks … still name it
        raise ValidationError(protected_message(exc)) from exc


# --- Committees (A1–A3) --------------------------------------------------------------------------

def _committee(actor, committee: Unit, action: str) -> Unit:
    committee = get_for_user_or_404(Unit, actor, "view", pk=committee.pk)
    if committee.kind != UnitKind.COMMITTEE:
        raise ValidationError({"committee": _("只能在教育督导委员会下维护成员")})
    if actor is not None and not region_in_scope(actor, f"orgs.{action}", committee.region):
        raise PermissionDenied(_("无权维护该委员会"))
    return committee


@transaction.atomic
def committee_member_create(*, actor, committee: Unit, **data) -> CommitteeMember:
    committee = _committee(actor, committee, "add_committeemember")
    member = CommitteeMember(committee=committee, **data)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def committee_member_update(*, actor, member: CommitteeMember, **data) -> CommitteeMember:
    member = get_for_user_or_404(CommitteeMember, actor, "change", pk=member.pk)
    for name, value in data.items():
        setattr(member, name, value)
    member.full_clean()
    member.save(update_fields=list(data))
    return member


@transaction.atomic
def committee_member_delete(*, actor, member: CommitteeMember) -> None:
    get_for_user_or_404(CommitteeMember, actor, "delete", pk=member.pk).delete()


@transaction.atomic
def member_unit_create(*, actor, committee: Unit, unit: Unit, **data) -> MemberUnit:
    """Add a member unit with its liaison. A unit is a current member of a committee at most once."""
    committee = _committee(actor, committee, "add_memberunit")
    unit = get_for_user_or_404(Unit, actor, "view", pk=unit.pk)
    if MemberUnit.objects.filter(committee=committee, unit=unit, left_on__isnull=True).exists():
        raise ValidationError({"unit": _("该单位已是本委员会成员单位")})
    membership = MemberUnit(committee=committee, unit=unit, **data)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def member_unit_update(*, actor, membership: MemberUnit, **data) -> MemberUnit:
    membership = get_for_user_or_404(MemberUnit, actor, "change", pk=membership.pk)
    for name, value in data.items():
        setattr(membership, name, value)
    membership.full_clean()
    membership.save(update_fields=list(data))
    return membership


@transaction.atomic
def member_unit_delete(*, actor, membership: MemberUnit) -> None:
    get_for_user_or_404(MemberUnit, actor, "delete", pk=membership.pk).delete()
