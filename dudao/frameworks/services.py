"""Writes on indicator frameworks (C2, C6, C7, B1, B2, D4, G4): load a library, derive a local
version, mark a version as used. Each service is one transaction and checks the actor's scope
(``actor=None`` is the system: management commands, demo data)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from dudao.audit.models import AuditAction
from dudao.audit.recorder import record
from dudao.common.scoping import ALL, region_in_scope, scope_predicate

from .choices import VersionStatus
from .library import content_hash, iter_indicators, validate_library
from .models import Framework, FrameworkUsage, FrameworkVersion, Indicator


def may_write(actor, perm: str, region) -> bool:
    """National frameworks (``region=None``) need a system-wide grant; local ones the region."""
    if actor is None:
        return True
    if region is None:
        return scope_predicate(actor, perm, {"path": "path", "region": "id"}) is ALL
    return region_in_scope(actor, perm, region)


def _check_write(actor, perm: str, region):
    if not may_write(actor, perm, region):
        if region is None:
            raise PermissionDenied(_("只有全系统管理员可以维护国家指标体系"))
        raise PermissionDenied(_("所选区域不在您的管理范围内"))


def _dec(value):
    return None if value is None else Decimal(value)


@transaction.atomic
def library_load(*, actor, data: dict, region=None, owner_unit=None, derived_from=None,
                 publish: bool = True) -> tuple[FrameworkVersion, bool]:
    """Validate a whole library, then import it atomically. Returns ``(version, changed)``.

    The same key and version with the same content changes nothing; a new version number is a new
    ``FrameworkVersion``; the same version with other content replaces it only while no task uses
    it (otherwise: publish a new version).
    """
    spec = validate_library(data)
    digest = content_hash(spec)
    framework = Framework.objects.select_for_update().filter(key=spec["urn"]).first()
    if framework is None:
        _check_write(actor, "frameworks.add_framework", region)
        framework = Framework(key=spec["urn"], region=region, region_path=region.path if region else "",
                              owner_unit=owner_unit)
        _set_framework_fields(framework, spec)
        framework.save()
    else:
        if framework.region_id != (region.pk if region else None):
            raise ValidationError({"urn": _("标识 %(urn)s 已被其他区域的指标体系使用") % {"urn": spec["urn"]}})
        _check_write(actor, "frameworks.change_framework", region)
    version = FrameworkVersion.objects.select_for_update().filter(framework=framework,
                                                                  version=spec["version"]).first()
    if version is not None and version.content_hash == digest:
        return version, False
    if version is not None and version.is_locked:
        if _only_bases_differ(version, spec, digest):
            return _update_bases(actor, version, spec, digest), True
        raise ValidationError({"version": _("第%(n)d版已被使用，内容不可修改；请提高 version 发布新版本")
                               % {"n": version.version}})
    latest = framework.versions.aggregate(m=Max("version"))["m"] or 0
    if spec["version"] >= latest:
        _set_framework_fields(framework, spec)
        framework.save(update_fields=["name", "kind", "provider"])
    replaced = version is not None
    if version is None:  # a new version starts as a draft; ``publish`` runs the kernel's 发布 below
        version = FrameworkVersion(framework=framework, version=spec["version"], derived_from=derived_from)
    else:
        version.indicators.all().delete()
    for name in ("name", "locale", "provider", "source", "description", "applicable_unit_kinds", "scoring"):
        setattr(version, name, spec[name])
    pub = spec["publication_date"]
    version.publication_date = datetime.date.fromisoformat(pub) if pub else None
    version.content_hash = digest
    version.save()
    count = _create_indicators(version, spec["indicators"])
    if publish and not replaced:
        from .workflows import WORKFLOW

        version = WORKFLOW.apply(actor=actor, obj=version, name="publish")
    record(action=AuditAction.UPDATE if replaced else AuditAction.CREATE, instance=version, actor=actor,
           after={"indicators": count, "content_hash": digest},
           note=_("导入指标体系：%(n)d 个指标") % {"n": count})
    return version, True


def _only_bases_differ(version: FrameworkVersion, spec: dict, digest: str) -> bool:
    """True if ``spec`` is ``version``'s content with other 依据条款 only: citations do not change how
    anything is scored, so they may be corrected on a version already in use."""
    stored = dict(version.indicators.values_list("code", "basis"))
    nodes = [node for node, _parent, _depth in iter_indicators(spec["indicators"])]
    if {node["code"] for node in nodes} != set(stored):
        return False
    saved = [node["basis"] for node in nodes]
    try:
        for node in nodes:
            node["basis"] = stored[node["code"]]
        return content_hash(spec) == version.content_hash
    finally:
        for node, basis in zip(nodes, saved, strict=True):
            node["basis"] = basis


def _update_bases(actor, version: FrameworkVersion, spec: dict, digest: str) -> FrameworkVersion:
    bases = {node["code"]: node["basis"] for node, _parent, _depth in iter_indicators(spec["indicators"])}
    rows = list(version.indicators.all())
    changed = [row for row in rows if row.basis != bases[row.code]]
    before = {row.code: row.basis for row in changed}
    for row in changed:
        row.basis = bases[row.code]
    Indicator.objects.bulk_update(changed, ["basis"])
    version.content_hash = digest
    version.save(update_fields=["content_hash", "updated_at"])
    record(action=AuditAction.UPDATE, instance=version, actor=actor,
           before={"basis": before}, after={"basis": {row.code: row.basis for row in changed}, "content_hash": digest},
           note=_("更新依据条款：%(n)d 个指标") % {"n": len(changed)})
    return version


def _set_framework_fields(framework: Framework, spec: dict):
    framework.name = spec["name"]
    framework.kind = spec["kind"]
    framework.provider = spec["provider"]


def _create_indicators(version: FrameworkVersion, nodes: list[dict]) -> int:
    """Insert the tree level by level (one bulk insert per depth)."""
    order = {}
    by_depth: dict[int, list[tuple[dict, dict | None]]] = {}
    for i, (node, parent, depth) in enumerate(iter_indicators(nodes)):
        order[id(node)] = i
        by_depth.setdefault(depth, []).append((node, parent))
    rows_by_node: dict[int, Indicator] = {}
    for depth in sorted(by_depth):
        rows = []
        for node, parent in by_depth[depth]:
            row = Indicator(
                version=version, parent=rows_by_node[id(parent)] if parent else None, code=node["code"],
                name=node["name"], description=node["description"], basis=node["basis"],
                observation_points=node["observation_points"],
                evidence=node["evidence"], unit_kinds=node["unit_kinds"], stages=node["stages"],
                assessable=node["assessable"], weight=Decimal(node["weight"]), method=node["method"],
                levels=node["levels"], max_points=_dec(node["max_points"]), pass_points=_dec(node["pass_points"]),
                threshold=_dec(node["threshold"]), thresholds=node["thresholds"], direction=node["direction"],
                unit=node["unit"], formula=node["formula"], inputs=node["inputs"], is_veto=node["veto"],
                depth=depth, sort_order=order[id(node)],
            )
            rows.append(row)
            rows_by_node[id(node)] = row
        Indicator.objects.bulk_create(rows)
    return len(rows_by_node)


@transaction.atomic
def framework_version_derive(*, actor, source: FrameworkVersion, key: str, name: str, region, owner_unit=None,
                             description: str = "") -> FrameworkVersion:
    """Derive a local framework version (draft) from ``source`` — e.g. 南岸区 立德树人指标体系 2.0
    from the national 立德树人 framework. The lineage is kept in ``derived_from``. If ``key``
    already names a local framework of that region, the result is its next version."""
    from .exchange import version_to_library

    if region is None:
        raise ValidationError({"region": _("请选择所属区域")})
    _check_write(actor, "frameworks.add_framework", region)
    existing = Framework.objects.filter(key=key).first()
    next_version = 1
    if existing is not None:
        if existing.region_id != region.pk:
            raise ValidationError({"key": _("标识已被其他指标体系使用")})
        next_version = (existing.versions.aggregate(m=Max("version"))["m"] or 0) + 1
    data = version_to_library(source)
    data.update(urn=key, version=next_version, name=name)
    data["description"] = description or _("派生自：%(src)s") % {"src": str(source)}
    if owner_unit is not None:
        data["provider"] = owner_unit.name
    version, _changed = library_load(actor=actor, data=data, region=region, owner_unit=owner_unit,
                                     derived_from=source, publish=False)
    return version


@transaction.atomic
def framework_version_mark_used(*, actor, version: FrameworkVersion, object_type: str, object_id,
                                label: str, url: str = "", region=None) -> FrameworkUsage:
    """Record that something (a supervision task, an evaluation round…) uses ``version``; the
    version becomes immutable. Only published versions may be used. Idempotent per object."""
    version = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.PUBLISHED:
        raise ValidationError({"version": _("只能使用已发布的指标体系版本")})
    usage, created = FrameworkUsage.objects.get_or_create(
        version=version, object_type=object_type, object_id=str(object_id),
        defaults={"label": label[:255], "url": url, "region": region, "region_path": region.path if region else ""},
    )
    if not version.is_locked:
        version.is_locked = True
        version.save(update_fields=["is_locked", "updated_at"])
    return usage


def framework_version_replace_content(*, actor, version: FrameworkVersion, data: dict) -> FrameworkVersion:
    """Replace an unused version's content from an edited library (Excel or YAML round trip).
    The key and version number stay those of ``version``."""
    data = dict(data)
    data.update(urn=version.framework.key, version=version.version)
    if version.is_locked:
        raise ValidationError({"version": _("第%(n)d版已被使用，内容不可修改；请派生或发布新版本")
                               % {"n": version.version}})
    loaded, _changed = library_load(actor=actor, data=data, region=version.framework.region,
                                    owner_unit=version.framework.owner_unit, publish=False)
    return loaded


LIBRARY_DIR = __import__("pathlib").Path(__file__).resolve().parent / "libraries"


def shipped_library_paths() -> list:
    return sorted(LIBRARY_DIR.glob("*.yaml"))


@transaction.atomic
def load_shipped_libraries(paths=None) -> list[tuple]:
    """Load the shipped national libraries (system actor). All or nothing: one bad file loads none.
    A ``LibraryError`` names the file in every message."""
    from .library import LibraryError, parse_yaml

    results = []
    for path in paths or shipped_library_paths():
        try:
            version, changed = library_load(actor=None, data=parse_yaml(path.read_text(encoding="utf-8")))
        except LibraryError as exc:
            raise LibraryError([f"{path.name}: {e}" for e in exc.errors]) from exc
        results.append((path, version, changed))
    return results
