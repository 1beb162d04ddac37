"""All-or-nothing Excel import (model-free engine).

An ``ImportSpec`` declares the columns (header, key, required, parser) and a ``handle(actor, row,
context)`` that writes one row through the app's services. ``run_import`` parses every row, then
writes them all in ONE transaction (each row in a savepoint so that later rows are still checked);
any error anywhere rolls everything back. Errors name the sheet row number and the column header,
and can be downloaded as an .xlsx error report.

A spec with a ``write`` runs in *bulk mode*: its ``handle`` only checks a row and keeps what it
needs in ``context`` (it writes nothing, so it needs no savepoint), every row is checked as it is
read (the sheet is streamed, not held), and only when the whole file is clean does ``write(actor,
context)`` write everything at once, in one transaction. Same errors, same all-or-nothing; for big
files (15,000 schools' forms) the per-row savepoints and the per-row writes were most of the time.

A bulk spec with a ``flush`` also writes *as it reads*, so that memory does not grow with the file:
the engine keeps the rows ``handle`` accepted, and every ``chunk`` rows (and after the last one)
``flush(actor, rows, context, write)`` checks them (``rows``: ``[(sheet row number, row)]``), writes
them when ``write`` is true (no error so far in the file) and returns the ``RowError``s it found;
then they are dropped. The whole run — every flush and the final ``write`` — is one transaction:
an error in any row, or a refusal from any flush or from ``write``, rolls back what the earlier
chunks wrote."""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from .archives import ArchiveInvalid, ArchiveRefused, ZipLimits, check_zip
from .excel import write_xlsx


def max_rows() -> int:
    """Data rows one file may hold (``DUDAO_IMPORT_MAX_ROWS``)."""
    return settings.DUDAO_IMPORT_MAX_ROWS


class CellError(ValueError):
    """Raised by a parser with a message for the user."""


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def integer(value) -> int | None:
    s = text(value)
    if not s:
        return None
    try:
        return int(Decimal(s))
    except (InvalidOperation, ValueError) as exc:
        raise CellError("应为整数") from exc


def decimal(value) -> Decimal | None:
    s = text(value)
    if not s:
        return None
    try:
        return Decimal(s)
    except InvalidOperation as exc:
        raise CellError("应为数字") from exc


def date(value) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    s = text(value).replace("/", "-").replace(".", "-")
    try:
        return datetime.date.fromisoformat("-".join(p.zfill(2) for p in s.split("-")))
    except ValueError as exc:
        raise CellError("日期格式应为 2025-09-01") from exc


def boolean(value) -> bool:
    s = text(value)
    if s in ("", "否", "0", "N", "n", "false", "False"):
        return False
    if s in ("是", "1", "Y", "y", "true", "True", "√"):
        return True
    raise CellError("应填“是”或“否”")


def choice(choices) -> Callable:
    """Parser accepting a TextChoices label (Chinese) or value."""
    by_label = {str(label): value for value, label in choices.choices}
    values = set(choices.values)

    def parse(value):
        s = text(value)
        if not s:
            return ""
        if s in by_label:
            return by_label[s]
        if s in values:
            return s
        raise CellError("应为：" + "、".join(by_label))

    parse.options = list(by_label)
    return parse


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    required: bool = False
    parse: Callable = text
    example: object = ""
    note: str = ""


@dataclass
class ImportSpec:
    name: str
    columns: list
    handle: Callable  # (actor, row: dict, context: dict) -> object
    description: str = ""
    #: Column keys that identify a record, each tuple unique within one file (e.g. a school's
    #: ``("region_code", "name")`` and ``("school_code",)``): two rows with the same key are both
    #: refused, each naming the other, instead of the later one silently rewriting the first.
    keys: tuple = ()
    #: Bulk mode (see the module doc): ``write(actor, context)`` writes the rows ``handle`` checked
    #: and kept in ``context``; it returns a list of ``RowError`` (or raises ``ValidationError``)
    #: when it finds something that refuses the file, and then nothing is kept.
    write: Callable | None = None
    #: Bulk mode writing in chunks (see the module doc): ``flush(actor, rows, context, write: bool) ->
    #: list[RowError]`` every ``chunk`` rows handled, inside the import's one transaction.
    flush: Callable | None = None
    chunk: int = 1000

    def column_for(self, key: str) -> str:
        for c in self.columns:
            if c.key == key:
                return c.header
        return ""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    written: int = 0
    errors: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rollback(Exception):
    pass


