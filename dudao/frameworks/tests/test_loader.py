"""The library loader: shipped libraries, precise errors, atomicity, idempotence, versions,
immutability of used versions, and the Excel round trip."""

import copy
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from dudao.audit.models import AuditEntry
from dudao.frameworks.exchange import version_to_library, version_to_xlsx, xlsx_to_library
from dudao.frameworks.library import LibraryError, parse_yaml, validate_library
from dudao.frameworks.models import Framework, FrameworkUsage, FrameworkVersion, Indicator
from dudao.frameworks.selectors import evaluate_version
from dudao.frameworks.services import (
    framework_version_mark_used,
    framework_version_replace_content,
    library_load,
    load_shipped_libraries,
    shipped_library_paths,
)
from dudao.testing.frameworks_factories import load_small, small_library

EXPECTED_LIBRARIES = {
    "urn:dudao:cn:guapai-regular": 8, "urn:dudao:cn:lide-shuren": 7, "urn:dudao:cn:compulsory-school-evaluation": 6,
    "urn:dudao:cn:senior-high-quality": 5, "urn:dudao:cn:kindergarten-conduct": 5,
    "urn:dudao:cn:principal-term-end": 7, "urn:dudao:cn:duty-performance": 9,
    "urn:dudao:cn:county-compulsory-balance": 5, "urn:dudao:cn:county-preschool-universal": 4,
    "urn:dudao:cn:special-double-reduction": 7, "urn:dudao:cn:special-admissions-fees": 8,
    "urn:dudao:cn:special-food-safety": 9, "urn:dudao:cn:special-term-start": 7,
    "urn:dudao:cn:special-campus-safety": 9,
    "urn:dudao:cn:county-government-duty": 9, "urn:dudao:cn:township-government-duty": 7,
}


def counts():
    return (Framework.objects.count(), FrameworkVersion.objects.count(), Indicator.objects.count())


@pytest.mark.django_db
def test_every_shipped_library_loads_and_reloading_changes_nothing():
    results = load_shipped_libraries()
    assert len(results) == len(shipped_library_paths()) == len(EXPECTED_LIBRARIES)
    for key, top_level in EXPECTED_LIBRARIES.items():
        version = FrameworkVersion.objects.get(framework__key=key, version=1)
        assert version.status == "published" and version.source
        assert version.indicators.filter(parent__isnull=True).count() == top_level, key
    before, audit = counts(), AuditEntry.objects.count()
    call_command("load_frameworks", stdout=io.StringIO())
    assert counts() == before and AuditEntry.objects.count() == audit


@pytest.mark.django_db
def test_shipped_numbers_match_standards():
    load_shipped_libraries()
    balance = FrameworkVersion.objects.get(framework__key="urn:dudao:cn:county-compulsory-balance")
    rows = {i.code: i for i in balance.indicators.all()}
    assert rows["A1-1"].thresholds == {"primary": "4.2", "junior": "5.3"}
    assert rows["A1-6"].thresholds == {"primary": "2000", "junior": "2500"}
    assert rows["A1-8"].direction == "lte" and rows["A1-8"].thresholds == {"primary": "0.5", "junior": "0.45"}
    assert rows["A4-1"].is_veto and rows["A4-1"].threshold == 85
    assert [rows[f"A2-{n}"] for n in range(1, 16)]  # 15 government-guarantee indicators
    assert len([c for c in rows if c.startswith("A3-")]) == 9
    assert "待核实" in balance.description
    preschool = FrameworkVersion.objects.get(framework__key="urn:dudao:cn:county-preschool-universal")
    hard = {i.code: i.threshold for i in preschool.indicators.filter(parent__code="A1")}
    assert hard == {"A1-1": 85, "A1-2": 80, "A1-3": 50}
    # a shipped framework scores: a county meeting everything assessed but missing data is not "green"
    results = {"A1-1": 90, "A1-2": {"inputs": {"public_children": 500, "puhui_private_children": 350,
                                               "all_children": 1000}}, "A1-3": 50}
    ev = evaluate_version(preschool, results)
    assert ev.score == 100 and ev.grade == "达标" and not ev.complete and ev.colour == "yellow"


# --- malformed files: one precise message each, and the database unchanged --------------------------
def _broken(path_setter):
    data = small_library()
    path_setter(data)
    return data


