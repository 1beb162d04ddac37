"""The ledger's models: the problem ledger and its rectification (``ledger``), complaint triage,
routing and 回头看. The 问责 models live in the ``accountability`` app (which points at the ledger)."""

from .followup import FollowUpSample, FollowUpSampling
from .intake import ComplaintTriage
from .ledger import ExtensionRequest, LedgerEvent, LedgerItem, Notification, SupervisionOrder
from .routing import DepartmentAction

__all__ = ["ComplaintTriage", "DepartmentAction", "ExtensionRequest", "FollowUpSample", "FollowUpSampling",
           "LedgerEvent", "LedgerItem", "Notification", "SupervisionOrder"]
