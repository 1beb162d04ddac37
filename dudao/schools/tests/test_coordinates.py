"""A school's coordinates (for the region map's points): optional, both or neither, in range —
through the API, the profile form and the Excel import."""

import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import Workbook

from dudao.accounts.roles import RoleCode
from dudao.common.importer import run_import
from dudao.schools.imports import SCHOOLS
from dudao.schools.models import SchoolProfile
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import api_client
from dudao.testing.schools_factories import school

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(tree):
    return user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])


def _put(admin, unit, **extra):
    body = {"school_code": SchoolProfile.objects.get(unit=unit).school_code, "stage": "primary", **extra}
    return api_client(admin).put(f"/api/v1/schools/{unit.pk}", data=body, content_type="application/json")


def test_api_sets_and_returns_coordinates(tree, admin):
    unit = school(tree["nanan"])
    response = _put(admin, unit, latitude=29.5301234, longitude=106.5632)
    assert response.status_code == 200, response.content
    assert (response.json()["latitude"], response.json()["longitude"]) == (29.530123, 106.5632)
    profile = SchoolProfile.objects.get(unit=unit)
    assert (profile.latitude, profile.longitude) == (Decimal("29.530123"), Decimal("106.563200"))
    assert api_client(admin).get(f"/api/v1/schools/{unit.pk}").json()["latitude"] == 29.530123


@pytest.mark.parametrize("extra, field", [({"latitude": 29.5}, "longitude"), ({"longitude": 106.5}, "latitude"),
                                          ({"latitude": 91, "longitude": 106.5}, "latitude")])
def test_api_refuses_half_or_out_of_range(tree, admin, extra, field):
    unit = school(tree["nanan"])
    response = _put(admin, unit, **extra)
    assert response.status_code == 422
    assert field in response.content.decode()
    assert SchoolProfile.objects.get(unit=unit).latitude is None


def test_profile_form_takes_coordinates(tree, admin):
    unit = school(tree["nanan"])
    c = Client()
    c.force_login(admin)
    page = c.get(f"/schools/{unit.pk}/profile/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="latitude"' in html and 'name="longitude"' in html
    form = {"school_code": SchoolProfile.objects.get(unit=unit).school_code, "stage": "primary", "ownership": "public",
            "authority": "county", "latitude": "29.52", "longitude": "106.56"}
    response = c.post(f"/schools/{unit.pk}/profile/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SchoolProfile.objects.get(unit=unit).longitude == Decimal("106.56")
    assert "29.520000, 106.560000" in c.get(f"/schools/{unit.pk}/").content.decode()


def test_import_columns(tree, admin):
    wb = Workbook()
    ws = wb.active
    ws.append([col.header + ("*" if col.required else "") for col in SCHOOLS.columns])
    row = {"学校名称": "南岸区坐标小学", "类型": "学校", "区划代码": "500108001", "学校标识码": "3150098001", "学段": "小学",
           "纬度": 29.5402, "经度": "106.5511"}
    ws.append([row.get(col.header, "") for col in SCHOOLS.columns])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    result = run_import(SCHOOLS, buf, actor=admin)
    assert result.ok, result.errors
    profile = SchoolProfile.objects.get(school_code="3150098001")
    assert (profile.latitude, profile.longitude) == (Decimal("29.540200"), Decimal("106.551100"))
