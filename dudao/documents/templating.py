"""Office templates: a .docx with ``{{name}}`` placeholders (our own replacement, not a template
language — uploaded files can never run code). Placeholders may be split across Word runs; a
paragraph holding one is re-joined into its first run before replacing.

Validation at upload: every placeholder must be a field of the kind's context (or a system field);
unknown names are reported by name, never rendered blank.
"""

import io
import re
from datetime import date

from django.core.exceptions import ValidationError
from docx import Document
from pydantic import BaseModel

from .layout import cn_date, numbered

PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _paragraphs(doc):
    def walk(container):
        yield from container.paragraphs
        for table in getattr(container, "tables", []):
            for row in table.rows:
                for cell in row.cells:
                    yield from walk(cell)

    yield from walk(doc)
    for section in doc.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer,
                     section.even_page_header, section.even_page_footer):
            if part is not None and not part.is_linked_to_previous:
                yield from walk(part)


def _open(data: bytes):
    try:
        return Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a bad package
        raise ValidationError({"file": "不是有效的 Word（.docx）文件"}) from exc


def scan_placeholders(data: bytes) -> list[str]:
    """Placeholder names used in a .docx, in order of first use."""
    found: dict[str, None] = {}
    for p in _paragraphs(_open(data)):
        for name in PLACEHOLDER.findall(p.text):
            found.setdefault(name, None)
    return list(found)


def validate_template(data: bytes, allowed: set[str]) -> list[str]:
    names = scan_placeholders(data)
    if not names:
        raise ValidationError({"file": "模板中没有任何 {{占位符}}"})
    unknown = [n for n in names if n not in allowed or not NAME.match(n)]
    if unknown:
        raise ValidationError({"file": "模板中有未知占位符：%s。可用的占位符：%s" % (
            "、".join("{{%s}}" % n for n in unknown), "、".join(sorted(allowed)))})
    return names


def _value(value) -> str:
    if isinstance(value, date):
        return cn_date(value)
    if isinstance(value, BaseModel):  # Section
        return "\n".join([value.heading, *value.paragraphs])
    if isinstance(value, list):
        if value and all(isinstance(v, str) for v in value):
            return "\n".join(numbered(value, 3))
        return "\n".join(_value(v) for v in value)
    return "" if value is None else str(value)


def template_values(context: BaseModel, system: dict) -> dict[str, str]:
    values = {name: _value(getattr(context, name)) for name in type(context).model_fields}
    values.update({k: _value(v) for k, v in system.items()})
    return values


def fill_template(data: bytes, values: dict[str, str]) -> bytes:
    """Replace every ``{{name}}``; a name without a value is an error (never a silent blank)."""
    doc = _open(data)
    missing = set()
    for p in _paragraphs(doc):
        if "{{" not in p.text:
            continue
        text = p.text

        def repl(m):
            name = m.group(1)
            if name not in values:
                missing.add(name)
                return m.group(0)
            return values[name]

        new = PLACEHOLDER.sub(repl, text)
        runs = p.runs
        if not runs:
            continue
        first = runs[0]
        for run in runs[1:]:
            run._element.getparent().remove(run._element)
        first.text = ""
        lines = new.split("\n")
        for i, line in enumerate(lines):
            if i:
                first.add_break()
            first.add_text(line)
    if missing:
        raise ValidationError({"template": "模板占位符没有对应数据：%s" % "、".join(sorted(missing))})
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
