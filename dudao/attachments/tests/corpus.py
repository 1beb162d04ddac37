"""The hostile upload corpus, generated in code (no binary blobs): every file is built from a few
bytes or with Pillow/openpyxl/zipfile, so what each one is — and why it must be refused or
neutralised — reads here. Used by ``test_corpus.py`` and by ``bench/bench_hostile_files.py``."""

from __future__ import annotations

import io
import os
import re
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

MB = 1024 * 1024

SVG_SCRIPT = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)">'
              b"<script>fetch('/api/v1/me')</script></svg>")
HTML = b"<!DOCTYPE html><html><body><script>alert(document.domain)</script></body></html>"
HTML_LATE = b"%PDF-1.4\n" + b" " * 2000 + b"<html><script>alert(1)</script></html>"  # PDF head, HTML body
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64 + b"This program cannot be run in DOS mode"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def random_bytes(size: int, head: bytes = b"") -> bytes:
    return head + os.urandom(max(size - len(head), 0))


def fake_mp4(size: int) -> bytes:
    """An MP4 box header (``ftyp``) followed by ``size`` random bytes: passes a magic-byte check."""
    return random_bytes(size, b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")


def jpeg_with_gps(size=(64, 48), orientation: int | None = None) -> bytes:
    """A camera JPEG: capture time, camera make and a GPS position (the school's address) in EXIF."""
    from PIL import Image

    img = Image.new("RGB", size, (30, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "DudaoCam"            # Make
    exif[0x0132] = "2025:09:01 10:20:30"  # DateTime
    if orientation:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (29.0, 31.0, 12.5), 3: "E", 4: (106.0, 33.0, 40.25)})
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def polyglot_jpeg() -> bytes:
    """A valid JPEG that is also an HTML page: the script sits in a comment segment (after 2 KB of
    padding, past any "first bytes" check) and after the end-of-image marker, where image viewers
    never look and a browser sniffing the bytes would."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (16, 16), (0, 0, 0)).save(out, "JPEG")
    data = out.getvalue()
    payload = b"<html><script>alert(document.cookie)</script></html>"
    def com(body):
        return b"\xff\xfe" + (len(body) + 2).to_bytes(2, "big") + body

    return data[:2] + com(b" " * 2048) + com(payload) + data[2:] + payload


def huge_png_header(width=30000, height=30000) -> bytes:
    """A tiny PNG claiming 900 megapixels (a decompression bomb for any decoder)."""
    import struct
    import zlib

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw = zlib.compress(b"\x00" * 64)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


def _zip_member_of(zf: zipfile.ZipFile, name: str, size: int, fill: bytes = b"A",
                   prefix: bytes = b"", suffix: bytes = b"") -> None:
    """Write a member of ``size`` bytes, streamed in 1 MB blocks (never all in memory)."""
    block = fill * MB
    info = zipfile.ZipInfo(name, date_time=(2025, 9, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = zf.compresslevel
    with zf.open(info, "w", force_zip64=size > 1 << 31) as w:
        w.write(prefix)
        left = size
        while left > 0:
            w.write(block[:min(left, MB)])
            left -= MB
        w.write(suffix)


def zip_bomb(member_size: int = 300 * MB, *, ooxml: str | None = None) -> bytes:
    """A small ZIP whose one member inflates to ``member_size`` bytes of one letter. ``ooxml``
    ("docx" / "xlsx") adds the part an Office package must have, so it passes the type check."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        if ooxml == "docx":
            zf.writestr("[Content_Types].xml", "<Types/>")
            zf.writestr("word/document.xml", "<w:document/>")
        elif ooxml == "xlsx":
            zf.writestr("[Content_Types].xml", "<Types/>")
            zf.writestr("xl/workbook.xml", "<workbook/>")
        _zip_member_of(zf, "word/media/padding.bin" if ooxml else "bomb.txt", member_size)
    return buf.getvalue()


def workbook(rows) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rewrite(xlsx: bytes, part: str, change) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info.filename, change(data) if info.filename == part else data)
    return out.getvalue()


def declared_size_xlsx(rows, ref: str = "A1:XFD20000", corner: bool = True) -> bytes:
    """A normal small workbook whose sheet declares the dimension ``ref`` and (``corner``) holds
    one empty cell in its far corner: openpyxl pads every row to the declared width and every
    missing row up to the corner — 20 000 × 16 384 values from 5 KB."""
    last = ref.split(":")[1]
    row_no = int(re.sub(r"[A-Z]", "", last))

    def change(xml):
        xml = re.sub(rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>'.encode(), xml)
        if corner:
            xml = xml.replace(b"</sheetData>", f'<row r="{row_no}"><c r="{last}"/></row></sheetData>'.encode())
        return xml

    return _rewrite(workbook(rows), "xl/worksheets/sheet1.xml", change)


def big_cell_xlsx(rows, cell_bytes: int = 200 * MB) -> bytes:
    """A workbook whose first data row's first cell is a shared string of ``cell_bytes`` letters
    (deflated to a few hundred KB): the sharedStrings part is crafted and streamed."""
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.active.cell(row=2, column=1, value="__BIG__")
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                # the cell refers to shared string 0, which we write ourselves
                data = re.sub(rb'<c r="A2"[^>]*>.*?</c>', b'<c r="A2" t="s"><v>0</v></c>', data, count=1)
            if info.filename == "xl/sharedStrings.xml" or info.filename == "[Content_Types].xml":
                if info.filename == "[Content_Types].xml" and b"sharedStrings" not in data:
                    data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="'
                                        b'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings'
                                        b'+xml"/></Types>')
                if info.filename == "xl/sharedStrings.xml":
                    continue
            if info.filename == "xl/_rels/workbook.xml.rels" and b"sharedStrings" not in data:
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdSS" Type="http://schemas.openxmlformats'
                                    b'.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                    b"</Relationships>")
            dst.writestr(info.filename, data)
        _zip_member_of(dst, "xl/sharedStrings.xml", cell_bytes,
                       prefix=b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
                              b'uniqueCount="1"><si><t>', suffix=b"</t></si></sst>")
    return out.getvalue()
