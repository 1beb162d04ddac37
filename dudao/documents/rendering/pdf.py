"""The PDF path: LibreOffice headless converts the very .docx we issue (decision 0002).

Each conversion runs ``soffice`` with its own throw-away user profile (so conversions can run in
parallel) and with ``FONTCONFIG_FILE`` pointing at ``documents/fonts/fonts.conf``, which maps the
公文 font names to the Noto CJK / AR PL fonts ``make install`` puts on the machine.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

FONTS_CONF = Path(__file__).resolve().parent.parent / "fonts" / "fonts.conf"
TIMEOUT = int(os.environ.get("DUDAO_PDF_TIMEOUT", "120"))


class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed on this machine."""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    return soffice_path() is not None


def docx_to_pdf_many(files: dict[str, bytes]) -> dict[str, bytes]:
    """Convert several .docx (name → bytes) in one LibreOffice run; returns name → PDF bytes."""
    exe = soffice_path()
    if exe is None:
        raise PdfUnavailable("未安装 LibreOffice，无法生成 PDF（运行 make install 安装）")
    with tempfile.TemporaryDirectory(prefix="dudao-pdf-") as tmp:
        tmp_path = Path(tmp)
        src = tmp_path / "in"
        out = tmp_path / "out"
        src.mkdir()
        out.mkdir()
        names = {}
        for i, (name, data) in enumerate(files.items()):
            path = src / f"{i:05d}.docx"
            path.write_bytes(data)
            names[path.stem] = name
        env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF), HOME=str(tmp_path))
        cmd = [exe, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--norestore",
               "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out), *sorted(str(p) for p in src.iterdir())]
        proc = subprocess.run(cmd, env=env, capture_output=True, timeout=TIMEOUT, check=False)
        results = {}
        for stem, name in names.items():
            pdf = out / f"{stem}.pdf"
            if pdf.exists():
                results[name] = pdf.read_bytes()
        if len(results) != len(files):
            raise RuntimeError("PDF 转换失败：%s" % proc.stderr.decode(errors="replace")[-500:])
        return results


def docx_to_pdf(data: bytes) -> bytes:
    return docx_to_pdf_many({"document": data})["document"]