def template_workbook(spec: ImportSpec) -> bytes:
    """The blank template: headers (required ones marked *), one example row and a notes sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = spec.name[:31]
    bold, req = Font(bold=True), PatternFill("solid", fgColor="FFF2CC")
    for i, c in enumerate(spec.columns, start=1):
        cell = ws.cell(row=1, column=i, value=c.header + ("*" if c.required else ""))
        cell.font = bold
        if c.required:
            cell.fill = req
        ws.cell(row=2, column=i, value=c.example)
        ws.column_dimensions[cell.column_letter].width = max(12, len(c.header) * 2 + 4)
    notes = wb.create_sheet("填写说明")
    notes.append(["列", "必填", "说明"])
    for c in spec.columns:
        options = getattr(c.parse, "options", None)
        note = c.note or ("可选值：" + "、".join(options) if options else "")
        notes.append([c.header, "是" if c.required else "", note])
    notes.append([])
    notes.append(["第2行为示例，导入前请删除或覆盖。任何一行有错误时，整个文件都不会导入。"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _open_sheet(fileobj, result: ImportResult):
    """The first sheet, opened as a stream, or None with the file's error. The package is checked
    before openpyxl inflates anything (a 200 MB shared string in a 200 KB file is refused here)."""
    try:
        check_zip(fileobj, ZipLimits.for_imports(), name=getattr(fileobj, "name", "") or "")
    except ArchiveInvalid:
        result.errors.append(RowError(0, "", _("无法读取文件，请上传 .xlsx 格式的 Excel 文件")))
        return None, None
    except ArchiveRefused as exc:
        result.errors.append(RowError(0, "", str(exc)))
        return None, None
    try:
        wb = load_workbook(fileobj, read_only=True, data_only=True)
        ws = wb.worksheets[0]
    except Exception:
        result.errors.append(RowError(0, "", _("无法读取文件，请上传 .xlsx 格式的 Excel 文件")))
        return None, None
    # The sheet's own <dimension> (e.g. A1:XFD1048576) is ignored: only the rows and cells that
    # are actually in the file are read, up to our bounds.
    ws.reset_dimensions()
    return wb, ws


def _sheet_rows(ws, max_col: int):
    """``(sheet row number, values)`` of the rows that are in the file — none made up for gaps or
    for the declared dimension (openpyxl's ``iter_rows`` pads every gap to the full width, so one
    cell at XFD1048576 costs billions of values) — each cut to ``max_col`` columns."""
    from openpyxl.worksheet._reader import WorkSheetParser

    wb = ws.parent
    with ws._get_source() as src:
        parser = WorkSheetParser(src, ws._shared_strings, data_only=True, epoch=wb.epoch,
                                 date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
        for idx, cells in parser.parse():
            yield idx, ws._get_row(cells, 1, max_col, values_only=True)


def _too_long(values, limit: int) -> int | None:
    for i, v in enumerate(values):
        if isinstance(v, str) and len(v) > limit:
            return i
    return None


def _read(spec: ImportSpec, fileobj, result: ImportResult) -> list[tuple[int, dict, bool]]:
    parsed = list(_parse(spec, fileobj, result))
    _refuse_duplicates(spec, parsed, result)
    return parsed


def _parse(spec: ImportSpec, fileobj, result: ImportResult):
    """``(sheet row number, row, parsed cleanly)`` of each data row, as the sheet is read."""
    wb, ws = _open_sheet(fileobj, result)
    if ws is None:
        return
    limit_rows, limit_cols = max_rows(), settings.DUDAO_IMPORT_MAX_COLUMNS
    limit_chars = settings.DUDAO_IMPORT_MAX_CELL_CHARS
    try:
        rows = _sheet_rows(ws, limit_cols)
        first = next(rows, None)
        header = first[1] if first and first[0] == 1 else ()
        names = [text(h).rstrip("*").strip() for h in header]
        index = {}
        for c in spec.columns:
            if c.header in names:
                index[c.key] = names.index(c.header)
            elif c.required:
                result.errors.append(RowError(1, c.header, "缺少必填列"))
        if result.errors:
            return
        count = 0
        for n, values in rows:
            if n < 2 or not values or all(v is None or text(v) == "" for v in values):
                continue
            count += 1
            if count > limit_rows:
                result.errors.append(RowError(n, "", _("行数超过上限 %(n)s，请分批导入") % {"n": limit_rows}))
                break
            long = _too_long(values, limit_chars)
            if long is not None:
                column = names[long] if long < len(names) else ""
                result.errors.append(RowError(n, column, _("单元格内容超过 %(n)s 个字符") % {"n": limit_chars}))
                yield n, {}, False
                continue
            row, ok = {}, True
            for c in spec.columns:
                raw = values[index[c.key]] if c.key in index and index[c.key] < len(values) else None
                try:
                    value = c.parse(raw)
                except CellError as exc:
                    result.errors.append(RowError(n, c.header, str(exc)))
                    ok = False
                    continue
                if c.required and (value is None or value == ""):
                    result.errors.append(RowError(n, c.header, "必填"))
                    ok = False
                    continue
                row[c.key] = value
            yield n, row, ok
    finally:
        wb.close()


def _refuse_duplicates(spec: ImportSpec, parsed: list, result: ImportResult) -> None:
    """Two rows with the same key (``spec.keys``) are both refused, each naming the other."""
    for key in spec.keys:
        seen: dict[tuple, int] = {}
        headers = "、".join(spec.column_for(k) for k in key)
        for i, (n, row, _ok) in enumerate(parsed):
            value = tuple(text(row.get(k)).casefold() for k in key)
            if not any(value):
                continue
            first = seen.setdefault(value, n)
            if first == n:
                continue
            for this, other in ((first, n), (n, first)):
                result.errors.append(RowError(this, headers, _("与第%(other)s行重复（%(columns)s相同），同一文件中"
                                                               "每条记录只能出现一次") % {
                    "other": other, "columns": headers}))
            parsed[i] = (n, row, False)
            for j, (m, other_row, _ok2) in enumerate(parsed):
                if m == first:
                    parsed[j] = (m, other_row, False)
                    break


def run_import(spec: ImportSpec, fileobj, *, actor, context: dict | None = None) -> ImportResult:
    """Import every row or none. Returns the result with row/column errors when nothing was written."""
    if spec.write is not None:
        return _run_bulk(spec, fileobj, actor=actor, context=context)
    result = ImportResult()
    parsed = _read(spec, fileobj, result)
    result.rows = len(parsed)
    if not parsed and not result.errors:
        result.errors.append(RowError(0, "", "文件中没有数据行"))
        return result
    context = dict(context or {})
    try:
        with transaction.atomic():
            # Rows that parsed cleanly still go through the services, so that one upload reports
            # every error at once; nothing is kept unless the whole file is clean.
            for n, row, ok in parsed:
                if not ok:
                    continue
                try:
                    with transaction.atomic():
                        spec.handle(actor, row, context)
                except (ValidationError, PermissionDenied, Http404) as exc:
                    result.errors.extend(row_errors(spec, n, exc))
                else:
                    result.written += 1
            if result.errors:
                raise _Rollback
    except _Rollback:
        result.written = 0
    result.errors.sort(key=lambda e: e.row)
    return result


def row_errors(spec: ImportSpec, n: int, exc: Exception) -> list[RowError]:
    if isinstance(exc, PermissionDenied | Http404):
        return [RowError(n, "", "无权操作该行涉及的对象，或对象不存在")]
    if hasattr(exc, "error_dict"):
        return [RowError(n, "" if key == NON_FIELD_ERRORS else spec.column_for(key) or key, m)
                for key, messages in exc.message_dict.items() for m in messages]
    return [RowError(n, "", m) for m in exc.messages]


def _run_bulk(spec: ImportSpec, fileobj, *, actor, context: dict | None) -> ImportResult:
    """Bulk mode: check each row as it is read (no savepoint: ``handle`` writes nothing), then
    ``spec.write`` when the whole file is clean — with a ``flush``, the checked rows are written
    every ``spec.chunk`` rows as they are read; all of it in one transaction, rolled back on any
    error. A spec with ``keys`` reads the file first, so that both rows of a duplicate are refused
    before either is checked, as in the row-by-row mode."""
    result = ImportResult()
    rows = _read(spec, fileobj, result) if spec.keys else _parse(spec, fileobj, result)
    context = dict(context or {})
    checked = 0
    try:
        with transaction.atomic():
            kept = []
            for n, row, ok in rows:
                result.rows += 1
                if not ok:
                    continue
                try:
                    spec.handle(actor, row, context)
                except (ValidationError, PermissionDenied, Http404) as exc:
                    result.errors.extend(row_errors(spec, n, exc))
                else:
                    checked += 1
                    if spec.flush is not None:
                        kept.append((n, row))
                if len(kept) >= spec.chunk:
                    _flush(spec, actor, kept, context, result)
                    kept = []
            if kept:
                _flush(spec, actor, kept, context, result)
            if not result.rows and not result.errors:
                result.errors.append(RowError(0, "", "文件中没有数据行"))
            if not result.errors:
                try:
                    refused = spec.write(actor, context) or []
                except ValidationError as exc:
                    refused = row_errors(spec, 0, exc)
                result.errors.extend(refused)
            if result.errors:
                raise _Rollback
    except _Rollback:
        pass
    else:
        result.written = checked
    result.errors.sort(key=lambda e: e.row)
    return result


def _flush(spec: ImportSpec, actor, rows: list, context: dict, result: ImportResult) -> None:
    """One chunk of a chunked bulk import: checked, and written only while the file is clean."""
    try:
        found = spec.flush(actor, rows, context, not result.errors) or []
    except ValidationError as exc:
        found = row_errors(spec, 0, exc)
    result.errors.extend(found)


def error_report(result: ImportResult) -> bytes:
    buf = io.BytesIO()
    write_xlsx(buf, sheet_title="错误报告", headers=["行号", "列", "错误"],
               rows=([e.row or "", e.column, e.message] for e in result.errors))
    return buf.getvalue()
