"""Small OOXML helpers python-docx does not expose (East-Asian font slot, borders, fields)."""

from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length

from .gbt9704 import BODY_CONDENSE_TWIPS
from .gbt9704 import SIZE_3 as BODY_SIZE


def set_run_font(run, name: str, size=None, *, bold: bool | None = None, color: str | None = None):
    """Font ``name`` in all four rFonts slots: ``w:eastAsia`` is what Chinese text uses."""
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)
    if size is not None:
        run.font.size = size
        if size == BODY_SIZE:  # 28 字 per 156 mm line: condense 3号 text by 0.25 pt
            spacing = OxmlElement("w:spacing")
            spacing.set(qn("w:val"), str(BODY_CONDENSE_TWIPS))
            rpr.append(spacing)
    if bold is not None:
        run.font.bold = bold
    if color:
        c = rpr.find(qn("w:color"))
        if c is None:
            c = OxmlElement("w:color")
            rpr.append(c)
        c.set(qn("w:val"), color)
    return run


def set_exact_spacing(paragraph, line, before=0, after=0):
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = line
    fmt.space_before = before
    fmt.space_after = after
    return fmt


def paragraph_border(paragraph, edge: str, *, sz: int, color: str = "000000", space: int = 0):
    """A border on one edge of a paragraph (as wide as the paragraph, i.e. the 版心)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    el = OxmlElement(f"w:{edge}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(sz))
    el.set(qn("w:space"), str(space))
    el.set(qn("w:color"), color)
    borders.append(el)


def add_page_field(paragraph, font: str, size):
    """A PAGE field (updated by Word and LibreOffice when the page is laid out)."""
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "1"), ("end", None)):
        run = paragraph.add_run()
        set_run_font(run, font, size)
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._element.append(el)


def set_cell_borders(cell, **edges):
    """``edges``: top/bottom/left/right → (sz or None for none)."""
    tcpr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for edge in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{edge}")
        sz = edges.get(edge)
        if sz:
            el.set(qn("w:val"), "single")
            el.set(qn("w:sz"), str(sz))
            el.set(qn("w:color"), "000000")
        else:
            el.set(qn("w:val"), "nil")
        borders.append(el)
    tcpr.append(borders)


def set_cell_margins(table, left: int = 0, right: int = 0):
    tblpr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for edge, value in (("left", left), ("right", right)):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(value))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tblpr.append(mar)


def set_table_width(table, width):
    tblpr = table._tbl.tblPr
    w = OxmlElement("w:tblW")
    w.set(qn("w:w"), str(int(width.twips if hasattr(width, "twips") else width)))
    w.set(qn("w:type"), "dxa")
    tblpr.append(w)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)


def float_table_at_bottom(table, *, bottom_twips: int, height_twips: int, left_twips: int):
    """Position a table so that its bottom edge is the bottom of the 版心 on the page it falls on
    (版记 position). Absolute page offsets: both Word and LibreOffice honour them."""
    tblpr = table._tbl.tblPr
    pos = OxmlElement("w:tblpPr")
    pos.set(qn("w:leftFromText"), "0")
    pos.set(qn("w:rightFromText"), "0")
    pos.set(qn("w:vertAnchor"), "page")
    pos.set(qn("w:horzAnchor"), "page")
    pos.set(qn("w:tblpX"), str(left_twips))
    pos.set(qn("w:tblpY"), str(bottom_twips - height_twips))
    tblpr.insert(0, pos)
    overlap = OxmlElement("w:tblOverlap")
    overlap.set(qn("w:val"), "never")
    tblpr.append(overlap)


def no_snap(paragraph):
    """Lay this paragraph out by its own exact line height, not the document grid (titles, marks,
    版记 and page numbers are not 3号 body text)."""
    ppr = paragraph._p.get_or_add_pPr()
    el = OxmlElement("w:snapToGrid")
    el.set(qn("w:val"), "0")
    ppr.insert(0, el)


def set_col_widths(table, widths):
    """Column widths in the table grid (what fixed-layout tables use) and on every cell."""
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(int(Length(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Length(width)
