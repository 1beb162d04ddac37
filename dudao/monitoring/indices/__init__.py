"""The national indices, computed exactly from the counted submissions (issue 12 items 2–3; G4):
优质均衡 资源配置 (``balance``), 普及普惠 (``preschool``), year over year and what-if (``trend``).
See docs/monitoring-indices.md."""

from .balance import BalanceResult, balance_counties, balance_county
from .common import COUNTED, PREVIEW, register_recognition
from .preschool import PreschoolResult, preschool_county

__all__ = ["COUNTED", "PREVIEW", "BalanceResult", "PreschoolResult", "balance_counties", "balance_county",
           "preschool_county", "register_recognition"]
