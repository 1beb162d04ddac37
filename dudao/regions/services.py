"""Region services: create, rename, move (re-parent) and import the 行政区划 tree."""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dudao.audit.models import AuditAction
from dudao.audit.recorder import record
from dudao.common.fields import rewrite_path_prefix
from dudao.common.pinyin import search_key
from dudao.common.scoping import ALL, region_in_scope, scope_predicate, user_has_perm

from . import codes
from .models import Region


def _path(parent: Region | None, code: str) -> str:
    return f"{parent.path if parent else '/'}{code}/"


def _require(actor, perm: str, parent: Region | None) -> None:
    if actor is None:  # management commands run as the system
        return
    if parent is None:
        if scope_predicate(actor, perm, {}) is not ALL:
            raise PermissionDenied(_("无权在此范围操作"))
    elif not region_in_scope(actor, perm, parent):
        raise PermissionDenied(_("无权在此范围操作"))


@transaction.atomic
def region_create(*, actor, code: str, name: str, parent: Region | None = None) -> Region:
    """Add a region under ``parent`` (a province has none). The code must fit the parent's."""
    code = codes.normalize_code(code)
    name = (name or "").strip()
    errors = {}
    try:
        level = codes.level_of(code)
    except ValidationError as exc:
        raise ValidationError({"code": exc.messages}) from exc
    if not name:
        errors["name"] = [_("请填写名称")]
    if Region.objects.filter(code=code).exists():
        errors["code"] = [_("区划代码 %(code)s 已存在") % {"code": code}]
    try:
        codes.check_parent(code, level, parent.code if parent else None, parent.level if parent else None)
    except ValidationError as exc:
        errors["parent"] = exc.messages
    if errors:
        raise ValidationError(errors)
    _require(actor, "regions.add_region", parent)
    region = Region(code=code, name=name, level=level, parent=parent, path=_path(parent, code),
                    search_key=search_key(name))
    region.save()
    return region


@transaction.atomic
def region_update(*, actor, region: Region, name: str | None = None, parent: Region | None | bool = False,
                  is_active: bool | None = None) -> Region:
    """Rename, (de)activate or move a region. Moving rewrites the paths of its whole subtree — and
    of every row that copies them, whatever the app (``common.fields.rewrite_path_prefix``) — with
    one UPDATE per table."""
    region = Region.objects.select_for_update().get(pk=region.pk)
    _require(actor, "regions.change_region", region)
    fields = []
    if name is not None:
        if not name.strip():
            raise ValidationError({"name": _("请填写名称")})
        region.name = name.strip()
        region.search_key = search_key(region.name)
        fields += ["name", "search_key"]
    if is_active is not None:
        region.is_active = is_active
        fields.append("is_active")
    if parent is not False and parent != region.parent:
        if parent is not None and (parent.pk == region.pk or parent.path.startswith(region.path)):
            raise ValidationError({"parent": _("不能将行政区划移动到其自身或其下级区划之下（会形成环）")})
        try:
            codes.check_parent(region.code, region.level, parent.code if parent else None,
                               parent.level if parent else None)
        except ValidationError as exc:
            raise ValidationError({"parent": exc.messages}) from exc
        _require(actor, "regions.change_region", parent)
        old_path, new_path = region.path, _path(parent, region.code)
        region.parent = parent
        region.path = new_path
        fields += ["parent", "path"]
        rewrite_path_prefix(old_path, new_path)
    if fields:
        region.save(update_fields=fields)
    return region


# --- CSV import ----------------------------------------------------------------------------------

@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


class RegionImportError(ValidationError):
    """The file was refused; nothing was written. ``messages`` name the line of each error;
    ``rows`` pairs each message with its line number (``None``: the whole file)."""

    def __init__(self, message, rows: list[tuple[int | None, str]] | None = None):
        super().__init__(message)
        self.rows = rows if rows is not None else [(None, m) for m in self.messages]


HEADER_ALIASES = {
    "code": {"code", "区划代码", "代码", "行政区划代码"},
    "name": {"name", "名称", "区划名称", "单位名称"},
    "parent_code": {"parent_code", "上级代码", "上级区划代码", "parent"},
}


def _read_rows(text: str):
    reader = csv.reader(io.StringIO(text))
    rows = list(reader)
    if not rows:
        raise RegionImportError(_("文件为空"))
    header = [h.strip().lstrip("\ufeff").lower() for h in rows[0]]
    columns = {}
    for key, aliases in HEADER_ALIASES.items():
        for i, h in enumerate(header):
            if h in aliases:
                columns[key] = i
    if "code" not in columns or "name" not in columns:
        # No header: the first two columns are code and name.
        if rows[0] and codes.normalize_code(rows[0][0]).isdigit():
            columns, start = {"code": 0, "name": 1}, 0
        else:
            message = _("缺少表头：需要“区划代码”和“名称”两列")
        raise RegionImportError(message, rows=[(1, message)])
    else:
        start = 1
    for lineno, row in enumerate(rows[start:], start=start + 1):
        if not any(cell.strip() for cell in row):
            continue
        get = lambda key, row=row: row[columns[key]].strip() if key in columns and columns[key] < len(row) else ""  # noqa: E731
        yield lineno, codes.normalize_code(get("code")), get("name"), codes.normalize_code(get("parent_code"))


