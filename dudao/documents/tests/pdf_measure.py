"""Measure a rendered PDF (for the GB/T 9704 position tests): where text and rules land, in
millimetres from the page top, read from the content streams with pypdf.

``page_marks(page)`` walks one page's content stream keeping the graphics state (CTM, fill and
stroke colours, text matrix, font size) and returns

- ``texts``: one ``Text`` per shown string — its characters (decoded with the page's fonts), the
  baseline and the top of its character box in mm from the page top, its left x in mm from the
  page's left edge, size in pt, font and fill colour. The character box is the ideographic em
  box of the CJK faces (OpenType ``ideo``/``idtp`` baselines: −0.12 em to 0.88 em), which is what
  GB/T 9704's "上边缘" of a line of Chinese characters measures; LibreOffice writes Ascent and
  Descent 0 into the PDF's font descriptors, so they cannot be read from there;
- ``rules``: horizontal lines and thin filled rectangles (borders) with their y, x-extent,
  thickness (mm) and colour.

``ink(pdf_path, page, box)`` rasterises a box of a page with ``pdftoppm`` (poppler-utils, 10 px
per mm) and returns the dark pixels' positions in mm: where a dash or a glyph really is.
"""

import io
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ContentStream

PT_MM = 25.4 / 72
EM_TOP = 0.88  # top of the ideographic em box above the baseline, in em


@dataclass
class Text:
    text: str
    x: float  # mm from the left page edge
    baseline: float  # mm from the page top
    top: float  # mm from the page top (em box top)
    size: float  # pt
    color: tuple
    font: str = ""


@dataclass
class Rule:
    y: float  # mm from the page top (centre of the line)
    x0: float
    x1: float
    thickness: float  # mm
    color: tuple


def _mul(a, b):
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def _apply(m, x, y):
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _color(operands):
    values = tuple(round(float(v), 3) for v in operands if not hasattr(v, "startswith"))
    if len(values) == 1:
        return values * 3
    return values


def _decode(font, raw: bytes) -> str:
    """Decode a shown string with the font's ToUnicode map (LibreOffice writes Identity-H
    two-byte codes, or one-byte codes for subset simple fonts)."""
    cmap = font.get("_cmap")
    if cmap is None:
        cmap = {}
        to_unicode = font["obj"].get("/ToUnicode")
        if to_unicode is not None:
            data = to_unicode.get_object().get_data().decode("latin-1")
            _parse_cmap(data, cmap)
        font["_cmap"] = cmap
    width = 2 if str(font["obj"].get("/Subtype")) == "/Type0" else 1
    out = []
    for i in range(0, len(raw), width):
        code = int.from_bytes(raw[i:i + width], "big")
        out.append(cmap.get(code, "?"))
    return "".join(out)


def _raw(s) -> bytes:
    """The bytes of a string operand (pypdf decodes some to text)."""
    if isinstance(s, bytes):
        return bytes(s)
    return s.get_original_bytes() if hasattr(s, "get_original_bytes") else s.encode("latin-1")


def _hex(s: str) -> int:
    return int(s.strip("<>"), 16)


def _hex_text(s: str) -> str:
    s = s.strip("<>")
    return bytes.fromhex(s).decode("utf-16-be", errors="replace")


