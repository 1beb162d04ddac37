"""Every indicator cites the document and article it rests on (依据条款, issue 16 item 10): the YAML
``basis`` key, the model field, derivation, the Excel column 依据条款, the version page and the API
(``basis`` / ``effective_basis``). A child without its own basis shows its nearest ancestor's (继承).
Every shipped library gives every leaf an effective basis."""

import io
import re

import pytest

from dudao.frameworks.exchange import version_to_library, version_to_xlsx, xlsx_to_library
from dudao.frameworks.library import LibraryError, iter_indicators, parse_yaml, validate_library
from dudao.frameworks.models import FrameworkVersion
from dudao.frameworks.selectors import indicator_tree
from dudao.frameworks.services import (
    framework_version_derive,
    framework_version_mark_used,
    framework_version_replace_content,
    library_load,
    load_shipped_libraries,
    shipped_library_paths,
)
from dudao.testing.frameworks_factories import load_small, small_library

A1_BASIS = "《中小学校责任督学挂牌督导办法》第四条第1项"
A2_1_BASIS = "《县域义务教育优质均衡发展督导评估办法》第六条（条款待核实）"
# an article / item / section, a guide's own numbering (重点内容A1, 关键指标B1), or an honest 待核实
ARTICLE = re.compile(r"第[一二三四五六七八九十百零〇\d]+[条项章]|§|#\d|重点内容[A“]|关键指标B\d|（条款待核实）")


def with_bases(**overrides):
    data = small_library(**overrides)
    data["indicators"][0]["basis"] = A1_BASIS
    data["indicators"][1]["children"][0]["basis"] = A2_1_BASIS
    return data


def walk(nodes):
    for node in nodes:
        yield node
        yield from walk(node.children)


def by_code(version):
    return {node.indicator.code: node for node in walk(indicator_tree(version))}


# --- the shipped libraries -------------------------------------------------------------------------
@pytest.mark.django_db
def test_every_leaf_of_every_shipped_library_cites_its_basis():
    """Fails for any leaf indicator with neither its own basis nor an ancestor's."""
    load_shipped_libraries()
    missing = []
    for path in shipped_library_paths():
        urn = parse_yaml(path.read_text(encoding="utf-8"))["urn"]
        version = FrameworkVersion.objects.get(framework__key=urn, version=1)
        for node in walk(indicator_tree(version)):
            if not node.children and not node.effective_basis:
                missing.append(f"{path.name}: {node.indicator.code} {node.indicator.name}")
    assert not missing, "指标缺少依据条款：\n" + "\n".join(missing)


def test_every_shipped_basis_names_a_document_and_an_article_or_says_it_is_unverified():
    """A basis names the document (《…》 or a seed S0–S4) and an article, item or section — or marks
    the article 待核实; every top-level indicator carries its own."""
    for path in shipped_library_paths():
        spec = validate_library(parse_yaml(path.read_text(encoding="utf-8")))
        for top in spec["indicators"]:
            assert top["basis"], f"{path.name}: {top['code']}"
        for node, _parent, _depth in iter_indicators(spec["indicators"]):
            if node["basis"]:
                assert "《" in node["basis"] or re.search(r"S[0-4]", node["basis"]), (path.name, node["code"])
                assert ARTICLE.search(node["basis"]), (path.name, node["code"], node["basis"])


# --- loader ----------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_yaml_basis_is_stored_and_a_child_inherits_its_parent_s():
    version, _changed = library_load(actor=None, data=with_bases())
    rows = {i.code: i for i in version.indicators.all()}
    assert rows["A1"].basis == A1_BASIS and rows["A1-1"].basis == "" and rows["A2-1"].basis == A2_1_BASIS
    nodes = by_code(version)
    assert (nodes["A1"].effective_basis, nodes["A1"].basis_inherited) == (A1_BASIS, False)
    assert (nodes["A1-1"].effective_basis, nodes["A1-1"].basis_inherited) == (A1_BASIS, True)
    assert (nodes["A2-1"].effective_basis, nodes["A2-1"].basis_inherited) == (A2_1_BASIS, False)
    assert (nodes["A2-2"].effective_basis, nodes["A2-2"].basis_inherited) == ("", False)


def test_basis_must_be_text():
    data = small_library()
    data["indicators"][0]["basis"] = ["第四条"]
    with pytest.raises(LibraryError) as info:
        validate_library(data)
    assert info.value.errors == ["indicators[0].basis: 必须为文本"]


@pytest.mark.django_db
def test_a_library_without_bases_keeps_its_content_hash():
    """Versions stored before indicators had a basis are still 'the same content' when reloaded: the
    digest of a library without bases is the one computed before the key existed."""
    import hashlib
    import json

    def without_basis(nodes):
        return [{**{k: v for k, v in n.items() if k != "basis"}, "children": without_basis(n["children"])}
                for n in nodes]

    spec = validate_library(small_library())
    body = {**{k: v for k, v in spec.items() if k != "urn"}, "indicators": without_basis(spec["indicators"])}
    before = hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    version = load_small()
    assert version.content_hash == before
    _same, changed = library_load(actor=None, data=small_library())
    assert changed is False
    _again, changed = library_load(actor=None, data=with_bases())
    assert changed is True


