"""The monitoring app's rows of the permission matrix (``tests/test_permission_matrix.py``)."""

from .matrix_indices import INDICES_ENDPOINTS, INDICES_OWN_PAGES, INDICES_OWN_PATHS

ENDPOINTS = [*INDICES_ENDPOINTS]
OWN_PATHS = set(INDICES_OWN_PATHS)
OWN_PAGES = set(INDICES_OWN_PAGES)
