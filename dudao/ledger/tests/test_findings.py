"""Every finding of a task or visit reaches the ledger, once (E11: 问题必整改)."""

import pytest
from django.core.exceptions import PermissionDenied

from dudao.accounts.roles import RoleCode
from dudao.inspections.tests.matrix import finding as make_finding
from dudao.ledger import services
from dudao.ledger.choices import LedgerSource, LedgerStatus
from dudao.ledger.models import LedgerItem
from dudao.testing.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_finding_taken_into_ledger_once(tree):
    finding = make_finding(tree)
    admin = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    sibling = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"])
    with pytest.raises(PermissionDenied):
        services.ledger_item_from_finding(actor=sibling, finding=finding)
    item = services.ledger_item_from_finding(actor=admin, finding=finding)
    assert services.ledger_item_from_finding(actor=admin, finding=finding) == item
    assert (item.source, item.unit, item.deadline, item.requirement, item.status) == (
        LedgerSource.TASK, finding.responsible_unit, finding.deadline, finding.requirement, LedgerStatus.ISSUED)
    assert item.source_reference == finding.task.title
    assert item.events.get().data["finding"] == finding.pk


def test_daily_sync_takes_every_missing_finding(tree):
    first = make_finding(tree)
    assert services.ledger_sync_findings() == 1
    assert services.ledger_sync_findings() == 0
    assert LedgerItem.objects.get().finding == first
