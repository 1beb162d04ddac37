"""The workplaces rows of the shared permission matrix (``tests/test_permission_matrix.py``): places,
topics, selections, agreements and school self-supervision in 南岸区. Reads as the leader, writes as
office_admin."""

import datetime

from dudao.accounts.roles import RoleCode
from dudao.ledger.models import LedgerItem
from dudao.testing.matrix import Endpoint
from dudao.testing.schools_factories import office, school
from dudao.workplaces import services
from dudao.workplaces.models import (
    Activity,
    Agreement,
    Place,
    PlaceMember,
    ResearchTopic,
    SelectionEntry,
    SelectionRound,
    SelfInspection,
)

OFFICE, LEADER = RoleCode.OFFICE_ADMIN, RoleCode.LEADER
API = "/api/v1/workplaces"
TODAY = datetime.date.today()

OWN_PATHS: set = set()
OWN_PAGES: set = set()


def off(tree):
    return office(tree["nanan"])


def place(tree):
    return services.place_create(actor=None, kind="studio", name="矩阵督学工作室", unit=off(tree))


def school_office(tree):
    sch = school(tree["nanan"], name="矩阵自督学校")
    return services.place_create(actor=None, kind="school_office", name="矩阵学校督导室", unit=sch)


def inspection(tree):
    return services.selfinspection_create(actor=None, place=school_office(tree), inspected_on=TODAY,
                                          title="矩阵自我督导", inspectors="刘主任")


def topic(tree):
    return services.topic_create(actor=None, office=off(tree), title="矩阵课题", lead="王督学")


def rnd(tree):
    return services.round_create(actor=None, office=off(tree), year=TODAY.year, kind="case", title="矩阵评选",
                                 deadline=TODAY + datetime.timedelta(days=30))


def entry(tree):
    return services.entry_create(actor=None, round=rnd(tree), title="矩阵作品", authors="某督学")


def agreement(tree):
    return services.agreement_create(actor=None, office=off(tree), title="矩阵合作协议", circle="chengyu",
                                     partners="两区督导室", scope="联合监测", signed_on=TODAY, valid_from=TODAY)


def _has(response, obj):
    return any(row["id"] == obj.pk for row in response.json()["items"])


def _in_html(text):
    return lambda response, obj: text in response.content.decode()


def _activity(o):
    return Activity.objects.filter(title="矩阵活动").exists()


ACTIVITY = {"held_on": TODAY.isoformat(), "title": "矩阵活动", "kind": "activity"}
MATTER = {"description": "矩阵小事", "category": "safety", "requirement": "整改", "deadline":
          (TODAY + datetime.timedelta(days=10)).isoformat()}
_matter = (lambda o: LedgerItem.objects.filter(description="矩阵小事", routing="small").exists())  # noqa: E731


def _rows(kind, path, page, setup, text):
    return [
        Endpoint(f"workplaces api {kind} list", "api", "list", LEADER, setup, lambda o: f"{API}/{path}", listed=_has),
        Endpoint(f"workplaces api {kind} detail", "api", "detail", LEADER, setup, lambda o: f"{API}/{path}/{o.pk}"),
        Endpoint(f"workplaces ui {kind} list", "ui", "list", LEADER, setup, lambda o: f"/workplaces/{page}/",
                 listed=_in_html(text)),
        Endpoint(f"workplaces ui {kind} detail", "ui", "detail", LEADER, setup, lambda o: f"/workplaces/{page}/{o.pk}/"),
    ]


