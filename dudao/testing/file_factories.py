"""Small real files for upload tests: images made with Pillow (optionally with an EXIF
orientation, as phones write them), a PDF header, disguised SVG/HTML."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile


def png_bytes(size=(40, 20), colour=(200, 30, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(size=(40, 20), orientation: int | None = None) -> bytes:
    from PIL import Image

    img = Image.new("RGB", size, (30, 120, 200))
    out = io.BytesIO()
    if orientation:
        exif = Image.Exif()
        exif[0x0112] = orientation
        img.save(out, "JPEG", exif=exif.tobytes())
    else:
        img.save(out, "JPEG")
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def photo(name="现场照片.png") -> SimpleUploadedFile:
    return upload(name, png_bytes(), "image/png")


def pdf(name="整改方案.pdf") -> SimpleUploadedFile:
    return upload(name, PDF, "application/pdf")


def give_photo(inspector):
    """Upload a small JPEG as ``inspector``'s photo (system actor); returns the attachment."""
    from dudao.inspectors.services import inspector_photo_set

    return inspector_photo_set(actor=None, inspector=inspector,
                               file=SimpleUploadedFile("照片.jpg", jpeg_bytes((60, 80)), content_type="image/jpeg"))
