"""The publication procedure (E2, E4, E9) as a state machine:

    office publications (report, rectification result, accountability outcome):
        draft → published → withdrawn
    a unit's own rectification statement (整改情况说明):
        draft → submitted → published (approved by the office) → withdrawn
                    ↓  ↑
                  returned (with the office's note; the unit edits and submits again)

``TRANSITIONS`` is the table: kinds it applies to, source states, target, the permission the actor
needs on the publication (``publish`` — office roles only; ``respond`` — the unit's respondents)
and a guard. One service per transition locks the row, checks scope through
``Publication.objects.for_user(actor, action)``, the source state and the guard, sets the status
and appends a ``PublicationEvent``. Nothing else assigns ``Publication.status``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.redaction import redact

from .choices import OFFICE_KINDS, PublicationKind, PublicationStatus
from .models import Publication, PublicationEvent

S = PublicationStatus
PUBLISH = "publish"  # office roles
RESPOND = "respond"  # the unit's respondents, on their own statement


def _guard_content(pub, note) -> dict | None:
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


def _guard_publish(pub, note) -> dict | None:
    problem = _guard_content(pub, note) or _guard_source(pub)
    if problem:
        return problem
    pending = [a.name for a in pub.attachments.all() if not a.cleared]
    if pending:
        return {"attachments": _("以下附件尚未确认不含个人信息：%(n)s") % {"n": "、".join(pending)}}
    return None


def _guard_note(pub, note) -> dict | None:
    return None if (note or "").strip() else {"note": _("请写明理由")}


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    kinds: tuple[str, ...]
    source: tuple[str, ...]
    target: str
    action: str
    guard: Callable | None = None


ALL_KINDS = tuple(PublicationKind.values)
STATEMENT = (PublicationKind.STATEMENT,)

TRANSITIONS: dict[str, Transition] = {t.name: t for t in [
    Transition("publish", gettext_lazy("公开发布"), OFFICE_KINDS, (S.DRAFT,), S.PUBLISHED, PUBLISH, _guard_publish),
    Transition("submit", gettext_lazy("提交审核"), STATEMENT, (S.DRAFT, S.RETURNED), S.SUBMITTED, RESPOND,
               _guard_content),
    Transition("approve", gettext_lazy("审核通过并公开"), STATEMENT, (S.SUBMITTED,), S.PUBLISHED, PUBLISH,
               _guard_publish),
    Transition("return", gettext_lazy("退回修改"), STATEMENT, (S.SUBMITTED,), S.RETURNED, PUBLISH, _guard_note),
    Transition("withdraw", gettext_lazy("撤回"), ALL_KINDS, (S.PUBLISHED,), S.WITHDRAWN, PUBLISH, _guard_note),
]}


def may(actor, pub: Publication, action: str) -> bool:
    """May ``actor`` do ``action`` (``view``/``change``/``publish``/``respond``) on ``pub``?"""
    return Publication.objects.for_user(actor, action).filter(pk=pub.pk).exists()


def available(actor, pub: Publication) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if pub.kind in t.kinds and pub.status in t.source
            and may(actor, pub, t.action)]


def log(*, publication, action, actor=None, note="", from_status="", to_status="") -> PublicationEvent:
    return PublicationEvent.objects.create(publication=publication, action=action, actor=actor, note=note,
                                           from_status=from_status, to_status=to_status)


def _on_enter(pub, t, actor, note, fields):
    from .sources import names_for

    if t.target == S.PUBLISHED:
        names = names_for(pub)  # names added to the sources since the draft are masked too
        pub.title, pub.body = redact(pub.title, names), redact(pub.body, names)
        pub.published_at, pub.published_by = timezone.now(), actor
        fields += ["title", "body", "published_at", "published_by"]
        if pub.kind == PublicationKind.REPORT and pub.task.status == "report":
            from dudao.inspections.workflows import apply as task_apply

            from .hooks import PUBLISHING

            token = PUBLISHING.set(pub.pk)
            try:
                task_apply(actor=actor, task=pub.task, name="publish", note=_("督导报告已在公开门户发布"))
            finally:
                PUBLISHING.reset(token)
    if t.name in ("return", "withdraw"):
        pub.review_note = note.strip()
        fields.append("review_note")


def apply(*, actor, publication: Publication, name: str, note: str = "") -> Publication:
    """Run transition ``name`` on ``publication`` (inside the caller's transaction)."""
    t = TRANSITIONS[name]
    pub = Publication.objects.select_for_update(of=("self",)).select_related(
        "task", "ledger_item", "case", "unit").get(pk=publication.pk)
    if actor is not None and not may(actor, pub, t.action):
        raise PermissionDenied(_("无权办理该公开事项"))
    if pub.kind not in t.kinds:
        raise ValidationError({"status": _("“%(k)s”不能%(t)s") % {"k": pub.get_kind_display(), "t": t.label}})
    if pub.status not in t.source:
        raise ValidationError({"status": _("当前状态为“%(s)s”，不能%(t)s") % {"s": pub.get_status_display(),
                                                                            "t": t.label}})
    if t.guard is not None:
        problem = t.guard(pub, note)
        if problem:
            raise ValidationError(problem)
    source = pub.status
    fields = ["status", "updated_at"]
    _on_enter(pub, t, actor, note or "", fields)
    pub.status = t.target
    pub.save(update_fields=fields)
    log(publication=pub, action=name, actor=actor, note=(note or "").strip(), from_status=source, to_status=t.target)
    return pub


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
