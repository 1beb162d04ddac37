"""The API twin of the regions CSV import page: ``POST /api/v1/regions/import`` (multipart)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dudao.accounts.roles import RoleCode
from dudao.audit.models import AuditEntry
from dudao.regions.models import Region
from dudao.testing.factories import UnitFactory, UserFactory, user_with_role
from dudao.testing.matrix import api_client

pytestmark = pytest.mark.django_db
URL = "/api/v1/regions/import"


def upload(user, text: str, encoding: str = "utf-8"):
    return api_client(user).post(URL, {"file": SimpleUploadedFile("regions.csv", text.encode(encoding))})


def test_import_creates_renames_and_reports_counts(tree):
    admin = user_with_role(RoleCode.SYSTEM_ADMIN, region=tree["nanan"])
    r = upload(admin, "区划代码,名称\n500108002,花园路街道\n500108001,铜元局街道办\n", "gb18030")
    assert r.status_code == 200, r.content
    assert r.json() == {"created": 1, "updated": 1, "unchanged": 0}
    assert Region.objects.get(code="500108002").path == "/500000/500108/500108002/"
    assert Region.objects.get(code="500108001").name == "铜元局街道办"
    assert AuditEntry.objects.filter(object_type="regions.region", actor=admin).exists()


def test_bad_rows_are_422_with_their_row_numbers_and_nothing_is_written(tree):
    admin = user_with_role(RoleCode.SYSTEM_ADMIN)
    before = Region.objects.count()
    r = upload(admin, "code,name\n500108002,花园路街道\n50010X,坏\n500108003,\n")
    assert r.status_code == 422, r.content
    body = r.json()
    assert body["code"] == "import_rejected" and "未导入任何数据" in body["message"]
    assert [(e["row"], e["field"]) for e in body["errors"]] == [(3, "file"), (4, "file")]
    assert body["errors"][0]["message"].startswith("第3行") and "名称为空" in body["errors"][1]["message"]
    assert Region.objects.count() == before


def test_a_file_without_the_headers_is_refused_on_row_1(tree):
    admin = user_with_role(RoleCode.SYSTEM_ADMIN)
    r = upload(admin, "名字\n甲\n")
    assert r.status_code == 422
    assert r.json()["errors"] == [{"field": "file", "row": 1, "message": "缺少表头：需要“区划代码”和“名称”两列"}]


def test_another_districts_admin_is_refused_row_by_row(tree):
    admin = user_with_role(RoleCode.SYSTEM_ADMIN, region=tree["ddk"])
    r = upload(admin, "code,name\n500108002,花园路街道\n")
    assert r.status_code == 422
    assert r.json()["errors"][0]["message"] == "第2行：区划 500108002 不在您的管理范围内"
    assert not Region.objects.filter(code="500108002").exists()


def test_a_school_user_is_refused(tree):
    school_user = UserFactory(unit=UnitFactory(region=tree["nanan"]))
    r = upload(school_user, "code,name\n500108002,花园路街道\n")
    assert r.status_code == 403 and r.json()["message"] == "无权导入行政区划"
    assert not Region.objects.filter(code="500108002").exists()


def test_the_file_is_required(tree):
    admin = user_with_role(RoleCode.SYSTEM_ADMIN)
    r = api_client(admin).post(URL, {})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "file"
