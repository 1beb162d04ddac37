"""督学证 (ID-1 card, two sides) and 挂牌公示牌 (school-gate sign with QR code) as .docx."""

import io

import segno
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from ..layout import CardLayout, SignLayout
from . import gbt9704 as G
from .ooxml import no_snap, set_col_widths, set_exact_spacing, set_run_font, set_table_width

CARD_W, CARD_H = Mm(85.6), Mm(54)  # ISO/IEC 7810 ID-1


def _p(container, text, font, size, *, align=WD_ALIGN_PARAGRAPH.LEFT, color=None, line=None):
    p = container.add_paragraph()
    p.alignment = align
    set_exact_spacing(p, line or Pt(size.pt * 1.3))
    no_snap(p)
    if text:
        set_run_font(p.add_run(text), font, size, color=color)
    return p


def render_card(card: CardLayout) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = CARD_W, CARD_H
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Mm(4))
    section.header_distance = section.footer_distance = Mm(2)
    body = doc._body
    _p(body, card.front_title, G.XIAOBIAOSONG, Pt(16), align=WD_ALIGN_PARAGRAPH.CENTER, color=G.RED)
    for label, value in card.holder:
        _p(body, f"{label}：{value}", G.FANGSONG, Pt(7.5), line=Pt(10.5))
    _p(body, card.issuer, G.HEITI, Pt(7.5), align=WD_ALIGN_PARAGRAPH.RIGHT)
    back = doc.add_section(WD_SECTION.NEW_PAGE)  # second side
    back.page_width, back.page_height = CARD_W, CARD_H
    _p(body, card.back_title, G.HEITI, Pt(10), align=WD_ALIGN_PARAGRAPH.CENTER)
    for line in card.back_lines:
        _p(body, line, G.FANGSONG, Pt(7), line=Pt(10))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def qr_png(payload: str) -> bytes:
    buf = io.BytesIO()
    segno.make(payload, error="m").save(buf, kind="png", scale=8, border=2)
    return buf.getvalue()


def render_sign(sign: SignLayout) -> bytes:
    """A3 landscape print proof of the sign (signs are produced at larger sizes from it)."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(420), Mm(297)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Mm(20))
    body = doc._body
    _p(body, sign.title, G.XIAOBIAOSONG, Pt(72), align=WD_ALIGN_PARAGRAPH.CENTER, color=G.RED)
    _p(body, sign.school, G.HEITI, Pt(48), align=WD_ALIGN_PARAGRAPH.CENTER)
    if sign.photo:  # 挂牌督导办法 Art. 1: the inspector's photo beside the name
        table = doc.add_table(rows=1, cols=3)
        set_table_width(table, Mm(380))
        set_col_widths(table, (Mm(70), Mm(220), Mm(90)))
        photo, left, right = table.rows[0].cells
        pic = photo.paragraphs[0]
        pic.alignment = WD_ALIGN_PARAGRAPH.CENTER
        pic.add_run().add_picture(io.BytesIO(sign.photo), width=Mm(60))
    else:
        table = doc.add_table(rows=1, cols=2)
        set_table_width(table, Mm(380))
        set_col_widths(table, (Mm(290), Mm(90)))
        left, right = table.rows[0].cells
    for label, value in sign.rows:
        _p(left, f"{label}：{value}", G.HEITI, Pt(36))
    _p(left, "督导事项：" + "；".join(sign.duties) + "。", G.FANGSONG, Pt(26))
    qr = right.paragraphs[0]
    qr.alignment = WD_ALIGN_PARAGRAPH.CENTER
    qr.add_run().add_picture(io.BytesIO(qr_png(sign.qr_payload)), width=Mm(85))
    _p(right, sign.footer, G.HEITI, Pt(16), align=WD_ALIGN_PARAGRAPH.CENTER)
    _p(body, sign.issuer + "　监制", G.FANGSONG, Pt(28), align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
