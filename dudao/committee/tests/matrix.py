"""The committee app's rows of the permission matrix (collected by ``tests/test_permission_matrix.py``):
meetings (list, detail, arrange, attendance, minutes, decisions, steps), actions (list, detail,
break a decision down, progress, steps), rules (list, detail, new version), participation records.
The object under test is 南岸区's committee; writes act as office_admin.

Elsewhere (``test_committee.py``): the participation table and annual checks (by API and page: a
committee outside the caller's scope is a 422 naming ``committee_id``, the page offers only the
caller's committees) and the liaison's page (its own unit's rows only)."""

import datetime

from dudao.accounts.roles import RoleCode
from dudao.committee import services
from dudao.committee.choices import CommitteeActionStatus, MeetingStatus
from dudao.committee.models import Action, ActionReport, Decision, Meeting, ParticipationRecord, RuleDocument
from dudao.testing.matrix import Endpoint

from .factories import HELD, action, committee_world, held_meeting

OFFICE = RoleCode.OFFICE_ADMIN
API = "/api/v1/committee"
OWN_PATHS = {f"{API}/participation", f"{API}/checks"}
OWN_PAGES = {"committee:participation", "committee:liaison_home"}


def world(tree):
    return committee_world(tree["nanan"])


def planned(tree):
    w = world(tree)
    return services.meeting_create(actor=None, committee=w["committee"], kind="plenary", title="矩阵会议",
                                   held_on=HELD, agenda="矩阵议程")


def meeting(tree):
    return held_meeting(world(tree))


def minuted(tree):
    return services.meeting_minutes_set(actor=None, meeting=meeting(tree), minutes="矩阵纪要")


def decision(tree):
    return services.decision_add(actor=None, meeting=meeting(tree), text="矩阵决定")


def open_action(tree):
    return action(world(tree))


def reported(tree):
    a = open_action(tree)
    return services.action_report_done(actor=None, action_row=a, note="已办结")


def rule(tree):
    w = world(tree)
    return services.rule_add(actor=None, committee=w["committee"], kind="procedure", title="矩阵议事规则",
                             effective_on=datetime.date(2021, 1, 1), text="第一条")


def record(tree):
    w = world(tree)
    return services.participation_add(actor=None, member=w["members"][0], kind="joint_check", activity="矩阵检查",
                                      held_on=HELD)


def _ids(r):
    return {i["id"] for i in r.json()["items"]}


def _status(model, obj, status):
    return model.objects.filter(pk=obj.pk, status=status).exists()


