"""The ledger's models: the problem ledger and its rectification (``ledger``), routing and 回头看.
The 问责 models live in the ``accountability`` app and complaint triage in the ``complaints`` app
(both point at the ledger)."""

from .followup import FollowUpSample, FollowUpSampling
from .ledger import ExtensionRequest, LedgerEvent, LedgerItem, Notification, SupervisionOrder
from .routing import DepartmentAction

__all__ = ["DepartmentAction", "ExtensionRequest", "FollowUpSample", "FollowUpSampling",
           "LedgerEvent", "LedgerItem", "Notification", "SupervisionOrder"]
