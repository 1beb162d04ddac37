"""/api/v1/dashboards: the figures, the map and the measures behind every dashboard."""

from ninja import Router

router = Router(tags=["dashboards"])


# --- the region map (issue 13 item 2, branch map13): map_api.py ---
from .map_api import register as _register_map  # noqa: E402

_register_map(router)
# --- end of the region map ---
