"""The import engine's bulk mode (``ImportSpec.write``): every row checked as it is read, errors per
row and column as in the row-by-row mode, and ``write`` called once — only for a clean file, inside
the transaction, its refusal rolling everything back. The monitoring Excel upload runs on it (its
HTTP tests are in ``dudao/monitoring/tests/test_rounds.py``); here the engine's contract itself."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from openpyxl import Workbook

from dudao.common import importer
from dudao.regions.models import Region

pytestmark = pytest.mark.django_db


def xlsx(rows) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    for r in [["代码*", "名称"], *rows]:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def spec(calls, *, refuse=None, keys=()):
    def handle(actor, row, context):
        if not str(row["code"]).isdigit():
            raise ValidationError({"code": "应为数字"})
        context.setdefault("rows", []).append(row)

    def write(actor, context):
        calls.append(len(context["rows"]))
        Region.objects.create(code="990000", name="批量写入", level=1, path="/990000/")
        if refuse:
            return [importer.RowError(0, "", refuse)]
        return []

    return importer.ImportSpec(name="测试", columns=[importer.Column("代码", "code", required=True),
                                                    importer.Column("名称", "name")],
                               handle=handle, write=write, keys=keys)


def test_a_clean_file_is_written_once_with_every_row():
    calls = []
    result = importer.run_import(spec(calls), xlsx([["1", "甲"], ["2", "乙"], ["3", "丙"]]), actor=None)
    assert result.ok and (result.rows, result.written) == (3, 3) and calls == [3]
    assert Region.objects.filter(code="990000").exists()


def test_every_bad_row_is_named_and_nothing_is_written():
    calls = []
    result = importer.run_import(spec(calls), xlsx([["x", "甲"], ["2", "乙"], [None, "丙"], ["y", "丁"]]), actor=None)
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "代码", "应为数字"), (4, "代码", "必填"), (5, "代码", "应为数字")]
    assert result.written == 0 and calls == []  # write is never called for a file with errors


def test_a_refusal_from_write_rolls_back_what_it_wrote():
    calls = []
    result = importer.run_import(spec(calls, refuse="已锁定"), xlsx([["1", "甲"]]), actor=None)
    assert [e.message for e in result.errors] == ["已锁定"] and result.written == 0 and calls == [1]
    assert not Region.objects.filter(code="990000").exists()
    assert not connection.needs_rollback


def test_duplicate_keys_are_refused_before_any_row_is_checked():
    calls = []
    result = importer.run_import(spec(calls, keys=(("code",),)), xlsx([["1", "甲"], ["1", "乙"], ["z", "丙"]]),
                                 actor=None)
    assert sorted((e.row, e.column) for e in result.errors) == [(2, "代码"), (3, "代码"), (4, "代码")]
    assert "与第3行重复" in result.errors[0].message and calls == []


def test_an_empty_file_is_refused():
    result = importer.run_import(spec([]), xlsx([]), actor=None)
    assert [e.message for e in result.errors] == ["文件中没有数据行"]


def chunked(flushes, *, chunk=2):
    """A chunked bulk spec: ``flush`` writes each clean chunk (a region per row), refuses a row "z"."""
    def flush(actor, rows, context, write):
        flushes.append(([n for n, _r in rows], write))
        errors = [importer.RowError(n, "代码", "拒绝") for n, row in rows if row["code"] == "z"]
        if write and not errors:
            for n, row in rows:
                Region.objects.create(code=f"98{n:04d}", name=row["name"] or "", level=1, path=f"/98{n:04d}/")
        return errors

    return importer.ImportSpec(name="测试", columns=[importer.Column("代码", "code", required=True),
                                                    importer.Column("名称", "name")],
                               handle=lambda actor, row, context: None, write=lambda actor, context: [],
                               flush=flush, chunk=chunk)


def test_chunks_are_written_as_the_file_is_read():
    flushes = []
    result = importer.run_import(chunked(flushes), xlsx([["1", "甲"], ["2", "乙"], ["3", "丙"]]), actor=None)
    assert result.ok and (result.rows, result.written) == (3, 3)
    assert flushes == [([2, 3], True), ([4], True)]
    assert Region.objects.filter(code__startswith="98").count() == 3


def test_a_refusal_in_a_late_chunk_rolls_back_the_chunks_written_before():
    flushes = []
    result = importer.run_import(chunked(flushes), xlsx([["1", "甲"], ["2", "乙"], ["3", "丙"], ["z", "丁"],
                                                         ["5", "戊"]]), actor=None)
    assert [(e.row, e.message) for e in result.errors] == [(5, "拒绝")] and result.written == 0
    # the first chunk was written, the rest only checked once the file had an error; nothing is kept
    assert flushes == [([2, 3], True), ([4, 5], True), ([6], False)]
    assert not Region.objects.filter(code__startswith="98").exists()
    assert not connection.needs_rollback
