"""Read back what a generated .docx says about its layout (for the GB/T 9704 tests)."""

import io

from docx import Document
from docx.oxml.ns import qn


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def east_asia_font(run) -> str | None:
    rpr = run._element.rPr
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def paragraph_with(doc, text: str):
    for p in doc.paragraphs:
        if text in p.text:
            return p
    raise AssertionError(f"no paragraph contains {text!r}")