def _parse_cmap(data: str, cmap: dict):
    import re

    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(r"(<[0-9A-Fa-f]+>)\s*(<[0-9A-Fa-f]+>)", block):
            cmap[_hex(src)] = _hex_text(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(r"(<[0-9A-Fa-f]+>)\s*(<[0-9A-Fa-f]+>)\s*(<[0-9A-Fa-f]+>)", block):
            start = _hex_text(dst)
            for offset, code in enumerate(range(_hex(lo), _hex(hi) + 1)):
                cmap[code] = start[:-1] + chr(ord(start[-1]) + offset)


def page_marks(page):
    height = float(page.mediabox.height)
    fonts = {}
    resources = page.get("/Resources") or {}
    for name, ref in (resources.get("/Font") or {}).items():
        fonts[name] = {"obj": ref.get_object()}
    content = ContentStream(page.get_contents(), page.pdf)
    ctm = [1, 0, 0, 1, 0, 0]
    fill = stroke = (0.0, 0.0, 0.0)
    stack = []
    tm = tlm = [1, 0, 0, 1, 0, 0]
    font = None
    size = 0.0
    leading = 0.0
    path = []
    line_width = 1.0
    texts, rules = [], []

    def show(raw):
        m = _mul(tm, ctm)
        x, y = _apply(m, 0, 0)
        scale = (m[2] ** 2 + m[3] ** 2) ** 0.5 * size
        obj = font["obj"]
        text = _decode(font, raw)
        top = y + scale * EM_TOP
        texts.append(Text(text, x * PT_MM, (height - y) * PT_MM, (height - top) * PT_MM, round(scale, 2), fill,
                          str(obj.get("/BaseFont", ""))))

    for operands, op in content.operations:
        op = op.decode() if isinstance(op, bytes) else op
        if op == "q":
            stack.append((ctm, fill, stroke, line_width))
        elif op == "Q":
            ctm, fill, stroke, line_width = stack.pop()
        elif op == "cm":
            ctm = _mul([float(v) for v in operands], ctm)
        elif op in ("rg", "g", "sc", "scn"):
            fill = _color(operands)
        elif op in ("RG", "G", "SC", "SCN"):
            stroke = _color(operands)
        elif op == "w":
            line_width = float(operands[0])
        elif op == "BT":
            tm = tlm = [1, 0, 0, 1, 0, 0]
        elif op == "Tf":
            font = fonts.get(operands[0])
            size = float(operands[1])
        elif op == "TL":
            leading = float(operands[0])
        elif op == "Tm":
            tm = tlm = [float(v) for v in operands]
        elif op in ("Td", "TD"):
            tx, ty = float(operands[0]), float(operands[1])
            if op == "TD":
                leading = -ty
            tlm = _mul([1, 0, 0, 1, tx, ty], tlm)
            tm = tlm
        elif op == "T*":
            tlm = _mul([1, 0, 0, 1, 0, -leading], tlm)
            tm = tlm
        elif op == "Tj" and font:
            show(_raw(operands[0]))
        elif op == "TJ" and font:
            show(b"".join(_raw(part) for part in operands[0] if isinstance(part, (str, bytes))))
        elif op == "re":
            x, y, w, h = (float(v) for v in operands)
            path.append(("re", x, y, w, h))
        elif op == "m":
            path.append(("m", float(operands[0]), float(operands[1])))
        elif op == "l":
            path.append(("l", float(operands[0]), float(operands[1])))
        elif op in ("f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "n"):
            if op != "n":
                _rules(path, ctm, height, op, fill, stroke, line_width, rules)
            path = []
    return texts, rules


def _rules(path, ctm, height, op, fill, stroke, line_width, rules):
    filled = op in ("f", "F", "f*", "B", "B*", "b", "b*")
    last = None
    for seg in path:
        if seg[0] == "re" and filled:
            _, x, y, w, h = seg
            (x0, y0), (x1, y1) = _apply(ctm, x, y), _apply(ctm, x + w, y + h)
            if abs(y1 - y0) < 3 and abs(x1 - x0) > 10:  # a border drawn as a thin rectangle
                rules.append(Rule((height - (y0 + y1) / 2) * PT_MM, min(x0, x1) * PT_MM, max(x0, x1) * PT_MM,
                                  abs(y1 - y0) * PT_MM, fill))
        elif seg[0] == "m":
            last = _apply(ctm, seg[1], seg[2])
        elif seg[0] == "l" and last is not None:
            end = _apply(ctm, seg[1], seg[2])
            if abs(end[1] - last[1]) < 0.01 and abs(end[0] - last[0]) > 10 and not filled:
                scale = (ctm[0] ** 2 + ctm[1] ** 2) ** 0.5
                rules.append(Rule((height - last[1]) * PT_MM, min(last[0], end[0]) * PT_MM,
                                  max(last[0], end[0]) * PT_MM, line_width * scale * PT_MM, stroke))
            last = end


def read_pdf(data: bytes):
    """Every page's ``(texts, rules)`` and its plain text."""
    reader = PdfReader(io.BytesIO(data))
    return [(*page_marks(page), page.extract_text()) for page in reader.pages]


def ink(pdf_path, page: int, box: tuple[float, float, float, float], *, dark: int = 128, red: bool = False):
    """Dark (or red) pixels of ``box`` = (x, y, width, height) in mm on ``page`` (1-based), as
    ``(x, y)`` pairs in mm from the page's left and top edges (each pixel is 0.1 mm square)."""
    import subprocess
    import tempfile
    from pathlib import Path

    x, y, w, h = (round(v * 10) for v in box)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "crop"
        subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", "254", "-x", str(x), "-y", str(y),
                        "-W", str(w), "-H", str(h), "-singlefile", str(pdf_path), str(out)], check=True)
        data = (Path(tmp) / "crop.ppm").read_bytes()
    width, height, pixels = _ppm(data)
    found = []
    for j in range(height):
        for i in range(width):
            r, g, b = pixels[3 * (j * width + i):3 * (j * width + i) + 3]
            if (r > 160 and g < 100 and b < 100) if red else (r + g + b) / 3 < dark:
                found.append(((x + i) / 10, (y + j) / 10))
    return found


def _ppm(data: bytes):
    """Width, height and RGB bytes of a binary PPM (P6, maxval 255)."""
    parts = []
    pos = 0
    while len(parts) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        parts.append(data[pos:end])
        pos = end
    assert parts[0] == b"P6" and parts[3] == b"255", parts
    return int(parts[1]), int(parts[2]), data[pos + 1:]
