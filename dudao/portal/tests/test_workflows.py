"""The publication procedure (E2, E4, E9): drafts derived from their sources with personal data
redacted; publish/withdraw by office roles only; a unit's statement submitted, returned, approved;
every forbidden role, out-of-scope office and illegal source state; the guards; the history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dudao.attachments.services import for_owner
from dudao.ledger.models import LedgerItem
from dudao.portal import files, services, workflows
from dudao.portal.models import Publication, PublicationEvent
from dudao.testing.ledger_factories import advance, item
from dudao.testing.portal_factories import (
    PERSON,
    RESPONSIBLE,
    closed_item,
    decided_case,
    portal_world,
    reported_task,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    return portal_world(tree)


def draft(world, **kw):
    return services.publication_create(actor=world["admin"], kind="rectification", ledger_item=closed_item(world, **kw))


def statement(world, **kw):
    kw.setdefault("title", "整改情况说明")
    kw.setdefault("body", "已在校门口公示收费标准。联系人李建国，电话13912345678。")
    return services.statement_create(actor=world["respondent"], unit=world["unit"], **kw)


def actions(pub):
    return list(PublicationEvent.objects.filter(publication=pub).values_list("action", flat=True))


# ---- drafts from sources ------------------------------------------------------------------------
def test_each_source_gives_a_redacted_draft(world, tree):
    task = reported_task(world)
    report = services.publication_create(actor=world["admin"], kind="report", task=task)
    assert report.title == "南岸区课后服务专项督导报告" and report.region == world["region"]
    assert "督导报告概述：总体良好" in report.body and "课后服务收费标准未公示" in report.body
    rect = draft(world)
    assert rect.unit == world["unit"] and "整改情况：已整改" in rect.body and "复查（抽查）：整改到位" in rect.body
    case = services.publication_create(actor=world["admin"], kind="accountability", case=decided_case(world, tree))
    assert "欧阳某（有关工作人员）" in case.body and "责令检查" in case.body
    for pub in (report, rect, case):
        assert pub.status == "draft" and actions(pub) == ["create"]
        for secret in (RESPONSIBLE, PERSON, "13912345678", "500108198001011234"):
            assert secret not in pub.title + pub.body


def test_all_of_a_units_items_from_a_task(world):
    task = reported_task(world)
    with pytest.raises(ValidationError) as exc:
        services.publication_create(actor=world["admin"], kind="rectification", task=task, unit=world["unit"])
    assert "还有问题未销号" in str(exc.value)
    advance(world, LedgerItem.objects.get(task=task), "closed")
    pub = services.publication_create(actor=world["admin"], kind="rectification", task=task, unit=world["unit"])
    assert pub.title.startswith(world["unit"].name) and "【问题1】" in pub.body and pub.ledger_item is None
    with pytest.raises(ValidationError):  # one live publication per source
        services.publication_create(actor=world["admin"], kind="rectification", task=task, unit=world["unit"])


def test_sources_must_be_ready(world, tree):
    with pytest.raises(ValidationError) as exc:
        services.publication_create(actor=world["admin"], kind="report", task=reported_task(world, report=False))
    assert "task" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.publication_create(actor=world["admin"], kind="rectification", ledger_item=item(world))
    assert "ledger_item" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.publication_create(actor=world["admin"], kind="statement", ledger_item=closed_item(world))
    with pytest.raises(ValidationError):
        services.publication_create(actor=world["admin"], kind="rectification")
    assert not Publication.objects.exists()


def test_only_offices_in_scope_create(world):
    it = closed_item(world)
    for who in ("respondent", "leader", "inspector", "sibling"):
        with pytest.raises(PermissionDenied):
            services.publication_create(actor=world[who], kind="rectification", ledger_item=it)
    assert services.publication_create(actor=world["parent"], kind="rectification", ledger_item=it)


# ---- publish / withdraw ----------------------------------------------------------------------
def test_publish_and_withdraw_by_the_office(world):
    pub = draft(world)
    pub = workflows.publication_publish(actor=world["admin"], publication=pub)
    assert pub.status == "published" and pub.published_at and pub.published_by == world["admin"]
    with pytest.raises(ValidationError) as exc:
        workflows.publication_withdraw(actor=world["admin"], publication=pub, note=" ")
    assert "note" in exc.value.message_dict
    pub = workflows.publication_withdraw(actor=world["admin"], publication=pub, note="内容需更新")
    assert pub.status == "withdrawn" and pub.review_note == "内容需更新"
    assert actions(pub) == ["create", "publish", "withdraw"]
    event = PublicationEvent.objects.get(publication=pub, action="withdraw")
    assert (event.from_status, event.to_status, event.actor, event.note) == ("published", "withdrawn",
                                                                             world["admin"], "内容需更新")
    # withdrawn: the source may be published again
    assert services.publication_create(actor=world["admin"], kind="rectification", ledger_item=pub.ledger_item)


@pytest.mark.parametrize("who", ["respondent", "leader", "inspector", "sibling"])
def test_forbidden_roles_cannot_publish(world, who):
    pub = draft(world)
    with pytest.raises(PermissionDenied):
        workflows.publication_publish(actor=world[who], publication=pub)
    published = workflows.publication_publish(actor=world["admin"], publication=pub)
    with pytest.raises(PermissionDenied):
        workflows.publication_withdraw(actor=world[who], publication=published, note="撤回")
    assert Publication.objects.get(pk=pub.pk).status == "published"


def test_illegal_source_states(world):
    pub = draft(world)
    with pytest.raises(ValidationError):
        workflows.publication_withdraw(actor=world["admin"], publication=pub, note="x")
    for name in ("submit", "approve", "return"):  # statement-only transitions
        with pytest.raises(ValidationError):
            workflows.SERVICES[name](actor=None, publication=pub, note="x")
    workflows.publication_publish(actor=world["admin"], publication=pub)
    with pytest.raises(ValidationError):
        workflows.publication_publish(actor=world["admin"], publication=pub)
    with pytest.raises(ValidationError):  # edits only in draft
        services.publication_update(actor=world["admin"], publication=pub, title="新标题", body="新正文")
    assert actions(pub) == ["create", "publish"]


def test_publishing_a_report_publishes_the_task(world):
    task = reported_task(world)
    pub = services.publication_create(actor=world["admin"], kind="report", task=task)
    workflows.publication_publish(actor=world["admin"], publication=pub)
    task.refresh_from_db()
    assert task.status == "published" and task.events.filter(action="publish").exists()


def test_attachments_must_be_cleared_before_publishing(world):
    pub = draft(world)
    pdf = SimpleUploadedFile("整改照片.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(actor=world["admin"], publication=pub, upload=pdf)
    assert "confirmed" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(actor=world["admin"], publication=pub,
                                upload=SimpleUploadedFile("run.exe", b"MZ"), confirmed=True)
    assert "file" in exc.value.message_dict
    pdf.seek(0)
    att = services.attachment_add(actor=world["admin"], publication=pub, upload=pdf, confirmed=True)
    assert files.cleared(att) and att.data == {"redacted": False, "confirmed_by": world["admin"].pk}
    assert att.uploaded_by == world["admin"] and att.step == "draft"
    for_owner(pub).update(data={"redacted": False})  # e.g. an import without review
    with pytest.raises(ValidationError) as exc:
        workflows.publication_publish(actor=world["admin"], publication=pub)
    assert "attachments" in exc.value.message_dict and "整改照片.pdf" in str(exc.value)


# ---- editing: redacted on every save --------------------------------------------------------------
def test_edits_are_redacted_with_the_sources_names(world):
    pub = draft(world)
    pub = services.publication_update(actor=world["admin"], publication=pub, title=f"{RESPONSIBLE}负责整改",
                                      body=f"责任人{RESPONSIBLE}，手机13700001111，邮箱li@edu.cn")
    assert pub.title == "李某负责整改" and pub.body == "责任人李某，手机137****1111，邮箱l***@edu.cn"
    with pytest.raises(ValidationError) as exc:
        services.publication_update(actor=world["admin"], publication=pub, title=" ", body="")
    assert set(exc.value.message_dict) == {"title", "body"}
    for who in ("respondent", "sibling", "leader"):
        with pytest.raises(PermissionDenied):
            services.publication_update(actor=world[who], publication=pub, title="t", body="b")


def test_names_added_to_the_source_later_are_masked_at_publishing(world):
    pub = draft(world, description="校长王建军未落实陪餐制度")
    assert "王建军" in pub.body
    LedgerItem.objects.filter(pk=pub.ledger_item_id).update(responsible_person="王建军")
    pub = workflows.publication_publish(actor=world["admin"], publication=pub)
    assert "王建军" not in pub.body and "校长王某" in pub.body


# ---- the unit's own statement -------------------------------------------------------------------
def test_statement_submitted_returned_and_approved(world):
    pub = statement(world)
    assert pub.kind == "statement" and pub.unit == world["unit"] and "139****5678" in pub.body
    pub = workflows.statement_submit(actor=world["respondent"], publication=pub)
    with pytest.raises(ValidationError):  # submitted: the unit can no longer edit
        services.publication_update(actor=world["respondent"], publication=pub, title="t", body="b")
    with pytest.raises(ValidationError) as exc:
        workflows.statement_return(actor=world["admin"], publication=pub, note="")
    assert "note" in exc.value.message_dict
    pub = workflows.statement_return(actor=world["admin"], publication=pub, note="请补充整改成效")
    assert pub.status == "returned" and pub.review_note == "请补充整改成效"
    pub = services.publication_update(actor=world["respondent"], publication=pub, title="整改情况说明",
                                      body="已公示；家长满意度95%。")
    pub = workflows.statement_submit(actor=world["respondent"], publication=pub)
    pub = workflows.statement_approve(actor=world["admin"], publication=pub)
    assert pub.status == "published" and pub.published_by == world["admin"]
    assert actions(pub) == ["create", "submit", "return", "edit", "submit", "approve"]


def test_statement_roles_and_scope(world):
    pub = statement(world)
    for who in ("admin", "leader", "other_respondent"):  # only the unit submits its statement
        with pytest.raises(PermissionDenied):
            workflows.statement_submit(actor=world[who], publication=pub)
    with pytest.raises(PermissionDenied):
        services.statement_create(actor=world["other_respondent"], unit=world["unit"], title="t", body="b")
    with pytest.raises(PermissionDenied):
        services.statement_create(actor=world["admin"], unit=world["unit"], title="t", body="b")
    pub = workflows.statement_submit(actor=world["respondent"], publication=pub)
    for who in ("respondent", "leader", "sibling", "inspector"):  # only offices approve
        with pytest.raises(PermissionDenied):
            workflows.statement_approve(actor=world[who], publication=pub)
    with pytest.raises(ValidationError):
        workflows.publication_publish(actor=world["admin"], publication=pub)  # statements are approved
    assert workflows.statement_approve(actor=world["parent"], publication=pub).status == "published"


def test_statement_task_must_concern_the_unit(world):
    from dudao.testing.schools_factories import school

    task = reported_task(world)
    other, unit = school(world["region"], name="别的学校"), world["unit"]
    with pytest.raises(ValidationError) as exc:
        services.statement_create(actor=None, unit=other, title="t", body="b", task=task)
    assert "task" in exc.value.message_dict
    assert services.statement_create(actor=None, unit=unit, title="t", body="b", task=task).task == task


def test_only_workflows_assign_status():
    """Guard: nothing in the portal outside workflows.py assigns ``.status``."""
    import pathlib
    import re

    root = pathlib.Path(workflows.__file__).parent
    offenders = [str(p) for p in root.rglob("*.py") if p.name != "workflows.py" and "tests" not in p.parts
                 and "migrations" not in p.parts and re.search(r"\.status\s*=[^=]", p.read_text())]
    assert not offenders
