"""The two small machines of the documents module, on the workflow kernel (``dudao.common.workflow``):

- a 发文字号 is 已使用 until it is voided (作废, ``NUMBER_WORKFLOW``): it stays in the register and is
  never given out again; the right is ``documents.void_documentnumber`` on the office's region
  (``DocumentNumber.objects.for_user(actor, "void")``);
- a batch job (``BATCH_WORKFLOW``) is queued (排队中), started (生成中) and finished (已完成) or failed
  (失败) by the Celery task ``run_document_batch`` — the system (``actor=None``). A crashed run is
  started again from 生成中.

Each keeps its lines in its own small history table (``DocumentNumberEvent``,
``DocumentBatchEvent``): neither has an owner with a history of its own (an office is an
``orgs.Unit``). Nothing else assigns ``DocumentNumber.status`` or ``DocumentBatch.status``."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.workflow import Transition, Workflow

from .choices import BatchStatus, NumberStatus
from .models import DocumentBatch, DocumentBatchEvent, DocumentNumber, DocumentNumberEvent


def _guard_void(number, step):
    return None if (step.data.get("reason") or "").strip() else {"reason": _("请填写作废原因")}


def _set_voided(number, step):
    number.void_reason = step.data["reason"].strip()
    number.voided_by = step.actor
    number.voided_at = timezone.now()
    step.note = step.note or number.void_reason


NUMBER_WORKFLOW = Workflow(
    model=DocumentNumber, history=DocumentNumberEvent, subject="number",
    denied=gettext_lazy("无权以该督导室名义操作"), transitions=[
        Transition("void", gettext_lazy("作废发文字号"), (NumberStatus.ISSUED,), NumberStatus.VOIDED, "void",
                   _guard_void, ("void_reason", "voided_by", "voided_at"), _set_voided),
    ])


def _set_finished(batch, step):
    """The run's counts, failures and ZIP (``step.data``: done, failed, errors, zip)."""
    batch.done, batch.failed, batch.errors = step.data["done"], step.data["failed"], step.data["errors"]
    batch.finished_at = timezone.now()
    batch.zip_file.save(f"batch-{batch.pk}.zip", step.data["zip"], save=False)
    step.event_data.update(done=batch.done, failed=batch.failed)


_FINISH_WRITES = ("done", "failed", "errors", "finished_at", "zip_file")

BATCH_WORKFLOW = Workflow(
    model=DocumentBatch, history=DocumentBatchEvent, subject="batch", transitions=[
        Transition("start", gettext_lazy("开始生成"), (BatchStatus.PENDING, BatchStatus.RUNNING), BatchStatus.RUNNING),
        Transition("finish", gettext_lazy("生成完成"), (BatchStatus.RUNNING,), BatchStatus.DONE,
                   writes=_FINISH_WRITES, effect=_set_finished),
        Transition("fail", gettext_lazy("生成失败"), (BatchStatus.RUNNING,), BatchStatus.FAILED,
                   writes=_FINISH_WRITES, effect=_set_finished),
    ])
