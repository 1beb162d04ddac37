"""Excel for a round: the template (one row per unit and 学段, one column per data element, filled
with the stored values or the 学籍 prefill, a 填写说明 sheet citing every element's source) and its
upload, through the bounded reader of the import engine (``dudao.common.importer``): every row or
none, errors by sheet, row and column in Chinese. A unit downloads its own submission's rows; an
office the rows of every unit of the round it may fill."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from dudao.common import importer

from .choices import EDITABLE
from .selectors import section_label
from .services import (
    changes,
    locked_message,
    parse_cells,
    prefill_many,
    stored_many,
    values_log_many,
    values_write_many,
)
from .validation import cells, submission_sections
from .workflows import fill_allowed

UNIT_ID, UNIT_NAME, SECTION = "unit_id", "unit_name", "section"
SHEET = "填报数据"


def _raw(value):
    """Keep a cell's value as typed (numbers stay numbers); blank text is empty."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _headers(elements) -> dict[str, str]:
    out, seen = {}, set()
    for el in elements:
        header = f"{el.name}（{el.unit}）" if el.unit else el.name
        if header in seen:
            header = f"{header}[{el.code}]"
        seen.add(header)
        out[el.code] = header
    return out


def _rows_of(submission, elements, stored, prefill):
    """One row per 学段 the unit fills (one row when the form is not per 学段): [(section, {code: value})]."""
    collection = submission.round.collection
    sections = submission_sections(submission) if collection.sections else []
    per_row = sections or [""]
    out = []
    for i, s in enumerate(per_row):
        values = {}
        for el, cs in cells(collection, elements, sections):
            if cs != s and not (cs == "" and i == 0):
                continue
            number, text = stored.get((el.code, cs), (None, ""))
            if number is None and not text and (el.code, cs) in prefill:
                number = prefill[(el.code, cs)]
            if number is not None:
                values[el.code] = int(number) if number == number.to_integral_value() else float(number)
            elif text:
                values[el.code] = dict((str(c), str(lbl)) for c, lbl in el.choices).get(text, text)
        out.append((s, values))
    return out


def template(rnd, submissions) -> bytes:
    """The workbook for ``submissions`` of round ``rnd``."""
    collection = rnd.collection
    elements = list(collection.elements.all())
    headers = _headers(elements)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    bold, req = Font(bold=True), PatternFill("solid", fgColor="FFF2CC")
    columns = [_("单位编号"), _("单位名称")] + ([_("学段")] if collection.sections else []) + list(headers.values())
    offset = 3 if collection.sections else 2
    for i, h in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i, value=h)
        cell.font = bold
        ws.column_dimensions[cell.column_letter].width = max(12, min(40, len(h) * 2 + 2))
        if i == 1 or (i > offset and elements[i - offset - 1].required):
            cell.fill = req
    submissions = list(submissions)
    stored_all, prefill_all = stored_many(submissions), prefill_many(submissions, elements)
    for sub in submissions:
        for section, values in _rows_of(sub, elements, stored_all.get(sub.pk, {}), prefill_all.get(sub.pk, {})):
            row = [sub.unit_id, sub.unit.name] + ([section_label(section)] if collection.sections else [])
            row += [values.get(el.code) for el in elements]
            ws.append(row)
    notes = wb.create_sheet(_("填写说明"))
    notes.append([_("列"), _("代码"), _("类型"), _("计量单位"), _("取值范围"), _("必填"), _("待核实"), _("依据")])
    for el in elements:
        bounds = ""
        if el.minimum is not None or el.maximum is not None:
            lo = "" if el.minimum is None else format(el.minimum.normalize(), "f")
            hi = "" if el.maximum is None else format(el.maximum.normalize(), "f")
            bounds = f"{lo}～{hi}"
        if el.choices:
            bounds = "、".join(str(c[1]) for c in el.choices)
        notes.append([headers[el.code], el.code, str(el.get_value_type_display()), el.unit, bounds,
                      _("是") if el.required else "", _("是") if el.pending_verification else "", el.basis])
    notes.append([])
    notes.append([_("%(y)s年 %(c)s（v%(v)s）。请勿修改单位编号、学段和表头；是/否填“是”或“否”。"
                    "任何一个单元格有错误时，整个文件都不会导入。") % {
        "y": rnd.year, "c": collection.name, "v": collection.version}])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


#: Rows checked and written at a time: the memory an import holds does not grow with the file.
CHUNK_ROWS = 1000


