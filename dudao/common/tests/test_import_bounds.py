"""The Excel import engine is bounded by what it reads, not by what a file declares, and refuses
duplicate keys inside one file — through the real entry points (the API and the import page).
Speed is measured in ``bench/bench_hostile_files.py`` (docs/performance.md), never asserted here:
the bounds are asserted as behaviour (refusal, the rows read) and, for memory, with tracemalloc."""

import tracemalloc

import pytest
from django.test import override_settings

from dudao.accounts.roles import RoleCode
from dudao.attachments.tests import corpus
from dudao.schools.models import SchoolProfile
from dudao.testing import schools_factories as sf
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import api_client, ui_client

pytestmark = pytest.mark.django_db
API = "/api/v1/corps/imports/schools"
HEAD = ["学校名称*", "类型*", "区划代码*", "学校标识码*", "学段*"]


def row(name, code, region="500108"):
    return [name, "学校", region, code, "小学"]


@pytest.fixture
def admin(tree):
    return user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])


def post(user, data: bytes, name="学校.xlsx"):
    return api_client(user).post(API, {"file": corpus.upload(name, data)})


def messages(r):
    return [(e.get("row"), e["field"], e["message"]) for e in r.json()["errors"]]


# ---- 1. bounded by what is read ------------------------------------------------------------------

def test_a_declared_full_sheet_is_read_as_the_rows_it_has(admin, monkeypatch):
    """A 5 KB file declaring A1:XFD1048576 (openpyxl used to pad every row to 16 384 columns and
    every missing row up to a million: ~15 minutes of CPU): the two real rows are imported, and
    the engine looks at a few hundred cells, not billions (a budget that fails fast)."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    seen = {"cells": 0}
    original = ReadOnlyWorksheet.iter_rows

    def counted(self, *args, **kwargs):
        for values in original(self, *args, **kwargs):
            seen["cells"] += len(values)
            assert seen["cells"] < 1_000_000, "the declared dimension is being read"
            yield values

    monkeypatch.setattr(ReadOnlyWorksheet, "iter_rows", counted)
    data = corpus.declared_size_xlsx([HEAD, row("声明尺寸一小", "3150077001"), row("声明尺寸二小", "3150077002")],
                                     ref="A1:XFD1048576")
    assert len(data) < 10_000
    r = post(admin, data)
    assert r.status_code == 200, r.content
    assert r.json()["written"] == 2 and SchoolProfile.objects.filter(school_code__startswith="31500770").count() == 2
    assert seen["cells"] <= 3 * 100


@override_settings(DUDAO_IMPORT_MAX_ROWS=3)
def test_rows_past_the_maximum_are_refused(admin):
    rows = [HEAD] + [row(f"行数{i}小", f"31500780{i:02d}") for i in range(4)]
    r = post(admin, corpus.workbook(rows))
    assert r.status_code == 422 and any("行数超过上限 3" in m for _r, _f, m in messages(r))
    assert not SchoolProfile.objects.filter(school_code__startswith="31500780").exists()
    assert post(admin, corpus.workbook(rows[:4])).status_code == 200  # exactly the maximum


@override_settings(DUDAO_IMPORT_MAX_CELL_CHARS=50)
def test_a_cell_longer_than_the_maximum_is_refused_with_its_row_and_column(admin):
    r = post(admin, corpus.workbook([HEAD, row("长" * 51, "3150079001")]))
    assert r.status_code == 422
    assert [(rw, f) for rw, f, m in messages(r) if "单元格内容超过 50 个字符" in m] == [(2, "学校名称")]


def test_a_200_mb_cell_is_refused_before_it_is_inflated(admin):
    """204 KB on the wire, 200 MB in sharedStrings.xml: refused from the ZIP directory (it used to
    cost ~430 MB of memory)."""
    data = corpus.big_cell_xlsx([HEAD, row("x", "3150079002")], 200 * corpus.MB)
    assert len(data) < 1024 * 1024
    tracemalloc.start()
    r = post(admin, data)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert r.status_code == 422, r.content
    (_row, _field, message), = messages(r)
    assert "已拒绝" in message and ("压缩" in message or "解压后" in message)
    assert peak < 40 * 1024 * 1024, peak


@override_settings(DUDAO_IMPORT_MAX_UNZIPPED_MB=1, DUDAO_ZIP_MAX_RATIO=100000)
def test_the_unzipped_total_is_bounded_by_a_setting(admin):
    r = post(admin, corpus.big_cell_xlsx([HEAD, row("x", "3150079003")], 2 * corpus.MB))
    assert r.status_code == 422 and "解压后超过 1 MB" in messages(r)[0][2]


def test_not_a_workbook_is_refused_on_the_page_too(admin):
    client = ui_client(admin)
    r = client.post("/inspectors/import/schools/", {"file": corpus.upload("学校.xlsx", corpus.zip_bomb(300 * corpus.MB))})
    assert r.status_code == 200 and "已拒绝" in r.content.decode()
    r = client.post("/inspectors/import/schools/", {"file": corpus.upload("学校.xlsx", corpus.HTML)})
    assert r.status_code == 200 and "无法读取文件" in r.content.decode()


# ---- 2. duplicate keys inside one file ------------------------------------------------------------

def test_two_rows_of_the_same_school_code_are_both_refused(admin):
    r = post(admin, corpus.workbook([HEAD, row("重复甲小", "3150088001"), row("不同名称", "3150088002"),
                                     row("重复乙小", "3150088001")]))
    assert r.status_code == 422
    found = messages(r)
    assert any(rw == 2 and "与第4行重复" in m and "学校标识码" in m for rw, _f, m in found), found
    assert any(rw == 4 and "与第2行重复" in m for rw, _f, m in found), found
    assert not SchoolProfile.objects.filter(school_code__in=["3150088001", "3150088002"]).exists()


def test_two_rows_of_the_same_school_name_are_both_refused(admin):
    r = post(admin, corpus.workbook([HEAD, row("同名小学", "3150088011"), row("同名小学", "3150088012")]))
    assert r.status_code == 422
    found = messages(r)
    assert any(rw == 2 and "与第3行重复" in m and "学校名称" in m for rw, _f, m in found), found
    assert any(rw == 3 and "与第2行重复" in m for rw, _f, m in found), found
    assert not SchoolProfile.objects.filter(school_code__in=["3150088011", "3150088012"]).exists()


def test_an_import_never_rewrites_an_existing_schools_code(tree, admin):
    school = sf.school(tree["nanan"], name="已有代码小学")
    old = school.school_profile.school_code
    r = post(admin, corpus.workbook([HEAD, [school.name, "学校", tree["nanan"].code, "3150088099", "小学"]]))
    assert r.status_code == 422
    (rw, field, message), = messages(r)
    assert (rw, field) == (2, "学校标识码") and old in message and "不能修改学校标识码" in message
    school.school_profile.refresh_from_db()
    assert school.school_profile.school_code == old
    # the same school with its own code still updates
    r = post(admin, corpus.workbook([HEAD + ["地址"], [school.name, "学校", tree["nanan"].code, old, "小学", "新地址1号"]]))
    assert r.status_code == 200, r.content