ENDPOINTS = [
    # ---- meetings ----
    Endpoint("api meetings list", "api", "list", OFFICE, meeting, lambda o: f"{API}/meetings",
             listed=lambda r, o: o.pk in _ids(r)),
    Endpoint("api meeting detail", "api", "detail", OFFICE, meeting, lambda o: f"{API}/meetings/{o.pk}"),
    Endpoint("api meeting create", "api", "write", OFFICE, world, lambda o: f"{API}/meetings", method="post", ok=(201,),
             payload=lambda o, t: {"committee_id": o["committee"].pk, "kind": "topic", "title": "矩阵专题会",
                                   "held_on": "2026-05-01", "agenda": "议程"},
             effect=lambda o: Meeting.objects.filter(committee=o["committee"], title="矩阵专题会").exists()),
    Endpoint("api meeting attendance", "api", "write", OFFICE, planned, lambda o: f"{API}/meetings/{o.pk}/attendance",
             method="put", payload=lambda o, t: {"rows": [{"member_id": a.member_id, "presence": "present"}
                                                          for a in o.attendances.all()]},
             effect=lambda o: o.attendances.filter(presence="present").exists()),
    Endpoint("api meeting minutes", "api", "write", OFFICE, meeting, lambda o: f"{API}/meetings/{o.pk}/minutes",
             method="put", payload=lambda o, t: {"minutes": "矩阵纪要"},
             effect=lambda o: Meeting.objects.filter(pk=o.pk, minutes="矩阵纪要").exists()),
    Endpoint("api meeting decision", "api", "write", OFFICE, meeting, lambda o: f"{API}/meetings/{o.pk}/decisions",
             method="post", ok=(201,), payload=lambda o, t: {"text": "矩阵议定"},
             effect=lambda o: Decision.objects.filter(meeting=o, text="矩阵议定").exists()),
    Endpoint("api meeting transition", "api", "write", OFFICE, minuted,
             lambda o: f"{API}/meetings/{o.pk}/transitions/approve_minutes", method="post",
             payload=lambda o, t: {"note": ""},
             effect=lambda o: _status(Meeting, o, MeetingStatus.APPROVED)),
    # ---- actions ----
    Endpoint("api decision action", "api", "write", OFFICE, decision, lambda o: f"{API}/decisions/{o.pk}/actions",
             method="post", ok=(201,),
             payload=lambda o, t: {"member_id": o.meeting.attendances.first().member_id, "task": "矩阵落实",
                                   "deadline": "2026-12-31"},
             effect=lambda o: Action.objects.filter(decision=o, task="矩阵落实").exists()),
    Endpoint("api actions list", "api", "list", OFFICE, open_action, lambda o: f"{API}/actions",
             listed=lambda r, o: o.pk in _ids(r)),
    Endpoint("api action detail", "api", "detail", OFFICE, open_action, lambda o: f"{API}/actions/{o.pk}"),
    Endpoint("api action progress", "api", "write", OFFICE, open_action, lambda o: f"{API}/actions/{o.pk}/reports",
             method="post", ok=(201,), payload=lambda o, t: {"text": "矩阵进展"},
             effect=lambda o: ActionReport.objects.filter(action_row=o, text="矩阵进展").exists()),
    Endpoint("api action transition", "api", "write", OFFICE, reported,
             lambda o: f"{API}/actions/{o.pk}/transitions/accept", method="post", payload=lambda o, t: {"note": ""},
             effect=lambda o: _status(Action, o, CommitteeActionStatus.ACCEPTED)),
    # ---- rules ----
    Endpoint("api rules list", "api", "list", OFFICE, rule, lambda o: f"{API}/rules", listed=lambda r, o: o.pk in _ids(r)),
    Endpoint("api rule detail", "api", "detail", OFFICE, rule, lambda o: f"{API}/rules/{o.pk}"),
    Endpoint("api rule add", "api", "write", OFFICE, rule, lambda o: f"{API}/rules", method="post", ok=(201,),
             payload=lambda o, t: {"committee_id": o.committee_id, "kind": "procedure", "title": "矩阵议事规则",
                                   "effective_on": "2025-01-01", "text": "第二版"},
             effect=lambda o: RuleDocument.objects.filter(committee_id=o.committee_id, version=2).exists()),
    # ---- participation records ----
    Endpoint("api participation records", "api", "list", OFFICE, record, lambda o: f"{API}/participation/records",
             listed=lambda r, o: o.pk in _ids(r)),
    Endpoint("api participation add", "api", "write", OFFICE, record, lambda o: f"{API}/participation", method="post",
             ok=(201,), payload=lambda o, t: {"member_id": o.member_id, "kind": "special", "activity": "矩阵专项",
                                              "held_on": "2026-04-01"},
             effect=lambda o: ParticipationRecord.objects.filter(member_id=o.member_id, activity="矩阵专项").exists()),
    # ---- pages ----
    Endpoint("ui meetings list", "ui", "list", OFFICE, meeting, lambda o: "/committee/",
             listed=lambda r, o: f"/committee/meetings/{o.pk}/" in r.content.decode()),
    Endpoint("ui meeting add", "ui", "write", OFFICE, world, lambda o: "/committee/meetings/add/", method="post",
             ok=(302,), payload=lambda o, t: {"committee": o["committee"].pk, "kind": "topic", "title": "矩阵页面会议",
                                              "held_on": "2026-05-01", "agenda": "议程"},
             effect=lambda o: Meeting.objects.filter(title="矩阵页面会议").exists()),
    Endpoint("ui meeting detail", "ui", "detail", OFFICE, meeting, lambda o: f"/committee/meetings/{o.pk}/"),
    Endpoint("ui meeting decision", "ui", "write", OFFICE, meeting, lambda o: f"/committee/meetings/{o.pk}/",
             method="post", ok=(302,), payload=lambda o, t: {"form": "decision", "text": "矩阵页面议定"},
             effect=lambda o: Decision.objects.filter(meeting=o, text="矩阵页面议定").exists()),
    Endpoint("ui actions list", "ui", "list", OFFICE, open_action, lambda o: "/committee/actions/",
             listed=lambda r, o: f"/committee/actions/{o.pk}/" in r.content.decode()),
    Endpoint("ui action detail", "ui", "detail", OFFICE, open_action, lambda o: f"/committee/actions/{o.pk}/"),
    Endpoint("ui action accept", "ui", "write", OFFICE, reported, lambda o: f"/committee/actions/{o.pk}/",
             method="post", ok=(302,), payload=lambda o, t: {"form": "transition", "transition": "accept", "note": ""},
             effect=lambda o: _status(Action, o, CommitteeActionStatus.ACCEPTED)),
    Endpoint("ui rules list", "ui", "list", OFFICE, rule, lambda o: "/committee/rules/",
             listed=lambda r, o: f"/committee/rules/{o.pk}/" in r.content.decode()),
    Endpoint("ui rule detail", "ui", "detail", OFFICE, rule, lambda o: f"/committee/rules/{o.pk}/"),
    Endpoint("ui rule add", "ui", "write", OFFICE, rule, lambda o: "/committee/rules/add/", method="post", ok=(302,),
             payload=lambda o, t: {"committee": o.committee_id, "kind": "procedure", "title": "矩阵议事规则",
                                   "effective_on": "2025-01-01", "text": "第二版"},
             effect=lambda o: RuleDocument.objects.filter(committee_id=o.committee_id, version=2).exists()),
]
