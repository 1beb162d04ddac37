"""Files on the steps of a ledger item's rectification (``dudao.attachments``, owner type
``ledger.item``): the school's plan (``plan``), completion report (``report``) and 佐证材料
(``evidence``), and the re-checker's photos (``recheck``).

``item_step`` runs one step — a transition of ``workflows.WORKFLOW`` or a re-check note — together
with its files in one transaction: files uploaded with the form are added (content sniffed, size
limited) and attachment ids uploaded beforehand through ``/api/v1/attachments`` are checked to be
this item's, of this step's purposes and uploaded at this step; the step sees their ids as
``data["attachments"]`` (the evidence guard: text or at least one file) and records them on its
history line. If the step is refused nothing stays behind, the stored files neither."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.attachments import registry
from dudao.attachments.services import attachment_add_many, discard_files, for_owner
from dudao.attachments.sniff import PHOTO_EXTENSIONS

__all__ = ["PURPOSES", "STEP_PURPOSES", "for_owner", "item_step", "may_add", "register"]

from . import workflows
from .choices import LedgerStatus as S
from .models import LedgerItem

PURPOSES = {
    "plan": gettext_lazy("整改方案附件"),
    "report": gettext_lazy("整改情况报告附件"),
    "evidence": gettext_lazy("整改佐证材料"),
    "recheck": gettext_lazy("复查照片和材料"),
}
#: purpose → (the item's status in which files may be added, the permission needed)
UPLOAD_RULES = {
    "plan": (S.ISSUED, workflows.RESPOND),
    "report": (S.IN_PROGRESS, workflows.RESPOND),
    "evidence": (S.IN_PROGRESS, workflows.RESPOND),
    "recheck": (S.RECHECKING, workflows.RECHECK),
}
#: step → the purposes of the files it takes
STEP_PURPOSES = {"submit_plan": ("plan",), "report": ("report", "evidence"), "recheck_note": ("recheck",)}
RECHECK_NOTE = "recheck_note"


def may_add(user, item: LedgerItem, purpose: str) -> bool:
    status, permission = UPLOAD_RULES[purpose]
    return item.status == status and workflows.may(user, item, permission)


def register() -> None:
    """Called from ``LedgerConfig.ready``."""
    registry.register(registry.OwnerType(
        code="ledger.item", model=LedgerItem, purposes=PURPOSES, may_add=may_add,
        step_key=lambda item: item.status, accepts={"recheck": PHOTO_EXTENSIONS},
        may_delete_any=lambda user, item: workflows.may(user, item, workflows.CHANGE)))


def _claim(item: LedgerItem, name: str, ids) -> dict[str, list[int]]:
    ids = list(dict.fromkeys(int(i) for i in ids or ()))
    if not ids:
        return {}
    purposes = STEP_PURPOSES.get(name, ())
    rows = list(for_owner(item).filter(pk__in=ids, purpose__in=purposes, step=item.status))
    if len(rows) != len(ids):
        raise ValidationError({"attachment_ids": _("附件不属于该问题的这一环节，或已不存在")})
    out: dict[str, list[int]] = {}
    for att in sorted(rows, key=lambda a: a.pk):
        out.setdefault(att.purpose, []).append(att.pk)
    return out


def item_step(*, actor, item: LedgerItem, name: str, files: dict | None = None, attachment_ids=(),
              note: str = "", today=None, **data):
    """Run step ``name`` on ``item`` with ``files`` (``{purpose: [UploadedFile]}``) and/or
    ``attachment_ids`` uploaded beforehand. Returns the item (a transition) or the history line
    (a re-check note)."""
    if name != RECHECK_NOTE and name not in workflows.TRANSITIONS:
        raise ValidationError({"transition": _("未知的操作：%(n)s") % {"n": name}})
    files = {p: list(fs) for p, fs in (files or {}).items() if fs}
    purposes = STEP_PURPOSES.get(name, ())
    if any(p not in purposes for p in files) or (attachment_ids and not purposes):
        raise ValidationError({"attachment_ids": _("这一环节不接受附件")})
    permission = workflows.RECHECK if name == RECHECK_NOTE else workflows.TRANSITIONS[name].permission
    added = []
    try:
        with transaction.atomic():
            locked = workflows.WORKFLOW.lock(item)
            workflows.WORKFLOW.check(actor, locked, permission)
            attachments = _claim(locked, name, attachment_ids)
            for purpose, uploads in files.items():
                try:
                    rows = attachment_add_many(actor=actor, owner=locked, purpose=purpose, files=uploads,
                                               may=lambda a, o, p: True)  # permission checked above
                except ValidationError as exc:
                    errors = exc.message_dict if hasattr(exc, "error_dict") else {"file": exc.messages}
                    raise ValidationError({f"{purpose}_files": [m for ms in errors.values() for m in ms]}) from exc
                added.extend(rows)
                attachments.setdefault(purpose, []).extend(a.pk for a in rows)
            if name == RECHECK_NOTE:
                return workflows.item_recheck_note(actor=actor, item=locked, note=note, attachments=attachments)
            if attachments:
                data["attachments"] = attachments
            return workflows.apply(actor=actor, item=locked, name=name, data=data, note=note, today=today)
    except BaseException:
        discard_files(added)
        raise
