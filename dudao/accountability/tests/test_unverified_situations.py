"""[U] items of the catalogue (standards.md §4: the 问责办法's government items G06/G07 were not
checked against the official text) are settings marked 待核实: a flag on the situation, a badge on
the catalogue and case pages, a field in the API."""

import pytest

from dudao.accountability.models import TriggerSituation
from dudao.testing.case_factories import case_world, open_case, situation
from dudao.testing.factories import UnitFactory
from dudao.testing.matrix import api_client, ui_client

pytestmark = pytest.mark.django_db


def test_g06_g07_are_marked_unverified_and_shown_so(tree):
    world = case_world(tree)
    situation("G06")
    assert set(TriggerSituation.objects.filter(unverified=True).values_list("code", flat=True)) == {"G06", "G07"}
    rows = {s["code"]: s for s in api_client(world["leader"]).get("/api/v1/ledger/situations").json()}
    assert rows["G06"]["unverified"] and rows["G07"]["unverified"] and not rows["G01"]["unverified"]
    html = ui_client(world["leader"]).get("/ledger/cases/situations/").content.decode()
    row = html[html.index("拒绝、阻挠、干扰教育督导或者弄虚作假"):]
    assert row.index("待核实") < row.index("</tr>")
    g01 = html[html.index("贯彻落实党的教育方针"):]
    assert "待核实" not in g01[:g01.index("</tr>")]
    unit = UnitFactory(kind="department", region=tree["nanan"], name="南岸区某职能部门")
    case = open_case(world, unit=unit, subject_kind="government", situations=[situation("G07")])
    assert "待核实" in ui_client(world["admin"]).get(f"/ledger/cases/{case.pk}/").content.decode()
    html = ui_client(world["admin"]).get("/ledger/cases/new/", {"unit": unit.pk}).content.decode()
    assert "G06 【待核实】拒绝" in html and "G01 【待核实】" not in html
