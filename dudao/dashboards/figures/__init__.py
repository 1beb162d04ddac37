"""Figure modules beyond the ledger's: each appends its table builders to
``selectors.TABLE_BUILDERS`` (page order = import order below). A builder is
``builder(user, scope, period, *, today) -> Table | None`` and returns None when the user may not see
the figure or it does not apply at the scope's level."""

# isort: off
from . import visits  # noqa: F401  挂牌督导 regular-visit compliance, zone coverage
from . import results  # noqa: F401  (三色 results, training hours)
from . import indices  # noqa: F401  (优质均衡, 普及普惠)
# isort: on