ENDPOINTS = [
    *_rows("place", "places", "places", place, "矩阵督学工作室"),
    *_rows("topic", "topics", "topics", topic, "矩阵课题"),
    *_rows("round", "rounds", "rounds", rnd, "矩阵评选"),
    *_rows("agreement", "agreements", "agreements", agreement, "矩阵合作协议"),
    *_rows("selfinspection", "self-inspections", "self-inspections", inspection, "矩阵自我督导"),
    # ---- writes: API ----
    Endpoint("workplaces api place create", "api", "write", OFFICE, off, lambda o: f"{API}/places", method="post",
             ok=(201,), payload=lambda o, t: {"kind": "home", "name": "矩阵督学之家", "unit_id": o.pk},
             effect=lambda o: Place.objects.filter(name="矩阵督学之家").exists()),
    Endpoint("workplaces api member add", "api", "write", OFFICE, place, lambda o: f"{API}/places/{o.pk}/members",
             method="post", ok=(201,), payload=lambda o, t: {"name": "矩阵成员"},
             effect=lambda o: PlaceMember.objects.filter(name="矩阵成员").exists()),
    Endpoint("workplaces api place activity", "api", "write", OFFICE, place,
             lambda o: f"{API}/places/{o.pk}/activities", method="post", ok=(201,), payload=lambda o, t: ACTIVITY,
             effect=_activity),
    Endpoint("workplaces api topic create", "api", "write", OFFICE, off, lambda o: f"{API}/topics", method="post",
             ok=(201,), payload=lambda o, t: {"office_id": o.pk, "title": "矩阵新课题", "lead": "李督学"},
             effect=lambda o: ResearchTopic.objects.filter(title="矩阵新课题").exists()),
    Endpoint("workplaces api topic transition", "api", "write", OFFICE, topic,
             lambda o: f"{API}/topics/{o.pk}/transitions/approve", method="post", payload=lambda o, t: {},
             effect=lambda o: ResearchTopic.objects.filter(pk=o.pk, status="ongoing").exists()),
    Endpoint("workplaces api round create", "api", "write", OFFICE, off, lambda o: f"{API}/rounds", method="post",
             ok=(201,), payload=lambda o, t: {"office_id": o.pk, "year": TODAY.year, "kind": "paper", "title": "矩阵论文评选",
                                              "deadline": TODAY.isoformat()},
             effect=lambda o: SelectionRound.objects.filter(title="矩阵论文评选").exists()),
    Endpoint("workplaces api entry add", "api", "write", OFFICE, rnd, lambda o: f"{API}/rounds/{o.pk}/entries",
             method="post", ok=(201,), payload=lambda o, t: {"title": "矩阵新作品", "authors": "甲"},
             effect=lambda o: SelectionEntry.objects.filter(title="矩阵新作品").exists()),
    Endpoint("workplaces api entry transition", "api", "write", OFFICE, entry,
             lambda o: f"{API}/entries/{o.pk}/transitions/shortlist", method="post", payload=lambda o, t: {},
             effect=lambda o: SelectionEntry.objects.filter(pk=o.pk, status="shortlisted").exists()),
    Endpoint("workplaces api agreement create", "api", "write", OFFICE, off, lambda o: f"{API}/agreements",
             method="post", ok=(201,),
             payload=lambda o, t: {"office_id": o.pk, "title": "矩阵新协议", "circle": "cdmz", "partners": "四地",
                                   "scope": "交流", "signed_on": TODAY.isoformat(), "valid_from": TODAY.isoformat()},
             effect=lambda o: Agreement.objects.filter(title="矩阵新协议").exists()),
    Endpoint("workplaces api agreement activity", "api", "write", OFFICE, agreement,
             lambda o: f"{API}/agreements/{o.pk}/activities", method="post", ok=(201,), payload=lambda o, t: ACTIVITY,
             effect=_activity),
    Endpoint("workplaces api selfinspection create", "api", "write", OFFICE, school_office,
             lambda o: f"{API}/self-inspections", method="post", ok=(201,),
             payload=lambda o, t: {"place_id": o.pk, "inspected_on": TODAY.isoformat(), "title": "矩阵新自查",
                                   "inspectors": "周老师"},
             effect=lambda o: SelfInspection.objects.filter(title="矩阵新自查").exists()),
    Endpoint("workplaces api small matter", "api", "write", OFFICE, inspection,
             lambda o: f"{API}/self-inspections/{o.pk}/small-matters", method="post", ok=(201,),
             payload=lambda o, t: MATTER, effect=_matter),
    # ---- writes: pages ----
    Endpoint("workplaces ui place create", "ui", "write", OFFICE, off, lambda o: "/workplaces/places/new/",
             method="post", ok=(302,), payload=lambda o, t: {"kind": "home", "name": "矩阵督学之家", "unit": o.pk},
             effect=lambda o: Place.objects.filter(name="矩阵督学之家").exists()),
    Endpoint("workplaces ui member add", "ui", "write", OFFICE, place, lambda o: f"/workplaces/places/{o.pk}/members/",
             method="post", ok=(302,), payload=lambda o, t: {"name": "矩阵成员", "role": "member"},
             effect=lambda o: PlaceMember.objects.filter(name="矩阵成员").exists()),
    Endpoint("workplaces ui place activity", "ui", "write", OFFICE, place,
             lambda o: f"/workplaces/places/{o.pk}/activities/", method="post", ok=(302,),
             payload=lambda o, t: {**ACTIVITY, "participant_count": 0}, effect=_activity),
    Endpoint("workplaces ui topic create", "ui", "write", OFFICE, off, lambda o: "/workplaces/topics/new/",
             method="post", ok=(302,), payload=lambda o, t: {"office": o.pk, "title": "矩阵新课题", "lead": "李督学"},
             effect=lambda o: ResearchTopic.objects.filter(title="矩阵新课题").exists()),
    Endpoint("workplaces ui topic transition", "ui", "write", OFFICE, topic,
             lambda o: f"/workplaces/topics/{o.pk}/approve/", method="post", ok=(302,),
             effect=lambda o: ResearchTopic.objects.filter(pk=o.pk, status="ongoing").exists()),
    Endpoint("workplaces ui round create", "ui", "write", OFFICE, off, lambda o: "/workplaces/rounds/new/",
             method="post", ok=(302,),
             payload=lambda o, t: {"office": o.pk, "year": TODAY.year, "kind": "paper", "title": "矩阵论文评选",
                                   "deadline": TODAY.isoformat()},
             effect=lambda o: SelectionRound.objects.filter(title="矩阵论文评选").exists()),
    Endpoint("workplaces ui entry add", "ui", "write", OFFICE, rnd, lambda o: f"/workplaces/rounds/{o.pk}/entries/",
             method="post", ok=(302,), payload=lambda o, t: {"title": "矩阵新作品", "authors": "甲"},
             effect=lambda o: SelectionEntry.objects.filter(title="矩阵新作品").exists()),
    Endpoint("workplaces ui entry transition", "ui", "write", OFFICE, entry,
             lambda o: f"/workplaces/entries/{o.pk}/shortlist/", method="post", ok=(302,),
             effect=lambda o: SelectionEntry.objects.filter(pk=o.pk, status="shortlisted").exists()),
    Endpoint("workplaces ui agreement create", "ui", "write", OFFICE, off, lambda o: "/workplaces/agreements/new/",
             method="post", ok=(302,),
             payload=lambda o, t: {"office": o.pk, "title": "矩阵新协议", "circle": "cdmz", "partners": "四地",
                                   "scope": "交流", "signed_on": TODAY.isoformat(), "valid_from": TODAY.isoformat()},
             effect=lambda o: Agreement.objects.filter(title="矩阵新协议").exists()),
    Endpoint("workplaces ui agreement activity", "ui", "write", OFFICE, agreement,
             lambda o: f"/workplaces/agreements/{o.pk}/activities/", method="post", ok=(302,),
             payload=lambda o, t: {**ACTIVITY, "participant_count": 0}, effect=_activity),
    Endpoint("workplaces ui selfinspection create", "ui", "write", OFFICE, school_office,
             lambda o: "/workplaces/self-inspections/new/", method="post", ok=(302,),
             payload=lambda o, t: {"place": o.pk, "inspected_on": TODAY.isoformat(), "title": "矩阵新自查",
                                   "inspectors": "周老师"},
             effect=lambda o: SelfInspection.objects.filter(title="矩阵新自查").exists()),
    Endpoint("workplaces ui small matter", "ui", "write", OFFICE, inspection,
             lambda o: f"/workplaces/self-inspections/{o.pk}/small-matters/", method="post", ok=(302,),
             payload=lambda o, t: MATTER, effect=_matter),
]
