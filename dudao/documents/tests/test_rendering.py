"""The built-in layouts follow GB/T 9704-2012 (standards §8): read the .docx back and check."""

import re

import pytest
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt

from dudao.documents.kinds import KINDS, IssueEnv, parse_context
from dudao.documents.layout import cn_date, heading_level, numbered
from dudao.documents.rendering import render_builtin
from dudao.documents.samples import sample
from dudao.documents.services import format_number

from .docx_inspect import east_asia_font, open_docx, paragraph_with

ENV = IssueEnv(office_name="重庆市南岸区人民政府教育督导室", issuing_mark="重庆市南岸区人民政府教育督导室文件",
               doc_number="南岸教督〔2025〕12号")
NUMBER_RE = re.compile(r"^\S+〔\d{4}〕[1-9]\d*号$")


def render(kind, **overrides):
    data = sample(kind)
    data.update(overrides)
    return open_docx(render_builtin(kind, parse_context(kind, data), ENV))


@pytest.fixture(scope="module")
def report():
    return render("report")


def mm(length) -> float:
    """Lengths are stored in twips; compare in millimetres to 0.05 mm."""
    return round(Length(length).mm, 1)


def test_page_is_a4_with_gbt9704_margins_and_text_block(report):
    s = report.sections[0]
    assert (mm(s.page_width), mm(s.page_height)) == (210, 297)
    assert mm(s.top_margin) == 37 and mm(s.left_margin) == 28
    assert mm(s.page_width - s.left_margin - s.right_margin) == 156
    assert mm(s.page_height - s.top_margin - s.bottom_margin) == 225


def test_fixed_line_pitch_gives_22_lines_and_28_characters(report):
    body = paragraph_with(report, "根据《重庆市南岸区")
    fmt = body.paragraph_format
    assert fmt.line_spacing == Pt(28.95)
    assert 22 * fmt.line_spacing <= Mm(225) < 23 * fmt.line_spacing
    grid = report.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"
    # 3号 characters condensed so that 28 fit in the 156 mm line
    spacing = body.runs[0]._element.rPr.find(qn("w:spacing"))
    char_width = Pt(16).pt + int(spacing.get(qn("w:val"))) / 20
    assert 28 * char_width <= Mm(156).pt < 29 * char_width


def test_body_is_3hao_fangsong_with_east_asian_font_and_fallback(report):
    run = paragraph_with(report, "根据《重庆市南岸区").runs[0]
    assert run.font.size == Pt(16)
    assert east_asia_font(run) == "仿宋_GB2312"
    font_table = next(p for p in report.part.package.iter_parts() if p.partname == "/word/fontTable.xml").blob.decode()
    assert 'w:name="仿宋_GB2312"' in font_table and 'w:altName w:val="仿宋"' in font_table


def test_title_is_2hao_xiaobiaosong_centred(report):
    title = paragraph_with(report, "关于2025年春季学期开学工作专项督导情况的报告")
    assert title.runs[0].font.size == Pt(22)
    assert east_asia_font(title.runs[0]) == "方正小标宋简体"
    assert title.alignment == 1  # centre


@pytest.mark.parametrize(("text", "font"), [
    ("一、基本情况", "黑体"),
    ("（一）开学准备充分。", "楷体_GB2312"),
    ("1.公示位置不显著。", "仿宋_GB2312"),
])
def test_heading_levels_use_their_fonts(report, text, font):
    p = paragraph_with(report, text)
    assert east_asia_font(p.runs[0]) == font
    assert p.runs[0].font.size == Pt(16)


def test_level_four_heading_and_level_detection():
    assert [heading_level(t) for t in ("一、a", "（二）b", "3.c", "（4）d", "正文")] == [1, 2, 3, 4, 0]
    assert numbered(["甲", "（二）已编号"], 3) == ["1.甲", "（二）已编号"]


def test_red_header_mark_number_and_separator(report):
    mark = paragraph_with(report, "重庆市南岸区人民政府教育督导室文件")
    assert str(mark.runs[0].font.color.rgb) == "FF0000"
    number = paragraph_with(report, "南岸教督〔2025〕12号")
    assert NUMBER_RE.match(number.runs[0].text)
    border = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert border.get(qn("w:color")) == "FF0000"


def test_signature_date_four_characters_from_the_right(report):
    date = paragraph_with(report, "2025年5月6日")
    assert date.alignment == 2  # right
    assert date.paragraph_format.right_indent == 4 * Pt(16)


