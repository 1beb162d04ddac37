"""The ledger's models: the problem ledger and its rectification (``ledger``) and accountability
(``accountability``)."""

from .accountability import AccountabilityCase, CaseEvent, Circular, Interview, TriggerSituation
from .followup import FollowUpSample, FollowUpSampling
from .intake import ComplaintTriage
from .ledger import ExtensionRequest, LedgerEvent, LedgerItem, Notification, SupervisionOrder
from .routing import DepartmentAction

__all__ = ["AccountabilityCase", "CaseEvent", "Circular", "ComplaintTriage", "DepartmentAction", "ExtensionRequest",
           "FollowUpSample", "FollowUpSampling", "Interview", "LedgerEvent", "LedgerItem", "Notification",
           "SupervisionOrder", "TriggerSituation"]
