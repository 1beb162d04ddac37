"""Files of the committee app (``dudao.attachments``): a meeting's minutes and materials
(``committee.meeting``), the evidence of an action's progress report (``committee.report``) and
the official text of a rules version (``committee.rule``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from dudao.attachments import registry

from .choices import OWED, CommitteeActionStatus
from .models import ActionReport, Meeting, RuleDocument
from .workflows import ACTION_WORKFLOW, MEETING_WORKFLOW


def _meeting_may_add(user, meeting, purpose):
    return MEETING_WORKFLOW.may(user, meeting, "change")


def _report_may_add(user, report, purpose):
    action = report.action_row
    return (action.status in OWED or action.status == CommitteeActionStatus.REPORTED) and \
        ACTION_WORKFLOW.may(user, action, "report")


def _rule_may_add(user, rule, purpose):
    return RuleDocument.objects.for_user(user, "add").filter(pk=rule.pk).exists()


def register() -> None:
    """Called from ``CommitteeConfig.ready``."""
    registry.register(registry.OwnerType(
        code="committee.meeting", model=Meeting,
        purposes={"minutes": gettext_lazy("会议纪要"), "material": gettext_lazy("会议材料")},
        may_add=_meeting_may_add, may_delete_any=lambda user, m: _meeting_may_add(user, m, "")))
    registry.register(registry.OwnerType(
        code="committee.report", model=ActionReport, purposes={"evidence": gettext_lazy("佐证材料")},
        may_add=_report_may_add, step_key=lambda r: r.action_row.status))
    registry.register(registry.OwnerType(
        code="committee.rule", model=RuleDocument, purposes={"text": gettext_lazy("正式文本")},
        may_add=_rule_may_add, may_delete_any=lambda user, r: _rule_may_add(user, r, "")))
