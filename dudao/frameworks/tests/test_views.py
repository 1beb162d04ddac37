"""Pages through the Django test client: browse as a tree, compare, export, derive, import,
publish, replace content — with the permission cases."""

import io

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from dudao.frameworks.exchange import version_to_xlsx
from dudao.frameworks.models import Framework, FrameworkVersion
from dudao.frameworks.services import framework_version_mark_used
from dudao.testing.frameworks_factories import small_library

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client, fw):
    for url in ("/frameworks/", f"/frameworks/versions/{fw['national'].pk}/", "/frameworks/compare/",
                "/frameworks/import/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login" in response["Location"]


@pytest.mark.parametrize(("who", "national", "nanan", "ddk"), [
    ("no_role", 404, 404, 404), ("in_scope", 200, 200, 404), ("sibling", 200, 404, 200),
    ("parent", 200, 200, 200), ("school", 200, 404, 404), ("system_admin", 200, 200, 200),
])
def test_version_page_scope(as_user, fw, who, national, nanan, ddk):
    client = as_user(who)
    for name, status in (("national", national), ("nanan", nanan), ("ddk", ddk)):
        version = fw[name]
        assert client.get(f"/frameworks/versions/{version.pk}/").status_code == status, name
        assert client.get(f"/frameworks/{version.framework_id}/").status_code == status, name
        assert client.get(f"/frameworks/versions/{version.pk}/export/?format=yaml").status_code == status


def test_list_shows_only_visible_frameworks(as_user, fw):
    page = as_user("sibling").get("/frameworks/").content.decode()
    assert "测试指标体系" in page and "大渡口区本地体系" in page and "南岸区本地体系" not in page
    assert "导入指标体系" in page
    page = as_user("no_role").get("/frameworks/").content.decode()
    assert "测试指标体系" not in page


def test_tree_page_shows_indicators_lineage_and_actions(as_user, fw):
    client = as_user("in_scope")
    page = client.get(f"/frameworks/versions/{fw['nanan'].pk}/").content.decode()
    assert "A1-2" in page and "观测点一" in page and "一票否决" in page and "≥" in page
    assert "发布" in page and "上传并替换" in page
    assert "触发一票否决" in page and "得分低于 90" in page and "其他情况" in page
    page = client.get(f"/frameworks/versions/{fw['national'].pk}/").content.decode()
    assert "派生本地版本" in page and "上传并替换" not in page  # national: only system-wide admins edit
    page = as_user("inspector").get(f"/frameworks/versions/{fw['nanan'].pk}/").content.decode()
    assert "派生本地版本" not in page and "上传并替换" not in page


def test_where_used_is_listed(as_user, fw):
    framework_version_mark_used(actor=None, version=fw["national"], object_type="t", object_id=1,
                                label="南岸区秋季经常性督导", region=fw["tree"]["nanan"])
    page = as_user("in_scope").get(f"/frameworks/versions/{fw['national'].pk}/").content.decode()
    assert "南岸区秋季经常性督导" in page and "已锁定" in page


def test_compare_side_by_side(as_user, fw):
    data = small_library(version=2)
    data["indicators"][0]["children"][0]["name"] = "等级项（修订）"
    data["indicators"][1]["children"].pop()
    data["indicators"][1]["children"].append({"code": "A2-3", "name": "新增项", "method": "yes_no"})
    from dudao.frameworks.services import library_load

    v2, _ = library_load(actor=None, data=data)
    client = as_user("in_scope")
    page = client.get("/frameworks/compare/", {"left": fw["national"].pk, "right": v2.pk}).content.decode()
    assert "新增 1 项，删除 1 项，修改 1 项，未变 4 项" in page
    assert "等级项（修订）" in page and "新增项" in page and "否决项" in page
    # a version the user may not see cannot be compared
    response = as_user("sibling").get("/frameworks/compare/", {"left": fw["nanan"].pk, "right": v2.pk})
    assert response.status_code == 200 and response.context["changes"] is None
    assert "left" in response.context["form"].errors


def test_excel_export_is_a_workbook(as_user, fw):
    response = as_user("inspector").get(f"/frameworks/versions/{fw['national'].pk}/export/?format=xlsx")
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_derive_page(as_user, fw):
    client = as_user("in_scope")
    url = f"/frameworks/versions/{fw['national'].pk}/derive/"
    assert client.get(url).status_code == 200
    region = fw["tree"]["nanan"]
    response = client.post(url, {"name": "南岸区立德树人指标体系2.0", "key": "urn:dudao:500108:lide-2",
                                 "region": region.pk})
    derived = FrameworkVersion.objects.get(framework__key="urn:dudao:500108:lide-2")
    assert response.status_code == 302 and response["Location"] == derived.get_absolute_url()
    assert derived.derived_from == fw["national"] and derived.framework.region == region
    # another region is not offered
    response = client.post(url, {"name": "x", "key": "urn:dudao:500104:x", "region": fw["tree"]["ddk"].pk})
    assert response.status_code == 200 and not Framework.objects.filter(key="urn:dudao:500104:x").exists()
    assert as_user("inspector").get(url).status_code == 403


def test_publish_and_retire_buttons(as_user, fw):
    version = fw["nanan"]
    assert as_user("sibling").post(f"/frameworks/versions/{version.pk}/publish/").status_code == 404
    client = as_user("in_scope")
    assert client.post(f"/frameworks/versions/{version.pk}/publish/").status_code == 302
    version.refresh_from_db()
    assert version.status == "published" and version.published_at
    client.post(f"/frameworks/versions/{version.pk}/retire/")
    version.refresh_from_db()
    assert version.status == "retired"
    assert client.post(f"/frameworks/versions/{version.pk}/nonsense/").status_code == 404
    assert client.get(f"/frameworks/versions/{version.pk}/publish/").status_code == 405


def _upload(name, content):
    return SimpleUploadedFile(name, content)


def test_import_yaml_and_excel(as_user, fw):
    client = as_user("in_scope")
    region = fw["tree"]["nanan"]
    text = yaml.safe_dump(small_library(urn="urn:dudao:500108:yaml"), allow_unicode=True).encode()
    response = client.post("/frameworks/import/", {"file": _upload("a.yaml", text), "region": region.pk})
    assert response.status_code == 302
    version = FrameworkVersion.objects.get(framework__key="urn:dudao:500108:yaml")
    assert version.status == "draft" and version.framework.region == region
    # Excel of that version under another key
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(version_to_xlsx(version)))
    wb["体系信息"]["B2"] = "urn:dudao:500108:excel"
    out = io.BytesIO()
    wb.save(out)
    response = client.post("/frameworks/import/", {"file": _upload("b.xlsx", out.getvalue()), "region": region.pk,
                                                    "publish": "on"})
    assert response.status_code == 302
    assert FrameworkVersion.objects.get(framework__key="urn:dudao:500108:excel").status == "published"


