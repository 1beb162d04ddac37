"""The publication procedure (E2, E4, E9) as a state machine:

    office publications (report, rectification result, accountability outcome):
        draft → published → withdrawn
    a unit's own rectification statement (整改情况说明):
        draft → submitted → published (approved by the office) → withdrawn
                    ↓  ↑
                  returned (with the office's note; the unit edits and submits again)

``WORKFLOW`` (the workflow kernel, ``dudao.common.workflow``) is the table: source states, target,
the permission the actor needs on the publication (``publish`` — office roles only; ``respond`` —
the unit's respondents, checked through ``Publication.objects.for_user(actor, action)``), and a
guard that also refuses the kinds of publication the transition does not apply to (``offered``
hides it from them). Every transition appends a ``PublicationEvent``; publishing a report
publishes its task in the same transaction (a connected hook). Nothing else assigns
``Publication.status``."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.redaction import redact
from dudao.common.workflow import Transition, Workflow

from .choices import OFFICE_KINDS, PublicationKind, PublicationStatus
from .models import Publication, PublicationEvent

S = PublicationStatus
PUBLISH = "publish"  # office roles
RESPOND = "respond"  # the unit's respondents, on their own statement


def _guard_content(pub, step) -> dict | None:
    errors = {}
    if not pub.title.strip():
        errors["title"] = _("请填写标题")
    if not pub.body.strip():
        errors["body"] = _("请填写正文")
    return errors or None


def _guard_source(pub) -> dict | None:
    """The source still says what the text says: the report formed, the item closed, the case decided."""
    if pub.kind == PublicationKind.REPORT and pub.task.status not in ("report", "published", "archived"):
        return {"task": _("该督导任务尚未形成督导报告")}
    if pub.ledger_item_id and pub.kind == PublicationKind.RECTIFICATION and pub.ledger_item.status != "closed":
        return {"ledger_item": _("该问题尚未销号")}
    if pub.case_id and pub.case.status != "decided":
        return {"case": _("该问责案件尚未作出决定")}
    return None


def _guard_publish(pub, step) -> dict | None:
    problem = _guard_content(pub, step) or _guard_source(pub)
    if problem:
        return problem
    from .files import files_of

    pending = [a.name for a in files_of(pub) if not a.cleared]
    if pending:
        return {"attachments": _("以下附件尚未确认不含个人信息：%(n)s") % {"n": "、".join(pending)}}
    return None


def _guard_note(pub, step) -> dict | None:
    return None if step.note else {"note": _("请写明理由")}


ALL_KINDS = tuple(PublicationKind.values)
STATEMENT = (PublicationKind.STATEMENT,)


def _for(kinds, guard=None):
    """The guard of a transition that applies to ``kinds`` of publication only."""
    def check(pub, step):
        if pub.kind not in kinds:
            return {"status": _("“%(k)s”不能%(t)s") % {"k": pub.get_kind_display(), "t": step.transition.label}}
        return guard(pub, step) if guard else None
    return check


def _offered(kinds):
    return lambda pub: pub.kind in kinds


def _set_published(pub, step):
    from .sources import names_for

    names = names_for(pub)  # names added to the sources since the draft are masked too
    pub.title, pub.body = redact(pub.title, names), redact(pub.body, names)
    pub.published_at, pub.published_by = timezone.now(), step.actor


def _set_review_note(pub, step):
    pub.review_note = step.note


PUBLISHED_WRITES = ("title", "body", "published_at", "published_by")
T = Transition
WORKFLOW = Workflow(model=Publication, history=PublicationEvent, subject="publication",
                    denied=gettext_lazy("无权办理该公开事项"), transitions=[
    T("publish", gettext_lazy("公开发布"), (S.DRAFT,), S.PUBLISHED, PUBLISH, _for(OFFICE_KINDS, _guard_publish),
      PUBLISHED_WRITES, _set_published, _offered(OFFICE_KINDS)),
    T("submit", gettext_lazy("提交审核"), (S.DRAFT, S.RETURNED), S.SUBMITTED, RESPOND,
      _for(STATEMENT, _guard_content), offered=_offered(STATEMENT)),
    T("approve", gettext_lazy("审核通过并公开"), (S.SUBMITTED,), S.PUBLISHED, PUBLISH, _for(STATEMENT, _guard_publish),
      PUBLISHED_WRITES, _set_published, _offered(STATEMENT)),
    T("return", gettext_lazy("退回修改"), (S.SUBMITTED,), S.RETURNED, PUBLISH, _for(STATEMENT, _guard_note),
      ("review_note",), _set_review_note, _offered(STATEMENT)),
    T("withdraw", gettext_lazy("撤回"), (S.PUBLISHED,), S.WITHDRAWN, PUBLISH, _for(ALL_KINDS, _guard_note),
      ("review_note",), _set_review_note),
])
TRANSITIONS = WORKFLOW.transitions


def _publish_task(pub, step):
    """A published report publishes its supervision task (same transaction)."""
    if pub.kind == PublicationKind.REPORT and pub.task.status == "report":
        from dudao.inspections.workflows import apply as task_apply

        from .hooks import PUBLISHING

        token = PUBLISHING.set(pub.pk)  # the task's publish hook leaves this publication alone
        try:
            task_apply(actor=step.actor, task=pub.task, name="publish", note=_("督导报告已在公开门户发布"))
        finally:
            PUBLISHING.reset(token)


WORKFLOW.connect("publish", _publish_task)


def may(actor, pub: Publication, action: str) -> bool:
    """May ``actor`` do ``action`` (``view``/``change``/``publish``/``respond``) on ``pub``?"""
    return Publication.objects.for_user(actor, action).filter(pk=pub.pk).exists()


def available(actor, pub: Publication) -> list[Transition]:
    return WORKFLOW.available(actor, pub)


def log(*, publication, action, actor=None, note="", from_status="", to_status="") -> PublicationEvent:
    return WORKFLOW.log(publication, action, actor=actor, note=note, from_status=from_status, to_status=to_status)


def apply(*, actor, publication: Publication, name: str, note: str = "") -> Publication:
    """Run transition ``name`` on ``publication``."""
    return WORKFLOW.apply(actor=actor, obj=publication, name=name, note=note)


def _service(name: str):
    @transaction.atomic
    def run(*, actor, publication: Publication, note: str = "") -> Publication:
        return apply(actor=actor, publication=publication, name=name, note=note)

    run.__name__ = f"publication_{name}"
    run.__doc__ = f"Transition “{TRANSITIONS[name].label}” of the publication procedure."
    return run


publication_publish = _service("publish")
statement_submit = _service("submit")
statement_approve = _service("approve")
statement_return = _service("return")
publication_withdraw = _service("withdraw")

SERVICES = {"publish": publication_publish, "submit": statement_submit, "approve": statement_approve,
            "return": statement_return, "withdraw": publication_withdraw}