@pytest.mark.django_db
def test_a_used_version_may_get_its_citations_but_nothing_else(tree):
    """Citations do not change how anything is scored: a locked version takes corrected bases (audited),
    never other content."""
    from dudao.audit.models import AuditEntry

    version = load_small()
    framework_version_mark_used(actor=None, version=version, object_type="t", object_id=1, label="x")
    loaded, changed = library_load(actor=None, data=with_bases())
    assert changed is True and loaded.pk == version.pk
    assert by_code(version)["A1-2"].effective_basis == A1_BASIS
    assert AuditEntry.objects.filter(note__contains="更新依据条款").count() == 1
    assert library_load(actor=None, data=with_bases()) == (version, False)
    other = with_bases()
    other["indicators"][0]["name"] = "改了名称"
    with pytest.raises(Exception, match="已被使用"):
        library_load(actor=None, data=other)


# --- derive, YAML and Excel --------------------------------------------------------------------------
@pytest.mark.django_db
def test_derived_local_version_copies_every_basis(tree):
    source, _changed = library_load(actor=None, data=with_bases())
    local = framework_version_derive(actor=None, source=source, key="urn:dudao:500108:derived", name="南岸区派生",
                                     region=tree["nanan"])
    assert local.derived_from == source
    assert {i.code: i.basis for i in local.indicators.all()} == {i.code: i.basis for i in source.indicators.all()}
    assert by_code(local)["A1-1"].effective_basis == A1_BASIS


@pytest.mark.django_db
def test_yaml_export_carries_basis():
    version, _changed = library_load(actor=None, data=with_bases())
    data = version_to_library(version)
    assert data["indicators"][0]["basis"] == A1_BASIS
    assert "basis" not in data["indicators"][0]["children"][0]  # inherited, not copied down


@pytest.mark.django_db
def test_excel_round_trip_keeps_basis_in_its_column(tree):
    from openpyxl import load_workbook

    version, _changed = library_load(actor=None, data=with_bases(), region=tree["nanan"], publish=False)
    content = version_to_xlsx(version)
    ws = load_workbook(io.BytesIO(content))["指标"]
    header = [c.value for c in ws[1]]
    column = header.index("依据条款")
    cells = {row[0].value: row[column].value for row in ws.iter_rows(min_row=2)}
    assert cells["A1"] == A1_BASIS and cells["A2-1"] == A2_1_BASIS and cells["A1-1"] in (None, "")
    spec = validate_library(xlsx_to_library(io.BytesIO(content)))
    assert spec["indicators"][0]["basis"] == A1_BASIS
    assert spec["indicators"][1]["children"][0]["basis"] == A2_1_BASIS
    # an edited cell comes back through 替换内容
    wb = load_workbook(io.BytesIO(content))
    wb["指标"].cell(row=3, column=column + 1, value="《教育督导条例》第十一条")  # row 3 = A1-1
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    framework_version_replace_content(actor=None, version=version, data=xlsx_to_library(out))
    nodes = by_code(version)
    assert (nodes["A1-1"].effective_basis, nodes["A1-1"].basis_inherited) == ("《教育督导条例》第十一条", False)


# --- page and API ----------------------------------------------------------------------------------
@pytest.fixture
def cited(fw):
    version, _changed = library_load(actor=None, data=with_bases(urn="urn:dudao:test:cited"))
    return version


def test_version_page_shows_each_indicator_s_basis_and_marks_inherited_ones(as_user, cited):
    page = as_user("inspector").get(f"/frameworks/versions/{cited.pk}/").content.decode()

    def basis(code):  # the first 依据 line after the indicator's anchor is its own
        return re.search(rf'id="ind-{code}".*?<div class="indicator-basis">(.*?)</div>', page, re.S).group(1)

    assert A1_BASIS in basis("A1") and "继承" not in basis("A1")
    assert A1_BASIS in basis("A1-1") and "继承" in basis("A1-1")
    assert A2_1_BASIS in basis("A2-1") and "继承" not in basis("A2-1")
    assert "未注明" in basis("A2-2")


def test_api_gives_basis_and_effective_basis(as_user, cited):
    body = as_user("inspector").get(f"/api/v1/frameworks/versions/{cited.pk}").json()
    a1 = body["indicators"][0]
    assert (a1["basis"], a1["effective_basis"], a1["basis_inherited"]) == (A1_BASIS, A1_BASIS, False)
    a11 = a1["children"][0]
    assert (a11["basis"], a11["effective_basis"], a11["basis_inherited"]) == ("", A1_BASIS, True)
    a22 = body["indicators"][1]["children"][1]
    assert (a22["basis"], a22["effective_basis"]) == ("", "")
    library = as_user("inspector").get(f"/api/v1/frameworks/versions/{cited.pk}/library").json()
    assert library["indicators"][0]["basis"] == A1_BASIS


def test_api_import_and_compare_see_basis(as_user, fw, cited):
    import yaml

    client = as_user("in_scope")
    data = with_bases(urn="urn:dudao:500108:cited")
    data["indicators"][1]["children"][0]["basis"] = "《教育督导条例》第十一条"
    response = client.post("/api/v1/frameworks/import", {"yaml": yaml.safe_dump(data, allow_unicode=True),
                                                         "region_code": fw["tree"]["nanan"].code},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    right = response.json()["version"]["id"]
    body = client.get("/api/v1/frameworks/versions/compare", {"left": cited.pk, "right": right}).json()
    assert {c["code"]: c["fields"] for c in body["changes"]} == {"A2-1": ["basis"]}
