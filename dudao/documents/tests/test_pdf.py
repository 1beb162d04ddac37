"""The PDF path: page size, extractable Chinese text, embedded CJK fonts (not tofu).

Needs LibreOffice (installed by ``make install``); skipped with a message only when it is absent."""

import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from dudao.documents.kinds import IssueEnv, parse_context
from dudao.documents.rendering import render_builtin
from dudao.documents.rendering.pdf import docx_to_pdf, pdf_available
from dudao.documents.samples import sample

pytestmark = pytest.mark.skipif(not pdf_available(), reason="LibreOffice (soffice) 未安装：运行 make install 安装后再测 PDF")

ENV = IssueEnv(office_name="重庆市南岸区人民政府教育督导室", issuing_mark="重庆市南岸区人民政府教育督导室文件",
               doc_number="南岸教督〔2025〕12号")


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory):
    data = render_builtin("report", parse_context("report", sample("report")), ENV)
    pdf = docx_to_pdf(data)
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(pdf)
    return path


def test_pdf_pages_are_a4(report_pdf):
    reader = PdfReader(io.BytesIO(report_pdf.read_bytes()))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(w - 595.3) < 1 and abs(h - 841.9) < 1


def test_chinese_text_is_extractable(report_pdf):
    reader = PdfReader(io.BytesIO(report_pdf.read_bytes()))
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")
    for expected in ("重庆市南岸区人民政府教育督导室文件", "南岸教督〔2025〕12号", "专项督导情况的报告", "抄送：", "重庆市南岸区人民政府教育督导室2025年5月6日印发"):
        assert expected in text
    assert "\ufffd" not in text


def _fonts(reader):
    fonts = {}
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            desc_font = descendants[0].get_object() if descendants else font
            descriptor = desc_font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


def test_cjk_fonts_are_embedded(report_pdf):
    fonts = _fonts(PdfReader(io.BytesIO(report_pdf.read_bytes())))
    cjk = {name: emb for name, emb in fonts.items() if "CJK" in name or "UKai" in name or "UMing" in name}
    assert cjk, f"no CJK font in the PDF: {fonts}"
    assert all(cjk.values())
    assert any("Serif" in name for name in cjk)  # 仿宋/宋体/小标宋 mapped to Noto Serif CJK


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils 未安装")
def test_pdffonts_reports_embedded_cjk(report_pdf):
    out = subprocess.run(["pdffonts", str(report_pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if "CJK" in line]
    assert rows and all("yes" in row[-5:-2] for row in rows)
