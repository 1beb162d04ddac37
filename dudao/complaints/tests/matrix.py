"""The complaints app's rows of the permission matrix (collected by ``tests/test_permission_matrix.py``):
the inbox (list, page, 办结 by page and ``PATCH /api/v1/corps/complaints/{id}``) and intake —
register a hotline/media/upper-level entry, read the triage state, accept into the ledger, dismiss —
by API and page. The object under test is a public complaint about a 南岸区 school; writes act as
office_admin, reads too (leaders do not read the complaint inbox).

Elsewhere: the login-free school page, thank-you page (``test_public.py``) and lookup
(``test_intake_pages.py``)."""

from dudao.accounts.roles import RoleCode
from dudao.complaints.models import Complaint, ComplaintTriage
from dudao.testing.matrix import Endpoint
from dudao.testing.schools_factories import school

OFFICE = RoleCode.OFFICE_ADMIN
API = "/api/v1/ledger/complaints"

OWN_PAGES = {"public:complaint_lookup", "public:school", "public:thanks"}


def complaint(tree):
    s = school(tree["nanan"], name="矩阵投诉学校")
    return Complaint.objects.create(school=s, region_path=s.region_path, kind="problem", content="矩阵投诉：周六补课",
                                    contact_name="矩阵反映人", contact_phone="13900000000")


def unit(tree):
    return school(tree["nanan"], name="矩阵热线学校")


def _decided(obj, decision):
    return ComplaintTriage.objects.filter(complaint=obj, decision=decision).exists()


ACCEPT = {"category": "management", "requirement": "停止补课", "deadline": "2030-01-01"}

ENDPOINTS = [
    # ---- the inbox ----
    Endpoint("api complaints list", "api", "list", OFFICE, complaint, lambda o: "/api/v1/corps/complaints",
             listed=lambda r, o: any(i["id"] == o.pk for i in r.json()["items"])),
    Endpoint("api complaint handle", "api", "write", OFFICE, complaint, lambda o: f"/api/v1/corps/complaints/{o.pk}",
             method="patch", payload=lambda o, t: {"status": "handled"},
             effect=lambda o: Complaint.objects.filter(pk=o.pk, status="handled").exists()),
    Endpoint("ui complaint list", "ui", "list", OFFICE, complaint, lambda o: "/inspectors/complaints/",
             listed=lambda r, o: "矩阵投诉：周六补课" in r.content.decode()),
    Endpoint("ui complaint detail", "ui", "detail", OFFICE, complaint, lambda o: f"/inspectors/complaints/{o.pk}/"),
    Endpoint("ui complaint handle", "ui", "write", OFFICE, complaint, lambda o: f"/inspectors/complaints/{o.pk}/",
             method="post", ok=(302,), payload=lambda o, t: {"transition": "handle", "note": "已处理"},
             effect=lambda o: Complaint.objects.filter(pk=o.pk, status="handled").exists()),
    # ---- intake ----
    Endpoint("intake api register", "api", "write", OFFICE, unit, lambda o: API, method="post", ok=(201,),
             payload=lambda o, t: {"unit_id": o.pk, "source": "hotline", "content": "热线反映：食堂卫生差",
                                   "reference": "GD-1"},
             effect=lambda o: Complaint.objects.filter(school=o, source="hotline").exists()),
    Endpoint("intake api triage state", "api", "detail", OFFICE, complaint, lambda o: f"{API}/{o.pk}"),
    Endpoint("intake api accept", "api", "write", OFFICE, complaint, lambda o: f"{API}/{o.pk}/accept", method="post",
             payload=lambda o, t: ACCEPT, effect=lambda o: _decided(o, "accepted")),
    Endpoint("intake api dismiss", "api", "write", OFFICE, complaint, lambda o: f"{API}/{o.pk}/dismiss",
             method="post", payload=lambda o, t: {"reason": "经核实不属实"}, effect=lambda o: _decided(o, "dismissed")),
    # ---- pages ----
    Endpoint("intake ui register", "ui", "write", OFFICE, unit, lambda o: "/ledger/intake/register/", method="post",
             ok=(302,), payload=lambda o, t: {"source": "media", "unit": o.pk, "content": "媒体报道：校门口拥堵"},
             effect=lambda o: Complaint.objects.filter(school=o, source="media").exists()),
    Endpoint("intake ui accept", "ui", "write", OFFICE, complaint, lambda o: f"/ledger/intake/complaints/{o.pk}/accept/",
             method="post", ok=(302,),
             payload=lambda o, t: {"accept-unit": o.school_id, "accept-category": "management",
                                   "accept-severity": "minor", "accept-description": "周六补课",
                                   "accept-requirement": "停止补课", "accept-deadline": "2030-01-01"},
             effect=lambda o: _decided(o, "accepted")),
    Endpoint("intake ui dismiss", "ui", "write", OFFICE, complaint,
             lambda o: f"/ledger/intake/complaints/{o.pk}/dismiss/", method="post", ok=(302,),
             payload=lambda o, t: {"dismiss-reason": "经核实不属实"}, effect=lambda o: _decided(o, "dismissed")),
]