MALFORMED = [
    (lambda d: d["indicators"][0]["children"][1].update(weight=-1), "indicators[0].children[1].weight: 必须为非负数"),
    (lambda d: d["indicators"][0]["children"][1].update(weight="abc"), "indicators[0].children[1].weight: 必须为数值"),
    (lambda d: d.pop("urn"), "urn: 必填"),
    (lambda d: d.update(urn="URN with spaces"), "urn: 格式应为"),
    (lambda d: d.update(version=0), "version: 必须为正整数"),
    (lambda d: d.update(version="2"), "version: 必须为正整数"),
    (lambda d: d.update(kind="other"), "kind: 无效取值“other”"),
    (lambda d: d.update(publication_date="2024-13-01"), "publication_date: 日期格式应为 YYYY-MM-DD"),
    (lambda d: d.update(colour="red"), "colour: 未知字段"),
    (lambda d: d.update(indicators=[]), "indicators: 必须为非空列表"),
    (lambda d: d["indicators"][1]["children"][0].update(code="A1-1"), "indicators[1].children[0].code: 编号“A1-1”与"),
    (lambda d: d["indicators"][0]["children"][0].pop("name"), "indicators[0].children[0].name: 必填"),
    (lambda d: d["indicators"][0]["children"][0].update(method="stars"), "indicators[0].children[0].method: 无效取值"),
    (lambda d: d["indicators"][0]["children"][0].pop("method"), "indicators[0].children[0].method: 末级指标必须指定计分方式"),
    (lambda d: d["indicators"][0].update(method="points"), "indicators[0].method: 有下级指标的指标按下级加权汇总"),
    (lambda d: d["indicators"][0]["children"][0].update(levels=[{"name": "好", "points": 1}]),
     "indicators[0].children[0].levels: 等级评定至少需要两个等级"),
    (lambda d: d["indicators"][0]["children"][1].pop("max_points"), "indicators[0].children[1].max_points: 必填"),
    (lambda d: d["indicators"][0]["children"][1].update(pass_points=30), "indicators[0].children[1].pass_points: 不能大于满分"),
    (lambda d: d["indicators"][1]["children"][0].pop("thresholds"), "indicators[1].children[0].threshold: 定量指标必须给出标准值"),
    (lambda d: d["indicators"][1]["children"][0].update(direction="up"), "indicators[1].children[0].direction: 必须为 gte"),
    (lambda d: d["indicators"][1]["children"][0].update(thresholds={"college": 1}),
     "indicators[1].children[0].thresholds.college: 无效学段"),
    (lambda d: d["indicators"][1]["children"][0].update(formula="a / c"),
     "indicators[1].children[0].formula: 使用了未在 inputs 中声明的输入项：c"),
    (lambda d: d["indicators"][1]["children"][0].update(formula="__import__('os')"),
     "indicators[1].children[0].formula: 公式只能包含"),
    (lambda d: d["indicators"][0]["children"][0].update(threshold=3), "indicators[0].children[0].threshold: 计分方式为 levels 时不适用"),
    (lambda d: d["indicators"][0].update(veto=True), "indicators[0].veto: 一票否决只能设置在末级指标上"),
    (lambda d: d["indicators"][0]["children"][0].update(stages=["primary", "college"]),
     "indicators[0].children[0].stages[1]: 无效取值“college”"),
    (lambda d: d["indicators"][0]["children"][0].update(unit_kinds=["hospital"]),
     "indicators[0].children[0].unit_kinds[0]: 无效取值“hospital”"),
    (lambda d: d["scoring"]["grades"].reverse(), "scoring.grades[1].min: 等级须按分数线从高到低排列"),
    (lambda d: d["scoring"].update(veto_grade="差"), "scoring.veto_grade: 必须是 grades 中的一个等级"),
    (lambda d: d["scoring"]["colours"].append({"colour": "blue"}), "scoring.colours[3].colour: 必须为 green、yellow 或 red"),
    (lambda d: d["scoring"]["colours"].append({"colour": "red", "when": {"rainy": 1}}), "scoring.colours[3].when.rainy: 未知条件"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("breaker", "message"), MALFORMED)
def test_malformed_library_is_rejected_precisely_and_nothing_is_written(tree, breaker, message):
    before, audit = counts(), AuditEntry.objects.count()
    with pytest.raises(LibraryError) as info:
        library_load(actor=None, data=_broken(breaker))
    assert any(e.startswith(message) for e in info.value.errors), info.value.errors
    assert counts() == before and AuditEntry.objects.count() == audit


def test_all_problems_of_a_file_are_reported_together():
    data = small_library()
    data["indicators"][0]["children"][1]["weight"] = -1
    data["indicators"][1]["children"][0]["direction"] = "up"
    data.pop("source")
    with pytest.raises(LibraryError) as info:
        validate_library(data)
    assert len(info.value.errors) == 3


def test_yaml_syntax_error_names_the_line():
    with pytest.raises(LibraryError) as info:
        parse_yaml("urn: a\nindicators: [\n  - x: 1\n")
    assert info.value.errors[0].startswith("第")
    with pytest.raises(LibraryError, match="必须是映射"):
        parse_yaml("- a\n- b\n")


@pytest.mark.django_db
def test_a_bad_file_in_the_shipped_set_loads_none(tmp_path):
    good = shipped_library_paths()[0]
    bad = tmp_path / "zz-bad.yaml"
    bad.write_text("urn: urn:dudao:test:bad\nversion: 1\nname: x\nkind: special\nsource: s\nindicators: []\n",
                   encoding="utf-8")
    with pytest.raises(LibraryError) as info:
        load_shipped_libraries([good, bad])
    assert info.value.errors == ["zz-bad.yaml: indicators: 必须为非空列表"]
    assert counts() == (0, 0, 0)


# --- versions and immutability ------------------------------------------------------------------------
@pytest.mark.django_db
def test_same_version_twice_changes_nothing_and_higher_version_is_new(tree):
    v1 = load_small()
    before = counts()
    again, changed = library_load(actor=None, data=small_library())
    assert again == v1 and not changed and counts() == before
    v2 = load_small(version=2, name="测试指标体系（修订）")
    assert v2.pk != v1.pk and v2.framework_id == v1.framework_id
    assert FrameworkVersion.objects.filter(framework=v1.framework).count() == 2
    v1.framework.refresh_from_db()
    assert v1.framework.name == "测试指标体系（修订）"
    assert v1.indicators.count() == v2.indicators.count() == 6


@pytest.mark.django_db
def test_unused_version_may_be_replaced_but_used_version_is_immutable(tree):
    version = load_small()
    data = small_library()
    data["indicators"][0]["children"][0]["name"] = "改过的名称"
    replaced, changed = library_load(actor=None, data=data)
    assert changed and replaced.pk == version.pk
    assert version.indicators.get(code="A1-1").name == "改过的名称"

    usage = framework_version_mark_used(actor=None, version=version, object_type="inspections.task", object_id=7,
                                        label="2025年秋季督导", region=tree["nanan"])
    again = framework_version_mark_used(actor=None, version=version, object_type="inspections.task", object_id=7,
                                        label="2025年秋季督导", region=tree["nanan"])
    assert usage.pk == again.pk and FrameworkUsage.objects.count() == 1
    version.refresh_from_db()
    assert version.is_locked
    before = counts()
    data["indicators"][0]["children"][0]["name"] = "再次修改"
    with pytest.raises(ValidationError) as info:
        library_load(actor=None, data=data)
    assert "已被使用" in str(info.value)
    with pytest.raises(ValidationError):
        framework_version_replace_content(actor=None, version=version, data=data)
    assert counts() == before
    assert version.indicators.get(code="A1-1").name == "改过的名称"
    # the way forward: a new version
    assert load_small(version=2).pk != version.pk


@pytest.mark.django_db
def test_only_published_versions_can_be_used(tree):
    draft = load_small(publish=False)
    with pytest.raises(ValidationError, match="已发布"):
        framework_version_mark_used(actor=None, version=draft, object_type="x", object_id=1, label="x")
    assert not FrameworkVersion.objects.get(pk=draft.pk).is_locked


@pytest.mark.django_db
def test_library_export_round_trip_is_identical(tree):
    version = load_small()
    exported = version_to_library(version)
    again, changed = library_load(actor=None, data=exported)
    assert again.pk == version.pk and not changed
    assert validate_library(exported) == validate_library(small_library())


# --- Excel ---------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_excel_round_trip_keeps_the_tree(tree):
    version = load_small()
    data = xlsx_to_library(io.BytesIO(version_to_xlsx(version)))
    assert data["urn"] == "urn:dudao:test:small" and data["version"] == 1
    spec, original = validate_library(data), validate_library(small_library())
    for a, b in zip(spec["indicators"], original["indicators"], strict=True):
        assert [c["code"] for c in a["children"]] == [c["code"] for c in b["children"]]
    a21 = spec["indicators"][1]["children"][0]
    assert a21["thresholds"] == {"primary": "4.2", "junior": "5.3"} and a21["formula"] == "a / b * 100"
    assert spec["indicators"][0]["children"][0]["levels"][2] == {"code": "差", "name": "差", "points": "0",
                                                                 "pass": False}
    assert spec["indicators"][1]["children"][1]["veto"] is True
    assert spec["scoring"] == original["scoring"]


@pytest.mark.django_db
def test_excel_errors_name_the_row(tree):
    from openpyxl import load_workbook

    version = load_small()
    wb = load_workbook(io.BytesIO(version_to_xlsx(version)))
    ws = wb["指标"]
    ws["J3"] = -5  # row 3 = A1-1, column J = 权重
    ws["B5"] = "ZZ"  # row 5 = A2, parent that does not exist
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    with pytest.raises(LibraryError) as info:
        library_load(actor=None, data=xlsx_to_library(out))
    assert info.value.errors == ["第5行.上级编号: 找不到上级指标“ZZ”（上级须写在下级之前）"]
    wb["指标"]["B5"] = None
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    with pytest.raises(LibraryError) as info:
        library_load(actor=None, data=xlsx_to_library(out))
    assert info.value.errors == ["第3行（A1-1）.weight: 必须为非负数"]


def test_excel_rejects_non_workbooks():
    with pytest.raises(LibraryError, match="无法读取"):
        xlsx_to_library(io.BytesIO(b"not a workbook"))


def test_validation_does_not_mutate_input():
    data = small_library()
    snapshot = copy.deepcopy(data)
    validate_library(data)
    assert data == snapshot
