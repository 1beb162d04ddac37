"""Matrix rows of the fixed contacts (C10), added to the inspectors' ``ENDPOINTS``: a 南岸 school's
视导员 (a 南岸 inspector) — list, add, end — by API and page. Writes act as office_admin."""

import datetime

from dudao.accounts.roles import RoleCode
from dudao.inspectors.choices import ContactKind
from dudao.inspectors.contacts import contact_create
from dudao.inspectors.models import FixedContact
from dudao.testing.matrix import Endpoint
from dudao.testing.schools_factories import inspector, office, school

OFFICE = RoleCode.OFFICE_ADMIN
API = "/api/v1/corps/contacts"


def pair(tree):
    off = office(tree["nanan"], name="矩阵南岸督导室")
    return {"inspector": inspector(off, name="矩阵视导员"), "school": school(tree["nanan"], name="矩阵视导学校")}


def contact(tree):
    p = pair(tree)
    return contact_create(actor=None, inspector=p["inspector"], kind=ContactKind.SCHOOL, school=p["school"],
                          duties="视导", start_date=datetime.date(2025, 9, 1))


def _created(o):
    return FixedContact.objects.filter(inspector=o["inspector"], school=o["school"]).exists()


def _ended(o):
    return FixedContact.objects.filter(pk=o.pk, end_date__isnull=False).exists()


CONTACT_ENDPOINTS = [
    Endpoint("api contacts list", "api", "list", OFFICE, contact, lambda o: API,
             listed=lambda r, o: any(i["id"] == o.pk for i in r.json()["items"])),
    Endpoint("api contact create", "api", "write", OFFICE, pair, lambda o: API, method="post", ok=(201,),
             payload=lambda o, t: {"inspector_id": o["inspector"].pk, "kind": "school", "school_id": o["school"].pk,
                                   "duties": "视导", "start_date": "2025-09-01"}, effect=_created),
    Endpoint("api contact end", "api", "write", OFFICE, contact, lambda o: f"{API}/{o.pk}/end", method="post",
             payload=lambda o, t: {"end_date": "2026-01-31"}, effect=_ended),
    Endpoint("ui contacts list", "ui", "list", OFFICE, contact, lambda o: "/inspectors/contacts/",
             listed=lambda r, o: "矩阵视导学校" in r.content.decode()),
    Endpoint("ui contact add", "ui", "write", OFFICE, pair, lambda o: "/inspectors/contacts/add/", method="post",
             ok=(302,), payload=lambda o, t: {"inspector": o["inspector"].pk, "kind": "school", "school": o["school"].pk,
                                              "duties": "视导", "start_date": "2025-09-01"}, effect=_created),
    Endpoint("ui contact end", "ui", "write", OFFICE, contact, lambda o: f"/inspectors/contacts/{o.pk}/end/",
             method="post", ok=(302,), effect=_ended),
]
