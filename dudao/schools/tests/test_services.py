import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dudao.accounts.roles import RoleCode
from dudao.orgs.choices import UnitKind
from dudao.schools import services
from dudao.schools.models import PrincipalTenure
from dudao.schools.selectors import enrolment_totals, principals_due
from dudao.testing import schools_factories as sf
from dudao.testing.factories import UnitFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_profile_validation_and_scope(tree):
    admin = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    unit = UnitFactory(region=tree["nanan_town"])
    with pytest.raises(ValidationError) as exc:
        services.school_profile_save(actor=admin, unit=unit, school_code="12345", stage="primary")
    assert "10位数字" in str(exc.value)
    with pytest.raises(ValidationError):
        services.school_profile_save(actor=admin, unit=unit, school_code="1234567890", stage="primary",
                                     ownership="inclusive_private")
    p = services.school_profile_save(actor=admin, unit=unit, school_code="1234567890", stage="primary")
    assert p.unit == unit
    dept = UnitFactory(region=tree["nanan"], kind=UnitKind.DEPARTMENT)
    with pytest.raises(ValidationError):
        services.school_profile_save(actor=admin, unit=dept, school_code="1234567891", stage="primary")
    with pytest.raises(PermissionDenied):
        services.school_profile_save(actor=admin, unit=UnitFactory(region=tree["ddk"]), school_code="1234567892",
                                     stage="primary")


def test_enrolment_totals_use_latest_year(tree):
    s = sf.school(tree["nanan"], students=500, year="2024-2025")
    services.enrolment_set(actor=None, school=s.school_profile, school_year="2025-2026", section="primary",
                           students=700, classes=14)
    services.enrolment_set(actor=None, school=s.school_profile, school_year="2025-2026", section="junior",
                           students=300, classes=6)
    assert enrolment_totals([s.pk]) == {s.pk: 1000}
    with pytest.raises(ValidationError):
        services.enrolment_set(actor=None, school=s.school_profile, school_year="2025-2027", section="primary",
                               students=1)


def test_zone_host_school_must_be_in_county(tree):
    zone = services.zone_create(actor=None, region=tree["nanan"], name="第一责任区",
                                host_school=sf.school(tree["nanan_town"]), work_station="南坪工作站")
    assert zone.region_path == tree["nanan"].path
    with pytest.raises(ValidationError):
        services.zone_create(actor=None, region=tree["nanan"], name="第二责任区", host_school=sf.school(tree["ddk"]))


def test_principals_due_within_months_without_supervision(tree):
    today = datetime.date(2026, 1, 15)
    a, b, c, d = (sf.school(tree["nanan"]) for _ in range(4))
    due = services.principal_appoint(actor=None, school=a, name="甲", start_date=datetime.date(2021, 7, 15),
                                     planned_end_date=datetime.date(2026, 7, 15))
    services.principal_appoint(actor=None, school=b, name="乙", start_date=datetime.date(2021, 7, 16),
                               planned_end_date=datetime.date(2026, 7, 16))  # 6 months and a day
    done = services.principal_appoint(actor=None, school=c, name="丙", start_date=datetime.date(2021, 3, 1),
                                      planned_end_date=datetime.date(2026, 3, 1))
    services.principal_record(actor=None, tenure=done, tenure_end_supervised_on=datetime.date(2026, 1, 5))
    services.principal_appoint(actor=None, school=d, name="丁", start_date=datetime.date(2021, 3, 1),
                               planned_end_date=datetime.date(2026, 2, 1))
    result = list(principals_due(PrincipalTenure.objects.all(), region=tree["nanan"], on_date=today))
    assert [t.name for t in result] == ["丁", "甲"] and due in result
    assert [t.name for t in principals_due(PrincipalTenure.objects.all(), region=tree["ddk"], on_date=today)] == []
    with pytest.raises(ValidationError):  # one serving principal per school
        services.principal_appoint(actor=None, school=a, name="戊", start_date=datetime.date(2025, 1, 1),
                                   planned_end_date=datetime.date(2028, 1, 1))


def test_zone_school_limit_is_a_region_setting(tree):
    from dudao.regionsettings.services import region_setting_set

    region_setting_set(actor=None, region=tree["nanan"], key="zone.max_schools", value=2)
    zone = services.zone_create(actor=None, region=tree["nanan"], name="小责任区")
    a, b, c = (UnitFactory(region=tree["nanan"]) for _ in range(3))
    services.school_profile_save(actor=None, unit=a, school_code="1000000001", stage="primary", zone=zone)
    services.school_profile_save(actor=None, unit=b, school_code="1000000002", stage="primary", zone=zone)
    services.school_profile_save(actor=None, unit=b, zone=zone)  # re-saving a member does not count twice
    with pytest.raises(ValidationError) as exc:
        services.school_profile_save(actor=None, unit=c, school_code="1000000003", stage="primary", zone=zone)
    assert "不超过2所" in str(exc.value)