def _out_of_scope_rows(actor, resolved, lines) -> list[tuple[int, str]]:
    """Rows the actor may not write: a new region needs its parent in the actor's scope for
    ``regions.add_region`` (a new parent from the same file counts once it is allowed itself);
    a renamed region needs itself in scope for ``regions.change_region``."""
    add_ok = scope_predicate(actor, "regions.add_region", {})
    if add_ok is ALL:
        return []
    allowed: set[str] = set()
    errors = []
    in_scope = {}

    def db_ok(code: str, perm: str) -> bool:
        key = (code, perm)
        if key not in in_scope:
            region = Region.objects.filter(code=code).first()
            in_scope[key] = region is not None and region_in_scope(actor, perm, region)
        return in_scope[key]

    for code, _name, _level, parent_code in resolved:
        if Region.objects.filter(code=code).exists():
            ok = db_ok(code, "regions.change_region")
        else:
            ok = bool(parent_code) and (parent_code in allowed or db_ok(parent_code, "regions.add_region"))
        if ok:
            allowed.add(code)
        else:
            errors.append((lines[code], _("第%(line)d行：区划 %(code)s 不在您的管理范围内")
                           % {"line": lines[code], "code": code}))
    return errors


def import_regions_csv(data: bytes | str, *, actor=None) -> ImportReport:
    """Import a full 行政区划 list (code, name[, parent code]). Every row is checked first; if any
    row is wrong nothing is written and the report names each bad line. Re-importing the same file
    changes nothing; a new name for an existing code renames it. ``actor`` needs
    ``regions.add_region`` and every row in the scope of that right (``None``: the system)."""
    if actor is not None and not user_has_perm(actor, "regions.add_region"):
        raise PermissionDenied(_("无权导入行政区划"))
    if isinstance(data, bytes):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise RegionImportError(_("无法识别文件编码，请使用 UTF-8 或 GBK 编码的 CSV"))
    else:
        text = data
    parsed, errors, seen = [], [], {}

    def fail(lineno: int, message: str) -> None:
        errors.append((lineno, message))

    for lineno, code, name, parent_code in _read_rows(text):
        try:
            level = codes.level_of(code)
        except ValidationError as exc:
            fail(lineno, _("第%(line)d行：%(msg)s") % {"line": lineno, "msg": exc.messages[0]})
            continue
        if not name:
            fail(lineno, _("第%(line)d行：名称为空") % {"line": lineno})
            continue
        if code in seen:
            fail(lineno, _("第%(line)d行：区划代码 %(code)s 与第%(other)d行重复")
                          % {"line": lineno, "code": code, "other": seen[code]})
            continue
        seen[code] = lineno
        parsed.append((lineno, code, name, level, parent_code))

    existing = {r.code: r for r in Region.objects.filter(code__in=[p[1] for p in parsed] + [p[4] for p in parsed if p[4]])}
    known_levels = {code: r.level for code, r in existing.items()}
    known_levels.update({p[1]: p[3] for p in parsed})
    resolved = []
    for lineno, code, name, level, parent_code in sorted(parsed, key=lambda p: (p[3], p[1])):
        if level != 1 and not parent_code:
            parent_code = next((c for c in codes.parent_candidates(code, level) if c in known_levels), "")
            if not parent_code:
                lookup = Region.objects.filter(code__in=codes.parent_candidates(code, level)).values_list("code", "level")
                for c, lvl in lookup:
                    known_levels[c] = lvl
                parent_code = next((c for c in codes.parent_candidates(code, level) if c in known_levels), "")
        if level != 1 and not parent_code:
            fail(lineno, _("第%(line)d行：找不到上级区划（应先有 %(codes)s）")
                          % {"line": lineno, "codes": " 或 ".join(codes.parent_candidates(code, level))})
            continue
        if parent_code == code:
            fail(lineno, _("第%(line)d行：上级区划不能是其自身") % {"line": lineno})
            continue
        if parent_code and parent_code not in known_levels:
            parent_row = Region.objects.filter(code=parent_code).values_list("level", flat=True).first()
            if parent_row is None:
                fail(lineno, _("第%(line)d行：找不到上级区划 %(parent)s") % {"line": lineno, "parent": parent_code})
                continue
            known_levels[parent_code] = parent_row
        try:
            codes.check_parent(code, level, parent_code or None, known_levels.get(parent_code))
        except ValidationError as exc:
            fail(lineno, _("第%(line)d行：%(msg)s") % {"line": lineno, "msg": exc.messages[0]})
            continue
        resolved.append((code, name, level, parent_code))
    if actor is not None and not errors:
        errors = _out_of_scope_rows(actor, resolved, seen)
    if errors:
        raise RegionImportError([message for _line, message in errors], rows=errors)

    report = ImportReport()
    with transaction.atomic():
        paths = dict(Region.objects.filter(code__in={r[3] for r in resolved if r[3]}).values_list("code", "path"))
        ids = dict(Region.objects.filter(code__in={r[3] for r in resolved if r[3]}).values_list("code", "id"))
        pending: dict[int, list] = {}
        for code, name, level, parent_code in resolved:
            current = existing.get(code)
            if current is None:
                pending.setdefault(level, []).append((code, name, parent_code))
            elif current.name != name:
                region_update(actor=actor, region=current, name=name)
                report.updated += 1
            else:
                report.unchanged += 1
            if current is not None:
                paths[code], ids[code] = current.path, current.pk
        for level in sorted(pending):  # parents are written before their children
            batch = []
            for code, name, parent_code in pending[level]:
                path = f"{paths[parent_code] if parent_code else '/'}{code}/"
                paths[code] = path
                batch.append(Region(code=code, name=name, level=level, parent_id=ids.get(parent_code), path=path,
                                    search_key=search_key(name)))
            for region in Region.objects.bulk_create(batch, batch_size=1000):
                ids[region.code] = region.pk
            report.created += len(batch)
        if actor is not None or report.created or report.updated:
            record(action=AuditAction.CREATE, object_type="regions.region", object_repr=_("导入行政区划"),
                   after={"created": report.created, "updated": report.updated, "unchanged": report.unchanged},
                   actor=actor)
    return report
