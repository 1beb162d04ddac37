"""The dashboard as a workbook (one sheet per table, watermarked like every export) and as a
one-page A4 PDF: a python-docx page of the key figures and the tables, converted by LibreOffice
(``documents.rendering.pdf``, decision 0002; docs/dashboards.md says why)."""

from __future__ import annotations

import io
import tempfile
from urllib.parse import quote

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from dudao.common import exports as audit_exports
from dudao.common.excel import XLSX_CONTENT_TYPE, watermark_text


def _title(ctx) -> str:
    return f"{ctx['scope'].label} {ctx['period_label']} {_('数据看板')}"


def _table_rows(table):
    for row in table.rows:
        yield [row["label"]] + [row["cells"][k].value for k, _label in table.columns]


def xlsx_response(ctx: dict, *, only: str | None = None):
    wb = Workbook()
    wb.remove(wb.active)
    mark = watermark_text()
    wb.properties.creator = mark
    wb.properties.description = mark
    bold = Font(bold=True)
    count = 0
    kpi = wb.create_sheet(_("关键指标"))
    kpi.append([_title(ctx)])
    kpi.append([_("指标"), _("本期"), _("上期")] if ctx.get("previous") else [_("指标"), _("本期")])
    for k in ctx["kpis"]:
        kpi.append([k["label"], k["value"]] + ([k["previous"]] if ctx.get("previous") else []))
    for table in ctx["tables"].values():
        if only and table.key != only:
            continue
        ws = wb.create_sheet(str(table.title)[:31].replace("/", "-"))
        ws.oddHeader.center.text = mark
        ws.oddFooter.center.text = mark
        ws.append([str(table.header)] + [str(label) for _k, label in table.columns])
        for cell in ws[1]:
            cell.font = bold
        for row in _table_rows(table):
            ws.append(row)
            count += 1
    tmp = tempfile.TemporaryFile(suffix=".xlsx")
    wb.save(tmp)
    tmp.seek(0)
    audit_exports.exported(name=_("数据看板"), object_type="dashboards.dashboard", rows=count,
                           filters={"period": ctx["period_label"], "scope": ctx["scope"].label, "table": only or ""})
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = FileResponse(tmp, content_type=XLSX_CONTENT_TYPE)
    full = f"{_('数据看板')}-{stamp}.xlsx"
    response["Content-Disposition"] = f"attachment; filename=\"dashboard-{stamp}.xlsx\"; filename*=UTF-8''{quote(full)}"
    return response


#: The tables the one-page report carries (in this order), each cut to ``PDF_ROWS`` rows.
PDF_TABLES = ("ledger_region", "ledger_category", "ledger_source", "supervision")
PDF_ROWS = 12


def report_docx(ctx: dict) -> bytes:
    """One A4 page: title, key figures (with the previous period when compared), the main tables
    (their busiest rows)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(12))
    style = doc.styles["Normal"]
    style.font.size = Pt(7.5)
    style.font.name = "宋体"
    head = doc.add_paragraph()
    run = head.add_run(_title(ctx))
    run.bold = True
    run.font.size = Pt(13)
    doc.add_paragraph(_("统计日期：%(d)s　%(f)s") % {"d": ctx["today"], "f": ctx["freshness"]})
    kpis = ctx["kpis"]
    grid = doc.add_table(rows=2 + bool(ctx.get("previous")), cols=len(kpis))
    grid.style = "Table Grid"
    for i, k in enumerate(kpis):
        grid.cell(0, i).text = k["label"]
        grid.cell(1, i).text = "—" if k["value"] is None else str(k["value"])
        if ctx.get("previous"):
            grid.cell(2, i).text = _("上期 %(v)s") % {"v": "—" if k["previous"] is None else k["previous"]}
    for key in PDF_TABLES:
        table = ctx["tables"].get(key)
        if table is None or not table.rows:
            continue
        p = doc.add_paragraph()
        p.add_run(str(table.title)).bold = True
        # the busiest rows first: the page has room for ``PDF_ROWS`` of them
        rows = sorted(_table_rows(table), key=lambda r: -(r[1] or 0))[:PDF_ROWS]
        t = doc.add_table(rows=1 + len(rows), cols=1 + len(table.columns))
        t.style = "Table Grid"
        for j, label in enumerate([table.header] + [label for _k, label in table.columns]):
            t.cell(0, j).text = str(label)
        for i, row in enumerate(rows, start=1):
            for j, value in enumerate(row):
                t.cell(i, j).text = "—" if value is None else str(value)
        if len(table.rows) > PDF_ROWS:
            doc.add_paragraph(_("（另有 %(n)s 行，见 Excel 导出）") % {"n": len(table.rows) - PDF_ROWS})
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def pdf_bytes(ctx: dict) -> bytes:
    from dudao.documents.rendering.pdf import docx_to_pdf

    return docx_to_pdf(report_docx(ctx))
