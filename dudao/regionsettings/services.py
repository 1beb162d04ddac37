"""Reading and writing per-region parameters. ``get_setting`` is what every rule calls."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dudao.common.scoping import region_in_scope

from .models import RegionSetting
from .registry import SPECS, SettingSpec


@dataclass
class EffectiveSetting:
    spec: SettingSpec
    value: int | Decimal
    source: str
    set_in: object | None  # the Region whose row applies, or None for the default

    @property
    def is_default(self):
        return self.set_in is None


def _ancestor_paths(region) -> list[str]:
    parts = region.path.strip("/").split("/")
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def effective_settings(region, keys=None) -> dict[str, EffectiveSetting]:
    """The value of each key for ``region``: nearest override up the tree, else the default. One query."""
    keys = list(keys or SPECS)
    out = {k: EffectiveSetting(SPECS[k], SPECS[k].default, str(SPECS[k].source), None) for k in keys}
    if region is None:
        return out
    rows = (RegionSetting.objects.filter(key__in=keys, region_path__in=_ancestor_paths(region))
            .select_related("region").order_by("region_path"))
    for row in rows:  # root first, so deeper rows overwrite
        spec = SPECS[row.key]
        value = spec.within_law(spec.kind(row.value))
        out[row.key] = EffectiveSetting(spec, value, row.source or _("%(r)s 设定") % {"r": row.region.name},
                                        row.region)
    return out


def effective_settings_many(regions, keys) -> dict:
    """``effective_settings`` of several regions in one query: ``{region.pk: {key: EffectiveSetting}}``
    (a dashboard's child regions side by side)."""
    keys = list(keys)
    regions = list(regions)
    paths = {p for r in regions for p in _ancestor_paths(r)}
    rows = list(RegionSetting.objects.filter(key__in=keys, region_path__in=paths).select_related("region")
                .order_by("region_path")) if regions else []
    out = {}
    for region in regions:
        mine = set(_ancestor_paths(region))
        values = {k: EffectiveSetting(SPECS[k], SPECS[k].default, str(SPECS[k].source), None) for k in keys}
        for row in rows:  # root first, so deeper rows overwrite
            if row.region_path in mine:
                spec = SPECS[row.key]
                values[row.key] = EffectiveSetting(spec, spec.within_law(spec.kind(row.value)),
                                                   row.source or _("%(r)s 设定") % {"r": row.region.name}, row.region)
        out[region.pk] = values
    return out


def get_setting(region, key: str):
    """The effective value of ``key`` in ``region`` (a Region, or None for the national default)."""
    if key not in SPECS:
        raise KeyError(key)
    return effective_settings(region, [key])[key].value


@transaction.atomic
def region_setting_set(*, actor, region, key: str, value, source: str = "") -> RegionSetting | None:
    """Set (or, with ``value=None``, clear) a region's override of ``key``."""
    if key not in SPECS:
        raise ValidationError({"key": _("未知参数：%(k)s") % {"k": key}})
    if actor is not None and not region_in_scope(actor, "regionsettings.change_regionsetting", region):
        raise PermissionDenied(_("无权设置该区域的参数"))
    if value is None or value == "":
        RegionSetting.objects.filter(region=region, key=key).delete()
        return None
    try:
        value = Decimal(str(value))
    except Exception as exc:
        raise ValidationError({"value": _("请输入数字")}) from exc
    if not value.is_finite():
        raise ValidationError({"value": _("请输入数字")})
    spec = SPECS[key]
    if spec.kind is int and value != value.to_integral_value():
        raise ValidationError({"value": _("请输入整数")})
    problem = spec.refusal(value)
    if problem:
        raise ValidationError({"value": problem})
    row = RegionSetting.objects.filter(region=region, key=key).first()
    if row is None:
        return RegionSetting.objects.create(region=region, region_path=region.path, key=key, value=value,
                                            source=source.strip())
    row.value = value
    row.source = source.strip()
    row.save(update_fields=["value", "source", "updated_at"])
    return row
