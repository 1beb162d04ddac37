"""Excel (.xlsx) export of any list. Rows are streamed from the database into a write-only
workbook so that memory stays flat for large lists."""

import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from urllib.parse import quote

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from . import context, exports

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell_value(value):
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, date | int | float) or value is None:
        return value
    return str(value)


def watermark_text() -> str:
    """Who exported and when (等保 个人信息保护: an export names its exporter)."""
    user = context.current().user
    who = f"{user.get_username()} {getattr(user, 'real_name', '')}".strip() if user else "system"
    return f"导出人：{who}　导出时间：{timezone.localtime():%Y-%m-%d %H:%M:%S}"


def write_xlsx(fileobj, *, sheet_title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Write a one-sheet workbook to ``fileobj``; returns the number of data rows. Every sheet is
    watermarked with the exporter and the time: the printed header and footer of each page and the
    workbook's properties (creator, description) carry it."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_title[:31])
    mark = watermark_text()
    ws.oddHeader.center.text = mark
    ws.oddFooter.center.text = mark + "　第 &P 页 / 共 &N 页"
    wb.properties.creator = mark
    wb.properties.description = mark
    bold = Font(bold=True)
    header_cells = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=str(h))
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    count = 0
    for row in rows:
        ws.append([_cell_value(v) for v in row])
        count += 1
    wb.save(fileobj)
    return count


def xlsx_response(*, filename: str, sheet_title: str, headers: Sequence[str], rows: Iterable[Sequence],
                  object_type: str = "", filters: dict | None = None):
    """An attachment response with the workbook; ``filename`` may contain Chinese. The export is
    reported to ``exports`` (the audit log) with its filter and row count."""
    tmp = tempfile.TemporaryFile(suffix=".xlsx")
    count = write_xlsx(tmp, sheet_title=sheet_title, headers=headers, rows=rows)
    exports.exported(name=filename, object_type=object_type, rows=count, filters=filters)
    tmp.seek(0)
    response = FileResponse(tmp, content_type=XLSX_CONTENT_TYPE)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    full = f"{filename}-{stamp}.xlsx"
    response["Content-Disposition"] = f"attachment; filename=\"export-{stamp}.xlsx\"; filename*=UTF-8''{quote(full)}"
    return response
