"""Small OOXML helpers python-docx does not expose (East-Asian font slot, borders, frames,
fields). Children are inserted in the order the WordprocessingML schema requires, since Word
refuses files whose property elements are out of order."""

from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Length

from .gbt9704 import BODY_CONDENSE_TWIPS
from .gbt9704 import SIZE_3 as BODY_SIZE

# ECMA-376 sequence of w:pPr, w:rPr and w:tblPr children (the ones this project may write).
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
             "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
             "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")
RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
             "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w",
             "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
             "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")
TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
               "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def put_child(parent, child, order):
    """Insert ``child`` (replacing one of the same tag) at its schema position in ``parent``."""
    name = _local(child.tag)
    existing = parent.find(qn(f"w:{name}"))
    if existing is not None:
        parent.replace(existing, child)
        return child
    rank = order.index(name)
    for i, el in enumerate(parent):
        other = _local(el.tag)
        if other in order and order.index(other) > rank:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


def _el(tag: str, **attrs):
    el = OxmlElement(f"w:{tag}")
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), str(value))
    return el


def set_run_font(run, name: str, size=None, *, bold: bool | None = None, color: str | None = None):
    """Font ``name`` in all four rFonts slots: ``w:eastAsia`` is what Chinese text uses."""
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = put_child(rpr, _el("rFonts"), RPR_ORDER)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)
    if bold is not None:
        run.font.bold = bold
    if size is not None:
        run.font.size = size
        if size == BODY_SIZE:  # 28 字 per 156 mm line: condense 3号 text by 0.25 pt
            put_child(rpr, _el("spacing", val=BODY_CONDENSE_TWIPS), RPR_ORDER)
    if color:
        put_child(rpr, _el("color", val=color), RPR_ORDER)
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
        borders = put_child(ppr, _el("pBdr"), PPR_ORDER)
    order = ("top", "left", "bottom", "right", "between", "bar")
    put_child(borders, _el(edge, val="single", sz=sz, space=space, color=color), order)


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
            el = _el("fldChar", fldCharType=kind)
        run._element.append(el)


def set_table_width(table, width):
    """Fixed layout at ``width`` (the existing auto ``w:tblW`` is replaced, not duplicated)."""
    tblpr = table._tbl.tblPr
    put_child(tblpr, _el("tblW", w=int(Length(width).twips), type="dxa"), TBLPR_ORDER)
    put_child(tblpr, _el("tblLayout", type="fixed"), TBLPR_ORDER)


def set_col_widths(table, widths):
    """Column widths in the table grid (what fixed-layout tables use) and on every cell."""
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(int(Length(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Length(width)


TCPR_ORDER = ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
              "textDirection", "tcFitText", "vAlign", "hideMark")


def set_cell_borders(cell, **edges):
    """``edges``: top/bottom/left/right → size in eighths of a point, or None for no line."""
    borders = _el("tcBorders")
    for edge in ("top", "left", "bottom", "right"):
        sz = edges.get(edge)
        borders.append(_el(edge, val="single", sz=sz, space=0, color="000000") if sz else _el(edge, val="nil"))
    put_child(cell._tc.get_or_add_tcPr(), borders, TCPR_ORDER)


def set_cell_margins(table, left: int = 0, right: int = 0):
    mar = _el("tblCellMar")
    mar.append(_el("left", w=left, type="dxa"))
    mar.append(_el("right", w=right, type="dxa"))
    put_child(table._tbl.tblPr, mar, TBLPR_ORDER)


_BOTTOM_BOX = """<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
 xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:drawing>
<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="2" behindDoc="0" locked="1"
 layoutInCell="1" allowOverlap="0">
<wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="margin"><wp:posOffset>0</wp:posOffset></wp:positionH>
<wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>
<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>
<wp:docPr id="{id}" name="{name}"/><wp:cNvGraphicFramePr/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>
<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>
<wps:txbx><w:txbxContent/></wps:txbx>
<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b" anchorCtr="0">
<a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"""


def box_at_text_bottom(paragraph, table, *, width, height, name: str = "box", shape_id: int = 4097):
    """Move ``table`` into a text box anchored on ``paragraph`` whose bottom edge is the bottom of
    the 版心 (the page's bottom margin) on the page the paragraph falls on, with text kept above
    and below it (版记 position). Word and LibreOffice both place such a box; the text before it
    flows on to the next page when it would run into the box, so the box is never split."""
    from xml.sax.saxutils import quoteattr

    cx, cy = int(Length(width).emu), int(Length(height).emu)
    run = parse_xml(_BOTTOM_BOX.format(cx=cx, cy=cy, id=shape_id, name=quoteattr(name)[1:-1]))
    content = run.find(".//" + qn("w:txbxContent"))
    tbl = table._tbl
    tbl.getparent().remove(tbl)
    content.append(tbl)
    content.append(OxmlElement("w:p"))  # a text box's content ends with a paragraph
    paragraph._p.append(run)
    return run


def no_snap(paragraph):
    """Lay this paragraph out by its own exact line height, not the document grid (titles, marks,
    版记 and page numbers are not 3号 body text)."""
    put_child(paragraph._p.get_or_add_pPr(), _el("snapToGrid", val=0), PPR_ORDER)
