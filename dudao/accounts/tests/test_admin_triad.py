"""三权分立: the system, security and audit administrators cannot do each other's work, and one
person cannot hold two of the three roles."""

import pytest
from django.test import Client

from dudao.accounts.models import RoleAssignment
from dudao.accounts.roles import ADMIN_TRIAD, ROLES, RoleCode
from dudao.testing.factories import UnitFactory, UserFactory, user_with_role
from dudao.testing.matrix import api_client

pytestmark = pytest.mark.django_db


def test_triad_permissions_are_disjoint():
    perms = [ROLES[code].permissions for code in ADMIN_TRIAD]
    write = [{p for p in ps if not p.split(".")[1].startswith("view_")} for ps in perms]
    for i in range(3):
        for j in range(3):
            if i != j:
                assert not (write[i] & perms[j]), (sorted(ADMIN_TRIAD)[i], sorted(ADMIN_TRIAD)[j])


def test_system_admin_cannot_assign_roles_or_read_audit(tree):
    admin = user_with_role(RoleCode.SYSTEM_ADMIN)
    target = UserFactory()
    client = api_client(admin)
    r = client.post("/api/v1/role-assignments", {"user_id": target.pk, "role": "inspector", "region_code": "500108"},
                    content_type="application/json")
    assert r.status_code == 403 and not RoleAssignment.objects.filter(user=target).exists()
    ui = Client()
    ui.force_login(admin)
    assert ui.get("/audit/").status_code == 403


def test_security_admin_cannot_create_users_edit_units_or_read_audit(tree):
    sec = user_with_role(RoleCode.SECURITY_ADMIN)
    client = api_client(sec)
    r = client.post("/api/v1/users", {"username": "x1", "real_name": "某", "password": "Abcdef1!x"},
                    content_type="application/json")
    assert r.status_code == 403
    unit = UnitFactory(region=tree["nanan"])
    r = client.patch(f"/api/v1/units/{unit.pk}", {"name": "改"}, content_type="application/json")
    assert r.status_code == 404
    ui = Client()
    ui.force_login(sec)
    assert ui.get("/audit/").status_code == 403


def test_audit_admin_reads_audit_but_changes_nothing(tree):
    auditor = user_with_role(RoleCode.AUDIT_ADMIN)
    unit = UnitFactory(region=tree["nanan"])
    ui = Client()
    ui.force_login(auditor)
    assert ui.get("/audit/").status_code == 200
    client = api_client(auditor)
    assert client.get("/api/v1/units").json()["count"] == 0
    assert client.patch(f"/api/v1/units/{unit.pk}", {"name": "改"}, content_type="application/json").status_code == 404
    assert client.get("/api/v1/users").json()["count"] == 0


@pytest.mark.parametrize("held", sorted(ADMIN_TRIAD))
def test_one_person_holds_at_most_one_triad_role(held):
    sec = user_with_role(RoleCode.SECURITY_ADMIN)
    person = user_with_role(held)
    client = api_client(sec)
    for other in sorted(ADMIN_TRIAD - {held}):
        r = client.post("/api/v1/role-assignments", {"user_id": person.pk, "role": other},
                        content_type="application/json")
        assert r.status_code == 422, (held, other, r.content)
        assert "三权分立" in r.json()["message"]
    assert set(RoleAssignment.objects.filter(user=person).values_list("role", flat=True)) == {held}


def test_security_admin_cannot_grant_self():
    sec = user_with_role(RoleCode.SECURITY_ADMIN)
    r = api_client(sec).post("/api/v1/role-assignments", {"user_id": sec.pk, "role": "office_admin"},
                             content_type="application/json")
    assert r.status_code == 422


def test_regional_security_admin_cannot_grant_outside_region(tree):
    sec = user_with_role(RoleCode.SECURITY_ADMIN, region=tree["nanan"])
    target = UserFactory(unit=UnitFactory(region=tree["nanan"]))
    r = api_client(sec).post("/api/v1/role-assignments",
                             {"user_id": target.pk, "role": "inspector", "region_code": "500104"},
                             content_type="application/json")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "region_code"
