"""The dashboards app's rows of the permission matrix (``tests/test_permission_matrix.py``)."""

# --- the region map (branch map13) ---
from .matrix_map import MAP_ENDPOINTS, MAP_OWN_PAGES, MAP_OWN_PATHS

ENDPOINTS = [*MAP_ENDPOINTS]
OWN_PATHS = set(MAP_OWN_PATHS)
OWN_PAGES = set(MAP_OWN_PAGES)
# --- end of the region map ---
