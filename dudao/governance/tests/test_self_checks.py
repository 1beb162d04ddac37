"""A member department's checklist self-check through the API and the pages: the office issues the
checklist (the "六个一" items first; bad input refused), the department's liaison opens the yearly
self-check, answers, uploads evidence and submits; the office returns it with a reason, the liaison
corrects and resubmits, the office verifies; nothing changes after. A revision is the next version and
the next year's self-check uses it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dudao.accounts.roles import RoleCode
from dudao.governance.models import Checklist, SelfCheck
from dudao.testing.factories import UnitFactory, user_with_role
from dudao.testing.governance_factories import ITEMS, answer_all, governance_world, self_check
from dudao.testing.matrix import api_client, ui_client

pytestmark = pytest.mark.django_db
API = "/api/v1/governance"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(tree):
    w = governance_world(tree)
    w["office"] = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    w["liaison"] = user_with_role(RoleCode.MEMBER_LIAISON, unit=w["housing"], recursive=False)
    return w


def _json(response, status=200):
    assert response.status_code == status, response.content[:500]
    return response.json()


def test_checklist_self_check_return_resubmit_verify(world):
    office, liaison = api_client(world["office"]), api_client(world["liaison"])
    checklist = _json(
        office.post(
            f"{API}/checklists",
            {
                "unit_id": world["housing"].pk,
                "year": 2025,
                "title": "南岸区住房城乡建委督政清单",
                "items": ITEMS,
            },
            content_type="application/json",
        ),
        201,
    )
    assert checklist["version"] == 1 and len(checklist["items"]) == 8
    assert [i["six_ones"] for i in checklist["items"][:6]] == [
        "leader",
        "liaison",
        "duty_list",
        "study",
        "activity",
        "report",
    ]
    check = _json(
        liaison.post(
            f"{API}/self-checks",
            {"unit_id": world["housing"].pk, "year": 2025},
            content_type="application/json",
        ),
        201,
    )
    url = f"{API}/self-checks/{check['id']}"
    incomplete = liaison.post(f"{url}/transitions/submit", {}, content_type="application/json")
    assert incomplete.status_code == 422
    answers = {str(n): {"result": "done", "note": "已落实"} for n in range(1, 9)}
    _json(
        liaison.post(
            f"{url}/answers", {"answers": answers, "summary": "逐项自查。"}, content_type="application/json"
        )
    )
    answer_id = _json(liaison.get(url))["answers"][6]["id"]
    upload = liaison.post(
        "/api/v1/attachments",
        {
            "owner": "governance.answer",
            "owner_id": answer_id,
            "purpose": "evidence",
            "file": SimpleUploadedFile("移交台账.pdf", PDF, "application/pdf"),
        },
    )
    assert upload.status_code == 201, upload.content
    assert (
        _json(liaison.post(f"{url}/transitions/submit", {}, content_type="application/json"))["status"]
        == "submitted"
    )
    # the department cannot verify its own; the office must give a reason to return
    assert liaison.post(f"{url}/transitions/verify", {}, content_type="application/json").status_code == 403
    assert office.post(f"{url}/transitions/return", {}, content_type="application/json").status_code == 422
    returned = _json(
        office.post(
            f"{url}/transitions/return", {"note": "第7项缺少移交台账"}, content_type="application/json"
        )
    )
    assert (returned["status"], returned["return_reason"]) == ("returned", "第7项缺少移交台账")
    _json(
        liaison.post(
            f"{url}/answers",
            {"answers": {"7": {"result": "partial", "note": "2所延后移交"}}},
            content_type="application/json",
        )
    )
    _json(liaison.post(f"{url}/transitions/submit", {}, content_type="application/json"))
    verified = _json(office.post(f"{url}/transitions/verify", {}, content_type="application/json"))
    assert verified["status"] == "verified"
    assert [e["action"] for e in verified["events"]] == [
        "create",
        "answer",
        "submit",
        "return",
        "answer",
        "submit",
        "verify",
    ]
    assert (
        liaison.post(f"{url}/answers", {"summary": "改"}, content_type="application/json").status_code == 422
    )
    late = liaison.post(
        "/api/v1/attachments",
        {
            "owner": "governance.answer",
            "owner_id": answer_id,
            "purpose": "evidence",
            "file": SimpleUploadedFile("x.pdf", PDF),
        },
    )
    assert late.status_code == 403
    export = office.get(f"{url}/export")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")


def test_the_pages_fill_submit_and_verify(world):
    check = self_check(world)
    page = ui_client(world["liaison"])
    numbers = [a.item.number for a in check.answers.select_related("item")]
    data = {"form": "answers", "summary": "页面填写的自查报告"}
    data |= {f"result_{n}": "done" for n in numbers} | {f"note_{n}": "已落实" for n in numbers}
    assert page.post(f"/governance/self-checks/{check.pk}/", data).status_code == 302
    evidence = page.post(
        f"/governance/self-checks/{check.pk}/",
        {"form": "evidence", "item": numbers[0], "file": SimpleUploadedFile("分工文件.pdf", PDF)},
    )
    assert evidence.status_code == 302 and check.answers.get(item__number=numbers[0]).files.count() == 1
    assert page.post(f"/governance/self-checks/{check.pk}/submit/").status_code == 302
    office = ui_client(world["office"])
    html = office.get(f"/governance/self-checks/{check.pk}/").content.decode()
    assert "核实通过" in html and "退回修改" in html and "分工文件.pdf" in html
    office.post(f"/governance/self-checks/{check.pk}/verify/")
    assert SelfCheck.objects.get(pk=check.pk).status == "verified"
    assert office.get(f"/governance/self-checks/{check.pk}/?export=xlsx").status_code == 200


def test_a_revision_is_the_next_version_and_next_year_uses_it(world):
    first = self_check(world).checklist
    office = api_client(world["office"])
    second = _json(
        office.post(
            f"{API}/checklists",
            {
                "unit_id": world["housing"].pk,
                "year": 2026,
                "title": "南岸区住房城乡建委督政清单",
                "derived_from_id": first.pk,
                "items": [*ITEMS, {"content": "推进学校建设重点项目"}],
            },
            content_type="application/json",
        ),
        201,
    )
    assert (second["version"], second["derived_from_id"]) == (2, first.pk)
    check = _json(
        office.post(
            f"{API}/self-checks",
            {"unit_id": world["housing"].pk, "year": 2026},
            content_type="application/json",
        ),
        201,
    )
    assert check["checklist_id"] == second["id"] and len(check["answers"]) == 9
    assert SelfCheck.objects.get(unit=world["housing"], year=2025).checklist_id == first.pk


def test_bad_input(world, tree):
    office = api_client(world["office"])
    base = {"unit_id": world["housing"].pk, "year": 2025, "title": "清单", "items": ITEMS}
    for payload, field in (
        ({**base, "unit_id": world["outsider"].pk}, "unit"),
        ({**base, "items": []}, "items"),
        ({**base, "items": [{"content": "  "}]}, "items"),
        ({**base, "title": " "}, "title"),
    ):
        response = office.post(f"{API}/checklists", payload, content_type="application/json")
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == field, payload
    assert (
        office.post(f"{API}/checklists", {**base, "year": 1800}, content_type="application/json").status_code
        == 422
    )
    far = UnitFactory(kind="department", region=tree["ddk"], name="大渡口区某局")
    assert (
        office.post(
            f"{API}/checklists", {**base, "unit_id": far.pk}, content_type="application/json"
        ).status_code
        == 422
    )
    assert Checklist.objects.count() == 0
    # no checklist yet → no self-check; a second one of the same year is refused
    refused = office.post(
        f"{API}/self-checks", {"unit_id": world["housing"].pk, "year": 2025}, content_type="application/json"
    )
    assert refused.status_code == 422
    check = self_check(world)
    assert (
        office.post(
            f"{API}/self-checks",
            {"unit_id": world["housing"].pk, "year": 2025},
            content_type="application/json",
        ).status_code
        == 422
    )
    url = f"{API}/self-checks/{check.pk}/answers"
    assert (
        office.post(url, {"answers": {"99": {"result": "done"}}}, content_type="application/json").status_code
        == 422
    )
    assert (
        office.post(url, {"answers": {"1": {"result": "maybe"}}}, content_type="application/json").status_code
        == 422
    )
    answer_all(check)
    assert (
        office.post(
            f"{API}/self-checks/{check.pk}/transitions/nonsense", {}, content_type="application/json"
        ).status_code
        == 404
    )
    # leaders: only governments, a term in order
    leader = {"unit_id": world["government"].pk, "name": "刘志强", "post": "区长"}
    assert (
        office.post(
            f"{API}/leaders", {**leader, "unit_id": world["housing"].pk}, content_type="application/json"
        ).status_code
        == 422
    )
    assert (
        office.post(
            f"{API}/leaders",
            {**leader, "term_start": "2025-01-01", "term_end": "2024-01-01"},
            content_type="application/json",
        ).status_code
        == 422
    )
    assert office.post(f"{API}/leaders", leader, content_type="application/json").status_code == 201


def test_the_home_cards(world):
    check = self_check(world)
    assert "待填报或被退回的督政清单自查" in ui_client(world["liaison"]).get("/").content.decode()
    answer_all(check)
    from dudao.governance.workflows import SERVICES

    SERVICES["submit"](actor=None, self_check=check)
    assert "待核实的督政清单自查" in ui_client(world["office"]).get("/").content.decode()