def test_import_errors_are_listed_and_nothing_is_written(as_user, fw):
    client = as_user("in_scope")
    data = small_library(urn="urn:dudao:500108:bad")
    data["indicators"][0]["children"][1]["weight"] = -1
    before = FrameworkVersion.objects.count()
    response = client.post("/frameworks/import/", {
        "file": _upload("bad.yaml", yaml.safe_dump(data, allow_unicode=True).encode()),
        "region": fw["tree"]["nanan"].pk})
    assert response.status_code == 200
    assert "indicators[0].children[1].weight: 必须为非负数" in response.content.decode()
    assert FrameworkVersion.objects.count() == before
    # national needs a system-wide grant
    response = client.post("/frameworks/import/", {
        "file": _upload("n.yaml", yaml.safe_dump(small_library(urn="urn:dudao:cn:x"), allow_unicode=True).encode())})
    assert "只有全系统管理员" in response.content.decode()
    response = client.post("/frameworks/import/", {"file": _upload("a.txt", b"x"), "region": ""})
    assert "只支持" in response.content.decode()
    assert as_user("inspector").get("/frameworks/import/").status_code == 403


def test_replace_content_round_trip_and_lock(as_user, fw):
    version = fw["nanan"]
    client = as_user("in_scope")
    data = small_library(name="替换后的名称")
    response = client.post(f"/frameworks/versions/{version.pk}/replace/",
                           {"file": _upload("c.yaml", yaml.safe_dump(data, allow_unicode=True).encode())})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.name == "替换后的名称" and version.framework.key == "urn:dudao:500108:local"
    assert as_user("sibling").post(f"/frameworks/versions/{version.pk}/replace/").status_code == 404


def test_list_and_tree_pages_do_not_grow_queries_with_size(as_user, fw, django_assert_max_num_queries):
    from dudao.frameworks.services import load_shipped_libraries

    client = as_user("parent")
    client.get("/frameworks/")  # warm session/user caches
    with django_assert_max_num_queries(12):
        client.get("/frameworks/")
    load_shipped_libraries()  # 14 more frameworks, hundreds of indicators
    with django_assert_max_num_queries(12):
        assert client.get("/frameworks/").status_code == 200
    biggest = FrameworkVersion.objects.get(framework__key="urn:dudao:cn:county-compulsory-balance")
    with django_assert_max_num_queries(16):
        assert client.get(f"/frameworks/versions/{biggest.pk}/").status_code == 200