def test_upward_report_has_number_left_and_signer_right():
    """上行文 (the 督导报告 to 区人民政府): 发文字号 居左空一字, "签发人：" 3号仿宋 + name 3号楷体 居右空一字
    on one line (positions measured in the PDF by test_gbt9704_positions)."""
    assert KINDS["report"].upward and not KINDS["circular"].upward
    doc = render("report", signer="王建国")
    number = paragraph_with(doc, "签发人：")
    assert number.text == "南岸教督〔2025〕12号\t签发人：王建国"
    assert number.paragraph_format.first_line_indent == Pt(16)
    assert [east_asia_font(r) for r in number.runs] == ["仿宋_GB2312", "仿宋_GB2312", "楷体_GB2312"]
    assert number.paragraph_format.tab_stops[0].position.twips == Length(Mm(156) - Pt(16)).twips


def test_colophon_has_cc_and_printed_lines_with_thick_and_thin_rules(report):
    from docx.table import Table

    box = report.element.body.find(".//" + qn("w:txbxContent"))  # a text box at the foot of the 版心
    table = Table(box.find(qn("w:tbl")), report.part)
    texts = [c.text for row in table.rows for c in row.cells]
    assert any(t.startswith("抄送：区教委，区市场监管局") and t.endswith("。") for t in texts)
    assert "2025年5月6日印发" in texts
    borders = [row.cells[0]._tc.tcPr.find(qn("w:tcBorders")) for row in table.rows]
    assert borders[0].find(qn("w:top")).get(qn("w:sz")) == "8"  # 0.35 mm
    assert borders[1].find(qn("w:top")).get(qn("w:sz")) == "6"  # 0.25 mm
    assert borders[-1].find(qn("w:bottom")).get(qn("w:sz")) == "8"
    size = table.rows[0].cells[0].paragraphs[0].runs[0].font.size
    assert size == Pt(14)


def test_page_numbers_odd_right_even_left_in_4hao_songti(report):
    assert report.settings.odd_and_even_pages_header_footer
    s = report.sections[0]
    odd, even = s.footer.paragraphs[0], s.even_page_footer.paragraphs[0]
    assert odd.alignment == 2 and even.alignment == 0
    assert odd.text.startswith("— ") and odd.text.endswith(" —")
    assert "PAGE" in odd._p.xml and "PAGE" in even._p.xml
    assert odd.runs[0].font.size == Pt(14) and east_asia_font(odd.runs[0]) == "宋体"


def test_non_gongwen_kinds_keep_typography_without_red_header():
    doc = render("rectification_notice")
    texts = [p.text for p in doc.paragraphs]
    assert "重庆市南岸区人民政府教育督导室文件" not in texts
    assert texts[0] == "整改通知书"
    assert "南岸教督〔2025〕12号" in texts
    assert all("FF0000" not in p._p.xml for p in doc.paragraphs)


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_renders_from_its_sample(kind):
    doc = render(kind)
    assert doc.paragraphs


def test_inspector_card_is_two_sided_card_size():
    doc = render("inspector_card")
    assert len(doc.sections) == 2
    for s in doc.sections:
        assert (mm(s.page_width), mm(s.page_height)) == (85.6, 54)


def test_school_sign_has_qr_code():
    doc = render("school_sign")
    assert len(doc.inline_shapes) == 1


def test_number_format():
    assert format_number("南岸教督", 2025, 12) == "南岸教督〔2025〕12号"
    assert NUMBER_RE.match(format_number("渝教督", 2026, 1))
    assert cn_date(parse_context("report", sample("report")).signed_on) == "2025年5月6日"


def test_schema_document_is_up_to_date():
    from pathlib import Path

    from dudao.documents.kinds import schema_markdown

    path = Path(__file__).resolve().parents[3] / "docs" / "documents.md"
    assert path.read_text(encoding="utf-8") == schema_markdown(), "运行 kinds.schema_markdown() 重新生成 docs/documents.md"


def test_context_errors_are_chinese_and_name_the_field():
    from django.core.exceptions import ValidationError

    data = sample("inspection_notice")
    data.update(end_date="2025-05-01", members="张三", extra_field=1)
    with pytest.raises(ValidationError) as exc:
        parse_context("inspection_notice", data)
    errors = exc.value.message_dict
    assert "context.extra_field" in errors and "context.members" in errors
    with pytest.raises(ValidationError) as exc:
        parse_context("inspection_notice", {**sample("inspection_notice"), "end_date": "2025-05-01"})
    assert "督导结束日期不能早于开始日期" in exc.value.messages
