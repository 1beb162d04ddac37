"""Reading a plan's table of measures from an Excel workbook or a Word document (I1).

The columns: 序号, 工作任务, 工作内容, 牵头单位, 责任单位 (several, separated by 、，, ; or new lines),
完成时限, 报送周期. An Excel file goes through the platform's import engine (``common.importer``: the
package checks, row and cell limits, duplicate 序号 refused, errors by sheet row and column); a Word
file's first table with a 工作内容 and a 牵头单位 column is read with ``python-docx`` and checked by
the same column parsers. Nothing is written here: the rows go to a ``MeasureImport`` (services)."""

from __future__ import annotations

import calendar
import datetime
import io
import re

from django.utils.translation import gettext as _

from dudao.common import importer
from dudao.common.importer import CellError, Column, ImportSpec, RowError

from .choices import Cadence
from .matching import split_names

_YM = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日|底|末)?$")
_Y = re.compile(r"^(\d{4})\s*年(?:底|末)?$")
ONGOING = ("长期", "持续", "常态", "长期坚持", "持续推进")


def deadline(value) -> str:
    """A deadline cell → ISO date, "" for none or 长期/持续; 2022年12月 and 2022年底 mean the month's
    (the year's) last day."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return importer.date(value).isoformat()
    s = importer.text(value)
    if any(s.startswith(w) for w in ONGOING):
        return ""
    m = _YM.match(s)
    if m:
        year, month, day = int(m[1]), int(m[2]), m[3]
        if not 1 <= month <= 12:
            raise CellError(_("月份不正确"))
        last = calendar.monthrange(year, month)[1]
        try:
            return datetime.date(year, month, int(day) if day else last).isoformat()
        except ValueError as exc:
            raise CellError(_("日期不正确")) from exc
    m = _Y.match(s)
    if m:
        return datetime.date(int(m[1]), 12, 31).isoformat()
    try:
        return importer.date(s).isoformat()
    except CellError as exc:
        raise CellError(_("完成时限应为日期（如 2025-12-31、2025年12月）或“长期坚持”")) from exc


def names(value) -> list[str]:
    return split_names(importer.text(value))


def number(value) -> str:
    s = importer.text(value).rstrip("．.、")
    if len(s) > 16:
        raise CellError(_("序号不超过16个字符"))
    return s


cadence = importer.choice(Cadence)

COLUMNS = [
    Column("序号", "number", required=True, parse=number, example="1"),
    Column("工作任务", "task", example="（一）深化教育督导管理体制改革"),
    Column("工作内容", "content", required=True, example="健全教育督导机构设置……"),
    Column(
        "牵头单位",
        "lead",
        required=True,
        parse=names,
        example="市教育和体育局",
        note="一个单位；写了多个时，第一个为牵头单位，其余计入责任单位",
    ),
    Column(
        "责任单位",
        "units",
        parse=names,
        example="市委编办、各县（区）政府",
        note="多个单位用顿号、逗号、分号或换行分隔",
    ),
    Column(
        "完成时限", "deadline", parse=deadline, example="2022-12-31", note="日期、2022年12月，或“长期坚持”"
    ),
    Column("报送周期", "cadence", parse=cadence, example="每季度"),
]
#: Other headers a Word table uses for the same columns.
HEADER_ALIASES = {
    "编号": "number",
    "主要任务": "task",
    "重点任务": "task",
    "具体措施": "content",
    "任务内容": "content",
    "主要内容": "content",
    "配合单位": "units",
    "完成时间": "deadline",
    "时间节点": "deadline",
}


def _keep(actor, row, context):
    context["rows"].append(row)


SPEC = ImportSpec(
    name="工作措施",
    columns=COLUMNS,
    handle=_keep,
    keys=(("number",),),
    write=lambda actor, ctx: [],
    description="方案的工作措施：序号、工作内容、牵头单位、责任单位、完成时限",
)


def _rows_with_numbers(rows: list[dict], numbers: list[int]) -> list[dict]:
    for row, n in zip(rows, numbers, strict=True):
        row["row"] = n
        row["lead"] = row.get("lead") or []
        row["units"] = row.get("units") or []
        row["cadence"] = row.get("cadence") or Cadence.QUARTERLY
        row["deadline"] = row.get("deadline") or ""
    return rows


def read_xlsx(fileobj) -> tuple[list[dict], list[RowError]]:
    """The rows of an Excel table (through ``common.importer``), or the errors refusing it."""
    collected: list[dict] = []
    numbers: list[int] = []

    def keep(actor, row, context):
        collected.append(dict(row))

    spec = ImportSpec(name=SPEC.name, columns=COLUMNS, handle=keep, keys=SPEC.keys, write=lambda a, c: [])
    result = importer.run_import(spec, fileobj, actor=None)
    if not result.ok:
        return [], result.errors
    # the engine does not hand back the sheet row numbers: count them from the rows it read
    numbers = _data_row_numbers(fileobj)
    if len(numbers) != len(collected):
        numbers = list(range(2, 2 + len(collected)))
    return _rows_with_numbers(collected, numbers), []


def _data_row_numbers(fileobj) -> list[int]:
    from openpyxl import load_workbook

    fileobj.seek(0)
    wb = load_workbook(fileobj, read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        return [
            i
            for i, values in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2)
            if values and any(v not in (None, "") and importer.text(v) for v in values)
        ]
    finally:
        wb.close()


def read_docx(fileobj) -> tuple[list[dict], list[RowError]]:
    """The rows of the first table of a Word document that has a 工作内容 and a 牵头单位 column."""
    from docx import Document

    try:
        doc = Document(io.BytesIO(fileobj.read()))
    except Exception:
        return [], [RowError(0, "", _("无法读取文件，请上传 .docx 格式的 Word 文件"))]
    by_key = {c.key: c for c in COLUMNS}
    for table in doc.tables:
        if not table.rows:
            continue
        header = [normal_header(c.text) for c in table.rows[0].cells]
        keys = {}
        for i, h in enumerate(header):
            key = next((c.key for c in COLUMNS if c.header == h), HEADER_ALIASES.get(h))
            if key and key not in keys:
                keys[key] = i
        if "content" not in keys or "lead" not in keys:
            continue
        errors = [RowError(1, by_key[k].header, _("缺少必填列")) for k in ("number",) if k not in keys]
        if errors:
            return [], errors
        rows, numbers, seen = [], [], {}
        for n, tr in enumerate(table.rows[1:], start=2):
            cells = [c.text for c in tr.cells]
            if not any(x.strip() for x in cells):
                continue
            row, ok = {}, True
            for key, column in by_key.items():
                raw = cells[keys[key]] if key in keys and keys[key] < len(cells) else None
                try:
                    value = column.parse(raw)
                except CellError as exc:
                    errors.append(RowError(n, column.header, str(exc)))
                    ok = False
                    continue
                if column.required and (value is None or value == "" or value == []):
                    errors.append(RowError(n, column.header, "必填"))
                    ok = False
                    continue
                row[key] = value
            if ok and row["number"] in seen:
                errors.append(
                    RowError(
                        n,
                        "序号",
                        _("与第%(other)s行重复（序号相同），同一文件中每条记录只能出现一次")
                        % {"other": seen[row["number"]]},
                    )
                )
                ok = False
            if ok:
                seen[row["number"]] = n
                rows.append(row)
                numbers.append(n)
        if errors:
            return [], errors
        if not rows:
            return [], [RowError(0, "", "文件中没有数据行")]
        return _rows_with_numbers(rows, numbers), []
    return [], [RowError(0, "", _("Word 文件中没有找到含“工作内容”和“牵头单位”列的表格"))]


def normal_header(text: str) -> str:
    return re.sub(r"\s+", "", text or "").rstrip("*")


def read_table(fileobj, filename: str) -> tuple[list[dict], list[RowError]]:
    name = (filename or "").lower()
    if name.endswith(".docx"):
        return read_docx(fileobj)
    if name.endswith(".xlsx"):
        return read_xlsx(fileobj)
    return [], [RowError(0, "", _("请上传 .xlsx（Excel）或 .docx（Word）文件"))]


def template() -> bytes:
    return importer.template_workbook(SPEC)
