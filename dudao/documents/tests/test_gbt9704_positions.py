"""GB/T 9704-2012 positions measured in the rendered PDF, within 1 mm (standards §8).

The documents go the way an issued one goes — built-in layout → .docx → LibreOffice — and the
PDF is measured: text positions from the content stream (``pdf_measure.page_marks``), the page
number's dashes and the 签发人 line's ink from a 10 px/mm raster (``pdf_measure.ink``, pdftoppm).
A4 page, 版心 156 × 225 mm at 37 mm from the top and 28 mm from the left: its top edge is 37 mm,
its bottom edge 262 mm from the page top, its right edge 184 mm from the left.

Needs LibreOffice and poppler-utils (both installed by ``make install``)."""

import shutil

import pytest

from dudao.documents.kinds import IssueEnv, parse_context
from dudao.documents.rendering import render_builtin
from dudao.documents.rendering.pdf import docx_to_pdf_many, pdf_available
from dudao.documents.samples import sample

from .pdf_measure import PT_MM, ink, read_pdf
from .test_views import issue_via_browser, login

pytestmark = [
    pytest.mark.skipif(not pdf_available(), reason="LibreOffice (soffice) 未安装：运行 make install 安装后再测 PDF"),
    pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils 未安装：运行 make install"),
]

TEXT_TOP, TEXT_BOTTOM, TEXT_LEFT, TEXT_RIGHT = 37.0, 262.0, 28.0, 184.0
CHAR_3 = 16 * PT_MM  # one 字 of 3号 text (5.64 mm)
CHAR_4 = 14 * PT_MM  # one 字 of 4号 text (4.94 mm)
TOLERANCE = 1.0  # mm

ENV = IssueEnv(office_name="重庆市南岸区人民政府教育督导室", issuing_mark="重庆市南岸区人民政府教育督导室文件",
               doc_number="南岸教督〔2025〕12号")
EXTRA_PROBLEMS = ["学校安全管理制度不健全，安全隐患排查整治台账不完整",
                  "课后服务课程设置单一，学生自主选择空间不足，部分课程由教师看管自习代替",
                  "教师培训经费未达到公用经费的百分之五，校本研修记录不完整"]


def _long_report() -> dict:
    data = sample("report")
    data["signer"] = "王建国"
    paragraph = ("（一）开学准备充分。各校均制定了开学工作方案，完成了校舍安全排查和教学设施设备检修，"
                 "落实了教材、教辅和学生用品的征订发放，做到了课前到校、人手一册。")
    data["sections"] = [{"heading": f"第{n}部分情况", "paragraphs": [paragraph] * 5} for n in range(1, 5)]
    return data


def _notice(extra: int) -> dict:
    data = sample("rectification_notice")
    data["problems"] = data["problems"] + (EXTRA_PROBLEMS * 5)[:extra]
    return data


# The 整改通知书 with 0–13 more problems: its body ends at every height of a page, so some of
# them leave no room for the 版记 under the signature on the last page.
NOTICES = {f"notice+{n}": ("rectification_notice", _notice(n)) for n in (0, 2, 4, 6, 8, 9, 10, 11, 12, 13)}
DOCUMENTS = {
    "circular": ("circular", sample("circular")),  # 下行文 with the red 版头
    "upward": ("report", {**sample("report"), "signer": "王建国"}),  # 报告 to the 区人民政府: 上行文
    "long": ("report", _long_report()),
    **NOTICES,
}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    files = {name: render_builtin(kind, parse_context(kind, data), ENV) for name, (kind, data) in DOCUMENTS.items()}
    out = tmp_path_factory.mktemp("gbt9704")
    paths = {}
    for name, pdf in docx_to_pdf_many(files).items():
        paths[name] = out / f"{name}.pdf"
        paths[name].write_bytes(pdf)
    return paths


def pages_of(path):
    return read_pdf(path.read_bytes())


def red_texts(page):
    texts, _, _ = page
    return [t for t in texts if t.color[0] > 0.8 and t.color[1] < 0.2 and t.text.strip()]


def assert_near(measured: float, expected: float, what: str):
    assert abs(measured - expected) <= TOLERANCE, f"{what}: measured {measured:.2f} mm, GB/T 9704 {expected:.2f} mm"


# 发文机关标志 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["circular", "upward"])
def test_issuing_mark_top_edge_is_35mm_below_the_text_block(pdfs, name):
    """下行文 and 上行文 alike (GB/T 9704-2012 §7.2.4; the 80 mm of 上报 documents was GB/T
    9704-1999's and is not in the 2012 text)."""
    first = pages_of(pdfs[name])[0]
    mark = red_texts(first)
    assert "".join(t.text for t in mark) == ENV.issuing_mark
    assert_near(min(t.top for t in mark) - TEXT_TOP, 35, "发文机关标志上边缘至版心上边缘")


def test_red_separator_is_as_wide_as_the_text_block_below_the_number(pdfs):
    texts, rules, _ = pages_of(pdfs["circular"])[0]
    red = [r for r in rules if r.color[0] > 0.8 and r.color[1] < 0.2]
    assert red
    number = next(t for t in texts if t.text.startswith("南岸教督"))
    for rule in red:
        assert_near(rule.x0, TEXT_LEFT, "红色分隔线左端")
        assert_near(rule.x1, TEXT_RIGHT, "红色分隔线右端")
        # 4 mm below the 发文字号 (the bottom of its character box: baseline + 0.12 em)
        assert_near(rule.y - (number.baseline + 0.12 * number.size * PT_MM), 4, "红色分隔线至发文字号")