def import_values(*, actor, rnd, fileobj, submissions, chunk: int | None = None) -> importer.ImportResult:
    """Write the uploaded rows into ``submissions`` (a queryset the actor may fill, of round ``rnd``)
    — all or nothing. Each error names the sheet, the row and the column.

    The rows are checked and written ``chunk`` (default ``CHUNK_ROWS``) at a time as the sheet is read (the engine's chunked
    bulk mode): a chunk's submissions are looked up and locked, each row checked (unit and 学段,
    each cell against its element; a change to a submission that is not 填报中/已退回 is refused)
    and, while the file is clean, its cells written in bulk (``services.values_write_many``). All of
    it is one transaction: an error in any row rolls back what earlier chunks wrote. Kept across
    chunks is only a few integers per unit (the 学段 seen, the cells changed), from which the
    history lines — one per submission changed, with their audit entries — are written at the end."""
    collection = rnd.collection
    elements = list(collection.elements.all())
    headers = _headers(elements)
    section_list = list(collection.sections or [])
    section_codes = {section_label(s): s for s in section_list}
    section_codes.update({s: s for s in section_list})
    per_section = {el.code for el in elements if el.per_section} if collection.sections else set()
    #: every cell of the form → a bit, so a submission's changed cells are one integer
    cell_bits = {key: 1 << i for i, key in enumerate((el.code, s) for el in elements for s in ["", *section_list])}
    keys_of_bit = {bit: key for key, bit in cell_bits.items()}
    seen: dict[int, int] = {}  # unit id → bits of the 学段 (index + 1) already read
    changed: dict[int, int] = {}  # submission id → bits of the cells changed

    def handle(actor_, row, context):
        pass  # the rows are checked a chunk at a time (``flush``), their submissions looked up together

    def unit_of(row) -> int:
        try:
            return int(row.get(UNIT_ID) or 0)
        except (TypeError, ValueError):
            return 0

    def check(unit_id, row, sub, stored):
        if sub is None:
            raise ValidationError({UNIT_ID: _("该单位不在本次填报范围内，或无权填报")})
        section = ""
        if collection.sections:
            section = section_codes.get(str(row.get(SECTION) or "").strip())
            if section is None or section not in submission_sections(sub):
                raise ValidationError({SECTION: _("学段应为：%(s)s") % {
                    "s": "、".join(section_label(s) for s in submission_sections(sub))}})
        bit = 1 << (section_list.index(section) + 1 if section else 0)
        if seen.get(unit_id, 0) & bit:
            raise ValidationError({UNIT_ID: _("同一单位、学段出现了两行")})
        seen[unit_id] = seen.get(unit_id, 0) | bit
        values = {}
        for el in elements:
            if el.code in per_section:
                values[(el.code, section)] = row.get(el.code)
            elif not collection.sections or section == submission_sections(sub)[0]:
                values[(el.code, "")] = row.get(el.code)
        parsed, errors = parse_cells(sub, values, elements)
        if errors:
            raise ValidationError({key.split("/", 1)[0]: message for key, message in errors.items()})
        if sub.status not in EDITABLE and changes(stored.get(sub.pk, {}), parsed):
            raise ValidationError(locked_message(sub))
        return parsed

    def note_changes(sub_id, cells_):
        mask = changed.get(sub_id, 0)
        for key in cells_:
            mask |= cell_bits[key]
        changed[sub_id] = mask

    def flush(actor_, rows, context, write):
        units = [unit_of(row) for _n, row in rows]
        subs = {s.unit_id: s for s in submissions.filter(unit_id__in={u for u in units if u})
                .select_related("unit", "round__collection") if fill_allowed(actor_, s)}
        stored = stored_many(list(subs.values()))
        found, collected = [], {}
        for (n, row), unit_id in zip(rows, units, strict=True):
            sub = subs.get(unit_id)
            try:
                parsed = check(unit_id, row, sub, stored)
            except ValidationError as exc:
                found.extend(importer.row_errors(spec, n, exc))
                continue
            collected.setdefault(sub.pk, {}).update(parsed)
        if not write or found or not collected:
            return found
        chunk_subs = [s for s in subs.values() if s.pk in collected]
        refused = values_write_many(actor=actor_, submissions=chunk_subs, values=collected, elements=elements,
                                    stored=stored, action="import", on_changed=note_changes)
        # a submission was submitted or approved while the file was read: nothing is kept
        return found + [importer.RowError(0, "", locked_message(s)) for s in refused]

    def write(actor_, context):  # after the last chunk: the history lines, one per submission changed
        values_log_many(actor=actor_, changed=((pk, [keys_of_bit[1 << i] for i in range(mask.bit_length())
                                                     if mask >> i & 1]) for pk, mask in changed.items()),
                        action="import")
        return []

    columns = [importer.Column(_("单位编号"), UNIT_ID, required=True, parse=_raw),
               importer.Column(_("单位名称"), UNIT_NAME, parse=_raw)]
    if collection.sections:
        columns.append(importer.Column(_("学段"), SECTION, required=True, parse=_raw))
    columns += [importer.Column(headers[el.code], el.code, parse=_raw) for el in elements]

    spec = importer.ImportSpec(name=SHEET, columns=columns, handle=handle, write=write, flush=flush,
                               chunk=chunk or CHUNK_ROWS)
    with transaction.atomic():
        return importer.run_import(spec, fileobj, actor=actor)


def error_rows(result) -> list[dict]:
    """The import's errors as {sheet, row, column, message} (row 0: the file itself)."""
    return [{"sheet": SHEET, "row": e.row, "column": e.column, "message": e.message} for e in result.errors]
