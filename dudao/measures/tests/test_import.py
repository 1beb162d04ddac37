"""Plan import (I1): unit names matched (alias, derived forms, pinyin, fuzzy), the confirmation
page (pick → commit), an invalid row → nothing written; the same through the API and from Word."""

import pytest

from dudao.accounts.roles import RoleCode
from dudao.measures.models import Measure, MeasureImport, UnitAlias
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import api_client

from .helpers import ROWS, docx, world, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(tree):
    w = world(tree)
    w["admin"] = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    return w


def test_upload_matches_names_and_confirm_page_commits_the_picks(client, w):
    client.force_login(w["admin"])
    r = client.post(f"/measures/plans/{w['plan'].pk}/import/", {"file": xlsx(ROWS)})
    assert r.status_code == 302, r.content.decode()[:2000]
    imp = MeasureImport.objects.get(plan=w["plan"])
    names = imp.names
    assert names["区委组织部"]["kind"] == "matched" and names["区委组织部"]["units"] == [w["org"].pk]
    assert names["区教委"]["units"] == [w["edu"].pk]
    assert names["区人社局"]["units"] == [w["hr"].pk]
    assert names["区政府教育督导室"]["units"] == [w["office"].pk]  # the short name
    assert names["区财正局"]["kind"] == "matched" and names["区财正局"]["how"] == "pinyin"
    assert names["督导经费办"]["kind"] in ("unmatched", "ambiguous")
    assert not Measure.objects.exists()
    page = client.get(r["Location"])
    assert page.status_code == 200 and "督导经费办" in page.content.decode()
    # committing without a choice for the unmatched name: refused, nothing written
    r = client.post(r["Location"], {"remember": "1"})
    assert r.status_code == 400 and "督导经费办" in r.content.decode()
    assert not Measure.objects.exists()
    index = list(names).index("督导经费办")
    r = client.post(f"/measures/imports/{imp.pk}/", {f"name-{index}": w["finance"].pk, "remember": "1"})
    assert r.status_code == 302
    ms = {m.number: m for m in Measure.objects.filter(plan=w["plan"])}
    assert set(ms) == {"1", "2", "3"}
    assert ms["1"].lead_unit == w["org"] and set(ms["1"].units.all()) == {w["edu"], w["finance"]}
    assert set(ms["2"].units.all()) == {w["edu"], w["hr"]}  # the pick equals the lead: not twice
    assert ms["2"].cadence == "monthly" and str(ms["2"].deadline) == "2025-12-31"
    assert ms["3"].deadline is None
    assert UnitAlias.objects.filter(alias="督导经费办", unit=w["finance"]).exists()
    assert MeasureImport.objects.get(pk=imp.pk).state == "committed"
    # a second commit is refused
    r = client.post(f"/measures/imports/{imp.pk}/", {f"name-{index}": w["finance"].pk})
    assert r.status_code == 400 and Measure.objects.count() == 3


def test_an_invalid_row_writes_nothing(client, w):
    client.force_login(w["admin"])
    bad = [*ROWS, ("4", "", "", "区教委", "", "明年", "")]
    r = client.post(f"/measures/plans/{w['plan'].pk}/import/", {"file": xlsx(bad)})
    assert r.status_code == 400
    text = r.content.decode()
    assert "第5行" in text and "工作内容" in text and "完成时限" in text
    assert not MeasureImport.objects.exists() and not Measure.objects.exists()


def test_word_table_through_the_api(w):
    c = api_client(w["admin"])
    r = c.post(f"/api/v1/measures/plans/{w['plan'].pk}/imports", {"file": docx(ROWS)})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["rows"] == 3
    by_name = {n["name"]: n for n in body["names"]}
    assert by_name["区委组织部"]["lead"] is True
    assert by_name["区委组织部"]["units"] == [{"id": w["org"].pk, "name": w["org"].name}]
    r = c.post(
        f"/api/v1/measures/imports/{body['id']}/commit",
        {"choices": {"督导经费办": None}},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["created"] == 3
    assert set(Measure.objects.get(number="2").units.all()) == {w["edu"], w["hr"]}


def test_api_refuses_a_file_with_errors_row_by_row(w):
    c = api_client(w["admin"])
    r = c.post(
        f"/api/v1/measures/plans/{w['plan'].pk}/imports",
        {"file": docx([ROWS[0], ("1", "", "重复序号", "区教委", "", "", "")])},
    )
    assert r.status_code == 422
    assert r.json()["code"] == "import_rejected"
    assert any(e["row"] == 3 and "重复" in e["message"] for e in r.json()["errors"])
    assert not MeasureImport.objects.exists()


def test_a_lead_name_must_be_one_unit(w):
    c = api_client(w["admin"])
    r = c.post(
        f"/api/v1/measures/plans/{w['plan'].pk}/imports",
        {"file": xlsx([("1", "", "内容", "不存在的局", "", "", "")])},
    )
    imp_id = r.json()["id"]
    r = c.post(
        f"/api/v1/measures/imports/{imp_id}/commit",
        {"choices": {"不存在的局": None}},
        content_type="application/json",
    )
    assert r.status_code == 422 and "牵头单位" in r.json()["message"] + str(r.json().get("errors"))
    assert not Measure.objects.exists()


def test_the_template_has_the_columns(client, w):
    import io

    from openpyxl import load_workbook

    client.force_login(w["admin"])
    r = client.get("/measures/imports/template/")
    assert r.status_code == 200
    header = [c.value for c in load_workbook(io.BytesIO(r.content)).active[1]]
    assert header[:5] == ["序号*", "工作任务", "工作内容*", "牵头单位*", "责任单位"]