# 上行文: 发文字号 居左空一字, 签发人 居右空一字 ----------------------------------------------------


def test_upward_document_number_left_and_signer_right_on_one_line(pdfs):
    path = pdfs["upward"]
    texts, _, _ = pages_of(path)[0]
    number = next(t for t in texts if t.text.startswith("南岸教督"))
    assert_near(number.x - TEXT_LEFT, CHAR_3, "发文字号居左空一字")
    line = [t for t in texts if abs(t.baseline - number.baseline) < 0.5]
    text = "".join(t.text for t in line).replace(" ", "")
    assert text == "南岸教督〔2025〕12号签发人：王建国"
    label = next(t for t in line if "签发人" in t.text)
    name = next(t for t in line if "王建国" in t.text)
    assert label.size == name.size == 16  # 三号
    assert "Serif" in label.font and "UKai" in name.font  # 仿宋 (its stand-in) and 楷体
    # the name's last character box ends one 3号 字 before the text block's right edge (every
    # character of the line advances as far: (name.x - label.x) / 4 per character) ...
    pitch = (name.x - label.x) / len(label.text)
    assert_near(TEXT_RIGHT - (name.x + len(name.text) * pitch), CHAR_3, "签发人居右空一字")
    # ... and the ink stays inside that box
    right = max(x for x, _ in ink(path, 1, (TEXT_LEFT, number.baseline - 7, TEXT_RIGHT - TEXT_LEFT + 10, 9)))
    assert name.x + len(name.text) * pitch - 1 < right < name.x + len(name.text) * pitch


# 页码 ---------------------------------------------------------------------------------------


def _dash(path, page: int):
    """The rows and columns of the "— n —" dashes on ``page``: rows where the band below the
    text block holds more than 4 mm of ink (a digit's row holds far less)."""
    by_row = {}
    for x, y in ink(path, page, (0, TEXT_BOTTOM + 1, 210, 19)):  # below the 版记 line
        by_row.setdefault(y, []).append(x)
    dash = {y: xs for y, xs in by_row.items() if len(xs) > 40}
    assert dash, f"no page number on page {page}"
    cols = [x for xs in dash.values() for x in xs]
    return sum(dash) / len(dash) + 0.05, min(cols), max(cols) + 0.1


def test_page_numbers_dash_7mm_below_the_text_block_odd_right_even_left(pdfs):
    path = pdfs["long"]
    pages = pages_of(path)
    assert len(pages) >= 3
    for number in range(1, len(pages) + 1):
        y, left, right = _dash(path, number)
        assert_near(y - TEXT_BOTTOM, 7, f"第{number}页页码一字线距版心下边缘")
        if number % 2:
            assert_near(TEXT_RIGHT - right, CHAR_4, f"第{number}页（单页）页码居右空一字")
        else:
            assert_near(left - TEXT_LEFT, CHAR_4, f"第{number}页（双页）页码居左空一字")


# 版记 ---------------------------------------------------------------------------------------


def assert_colophon_at_bottom_of_last_page(pages, *, rows: int = 2):
    *body_pages, last = pages
    for _texts, rules, plain in body_pages:
        assert "抄送" not in plain and "印发" not in plain
        assert not [r for r in rules if r.color == (0.0, 0.0, 0.0)], "版记分隔线不在最后一页"
    texts, rules, plain = last
    assert "抄送：" in plain and "日印发" in plain.replace(" ", ""), "抄送与印发机关、印发日期不在同一页"
    lines = sorted(r.y for r in rules if r.color == (0.0, 0.0, 0.0))
    assert len(lines) == rows + 1
    assert_near(lines[-1], TEXT_BOTTOM, "版记末条分隔线与版心下边缘")
    cc = next(t for t in texts if t.text.startswith("抄送"))
    printed = next(t for t in texts if "印发" in t.text)
    assert lines[0] < cc.baseline < lines[1] < printed.baseline < lines[2]
    body = [t for t in texts if t.size == 16 and t.text.strip()]
    assert all(t.baseline < lines[0] for t in body), "正文与版记重叠"


@pytest.mark.parametrize("name", list(NOTICES))
def test_colophon_is_whole_at_the_bottom_of_the_last_page(pdfs, name):
    assert_colophon_at_bottom_of_last_page(pages_of(pdfs[name]))


def test_long_document_keeps_its_colophon_on_the_last_page(pdfs):
    assert_colophon_at_bottom_of_last_page(pages_of(pdfs["long"]))


@pytest.mark.django_db
def test_issued_rectification_notice_pdf_measures_to_the_standard(client, nanan_office, nanan_admin, tmp_path):
    """The real path: 签发 in the browser, download the PDF the office stores."""
    login(client, nanan_admin)
    doc = issue_via_browser(client, nanan_office, "rectification_notice")
    response = client.get(f"/documents/{doc.pk}/download/pdf/")
    assert response.status_code == 200
    path = tmp_path / "notice.pdf"
    path.write_bytes(response.content)
    pages = pages_of(path)
    assert_colophon_at_bottom_of_last_page(pages)
    y, _, right = _dash(path, 1)
    assert_near(y - TEXT_BOTTOM, 7, "页码一字线距版心下边缘")
    assert_near(TEXT_RIGHT - right, CHAR_4, "单页页码居右空一字")
