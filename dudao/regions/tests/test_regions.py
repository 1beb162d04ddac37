"""Region tree: codes, paths, moves, cycles, subtree predicate and the CSV import."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dudao.accounts.roles import RoleCode
from dudao.orgs.models import Unit
from dudao.regions.models import Region
from dudao.regions.services import RegionImportError, import_regions_csv, region_update
from dudao.testing.factories import UnitFactory, user_with_role
from dudao.testing.matrix import api_client

pytestmark = pytest.mark.django_db


def post_region(client, **body):
    return client.post("/api/v1/regions", body, content_type="application/json")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"code": "50010X", "name": "甲", "parent_code": "500000"}, "code"),
        ({"code": "5001081", "name": "甲", "parent_code": "500000"}, "code"),
        ({"code": "510105", "name": "甲", "parent_code": "500000"}, "parent"),  # code not under its parent
        ({"code": "500108", "name": "甲", "parent_code": "500000"}, "code"),  # duplicate
        ({"code": "500199", "name": "", "parent_code": "500000"}, "name"),
        ({"code": "520000", "name": "贵州省", "parent_code": "500000"}, "parent"),  # province under province
        ({"code": "500108777", "name": "甲", "parent_code": "500000"}, "parent"),  # township under province
    ],
)
def test_bad_region_input_names_the_field_and_writes_nothing(tree, body, field):
    admin = user_with_role(RoleCode.SYSTEM_ADMIN)
    before = Region.objects.count()
    r = post_region(api_client(admin), **body)
    assert r.status_code == 422, r.content
    fields = {e["field"] for e in r.json()["errors"]}
    assert field in fields, r.json()
    assert Region.objects.count() == before


def test_create_township_sets_level_and_path(tree):
    admin = user_with_role(RoleCode.SYSTEM_ADMIN)
    r = post_region(api_client(admin), code="500108002", name="花园路街道", parent_code="500108")
    assert r.status_code == 201
    body = r.json()
    assert body["level"] == 4 and body["path"] == "/500000/500108/500108002/" and body["parent_code"] == "500108"


def test_moving_a_region_under_its_descendant_is_refused(tree):
    with pytest.raises(Exception) as info:
        region_update(actor=None, region=tree["nanan"], parent=tree["nanan_town"])
    assert "环" in str(info.value)
    tree["nanan"].refresh_from_db()
    assert tree["nanan"].path == "/500000/500108/"


def test_cycle_refused_through_the_api(tree):
    admin = user_with_role(RoleCode.SYSTEM_ADMIN)
    r = api_client(admin).patch("/api/v1/regions/500108", {"parent_code": "500108001"},
                                content_type="application/json")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "parent"


def test_move_rewrites_subtree_and_unit_paths(tree):
    # A county re-parented from the province to a new city-level node keeps its code prefix rules.
    city = Region.objects.create(code="500100", name="市辖区", level=2, parent=tree["cq"], path="/500000/500100/")
    unit = UnitFactory(region=tree["nanan_town"])
    region_update(actor=None, region=tree["nanan"], parent=city)
    tree["nanan_town"].refresh_from_db()
    unit.refresh_from_db()
    assert tree["nanan_town"].path == "/500000/500100/500108/500108001/"
    assert unit.region_path == tree["nanan_town"].path


def test_subtree_is_one_prefix_predicate_without_id_lists(tree):
    user = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"])
    UnitFactory(region=tree["nanan_town"])
    UnitFactory(region=tree["zy"])
    with CaptureQueriesContext(connection) as ctx:
        units = list(Unit.objects.for_user(user, "view"))
    assert len(units) == 1
    sql = ctx.captured_queries[-1]["sql"]
    assert "LIKE" in sql.upper() and " IN (" not in sql.upper()


CSV_OK = """区划代码,名称,上级代码
500108002,花园路街道,500108
500108003,南坪街道,
410000,河南省,
410800,焦作市,
410802,解放区,
"""


def test_import_csv_creates_then_is_idempotent(tree):
    report = import_regions_csv(CSV_OK.encode("utf-8"))
    assert (report.created, report.updated) == (5, 0)
    assert Region.objects.get(code="410802").path == "/410000/410800/410802/"
    assert Region.objects.get(code="500108003").parent.code == "500108"
    again = import_regions_csv(CSV_OK.encode("utf-8"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    renamed = import_regions_csv(CSV_OK.replace("南坪街道", "南坪街道办").encode("gb18030"))
    assert renamed.updated == 1 and Region.objects.get(code="500108003").name == "南坪街道办"


@pytest.mark.parametrize(
    ("csv", "message"),
    [
        ("code,name\n50010X,坏\n", "第3行"),
        ("code,name\n500108002,\n", "名称为空"),
        ("code,name\n500108002,甲\n500108002,乙\n", "重复"),
        ("code,name\n630102,城东区\n", "找不到上级区划"),
        ("code,name,parent_code\n500108002,甲,500108002\n", "其自身"),
        ("code,name\n500108002001,村\n", "村级"),
        ("名字\n甲\n", "表头"),
    ],
)
def test_bad_csv_imports_nothing_and_names_the_line(tree, csv, message):
    before = Region.objects.count()
    good_then_bad = "500108009,好行\n" + csv.split("\n", 1)[1] if csv.startswith("code,name\n") else csv
    with pytest.raises(RegionImportError) as info:
        import_regions_csv(("code,name\n" + good_then_bad) if csv.startswith("code,name\n") else csv)
    assert any(message in m for m in info.value.messages), info.value.messages
    assert Region.objects.count() == before


def test_import_outside_the_actors_scope_is_refused(tree):
    admin = user_with_role(RoleCode.SYSTEM_ADMIN, region=tree["ddk"])
    with pytest.raises(RegionImportError) as info:
        import_regions_csv("code,name\n500108002,花园路街道\n", actor=admin)
    assert "不在您的管理范围内" in info.value.messages[0]
    assert not Region.objects.filter(code="500108002").exists()


def test_import_page_reports_errors_and_imports_good_files(tree):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    admin = user_with_role(RoleCode.SYSTEM_ADMIN)
    client = Client()
    client.force_login(admin)
    bad = SimpleUploadedFile("r.csv", "code,name\n500108002,花园路街道\n999,坏\n".encode())
    page = client.post("/regions/import/", {"file": bad})
    assert page.status_code == 200 and "第3行" in page.content.decode()
    assert not Region.objects.filter(code="500108002").exists()
    good = SimpleUploadedFile("r.csv", "code,name\n500108002,花园路街道\n".encode())
    assert client.post("/regions/import/", {"file": good}).status_code == 302
    assert Region.objects.filter(code="500108002").exists()


def test_shipped_data_loads_the_seed_places():
    from dudao.regions.management.commands.import_regions import DEFAULT

    import_regions_csv(DEFAULT.read_bytes())
    for code, name in [("500104", "大渡口区"), ("500108", "南岸区"), ("500111", "大足区"), ("512000", "资阳市"),
                       ("410800", "焦作市")]:
        assert Region.objects.get(code=code).name == name
    assert Region.objects.filter(parent__code="500108", level=4).count() >= 10
